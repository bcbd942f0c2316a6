/* client — the player's side of the fleet (docs/fleet.md): an MQTT client
 * (libmosquitto) on a thread of its own, never the render thread. Under
 * vitrine/SITE/SCREEN/ it publishes:
 *   status      retained, QoS 1: on change and every status_interval
 *   online      retained, QoS 1: {"online":true} on connection; the last
 *               will {"online":false} when the broker loses the screen
 *   play        QoS 1: every line of the play log, with a unique id, from
 *               the spool (fleet/spool), which moves on only on PUBACK
 *   screenshot  retained, QoS 1: the PNG, after a "screenshot" command
 * and subscribes (QoS 1) to cmd, whose messages are play/command's JSON. It
 * reconnects by itself, with a growing delay, for as long as it must. */
#ifndef VITRINE_FLEET_CLIENT_H
#define VITRINE_FLEET_CLIENT_H

#include <stddef.h>

#include "model/config.h"

typedef struct fleet fleet_t;

struct fleet_opts {
    const struct config_fleet *cfg; /* borrowed, must outlive fleet_stop */
    const char *screen_id;          /* screen.id, when fleet.screen is empty */
    const char *state_dir;          /* play logs, spool cursor, screenshot.png */
    /* The player's status as JSON (heap; the client frees it), or NULL when
     * it did not change since *version (which it then updates). Called on
     * the client's thread. */
    char *(*status)(void *ctx, unsigned long *version);
    /* A command arrived (the client's thread): its JSON text. */
    void (*command)(void *ctx, const char *json, size_t len);
    void *ctx;
};

/* Starts the client when a broker is configured; returns NULL (and does
 * nothing) when none is. A broken setting (no site, no screen name, an
 * unreadable password file) is a start-up error: a message naming the key,
 * then exit(1). A broker that does not answer is not: the client keeps
 * trying. */
fleet_t *fleet_start(const struct fleet_opts *o);

/* Sends the last plays and says "offline" (retained), within 2 s,
 * disconnects and frees. A thread still stuck connecting to a host that does
 * not answer is left behind after 3 s (the process is ending). NULL is a
 * no-op. */
void fleet_stop(fleet_t *f);

/* The topic of leaf for site and screen: "vitrine/SITE/SCREEN/LEAF" (heap). */
char *fleet_topic(const char *site, const char *screen, const char *leaf);

/* Splits a topic "vitrine/SITE/SCREEN/LEAF" into its parts, copied into the
 * buffers (each of size n). Returns 0, or -1 for another topic. */
int fleet_topic_split(const char *topic, char *site, char *screen, char *leaf, size_t n);

/* Sets up libmosquitto's TLS, user and password from cfg on mosq (a struct
 * mosquitto *). err gets a message naming the key on failure (-1). */
int fleet_mosq_setup(void *mosq, const struct config_fleet *cfg, const char *username, char *err,
                     size_t errsize);

/* "host:port" into host (size n) and port; the port defaults to 8883 with
 * TLS, else 1883. Returns 0, or -1 for a malformed address. */
int fleet_broker_addr(const struct config_fleet *cfg, char *host, size_t n, int *port);

#endif
