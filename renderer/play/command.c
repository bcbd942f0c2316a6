#include "play/command.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/dropfolder.h"
#include "model/util.h"
#include "play/watch.h"

/* A file written in place (not renamed in) is read once it has been quiet
 * this long, so that a half-written file is not taken for a bad one. */
#define INBOX_QUIET_MS 50

static const char *const names[] = {"show", "reload", "screenshot", "notice", "power"};

const char *cmd_name(enum cmd_kind k)
{
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void cmd_clear(struct cmd *c)
{
    for (int l = 0; l < LANG_COUNT; l++)
        free(c->text[l]);
    free(c->json);
    memset(c, 0, sizeof *c);
}

/* Parses "YYYY-MM-DDTHH:MM[:SS]" with an optional "Z" or "+HH:MM" / "-HH:MM"
 * (also "+HHMM"). Returns 0, or -1 with a message in err. */
static int parse_until(const char *s, struct cmd *c, char *err, size_t errsize)
{
    char civil[40];
    size_t n = strlen(s);
    size_t cut = n;
    int off = 0;
    bool has = false;
    if (n && (s[n - 1] == 'Z' || s[n - 1] == 'z')) {
        cut = n - 1;
        has = true;
    } else if (n > 16) {
        /* The offset's sign comes after the time (the date has '-' too). */
        const char *p = strpbrk(s + 16, "+-");
        if (p) {
            int hh = 0, mm = 0;
            const char *q = p + 1;
            if (strlen(q) == 5 && sscanf(q, "%2d:%2d", &hh, &mm) == 2)
                ;
            else if (strlen(q) == 4 && sscanf(q, "%2d%2d", &hh, &mm) == 2)
                ;
            else if (strlen(q) == 2 && sscanf(q, "%2d", &hh) == 1)
                ;
            else {
                snprintf(err, errsize,
                         "\"until\": '%s': the offset is not +HH:MM; write e.g. "
                         "2026-12-07T18:00+01:00, or no offset for the office's time",
                         s);
                return -1;
            }
            if (hh > 14 || mm > 59) {
                snprintf(err, errsize, "\"until\": '%s': offset out of range", s);
                return -1;
            }
            off = (hh * 3600 + mm * 60) * (*p == '-' ? -1 : 1);
            cut = (size_t)(p - s);
            has = true;
        }
    }
    if (cut >= sizeof civil) {
        snprintf(err, errsize, "\"until\": '%.40s...' is too long; write YYYY-MM-DDTHH:MM", s);
        return -1;
    }
    memcpy(civil, s, cut);
    civil[cut] = 0;
    char why[200];
    bool date_only;
    if (civil_parse(civil, &c->until, &date_only, why, sizeof why) != 0) {
        snprintf(err, errsize, "\"until\": %s", why);
        return -1;
    }
    if (date_only)
        c->until += 86400 - 1; /* until a date includes that day, as in feeds */
    c->until_has_offset = has;
    c->until_offset_s = off;
    return 0;
}

int64_t cmd_until_utc(const struct cmd *c, int utc_offset_s)
{
    return c->until - (c->until_has_offset ? c->until_offset_s : utc_offset_s);
}

static int parse_notice(const cJSON *root, struct cmd *c, char *err, size_t errsize)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
    if (cJSON_IsString(text)) { /* one text: French, the office's language */
        if (*text->valuestring)
            c->text[LANG_FR] = xstrdup(text->valuestring);
    } else if (cJSON_IsObject(text)) {
        for (const cJSON *t = text->child; t; t = t->next) {
            enum lang l;
            if (lang_parse(t->string, &l) != 0) {
                snprintf(err, errsize, "\"text\": unknown language '%.20s'; use fr, eu, es or en",
                         t->string);
                return -1;
            }
            if (!cJSON_IsString(t)) {
                snprintf(err, errsize, "\"text.%s\" must be a string", t->string);
                return -1;
            }
            if (*t->valuestring) {
                free(c->text[l]);
                c->text[l] = xstrdup(t->valuestring);
            }
        }
    } else if (text && !cJSON_IsNull(text)) {
        snprintf(err, errsize, "\"text\" must be an object such as {\"fr\": \"...\"}");
        return -1;
    }
    bool any = false;
    for (int l = 0; l < LANG_COUNT; l++)
        any |= c->text[l] != NULL;
    const cJSON *until = cJSON_GetObjectItemCaseSensitive(root, "until");
    if (!any)
        return 0; /* no text: clears the notice; until does not matter */
    if (!cJSON_IsString(until)) {
        snprintf(err, errsize,
                 "\"until\" is missing: say when the notice ends, e.g. "
                 "\"2026-12-07T18:00\" (the office's time) or with an offset");
        return -1;
    }
    return parse_until(until->valuestring, c, err, errsize);
}

int cmd_parse(const char *json, size_t len, struct cmd *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (len > CMD_MAX_BYTES) {
        snprintf(err, errsize, "a command is at most %d bytes", CMD_MAX_BYTES);
        return -1;
    }
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!cJSON_IsObject(root)) {
        snprintf(err, errsize, "not a JSON object; write e.g. {\"cmd\":\"reload\"}");
        cJSON_Delete(root);
        return -1;
    }
    int rc = -1;
    const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(root, "cmd");
    int kind = -1;
    for (size_t i = 0; cJSON_IsString(cmd) && i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(cmd->valuestring, names[i]))
            kind = (int)i;
    if (kind < 0) {
        snprintf(err, errsize,
                 "\"cmd\" must be one of show, reload, screenshot, notice, power (got %.40s)",
                 cJSON_IsString(cmd) ? cmd->valuestring : "nothing");
        goto out;
    }
    out->kind = (enum cmd_kind)kind;
    if (out->kind == CMD_SHOW) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
        if (!cJSON_IsString(id) || !*id->valuestring ||
            strlen(id->valuestring) >= sizeof out->id) {
            snprintf(err, errsize, "\"show\" needs \"id\": the id of an item of the feed");
            goto out;
        }
        snprintf(out->id, sizeof out->id, "%s", id->valuestring);
    } else if (out->kind == CMD_POWER) {
        const cJSON *on = cJSON_GetObjectItemCaseSensitive(root, "on");
        if (!cJSON_IsBool(on)) {
            snprintf(err, errsize, "\"power\" needs \"on\": true or false");
            goto out;
        }
        out->on = cJSON_IsTrue(on);
    } else if (out->kind == CMD_NOTICE) {
        if (parse_notice(root, out, err, errsize) != 0)
            goto out;
    }
    out->json = xmalloc(len + 1);
    memcpy(out->json, json, len);
    out->json[len] = 0;
    rc = 0;
out:
    cJSON_Delete(root);
    if (rc != 0)
        cmd_clear(out);
    return rc;
}

/* ---- the queue ------------------------------------------------------------ */

struct node {
    struct cmd c;
    struct node *next;
};

struct cmd_queue {
    pthread_mutex_t lock;
    struct node *head, *tail; /* guarded by lock */
    cmd_wake_fn wake;
    void *ctx;

    char *dir; /* STATE/inbox, or NULL */
    watch_t *watch;
    int stop_fd;
    pthread_t thread;
    bool thread_on;
};

void cmd_copy(struct cmd *dst, const struct cmd *src)
{
    *dst = *src;
    for (int l = 0; l < LANG_COUNT; l++)
        dst->text[l] = src->text[l] ? xstrdup(src->text[l]) : NULL;
    dst->json = src->json ? xstrdup(src->json) : NULL;
}

void cmd_push(cmd_queue_t *q, const struct cmd *c)
{
    struct node *n = xcalloc(1, sizeof *n);
    cmd_copy(&n->c, c);
    pthread_mutex_lock(&q->lock);
    if (q->tail)
        q->tail->next = n;
    else
        q->head = n;
    q->tail = n;
    pthread_mutex_unlock(&q->lock);
    if (q->wake)
        q->wake(q->ctx);
}

bool cmd_take(cmd_queue_t *q, struct cmd *out)
{
    pthread_mutex_lock(&q->lock);
    struct node *n = q->head;
    if (n) {
        q->head = n->next;
        if (!q->head)
            q->tail = NULL;
    }
    pthread_mutex_unlock(&q->lock);
    if (!n)
        return false;
    *out = n->c;
    free(n);
    return true;
}

/* ---- the inbox folder ----------------------------------------------------- */

static int json_name(const struct dirent *e)
{
    return !drop_ignored_name(e->d_name) && str_ends(e->d_name, ".json");
}

/* Takes every command file in the folder, oldest name first. */
static void scan_inbox(cmd_queue_t *q)
{
    struct dirent **list;
    int n = scandir(q->dir, &list, json_name, alphasort);
    if (n < 0) {
        log_msg(LV_WARN, "%s: cannot read the inbox: %s", q->dir, strerror(errno));
        return;
    }
    for (int i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", q->dir, list[i]->d_name);
        free(list[i]);
        struct stat st;
        size_t len = 0;
        char *buf = NULL;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            buf = read_file(path, CMD_MAX_BYTES + 1, &len);
        if (!buf) { /* vanished since the scan, or not a file: not ours */
            free(path);
            continue;
        }
        struct cmd c;
        char err[300];
        if (cmd_parse(buf, len, &c, err, sizeof err) == 0) {
            snprintf(c.from, sizeof c.from, "inbox");
            log_msg(LV_INFO, "%s: command %s", path, cmd_name(c.kind));
            cmd_push(q, &c);
            cmd_clear(&c);
        } else {
            log_msg(LV_WARN, "%s: command ignored and deleted: %s", path, err);
        }
        if (unlink(path) != 0 && errno != ENOENT)
            log_msg(LV_WARN, "%s: cannot delete this command file (%s); fix the folder's rights",
                    path, strerror(errno));
        free(buf);
        free(path);
    }
    free(list);
}

static void *inbox_main(void *arg)
{
    cmd_queue_t *q = arg;
    scan_inbox(q);
    for (;;) {
        int timeout = watch_timeout(q->watch, mono_ms());
        struct pollfd p[2] = {{q->stop_fd, POLLIN, 0}, {watch_fd(q->watch), POLLIN, 0}};
        if (poll(p, 2, timeout) < 0 && errno != EINTR)
            break;
        if (p[0].revents)
            break;
        watch_read(q->watch, mono_ms());
        if (watch_due(q->watch, mono_ms()))
            scan_inbox(q);
    }
    return NULL;
}

cmd_queue_t *cmd_create(const char *state_dir, cmd_wake_fn wake, void *ctx)
{
    cmd_queue_t *q = xcalloc(1, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    q->wake = wake;
    q->ctx = ctx;
    q->stop_fd = -1;
    if (!state_dir)
        return q;
    q->dir = xasprintf("%s/inbox", state_dir);
    if (mkdir(q->dir, 0770) != 0 && errno != EEXIST) {
        log_msg(LV_ERR, "%s: cannot create the command inbox (%s); check [paths] state", q->dir,
                strerror(errno));
        goto fail;
    }
    q->watch = watch_create(INBOX_QUIET_MS);
    if (!q->watch)
        goto fail;
    if (watch_add(q->watch, q->dir, 1) != 0) {
        log_msg(LV_ERR, "%s: cannot watch the command inbox (%s)", q->dir, strerror(errno));
        goto fail;
    }
    q->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (q->stop_fd < 0 || pthread_create(&q->thread, NULL, inbox_main, q) != 0) {
        log_msg(LV_ERR, "cannot start the command inbox's thread");
        goto fail;
    }
    q->thread_on = true;
    pthread_setname_np(q->thread, "inbox");
    return q;
fail:
    cmd_free(q);
    return NULL;
}

void cmd_free(cmd_queue_t *q)
{
    if (!q)
        return;
    if (q->thread_on) {
        uint64_t one = 1;
        if (write(q->stop_fd, &one, sizeof one) < 0)
            log_msg(LV_WARN, "cannot stop the command inbox: %s", strerror(errno));
        pthread_join(q->thread, NULL);
    }
    if (q->stop_fd >= 0)
        close(q->stop_fd);
    watch_free(q->watch);
    struct cmd c;
    while (cmd_take(q, &c))
        cmd_clear(&c);
    pthread_mutex_destroy(&q->lock);
    free(q->dir);
    free(q);
}
