/* pcache — the preview folder's names and its pruning. */
#include "console/pcache.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "model/util.h"

void pcache_item_hex(const char *id, char out[PCACHE_ITEM_HEX + 1])
{
    unsigned char h[32];
    gnutls_hash_fast(GNUTLS_DIG_SHA256, id, strlen(id), h);
    for (int i = 0; i < PCACHE_ITEM_HEX / 2; i++)
        sprintf(out + 2 * i, "%02x", h[i]);
    out[PCACHE_ITEM_HEX] = '\0';
}

char *pcache_name(const char *id, const char *opts, const char *ver)
{
    char ih[PCACHE_ITEM_HEX + 1];
    pcache_item_hex(id, ih);
    return xasprintf("%s-%s-%s.png", ih, opts, ver);
}

void pcache_touch(const char *path)
{
    utimensat(AT_FDCWD, path, NULL, 0);
}

/* The length of "ITEM-OPTS-" in a cache name, or 0 when it is not one. */
static size_t prefix_len(const char *name)
{
    size_t n = strlen(name);
    if (n < PCACHE_ITEM_HEX + 8 || !str_ends(name, ".png") || name[PCACHE_ITEM_HEX] != '-')
        return 0;
    const char *dash = strchr(name + PCACHE_ITEM_HEX + 1, '-');
    return dash ? (size_t)(dash - name) + 1 : 0;
}

void pcache_replaced(const char *dir, const char *name)
{
    size_t k = prefix_len(name);
    DIR *d = k ? opendir(dir) : NULL;
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, name, k) || !strcmp(e->d_name, name) || prefix_len(e->d_name) != k)
            continue;
        char *p = xasprintf("%s/%s", dir, e->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
}

struct entry {
    char *path;
    struct timespec used; /* to the nanosecond: previews drawn within one
                           * second must still go oldest first */
    uint64_t bytes;
};

static int by_use(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->used.tv_sec != y->used.tv_sec)
        return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
    return x->used.tv_nsec < y->used.tv_nsec ? -1 : x->used.tv_nsec > y->used.tv_nsec;
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void pcache_sort(char **hex, size_t n)
{
    if (n)
        qsort(hex, n, sizeof *hex, by_str);
}

static bool is_alive(const char *name, char *const *alive, size_t n)
{
    if (!alive)
        return true;
    char ih[PCACHE_ITEM_HEX + 1];
    memcpy(ih, name, PCACHE_ITEM_HEX);
    ih[PCACHE_ITEM_HEX] = '\0';
    const char *key = ih;
    return n && bsearch(&key, alive, n, sizeof *alive, by_str);
}

size_t pcache_prune(const char *dir, const struct pcache_limits *lim, time_t now,
                    char *const *alive, size_t n)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct entry *es = NULL;
    size_t ne = 0, cap = 0, removed = 0;
    uint64_t total = 0;
    for (struct dirent *e; (e = readdir(d));) {
        bool dot = e->d_name[0] == '.';
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (!dot && !prefix_len(e->d_name))
            continue;
        char *p = xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(p);
            continue;
        }
        time_t idle = now - st.st_mtime;
        bool stale =
            dot ? idle > 3600
                : (!is_alive(e->d_name, alive, n) && idle > PCACHE_GRACE) || idle > lim->max_age;
        if (dot || stale) {
            if (stale && unlink(p) == 0)
                removed++;
            free(p);
            continue;
        }
        if (ne == cap) {
            cap = cap ? cap * 2 : 64;
            es = xrealloc(es, cap * sizeof *es);
        }
        es[ne++] = (struct entry){p, st.st_mtim, (uint64_t)st.st_size};
        total += (uint64_t)st.st_size;
    }
    closedir(d);
    if (ne)
        qsort(es, ne, sizeof *es, by_use);
    size_t left = ne;
    for (size_t i = 0; i < ne; i++) {
        if (left > lim->max_files || total > lim->max_bytes) {
            if (unlink(es[i].path) == 0)
                removed++;
            left--;
            total -= es[i].bytes;
        }
        free(es[i].path);
    }
    free(es);
    return removed;
}
