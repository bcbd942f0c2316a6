#include "play/notice.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/tz.h"
#include "model/item.h"
#include "model/util.h"
#include "play/cache.h"

/* The expiry on the office's wall clock. */
static civil_t until_civil(const struct cmd *c, const char *zone)
{
    if (!c->until_has_offset)
        return c->until;
    char err[200];
    tz_t *z = tz_load(zone ? zone : FEED_DEFAULT_TIMEZONE, err, sizeof err);
    int64_t t = cmd_until_utc(c, 0);
    civil_t w = z ? tz_civil(z, t) : t; /* no zone database: read as UTC */
    if (!z)
        log_msg(LV_WARN, "notice: %s; its expiry is read as UTC", err);
    tz_free(z);
    return w;
}

feed_t *notice_feed(const struct cmd *c, const char *zone)
{
    const char *first = NULL;
    for (int l = 0; l < LANG_COUNT && !first; l++)
        first = c->text[l];
    if (!first)
        return NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", 1);
    cJSON *it = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "items"), it);
    cJSON_AddStringToObject(it, "kind", "notice");
    cJSON_AddStringToObject(it, "id", NOTICE_ID);
    cJSON *title = cJSON_AddObjectToObject(it, "title");
    for (int l = 0; l < LANG_COUNT; l++) {
        /* French is required of every item: the first text given stands in. */
        const char *t = c->text[l] ? c->text[l] : l == LANG_FR ? first : NULL;
        if (t)
            cJSON_AddStringToObject(title, lang_code((enum lang)l), t);
    }
    char until[40];
    civil_format(until_civil(c, zone), false, until, sizeof until);
    cJSON_AddStringToObject(it, "until", until);
    cJSON_AddStringToObject(it, "priority", priority_name(PRIO_TAKEOVER));
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(text, strlen(text), "notice", NULL, d);
    for (size_t i = 0; i < diag_count(d) && i < DIAG_MAX; i++)
        log_msg(LV_WARN, "notice: %s", diag_get(d, i));
    diag_free(d);
    free(text);
    return f;
}

int notice_save(const char *state_dir, const struct cmd *c)
{
    char *path = xasprintf("%s/notice.json", state_dir);
    bool any = false;
    for (int l = 0; l < LANG_COUNT; l++)
        any |= c->text[l] != NULL;
    int rc = 0;
    if (!any) {
        if (unlink(path) != 0 && errno != ENOENT)
            rc = -1;
    } else {
        rc = atomic_replace(path, c->json, strlen(c->json));
    }
    if (rc != 0)
        log_msg(LV_WARN, "%s: cannot keep the notice (%s); it will not survive a restart", path,
                strerror(errno));
    free(path);
    return rc;
}

int notice_restore(const char *state_dir, struct cmd *out)
{
    memset(out, 0, sizeof *out);
    char *path = xasprintf("%s/notice.json", state_dir);
    size_t len;
    char *buf = read_file(path, CMD_MAX_BYTES, &len);
    int rc = -1;
    char err[300];
    if (buf && cmd_parse(buf, len, out, err, sizeof err) == 0 && out->kind == CMD_NOTICE) {
        snprintf(out->from, sizeof out->from, "notice.json");
        rc = 0;
    } else if (buf) {
        cmd_clear(out);
        log_msg(LV_WARN, "%s: not a notice, removed", path);
        unlink(path);
    }
    free(buf);
    free(path);
    return rc;
}
