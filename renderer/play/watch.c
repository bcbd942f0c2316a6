#include "play/watch.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "model/dropfolder.h"
#include "model/util.h"

#define MAX_DIRS 64
#define NBITS    32

struct watch {
    int fd;
    int debounce_ms;
    struct {
        int wd;
        unsigned tag;
    } dirs[MAX_DIRS];
    int ndirs;
    int64_t first[NBITS], last[NBITS]; /* 0: not armed */
};

watch_t *watch_create(int debounce_ms)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
        log_msg(LV_ERR, "inotify: %s; changed files will be seen only at restart",
                strerror(errno));
        return NULL;
    }
    watch_t *w = xcalloc(1, sizeof *w);
    w->fd = fd;
    w->debounce_ms = debounce_ms;
    return w;
}

void watch_free(watch_t *w)
{
    if (!w)
        return;
    close(w->fd);
    free(w);
}

int watch_add(watch_t *w, const char *dir, unsigned tag)
{
    int wd = inotify_add_watch(w->fd, dir,
                               IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
                                   IN_CREATE | IN_ONLYDIR);
    if (wd < 0)
        return -1;
    for (int i = 0; i < w->ndirs; i++)
        if (w->dirs[i].wd == wd) {
            w->dirs[i].tag |= tag;
            return 0;
        }
    if (w->ndirs == MAX_DIRS) {
        log_msg(LV_WARN, "%s: too many watched folders (%d); its changes are not seen", dir,
                MAX_DIRS);
        inotify_rm_watch(w->fd, wd);
        return -1;
    }
    w->dirs[w->ndirs].wd = wd;
    w->dirs[w->ndirs].tag = tag;
    w->ndirs++;
    return 0;
}

int watch_fd(const watch_t *w)
{
    return w->fd;
}

static void arm(watch_t *w, unsigned tag, int64_t now)
{
    for (int b = 0; b < NBITS; b++) {
        if (!(tag & (1u << b)))
            continue;
        if (!w->first[b])
            w->first[b] = now;
        w->last[b] = now;
    }
}

unsigned watch_read(watch_t *w, int64_t now_ms)
{
    unsigned touched = 0;
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* EAGAIN: drained */
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                for (int i = 0; i < w->ndirs; i++)
                    touched |= w->dirs[i].tag;
                continue;
            }
            if (ev->len && drop_ignored_name(ev->name))
                continue;
            for (int i = 0; i < w->ndirs; i++) {
                if (w->dirs[i].wd != ev->wd)
                    continue;
                touched |= w->dirs[i].tag;
                if (ev->mask & IN_IGNORED) { /* the folder itself went away */
                    w->dirs[i] = w->dirs[--w->ndirs];
                }
                break;
            }
        }
    }
    if (touched)
        arm(w, touched, now_ms ? now_ms : 1);
    return touched;
}

static int64_t due_at(const watch_t *w, int b)
{
    int64_t quiet = w->last[b] + w->debounce_ms;
    int64_t cap = w->first[b] + 3 * (int64_t)w->debounce_ms;
    return quiet < cap ? quiet : cap;
}

unsigned watch_due(watch_t *w, int64_t now_ms)
{
    unsigned due = 0;
    for (int b = 0; b < NBITS; b++) {
        if (w->first[b] && now_ms >= due_at(w, b)) {
            due |= 1u << b;
            w->first[b] = w->last[b] = 0;
        }
    }
    return due;
}

int watch_timeout(const watch_t *w, int64_t now_ms)
{
    int64_t best = -1;
    for (int b = 0; b < NBITS; b++) {
        if (!w->first[b])
            continue;
        int64_t left = due_at(w, b) - now_ms;
        if (left < 0)
            left = 0;
        if (best < 0 || left < best)
            best = left;
    }
    return best > INT_MAX ? INT_MAX : (int)best;
}
