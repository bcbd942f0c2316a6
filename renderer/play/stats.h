/* stats — frame statistics for checking a screen in the field
 * (`vitrine play --stats FILE`), one line of key=value pairs per second:
 *
 *   sec t=12 frames=61 anim=60 mean_ms=16.7 p99_ms=17.9 long=0 cpu_pct=3.2 prep_ms=0.0
 *
 * frames: frames presented; anim: those that continued an animation (a
 * transition or the ticker), whose present-to-present intervals give the
 * mean and p99 frame time; long: intervals over 1.5 refresh periods (dropped
 * frames); cpu_pct: process CPU time (every thread) as a % of one core.
 * The player adds event lines through stats_note ("slide ...", "fade ...",
 * "first_frame ..."), and stats_free writes a "total" line. Render thread only. */
#ifndef VITRINE_PLAY_STATS_H
#define VITRINE_PLAY_STATS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct stats stats_t;

/* Opens path for writing (truncates). Returns NULL with a message logged
 * when it cannot be opened. hz is the display's refresh rate. */
stats_t *stats_create(const char *path, double hz, uint64_t now_us);

/* Writes the "total" line and closes the file. NULL is fine. */
void stats_free(stats_t *s, uint64_t now_us);

/* Records a presented frame. anim: it continues a running animation, so the
 * interval since the previous present is a frame time (false for the first
 * frame of an animation and for still frames). */
void stats_frame(stats_t *s, uint64_t now_us, bool anim);

/* Writes the lines of every second completed by now_us. The player calls
 * it whenever its loop wakes, never to wake it: a line is written late, at
 * the next frame or event, and the CPU time used between two calls is
 * shared among the seconds in between. */
void stats_tick(stats_t *s, uint64_t now_us);

/* Records work finished by the preparation worker (ms of its time). */
void stats_prep(stats_t *s, uint64_t now_us, double ms);

/* Writes one event line: "NAME t=SECONDS " followed by fmt. */
void stats_note(stats_t *s, uint64_t now_us, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Running totals, for the status snapshot. */
struct stats_totals {
    uint64_t frames, anim_frames, long_frames;
    double p99_ms; /* over the whole run */
};
void stats_totals(const stats_t *s, struct stats_totals *out);

#endif
