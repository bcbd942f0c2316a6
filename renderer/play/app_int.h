/* app_int.h — what the files of the live player (play/app*.c) share: the
 * app's state and the steps each file provides. Not for other modules. */
#ifndef VITRINE_PLAY_APP_INT_H
#define VITRINE_PLAY_APP_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <SDL.h>

#include "draw/slide.h"
#include "draw/theme.h"
#include "play/app.h"
#include "play/clocksync.h"
#include "play/compose.h"
#include "play/notify.h"
#include "play/playlog.h"
#include "play/power.h"
#include "play/prepare.h"
#include "play/stats.h"
#include "play/video.h"

#define NEVER UINT64_MAX

/* One slide: on screen (cur) or coming (next). */
struct slot {
    dimage_t *img;
    uint64_t job;      /* preparation in flight, 0 when none */
    prep_feed_t *feed; /* keeps pick.item alive */
    struct sched_pick pick;
    char id[80];
    int duration_ms;
    enum transition trans;
    int trans_ms;
    uint64_t asked_us;    /* when it was requested */
    uint64_t shown_us;    /* when it started to appear (monotonic), 0: not yet */
    int64_t shown_utc_ms; /* the same, on the wall clock (UTC ms), for the play log */
    uint64_t ready_us;    /* when its image arrived */
    double prep_ms;
    video_t *video;   /* the item's film, playing in a box of img (app_video.c) */
    char *video_path; /* its file */
    SDL_Rect film;    /* the film's box in img */
    bool no_video;    /* its film cannot play: drawn as a plain slide */
    bool wants_video; /* drawn with a box for its film, opened near its turn */
    bool film_direct; /* its film draws straight into the frame (its hold) */
    dimage_t *photo;  /* slow motion: the photo as a layer of its own, or NULL */
    SDL_Rect photo_box;
    double focus_x, focus_y;
};

#define APP_BAD_VIDEOS 16

struct app {
    struct app_opts o;
    theme_t *theme;
    display_t *disp;
    prepare_t *prep;
    sched_t *sched;
    prep_feed_t *feed;
    stats_t *stats;
    struct layout L;
    int rotate;
    uint32_t wake_event;
    bool quit;
    uint64_t wake_at;  /* µs: the earliest deadline the handlers set this pass */
    SDL_sem *wake_sem; /* posted for the player's events; NULL: SDL waits well */

    struct slot cur, next;
    uint64_t hold_until; /* µs: the current slide's hold ends */
    uint64_t hold_from;  /* µs: and began (its slow motion runs in between) */
    bool motion_on;      /* the theme's slow_motion, on this backend */
    uint64_t retry_at;   /* µs: retry a failed upload */
    bool late_logged;

    bool in_trans;
    uint64_t trans_start; /* µs */
    enum transition trans_kind;
    int trans_ms, trans_frames;
    uint64_t trans_first, trans_last; /* µs: its first and last presents */
    double trans_max_ms;              /* the longest frame interval of the transition */
    uint64_t anim_t0, last_frame;     /* frame pacing (µs) */

    bool clock_on;
    dimage_t *clock_img;
    uint64_t clock_job;
    int64_t clock_key; /* the minute shown */
    SDL_Rect clock_at, clock_old;

    bool info_band;           /* the information band replaces the clock pill */
    atomic_bool weather_news; /* app_weather_changed */

    bool band_on;
    ticker_t *ticker;
    uint64_t ticker_job;
    char *ticker_text;

    bool dirty_full, dirty_clock;
    bool dirty_film; /* a film drew its new frame into the frame itself */
    bool anim_cont;  /* the last frame belonged to a running animation */
    bool first_frame_done;
    uint64_t slides_shown;
    int64_t shown_at;
    uint64_t start_us;

    notifier_t *notify;
    playlog_t *plog;
    power_t *power;
    uint64_t power_at; /* µs: decide the screen's power again (next flip) */
    bool clock_synced;
    clocksync_t *clocks; /* asks whether the clock is set, off this thread */
    uint64_t next_shot;  /* µs: the next periodic screenshot, NEVER: none */
    bool shot_pending;   /* take one with the next full frame */
    int64_t shot_at;     /* UTC s of the last screenshot */
    int64_t started_utc;
    int64_t clock_checked; /* the minute of the last clock check */
    pthread_t sig_thread;
    bool sig_thread_on;
    volatile bool sig_stop;

    struct {
        char *path; /* a film that could not play, NULL: free entry */
        uint64_t at;
    } bad_video[APP_BAD_VIDEOS];
    int nbad;
    bool no_video_logged;
    char video_fault[240]; /* the last film that could not play, and why */
    char video_render[16]; /* how the last film opened is drawn: "opengl", "software" */
    bool video_every_core; /* a film dropped frames: later ones decode on every core */
    /* Staff commands (play/command): the slide that a "show" displaced comes
     * after it; "power off" blanks the screen until "power on". */
    char resume_id[80];
    enum lang resume_lang, resume_lang2;
    bool forced_off;

    struct app_hooks hooks;
};

/* The loop runs again no later than when (µs of mono_us): every handler
 * that needs to run again says when, and the loop sleeps until the earliest
 * (mpv's mp_set_timeout). A handler never relies on another's wake-up. */
static inline void app_deadline(app_t *a, uint64_t when)
{
    if (when < a->wake_at)
        a->wake_at = when;
}

/* The wall clock the player decides by (UTC seconds): the system's, moved
 * by the tests' clock_offset_s. CLOCK_REALTIME, as every deadline on the
 * wall clock: time() reads a coarser clock that may lag it here by up to a
 * second, and a deadline met by one clock would be missed by the other. */
static inline time_t app_time(const app_t *a)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec + (time_t)a->o.clock_offset_s;
}

/* app_ops.c: proof of play, screenshots, the clock check, SIGUSR1. */
void log_play(app_t *a, const struct slot *s, uint64_t now);
void take_screenshot(app_t *a);
void check_clock(app_t *a);
void handle_operations(app_t *a, uint64_t now);
/* Turns the screen on or off exactly when the screen hours say. */
void handle_power(app_t *a, uint64_t now);
/* Installs the SIGUSR1 handler and its waiter thread / removes them. */
void app_signals_start(app_t *a);
void app_signals_stop(app_t *a);

/* app_slides.c: the current and next slides, feed swaps, transitions. */
void slot_clear(app_t *a, struct slot *s);
void slot_request(app_t *a, struct slot *s);
void request_next(app_t *a);
/* Sets up the next slot for its pick (id, duration, transition) and asks
 * for it to be drawn. */
void start_next(app_t *a);
void renew_next(app_t *a);
void handle_results(app_t *a);
void handle_feed_swap(app_t *a);
void handle_schedule(app_t *a, uint64_t now);
void finish_transition(app_t *a, uint64_t now);
void handle_slide_change(app_t *a, uint64_t now);

/* app_video.c: films. app_video_prepare says whether s's item has a film
 * to play (s->wants_video, closing any film s had); the slide is then drawn
 * with a box for it, which app_video_attach keeps, and the film is opened
 * into it a few seconds before its turn (handle_video);
 * app_video_close frees it (slot_clear); app_video_detach takes the films
 * off the slides' images before a relayout frees them; app_video_waiting:
 * the slide waits for its film's first frame; app_video_started starts the
 * film of a slide once its transition is over; handle_video takes the films'
 * frames and ends. */
bool app_video_known_bad(app_t *a, const struct sched_pick *pick);
bool app_video_prepare(app_t *a, struct slot *s);
void app_video_close(app_t *a, struct slot *s);
void app_video_attach(app_t *a, struct slot *s, const SDL_Rect *box);
void app_video_detach(app_t *a);
bool app_video_waiting(const struct slot *s);
void app_video_started(app_t *a, struct slot *s);
/* Points s's film at the frame itself (the current slide's hold on the
 * surface backend: one copy a frame) or at its slide's image (transitions,
 * the GPU backend), drawing the frame on screen into the slide when it
 * leaves the frame. Call it when the slide or its phase changes. */
void app_video_place(app_t *a, struct slot *s);
/* The current film's box in the frame while it draws there, else w == 0. */
SDL_Rect app_video_frame_box(const app_t *a);
void handle_video(app_t *a, uint64_t now);
bool app_video_playing(const app_t *a);
/* Notes in the stats file the centre pixels of the two slides of a
 * transition around a film at progress p (tests read the frame numbers). */
void app_video_trace(app_t *a, uint64_t now, double p);
/* app_commands.c: the staff's commands (play/command). */
/* The pick a command imposes instead of the rotation's, into pick: true
 * when there is one. */
bool command_pick(app_t *a, struct sched_pick *pick);
void handle_commands(app_t *a, uint64_t now);

/* app_overlay.c: the clock and the ticker, and the layout around them. */
bool feed_has_ticker(const feed_t *f);
void request_ticker(app_t *a, bool force);
void overlay_layout(app_t *a, int fw, int fh);
void relayout(app_t *a, bool images_lost);
void handle_clock(app_t *a, uint64_t now);

/* The weather fit to show at now (fresh), copied into out; false: none.
 * Also tells the scheduler until when the weather slide may play. */
bool app_fresh_weather(app_t *a, time_t now, struct weather *out);
/* Where the clock image goes: right-aligned in its logical box. */
SDL_Rect clock_place(const app_t *a);

#endif
