/* collect — the collector (`vitrine collect`): one MQTT client that
 * subscribes, QoS 1 with a session the broker keeps while it is away, to
 * every screen's play, status, online and screenshot topics
 * (vitrine/+/+/...), and writes them to the store (fleet/store, SQLite).
 * Each play is committed before the next message is read (commit_ms 0), or
 * in small transactions at most commit_ms apart; a record seen twice is kept
 * once. libmosquitto 2.0 acknowledges a message before handing it over, so a
 * crash of the collector loses what was not committed (docs/fleet.md). */
#ifndef VITRINE_FLEET_COLLECT_H
#define VITRINE_FLEET_COLLECT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/config.h"

struct collect_opts {
    const struct config_fleet *cfg; /* broker, TLS, account (username, password_file) */
    const char *db_path;
    const char *client_id;       /* the session's name at the broker */
    int commit_ms;               /* longest wait before plays are committed
                                  * (0: each message at once) */
    FILE *stats;                 /* a line of figures each second, or NULL */
    volatile sig_atomic_t *stop; /* set (by a signal handler) to stop */
};

/* Runs until *stop, reconnecting whenever the broker goes away. Returns 0,
 * or 1 after a message naming the problem (database, settings). */
int collect_run(const struct collect_opts *o);

/* Sends the command json (play/command's JSON) to the screens that target
 * names: "SITE/SCREEN", "SITE" (every screen of the site) or "all" (every
 * screen the database knows), each on its cmd topic with QoS 1, and waits
 * for the broker's acknowledgements (10 s at most). The collector's account
 * (o->cfg) may write every cmd topic. Prints the topic of each command the
 * broker acknowledged to out.
 * Returns 0, or 1 after a message (nothing matched, no broker...). */
int collect_send(const struct collect_opts *o, const char *target, const char *json, FILE *out);

/* Publishes json (QoS 1) on each of the n topics with the account of cfg
 * (username, by default "collector"), and waits at most wait_ms for the
 * broker's acknowledgements: acked[i] tells which came. The caller has
 * called mosquitto_lib_init. Returns 0 when every one came, else -1 with a
 * message naming the setting or the problem in err. Blocks: while the
 * broker's address does not answer, as long as the system's TCP connect. */
struct config_fleet;
int collect_publish(const struct config_fleet *cfg, char *const *topics, size_t n,
                    const char *json, bool *acked, int wait_ms, char *err, size_t errsize);

#endif
