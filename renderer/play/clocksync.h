/* clocksync — whether the system clock has been set by network time, asked
 * the first way the sandbox allows: adjtimex in read-only mode (which the
 * unit's ~@clock system-call filter refuses with EPERM), then the flag file
 * systemd-timesyncd keeps, then timedated's NTPSynchronized property over
 * D-Bus. A thread asks once a minute, so the render loop never waits; when
 * no way works, that is logged loudly (and again every hour). */
#ifndef VITRINE_PLAY_CLOCKSYNC_H
#define VITRINE_PLAY_CLOCKSYNC_H

#include <stdbool.h>
#include <stddef.h>

/* Where systemd-timesyncd says it has synchronised the clock. */
#define CLOCKSYNC_TIMESYNC_DIR "/run/systemd/timesync"

enum clock_sync { CLOCK_SYNCED, CLOCK_UNSYNCED, CLOCK_UNKNOWN };

/* One blocking question: timesync_dir is where timesyncd's "synchronized"
 * file lives (CLOCKSYNC_TIMESYNC_DIR); dbus false skips D-Bus (tests). how
 * receives the way that answered, or why none could. */
enum clock_sync clocksync_probe(const char *timesync_dir, bool dbus, char *how, size_t size);

typedef struct clocksync clocksync_t;

/* Asks the quick ways (adjtimex, timesyncd's file) at once, then starts the
 * thread that asks every way once a minute. Returns NULL when no thread can start (the clock is
 * then trusted, and that is logged). */
clocksync_t *clocksync_start(void);

/* The latest answer, without waiting: false only when the clock is known
 * not to be synchronised. NULL: true. */
bool clocksync_synced(clocksync_t *c);

/* Stops the thread and frees. NULL is a no-op. */
void clocksync_stop(clocksync_t *c);

#endif
