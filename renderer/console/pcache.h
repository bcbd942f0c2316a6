/* pcache — the folder of preview PNGs (DATA/previews), kept bounded. Each
 * file is named ITEM-OPTS-VERSION.png: ITEM a hash of the item's id, OPTS
 * the drawing options (orientation, language, width), VERSION a hash of
 * everything that shapes the picture (the item, the settings, the theme,
 * the day). A newer version of the same item and options replaces the
 * older one; the folder is pruned of entries whose item is gone, of those
 * unused for max_age, then of the least recently used down to max_files
 * and max_bytes. No HTTP here; one thread. */
#ifndef VITRINE_CONSOLE_PCACHE_H
#define VITRINE_CONSOLE_PCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define PCACHE_ITEM_HEX 16 /* hex digits of an item's hash in a name */

/* The bounds of the folder. */
struct pcache_limits {
    size_t max_files;
    uint64_t max_bytes;
    time_t max_age; /* seconds since last use */
};
#define PCACHE_DEFAULT_LIMITS                                                                     \
    {                                                                                             \
        .max_files = 2000, .max_bytes = 64u << 20, .max_age = 2 * 86400                           \
    }

/* The hash part of a name for item id: PCACHE_ITEM_HEX hex digits. */
void pcache_item_hex(const char *id, char out[PCACHE_ITEM_HEX + 1]);

/* The file name (no folder) for item id, options opts ([a-z0-9] only, e.g.
 * "lfr320") and version hash ver (hex); the caller frees. */
char *pcache_name(const char *id, const char *opts, const char *ver);

/* A cached file was used: marks it recently used (its mtime). */
void pcache_touch(const char *path);

/* A new file name was written in dir: removes the other versions of the
 * same item and options. */
void pcache_replaced(const char *dir, const char *name);

/* An item being typed is in no list yet: its previews are not "gone"
 * until unused for this long (seconds). */
#define PCACHE_GRACE 600

/* Prunes dir at now: files whose item hash is not in alive (n sorted hex
 * hashes, as pcache_item_hex; alive NULL: keep all) once unused for
 * PCACHE_GRACE, files unused for
 * max_age, then the least recently used until at most max_files files and
 * max_bytes bytes remain. Files not named as above are left alone except
 * dot files older than an hour (an interrupted write). Returns the number
 * of files removed. */
size_t pcache_prune(const char *dir, const struct pcache_limits *lim, time_t now,
                    char *const *alive, size_t n);

/* Sorts hashes for pcache_prune. */
void pcache_sort(char **hex, size_t n);

#endif
