/* notify — tells systemd how the player is doing (Type=notify): READY once the
 * first frame is on screen, WATCHDOG pings from the render loop so that a
 * frozen loop gets the player restarted, STATUS lines, and STOPPING. Every
 * call is a cheap no-op when not started by systemd (no NOTIFY_SOCKET). */
#ifndef VITRINE_PLAY_NOTIFY_H
#define VITRINE_PLAY_NOTIFY_H

#include <stdint.h>

typedef struct notifier notifier_t;

/* Reads the watchdog settings from the environment. Never fails but on OOM. */
notifier_t *notify_create(void);
void notify_free(notifier_t *n);

/* Sends READY=1 (once). */
void notify_ready(notifier_t *n);

/* Pings the watchdog if half its period has passed since the last ping.
 * now_ms is a monotonic clock. Call it from the render loop only. Returns
 * when to call it again (ms of the same clock), INT64_MAX without a watchdog. */
int64_t notify_watchdog(notifier_t *n, int64_t now_ms);

/* Sends STATUS=text. */
void notify_status(notifier_t *n, const char *text);

/* Sends STOPPING=1. */
void notify_stopping(notifier_t *n);

#endif
