/* status — what the running player says about itself, in a small JSON file
 * (STATE/status.json) rewritten atomically whenever something changes: the
 * item on screen, each source with the time of its last good copy and its
 * last error, and the last reload. `vitrine status` prints it; tests read it
 * to know what is on screen. Every call is thread-safe. */
#ifndef VITRINE_PLAY_STATUS_H
#define VITRINE_PLAY_STATUS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct status status_t;

/* The player rewrites its status file at least this often (seconds), so a
 * file older than STATUS_GONE_S means the player is gone. */
#define STATUS_REFRESH_S 10
#define STATUS_GONE_S    (3 * STATUS_REFRESH_S)

/* A status written to path (its folder must exist). */
status_t *status_create(const char *path);
void status_free(status_t *s);

/* Declares source i (a path or URL). */
void status_source_name(status_t *s, size_t i, const char *name);

/* Source i gave a good copy (or confirmed it, after a 304) at when, with
 * items items ((size_t)-1: unchanged). */
void status_source_good(status_t *s, size_t i, time_t when, size_t items);

/* Source i failed; error is a one-line message for staff (NULL: clears it). */
void status_source_error(status_t *s, size_t i, time_t when, const char *error);

/* A new model was handed to the player: items it holds, and their ids. */
void status_reload(status_t *s, time_t when, size_t items, const char *const *ids, size_t nids);

/* What the last merge left out or showed without an image, one message per
 * problem ("FILE:LINE: poster 'p' is left out: ..."); n == 0 clears it. */
void status_left_out(status_t *s, const char *const *msgs, size_t n);

/* A note on the network (slow downloads), or NULL to clear it. */
void status_network(status_t *s, const char *note);

/* The model the screen uses changed (swapped at a slide boundary). */
void status_swapped(status_t *s, time_t when, unsigned generation);

/* The slide now on screen: an item id ("" for generated slides), its kind
 * or slide type, and its language. */
void status_showing(status_t *s, time_t when, const char *id, const char *kind, const char *lang);

/* The player's own figures, for the technician. */
struct status_player {
    uint64_t frames, long_frames; /* frames drawn; frames late during animations */
    double p99_ms;                /* animation frame time (with --stats), or 0 */
    int width, height;            /* the display mode in use */
    char backend[64];             /* "surface x11", "gpu opengles2 KMSDRM"... */
    int screen_on;                /* 0 outside screen hours */
    time_t screenshot_at;         /* last screenshot written, 0: none */
    char video_fault[240];        /* "ITEM: why" for the last film that could not play */
    char video_render[16];        /* how films are drawn: "opengl", "software", "" */
};

/* The weather: source ("open-meteo"), the instant the last good answer
 * describes (0: unchanged), and the last request's error (NULL: it went
 * well). The file says whether the weather is shown: while fresh. */
void status_weather(status_t *s, time_t when, const char *source, time_t at, const char *error);

/* Records the player's figures (written with the next change). */
void status_player(status_t *s, const struct status_player *p);

/* The status as the file says it (heap JSON text, the caller frees), or
 * NULL when nothing changed since *version, which is then updated. For the
 * fleet's status messages; thread-safe. */
char *status_text(status_t *s, time_t now, unsigned long *version);

/* Writes the file if anything changed since the last write (or force).
 * Returns 0, or -1 (logged once) on a write error. */
int status_flush(status_t *s, time_t now, int force);

#endif
