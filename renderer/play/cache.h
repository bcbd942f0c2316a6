/* cache — files that must survive a power cut: downloaded feeds (the last
 * good copy of each http(s) source, with its ETag and Last-Modified) and
 * images referenced by URL, named by a hash of their URL, within a size bound.
 * Every write goes through atomic_write, so a reader sees either the old file
 * or the new one, never half of one. Paths are pure functions of the URL, so
 * the fetch and loader threads share a cache without a lock. */
#ifndef VITRINE_PLAY_CACHE_H
#define VITRINE_PLAY_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct cache cache_t;

/* Writes buf to path via a temporary file in the same folder, fsync, rename
 * and fsync of the folder. Returns 0, or -1 with errno set (the old file, if
 * any, is untouched). */
int atomic_write(const char *path, const void *buf, size_t len);

/* Same without the fsyncs: readers never see half a file, but a power cut
 * may lose the change (for files rewritten often, such as the status). */
int atomic_replace(const char *path, const void *buf, size_t len);

/* Removes the temporary files (NAME.XXXXXX.tmp) that atomic_write and
 * atomic_replace left in dir when the process was killed during a write. */
void atomic_remove_temps(const char *dir);

/* Opens (creating when needed) a cache in dir with feeds/ and images/, and
 * removes temporary files left by an interrupted write. max_bytes bounds the
 * images. Returns NULL with a logged message when dir cannot be created. */
cache_t *cache_create(const char *dir, int64_t max_bytes);
void cache_free(cache_t *c);

/* 16 hex digits naming a URL in the cache (FNV-1a 64). */
void cache_key(const char *url, char out[17]);

/* Where the last good copy of the feed at url is kept (a heap string). */
char *cache_feed_path(const cache_t *c, const char *url);

/* The same for the cache folder dir, without opening the cache (for the
 * commands that read what the player downloaded). */
char *cache_feed_file(const char *dir, const char *url);

/* Stores a good copy of the feed at url, with the validators the server sent
 * (NULL when absent). Returns 0, or -1 with errno set (the caller says it,
 * once). */
int cache_feed_store(cache_t *c, const char *url, const void *buf, size_t len, const char *etag,
                     const char *last_modified);

/* Reads the validators kept for url (heap strings, NULL when absent) and the
 * time the copy was stored. Returns 0, or -1 when there is no copy. */
int cache_feed_meta(const cache_t *c, const char *url, char **etag, char **last_modified,
                    time_t *stored);

/* Marks the copy of url as confirmed fresh now (after a 304). */
void cache_feed_touch(cache_t *c, const char *url);

/* Where the image at url is (or would be) kept (a heap string). */
char *cache_image_path(const cache_t *c, const char *url);
bool cache_image_has(const cache_t *c, const char *url);

/* Stores an image. Fails (-1, logged) when it would take the images past the
 * size bound even after cache_gc. */
int cache_image_store(cache_t *c, const char *url, const void *buf, size_t len);

/* Deletes the images whose URL is not in urls[0..n), and returns the bytes
 * the remaining images take. */
int64_t cache_gc(cache_t *c, const char *const *urls, size_t n);

#endif
