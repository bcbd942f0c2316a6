#include "play/watch.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/dropfolder.h"
#include "model/util.h"

#define MAX_DIRS 64
#define NBITS    32
#define RETRY_MS 1000 /* how often a folder that went away is looked for */
#define EVENTS                                                                                    \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_MOVE_SELF |        \
     IN_DELETE_SELF | IN_ONLYDIR)

struct watch {
    int fd;
    int debounce_ms;
    struct {
        int wd; /* -1: the folder went away; looked for again by its path */
        unsigned tag;
        char *path;
        dev_t dev;
        ino_t ino;
    } dirs[MAX_DIRS];
    int ndirs;
    int64_t retry_at;                  /* when to look for lost folders again, 0: none lost */
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
    for (int i = 0; i < w->ndirs; i++)
        free(w->dirs[i].path);
    free(w);
}

int watch_add(watch_t *w, const char *dir, unsigned tag)
{
    struct stat st;
    int wd = inotify_add_watch(w->fd, dir, EVENTS);
    if (wd < 0 || stat(dir, &st) < 0)
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
    w->dirs[w->ndirs].path = xstrdup(dir);
    w->dirs[w->ndirs].dev = st.st_dev;
    w->dirs[w->ndirs].ino = st.st_ino;
    w->ndirs++;
    return 0;
}

/* Puts each watch back on the folder its path names now: a folder moved away,
 * deleted, or replaced by another (mv content content.old; cp -a ...) leaves
 * the watch on the old one. Returns the tags of the folders that changed. */
static unsigned rearm(watch_t *w, int64_t now)
{
    unsigned touched = 0;
    bool lost = false;
    for (int i = 0; i < w->ndirs; i++) {
        struct stat st;
        bool there = stat(w->dirs[i].path, &st) == 0 && S_ISDIR(st.st_mode);
        if (there && w->dirs[i].wd >= 0 && st.st_dev == w->dirs[i].dev &&
            st.st_ino == w->dirs[i].ino)
            continue;
        if (w->dirs[i].wd >= 0) {
            inotify_rm_watch(w->fd, w->dirs[i].wd);
            w->dirs[i].wd = -1;
            touched |= w->dirs[i].tag;
            log_msg(LV_WARN, "%s: the folder was moved, deleted or replaced; following %s",
                    w->dirs[i].path, there ? "the new one" : "its name until it is back");
        }
        int wd = there ? inotify_add_watch(w->fd, w->dirs[i].path, EVENTS) : -1;
        if (wd < 0) {
            lost = true;
            continue;
        }
        w->dirs[i].wd = wd;
        w->dirs[i].dev = st.st_dev;
        w->dirs[i].ino = st.st_ino;
        touched |= w->dirs[i].tag;
        log_msg(LV_INFO, "%s: watching the folder again", w->dirs[i].path);
    }
    w->retry_at = lost ? now + RETRY_MS : 0;
    return touched;
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
    bool moved = false;
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
                moved = true; /* a move may be among the lost events */
                continue;
            }
            if (ev->mask & (IN_MOVE_SELF | IN_DELETE_SELF | IN_IGNORED | IN_UNMOUNT)) {
                moved = true; /* the folder itself, or one inside it, may be gone */
                continue;
            }
            if (ev->len && drop_ignored_name(ev->name))
                continue;
            for (int i = 0; i < w->ndirs; i++) {
                if (w->dirs[i].wd != ev->wd)
                    continue;
                touched |= w->dirs[i].tag;
                break;
            }
        }
    }
    if (moved || (w->retry_at && now_ms >= w->retry_at))
        touched |= rearm(w, now_ms);
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
    int64_t best = w->retry_at ? w->retry_at - now_ms : -1;
    if (w->retry_at && best < 0)
        best = 0;
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
