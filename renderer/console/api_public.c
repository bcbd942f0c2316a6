/* api_public — what other screens fetch without a session: the published
 * feed and its images, with ETag and Last-Modified so that their
 * conditional GETs cost a 304 (docs/console.md, "Serving screens"). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "console/console_priv.h"
#include "console/draft.h"
#include "console/www.h"
#include "model/feed_write.h"
#include "model/path.h"
#include "model/util.h"

static void http_date(time_t t, char *buf, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* True when the client's copy (If-None-Match, else If-Modified-Since) is
 * current; then a 304 is sent. Sets the validators on the answer. */
static bool not_modified(struct rq *q, const char *etag, time_t mtime)
{
    char lm[64];
    http_date(mtime, lm, sizeof lm);
    http_add_header(q->r, "ETag", etag);
    http_add_header(q->r, "Last-Modified", lm);
    http_add_header(q->r, "Cache-Control", "no-cache");
    const char *inm = http_header(q->r, "If-None-Match");
    bool fresh = false;
    if (inm) {
        fresh = strstr(inm, etag) != NULL || !strcmp(inm, "*");
    } else {
        const char *ims = http_header(q->r, "If-Modified-Since");
        struct tm tm = {0};
        if (ims && strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm))
            fresh = mtime <= timegm(&tm);
    }
    if (fresh)
        http_reply(q->r, 304, NULL, "", 0);
    return fresh;
}

void api_public_feed(struct rq *q)
{
    draft_sync(q->c->draft);
    bool want_json = str_ends(http_path(q->r), ".json");
    struct stat st;
    if (stat(q->c->feed_path, &st) != 0) {
        reply_error(q, 404, "Rien n'est encore publié");
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    if (want_json == draft_is_json(q->c->draft)) {
        buf = read_file(q->c->feed_path, FEED_MAX_BYTES, &len);
    } else {
        /* The other format, written from the same published model. */
        const feed_t *f = draft_published_model(q->c->draft);
        FILE *m = f ? open_memstream(&buf, &len) : NULL;
        if (m) {
            if (want_json)
                feed_write_json(f, m);
            else
                feed_write_xml(f, m);
            fclose(m);
        }
    }
    if (!buf) {
        reply_error(q, 503, "Le flux publié ne se lit pas pour l'instant");
        return;
    }
    char h[65], etag[40];
    content_hash(buf, len, h);
    snprintf(etag, sizeof etag, "\"%.32s\"", h);
    if (not_modified(q, etag, st.st_mtime)) {
        free(buf);
        return;
    }
    http_reply_take(q->r, 200,
                    want_json ? "application/json; charset=utf-8"
                              : "application/xml; charset=utf-8",
                    buf, len);
}

void api_public_image(struct rq *q)
{
    const char *name = q->seg[0];
    char *dir = xasprintf("%s/images", q->c->o.content), *real = NULL;
    char err[300];
    int fd = -1;
    struct stat st;
    if (name[0] != '.' && path_contain(dir, name, &real, err, sizeof err) == PATH_OK)
        fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    free(dir);
    free(real);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        reply_error(q, 404, "Aucune image « %s »", name);
        return;
    }
    char etag[80];
    snprintf(etag, sizeof etag, "\"%llx-%llx-%llx\"", (unsigned long long)st.st_ino,
             (unsigned long long)st.st_size, (unsigned long long)st.st_mtime);
    if (not_modified(q, etag, st.st_mtime)) {
        close(fd);
        return;
    }
    http_reply_fd(q->r, 200, www_mime(name), fd, (uint64_t)st.st_size);
}
