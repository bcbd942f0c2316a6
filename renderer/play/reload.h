/* reload — keeps the player's model up to date, off the render thread. A
 * loader thread watches the feed files, the theme and the drop folder
 * (inotify), takes the copies the fetch thread brings, loads every source,
 * merges them and hands a complete new model over; the render thread takes it
 * at a slide boundary. A source that fails to load keeps its last good copy:
 * the failure goes to the log and the status file, never to the screen. */
#ifndef VITRINE_PLAY_RELOAD_H
#define VITRINE_PLAY_RELOAD_H

#include <stdbool.h>

#include "model/config.h"
#include "model/feed.h"
#include "play/command.h"
#include "play/status.h"

typedef struct reload reload_t;

/* Called from the loader thread when a new model is ready to take (e.g.
 * wake the render loop). */
typedef void (*reload_notify_fn)(void *ctx);

/* Loads every source once (local files, cached copies of URLs, the drop
 * folder) so that the first model is ready at once, then starts the loader
 * and fetch threads. cfg is borrowed and must outlive reload_stop. Dies
 * (tier 1) when the cache or state folder cannot be created. */
reload_t *reload_start(const struct config *cfg, reload_notify_fn notify, void *ctx);

/* The newest complete model not yet taken, or NULL. The caller owns it and
 * frees it (after the scheduler let go of the previous one). generation
 * (may be NULL) receives its number. Never blocks on loading. */
feed_t *reload_take(reload_t *r, unsigned *generation);

/* The render thread swapped model generation in, between two slides (call
 * it only once the model is really in use: the status says so). */
void reload_swapped(reload_t *r, unsigned generation);

/* A staff command for the loader (play/command): "reload" reads every
 * source again now (local files, the drop folder, and a poll of every URL);
 * "notice" sets or clears the urgent notice. Other commands are ignored.
 * Thread-safe; c is copied. */
void reload_command(reload_t *r, const struct cmd *c);

/* The render thread shows a new slide: id ("" for generated slides), kind or
 * slide type, language code. Written to the status file by the loader. */
void reload_showing(reload_t *r, const char *id, const char *kind, const char *lang);

/* The status, for other reports. */
status_t *reload_status(reload_t *r);

/* Stops both threads, frees everything including any model not taken. */
void reload_stop(reload_t *r);

#endif
