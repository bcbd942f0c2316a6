/* fetch — the network side, on its own thread: polls every http(s) feed with
 * conditional GETs, keeps the last good copy of each in the cache (a feed is
 * stored only once it loads; in memory when the cache cannot take it), and
 * downloads the images feeds refer to by URL. Every transfer runs at once in
 * one libcurl multi handle, so a slow image host never holds up a feed; slow
 * transfers are named in the status. The render loop never waits on it; it
 * reports through a callback. */
#ifndef VITRINE_PLAY_FETCH_H
#define VITRINE_PLAY_FETCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "play/cache.h"
#include "play/status.h"

struct fetch_opts {
    int connect_timeout_s, timeout_s;
    int64_t max_bytes;
};

struct fetch_result {
    long code;  /* HTTP status, 0 when no answer */
    char *body; /* 200 only; NUL-terminated heap buffer */
    size_t len;
    char *etag, *last_modified;
    char error[256]; /* a one-line message when the GET failed */
};

/* One blocking GET of url, conditional when etag or last_modified is given.
 * Only http and https, TLS verified, at most 5 redirects, timeouts and size
 * cap from opts. Returns 0 for a 200 (body set) or a 304 (no body), else -1
 * with result->error. Free the result with fetch_result_clear. */
int fetch_get(const char *url, const char *etag, const char *last_modified,
              const struct fetch_opts *opts, struct fetch_result *result);
void fetch_result_clear(struct fetch_result *r);

/* The same GET, unconditional, abandoned (-1, "stopped") as soon as *stop
 * becomes true: for other threads that must stop promptly. */
int fetch_get_stoppable(const char *url, const struct fetch_opts *opts, const atomic_bool *stop,
                        struct fetch_result *result);

/* Runs a raw HTTP response held in memory (status line, header lines, a blank
 * line, the body) through the same header, size-cap and status handling as
 * fetch_get, without a network. Same return and result as fetch_get. For the
 * fuzzer and tests. */
int fetch_parse_response(const char *raw, size_t len, int64_t max_bytes, struct fetch_result *r);

/* Delay before retry number fails (1, 2, ...) after errors: exponential from
 * 5 s up to max_s, with jitter r in [0, 1). Pure, for tests. */
int fetch_backoff_ms(int fails, int max_s, double r);

typedef struct fetch fetch_t;

/* Called from the fetch thread when source i has a new good copy in the
 * cache, with FETCH_IMAGES when images were downloaded, and with
 * FETCH_STATUS when only the status changed (an error, a 304). */
#define FETCH_IMAGES ((size_t)-1)
#define FETCH_STATUS ((size_t)-2)
typedef void (*fetch_changed_fn)(void *ctx, size_t source);

/* Starts the thread for the URL sources of cfg and the images. cfg, cache
 * and status are borrowed and must outlive fetch_stop. */
fetch_t *fetch_start(const struct config *cfg, cache_t *cache, status_t *status,
                     fetch_changed_fn changed, void *ctx);

/* Asks for these image URLs to be in the cache (copied; replaces the previous
 * list, which also tells the cache which images are still used). */
void fetch_want_images(fetch_t *f, const char *const *urls, size_t n);

/* Polls every feed at once (a staff "reload"), whatever its schedule.
 * Thread-safe; NULL is a no-op. */
void fetch_poll_now(fetch_t *f);

/* A copy of the newest good version of URL source `source` that the cache
 * could not keep (a full disk), as a NUL-terminated heap string the caller
 * frees, with its length in *len; NULL when the cache holds the newest one. */
char *fetch_feed_copy(fetch_t *f, size_t source, size_t *len);

/* Stops the thread (an ongoing download is abandoned) and frees. */
void fetch_stop(fetch_t *f);

#endif
