/* wxpoll — the weather, kept up to date on a thread of its own: asks the
 * configured forecast service every [weather] poll seconds with the same
 * GET as the feeds (fetch_get: TLS verified, timeouts, size cap), checks the
 * answer with model/weather, and keeps the last good one in memory and in
 * CACHE/weather.json, so that a player started with no network still has
 * the weather it had, for as long as it is fresh. A slow, failing or
 * garbage-answering service never touches the feeds: it only leaves the
 * weather out, with one log line per new reason and the reason in the
 * status. */
#ifndef VITRINE_PLAY_WXPOLL_H
#define VITRINE_PLAY_WXPOLL_H

#include <stdbool.h>
#include <stddef.h>

#include "model/config.h"
#include "model/weather.h"
#include "play/status.h"

typedef struct wxpoll wxpoll_t;

/* Called on the poll thread when a new good answer was stored. */
typedef void (*wxpoll_changed_fn)(void *ctx);

/* Starts polling when cfg names a weather source; NULL otherwise (no
 * weather: nothing runs). cache_dir (may be NULL) keeps the last answer;
 * status (may be NULL) gets the state. cfg and status are borrowed and must
 * outlive wxpoll_stop. */
wxpoll_t *wxpoll_start(const struct config *cfg, const char *cache_dir, status_t *status,
                       wxpoll_changed_fn changed, void *ctx);

/* Copies the last good weather into out; false when there is none yet.
 * Whether it may still be shown is weather_fresh()'s call. Thread-safe. */
bool wxpoll_get(wxpoll_t *p, struct weather *out);

/* Stops the thread (an ongoing request is abandoned at its timeout) and
 * frees. NULL is a no-op. */
void wxpoll_stop(wxpoll_t *p);

#endif
