/* app — the live player. It owns everything (feed, theme, scheduler,
 * display, preparation worker, overlays, statistics) and runs the flat main
 * loop: a list of handle_*() steps, each of which says when it must run
 * again (next animation frame, end of the hold, next slide to ask for,
 * screen power change, clock minute, watchdog ping, screenshot), then
 * SDL_WaitEventTimeout until the earliest of those deadlines or an event (a
 * worker result, a new feed, a signal). It never busy-loops, never depends
 * on an unrelated wake-up and draws only when something changed. Render
 * thread only, except app_wake. */
#ifndef VITRINE_PLAY_APP_H
#define VITRINE_PLAY_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "model/feed.h"
#include "model/lang.h"
#include "model/weather.h"
#include "play/display.h"
#include "sched/sched.h"

struct cmd;
struct cmd_queue;

struct app_opts {
    const char *feed_path; /* NULL: no feed yet, the fallback slide plays */
    const char *theme_dir; /* a theme folder (themes/NAME) */
    struct display_opts display;
    enum lang lang; /* with has_lang: show only this language */
    bool has_lang;
    const char *screen;     /* this screen's id, for items' `screens`; or NULL */
    const char *stats_path; /* --stats FILE, or NULL */
    int duration_ms;        /* > 0: every slide holds this long (tests) */
    double duration_scale;  /* > 0: multiplies every slide's duration */
    double quit_after_s;    /* > 0: quit cleanly after this long */
    bool no_clock;          /* hide the clock overlay */
    /* h-live: the configuration's side */
    feed_t *feed;                     /* the first model, owned by the app; overrides feed_path */
    const struct sched_config *sched; /* NULL: built from lang and screen above */
    /* Operations: proof of play, screenshots, screen power. */
    const char *state_dir;                /* play log and screenshots; NULL: neither */
    bool playlog;                         /* append every slide shown to STATE/playlog-*.jsonl */
    int screenshot_s;                     /* > 0: also a screenshot every N s (SIGUSR1 always) */
    const char *display_on, *display_off; /* screen power hooks, or NULL */
    int video_volume;                     /* films' sound, 0..100; 0: muted (docs/video.md) */
    /* Staff commands (play/command), obeyed between transitions; or NULL. */
    struct cmd_queue *commands;
    /* The information band: "top", "bottom", or NULL for none (then the
     * clock pill, unless no_clock). */
    const char *band;
    int64_t clock_offset_s; /* tests: added to the wall clock the player decides by */
};

typedef struct app app_t;

/* Loads the feed (problems are logged and the fallback slide plays), the
 * theme, opens the display and starts the preparation worker. Start-up
 * errors (no display, unusable theme) print a message and exit(1). */
app_t *app_create(const struct app_opts *o);

/* Plays until SIGTERM/SIGINT, Esc or q in a window, or --quit-after.
 * Returns the process exit status. */
int app_run(app_t *a);

void app_free(app_t *a);

/* Optional hooks for live reloads and the status file, called on the
 * render thread. Any member may be NULL. The one way in for a new feed: the
 * loader calls app_wake, the app asks take_feed when it can swap. */
struct app_hooks {
    void *ctx;
    /* Between two slides (never mid-transition): a newer complete, valid
     * feed, or NULL. A feed returned is swapped in at once (ownership
     * passes): the slide on screen finishes its hold, the next one comes
     * from the new feed, keeping its turn when its item is still there. */
    feed_t *(*take_feed)(void *ctx);
    /* A new slide is on screen: item id ("" for generated slides), item kind
     * or slide type ("agenda", "fallback", "blank"), language code. */
    void (*showing)(void *ctx, const char *id, const char *kind, const char *lang);
    /* A staff command for the loader ("reload", "notice"), borrowed. */
    void (*command)(void *ctx, const struct cmd *c);
    /* The latest weather (any age: the app checks it is fresh), or false
     * when there is none; NULL: no weather. */
    bool (*weather)(void *ctx, struct weather *out);
};

/* Installs hooks (copied); call before app_run. */
void app_set_hooks(app_t *a, const struct app_hooks *h);

/* Wakes the main loop from any thread, e.g. when a new feed is ready for
 * take_feed. Thread-safe. */
void app_wake(app_t *a);

/* Says from any thread that new weather arrived: the band is drawn again
 * and the weather slide may come back into the rotation. */
void app_weather_changed(app_t *a);

/* What the player is doing, for the status file and `vitrine status`. */
struct app_status {
    char slide_id[80]; /* the item on screen, "" for generated slides */
    enum slide_type slide_type;
    enum lang lang;
    int64_t shown_at; /* UTC seconds when it appeared */
    int duration_ms;
    uint64_t slides_shown;
    uint64_t frames, long_frames; /* long_frames: dropped during animations */
    double p99_ms;                /* animation frame time, whole run (with --stats) */
    int width, height;            /* the frame */
    char backend[64];             /* "surface x11", "gpu opengles2 KMSDRM" ... */
    int queue;                    /* preparation requests in flight */
    int64_t started;              /* UTC seconds when the player started */
    bool screen_on;               /* false outside screen hours */
    int64_t screenshot_at;        /* UTC seconds of the last screenshot, 0: none */
    char video_fault[240];        /* "ITEM: why" for the last film that could not play */
    char video_render[16];        /* how films are drawn: "opengl", "software", "" */
};

/* Fills a snapshot (render thread). */
void app_status(app_t *a, struct app_status *out);

#endif
