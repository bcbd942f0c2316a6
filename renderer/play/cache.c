#include "play/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/util.h"

struct cache {
    char *dir, *feeds, *images;
    int64_t max_bytes;
};

static int fsync_dir_of(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        strcpy(dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int replace(const char *path, const void *buf, size_t len, bool sync)
{
    /* A unique temporary name ending in .tmp: watchers and cache_create skip
     * it, and two threads replacing the same file never share it. */
    char *tmp = xasprintf("%s.XXXXXX.tmp", path);
    int fd = mkostemps(tmp, 4, O_CLOEXEC);
    if (fd < 0)
        goto fail;
    fchmod(fd, 0644);
    const char *p = buf;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            goto fail_fd;
        p += w;
        left -= (size_t)w;
    }
    if (sync && fsync(fd) < 0)
        goto fail_fd;
    if (close(fd) < 0) {
        fd = -1;
        goto fail_fd;
    }
    if (rename(tmp, path) < 0)
        goto fail_unlink;
    free(tmp);
    if (sync)
        fsync_dir_of(path); /* a failure here loses durability, not consistency */
    return 0;

fail_fd:
    if (fd >= 0) {
        int e = errno;
        close(fd);
        errno = e;
    }
fail_unlink : {
    int e = errno;
    unlink(tmp);
    errno = e;
}
fail:
    free(tmp);
    return -1;
}

int atomic_write(const char *path, const void *buf, size_t len)
{
    return replace(path, buf, len, true);
}

int atomic_replace(const char *path, const void *buf, size_t len)
{
    return replace(path, buf, len, false);
}

/* Removes the *.tmp files an interrupted atomic_write left behind. */
void atomic_remove_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (str_ends(e->d_name, ".tmp")) {
            char *p = xasprintf("%s/%s", dir, e->d_name);
            unlink(p);
            free(p);
        }
    }
    closedir(d);
}

cache_t *cache_create(const char *dir, int64_t max_bytes)
{
    cache_t *c = xcalloc(1, sizeof *c);
    c->dir = xstrdup(dir);
    c->feeds = xasprintf("%s/feeds", dir);
    c->images = xasprintf("%s/images", dir);
    c->max_bytes = max_bytes;
    if (mkdir_p(c->feeds, 0755) < 0 || mkdir_p(c->images, 0755) < 0) {
        log_msg(LV_ERR,
                "%s: cannot create the cache folder: %s; check the [paths] cache "
                "setting and its permissions",
                dir, strerror(errno));
        cache_free(c);
        return NULL;
    }
    atomic_remove_temps(c->feeds);
    atomic_remove_temps(c->images);
    return c;
}

void cache_free(cache_t *c)
{
    if (!c)
        return;
    free(c->dir);
    free(c->feeds);
    free(c->images);
    free(c);
}

void cache_key(const char *url, char out[17])
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

char *cache_feed_file(const char *dir, const char *url)
{
    char k[17];
    cache_key(url, k);
    return xasprintf("%s/feeds/%s.feed", dir, k);
}

char *cache_feed_path(const cache_t *c, const char *url)
{
    return cache_feed_file(c->dir, url);
}

static char *meta_path(const cache_t *c, const char *url)
{
    char k[17];
    cache_key(url, k);
    return xasprintf("%s/%s.meta", c->feeds, k);
}

int cache_feed_store(cache_t *c, const char *url, const void *buf, size_t len, const char *etag,
                     const char *last_modified)
{
    char *path = cache_feed_path(c, url);
    char *meta = meta_path(c, url);
    /* The body is written first: a new body with the old validators costs one
     * full download after a crash, while new validators with the old body
     * would earn a 304 and hide the change. */
    char *text =
        xasprintf("%s\n%s\n%s\n", url, etag ? etag : "", last_modified ? last_modified : "");
    unlink(meta);
    int rc = atomic_write(path, buf, len);
    if (rc == 0)
        rc = atomic_write(meta, text, strlen(text));
    free(text);
    free(meta);
    free(path);
    return rc;
}

int cache_feed_meta(const cache_t *c, const char *url, char **etag, char **last_modified,
                    time_t *stored)
{
    *etag = *last_modified = NULL;
    char *path = cache_feed_path(c, url);
    char *meta = meta_path(c, url);
    struct stat st;
    int rc = -1;
    if (stat(path, &st) < 0)
        goto out;
    if (stored)
        *stored = st.st_mtime;
    rc = 0;
    char *text = read_file(meta, 8192, NULL);
    if (!text)
        goto out;
    char *save = NULL;
    char *u = strtok_r(text, "\n", &save);
    if (u && !strcmp(u, url)) {
        char *e = strsep(&save, "\n");
        char *l = save ? strsep(&save, "\n") : NULL;
        if (e && *e)
            *etag = xstrdup(e);
        if (l && *l)
            *last_modified = xstrdup(l);
    }
    free(text);
out:
    free(meta);
    free(path);
    return rc;
}

void cache_feed_touch(cache_t *c, const char *url)
{
    char *path = cache_feed_path(c, url);
    utimensat(AT_FDCWD, path, NULL, 0);
    free(path);
}

/* The extension of the URL's last path segment when it is a known image
 * type, else ".img" (SDL_image detects the format from the content). */
static const char *image_ext(const char *url)
{
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"};
    const char *end = url + strcspn(url, "?#");
    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        size_t n = strlen(exts[i]);
        if ((size_t)(end - url) > n && !strncasecmp(end - n, exts[i], n))
            return exts[i];
    }
    return ".img";
}

char *cache_image_path(const cache_t *c, const char *url)
{
    char k[17];
    cache_key(url, k);
    return xasprintf("%s/%s%s", c->images, k, image_ext(url));
}

bool cache_image_has(const cache_t *c, const char *url)
{
    char *p = cache_image_path(c, url);
    bool ok = access(p, R_OK) == 0;
    free(p);
    return ok;
}

static int64_t images_bytes(const cache_t *c)
{
    DIR *d = opendir(c->images);
    if (!d)
        return 0;
    int64_t total = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        struct stat st;
        char *p = xasprintf("%s/%s", c->images, e->d_name);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            total += st.st_size;
        free(p);
    }
    closedir(d);
    return total;
}

int cache_image_store(cache_t *c, const char *url, const void *buf, size_t len)
{
    if (images_bytes(c) + (int64_t)len > c->max_bytes) {
        log_msg(LV_WARN,
                "%s: image cache full (%lld bytes allowed); not keeping %s; raise "
                "cache_size under [paths]",
                c->images, (long long)c->max_bytes, url);
        return -1;
    }
    char *p = cache_image_path(c, url);
    int rc = atomic_write(p, buf, len);
    if (rc < 0)
        log_msg(LV_ERR, "%s: cannot write image from %s: %s", p, url, strerror(errno));
    free(p);
    return rc;
}

int64_t cache_gc(cache_t *c, const char *const *urls, size_t n)
{
    char(*keys)[17] = xcalloc(n ? n : 1, sizeof *keys);
    for (size_t i = 0; i < n; i++)
        cache_key(urls[i], keys[i]);
    DIR *d = opendir(c->images);
    int64_t total = 0;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            bool used = false;
            for (size_t i = 0; i < n && !used; i++)
                used = !strncmp(e->d_name, keys[i], 16);
            char *p = xasprintf("%s/%s", c->images, e->d_name);
            struct stat st;
            if (!used) {
                if (unlink(p) == 0)
                    log_msg(LV_INFO, "%s: no feed uses it any more, removed", p);
            } else if (stat(p, &st) == 0) {
                total += st.st_size;
            }
            free(p);
        }
        closedir(d);
    }
    free(keys);
    return total;
}
