/* power — the screen's sleep outside screen hours: runs the configured
 * display_off / display_on hook commands (through /bin/sh) when the decision
 * flips. Hooks run in the background; a hook that fails or hangs is logged
 * and never stops the player. */
#ifndef VITRINE_PLAY_POWER_H
#define VITRINE_PLAY_POWER_H

#include <stdbool.h>
#include <stdint.h>

typedef struct power power_t;

/* Copies the commands; NULL or "" means no hook. */
power_t *power_create(const char *on_cmd, const char *off_cmd);

/* Waits briefly for running hooks, then frees. NULL is a no-op. */
void power_free(power_t *p);

/* Declares whether the screen should be on. The first call only records the
 * state, except that an initial "off" runs display_off; later calls run the
 * matching hook when the state changes. */
void power_set(power_t *p, bool on);

/* True when the screen was last declared on (true before any call). */
bool power_is_on(const power_t *p);

/* Reaps finished hooks and logs their failures; kills one still running
 * after 30 s. Call from the main loop; now_ms is a monotonic clock. Returns
 * when to call it again (ms of the same clock): soon while a hook runs,
 * INT64_MAX when none does. */
int64_t power_poll(power_t *p, int64_t now_ms);

#endif
