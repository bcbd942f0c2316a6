/* api_import — the items the screen gets from the tourism databases: the
 * other local feeds of the player's configuration (what `vitrine import`
 * wrote), read-only here. Staff hide, pin or correct them through the
 * overrides of the office's own feed (draft_override); the list and the
 * previews show them beside the office's items. Each file is read again
 * only when it changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "console/console_priv.h"
#include "console/draft.h"
#include "model/config.h"
#include "model/import.h"
#include "model/overlay.h"
#include "model/util.h"

struct import_src {
    char *path;
    struct stat st;
    feed_t *f;
    cJSON *doc;
    struct import_origin from;
    char *label;
};

struct imports {
    struct import_src *src;
    size_t n;
};

void imports_free(struct imports *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < im->n; i++) {
        free(im->src[i].path);
        free(im->src[i].label);
        feed_free(im->src[i].f);
        cJSON_Delete(im->src[i].doc);
    }
    free(im->src);
    free(im);
}

/* The databases, as the importers name them and as staff know them. */
static const struct {
    enum import_format fmt;
    const char *label;
} databases[] = {
    {IMPORT_DATATOURISME, "DATAtourisme"},
    {IMPORT_APIDAE, "Apidae"},
    {IMPORT_TOURINSOFT, "Tourinsoft"},
};

/* The database a file came from: the importers' own detection for a file
 * as the database gives it, else (a feed `vitrine import` wrote) its name
 * (datatourisme.json...). Sets the origin's kind and label. */
static void origin_of(struct import_src *s, const cJSON *root)
{
    enum import_format fmt = root ? import_detect(root) : IMPORT_UNKNOWN;
    const char *label = "Import";
    s->from.kind = "import";
    for (size_t i = 0; i < sizeof databases / sizeof databases[0]; i++) {
        const char *name = import_format_name(databases[i].fmt);
        if (fmt == databases[i].fmt || (fmt == IMPORT_NATIVE && strcasestr(s->path, name)) ||
            (fmt == IMPORT_UNKNOWN && strcasestr(s->path, name))) {
            s->from.kind = name;
            label = databases[i].label;
            break;
        }
    }
    const char *base = strrchr(s->path, '/');
    free(s->label);
    s->label = xasprintf("%s (%s)", label, base ? base + 1 : s->path);
    s->from.label = s->label;
}

/* The file's JSON document, for origin_of (NULL for XML or unreadable). */
static cJSON *read_root(const char *path)
{
    size_t len;
    char *buf = read_file(path, IMPORT_MAX_BYTES, &len);
    cJSON *root = buf ? cJSON_ParseWithLength(buf, len) : NULL;
    free(buf);
    return root;
}

static struct imports *refresh(console_t *c)
{
    /* The sources are the configuration's only when one was given (-c):
     * the defaults name a relative content/feed.xml that is not ours. */
    const struct config *cfg = c->o.config ? c->o.cfg : NULL;
    if (!c->imports) {
        c->imports = xcalloc(1, sizeof *c->imports);
        char *mine = realpath(c->feed_path, NULL);
        for (int i = 0; cfg && i < cfg->nsources; i++) {
            const char *src = cfg->sources[i];
            if (config_is_url(src))
                continue;
            char *real = realpath(src, NULL);
            bool is_mine = real && mine && !strcmp(real, mine);
            free(real);
            if (is_mine)
                continue;
            struct imports *im = c->imports;
            im->src = xrealloc(im->src, (im->n + 1) * sizeof *im->src);
            im->src[im->n] = (struct import_src){.path = xstrdup(src)};
            origin_of(&im->src[im->n++], NULL);
        }
        free(mine);
    }
    for (size_t i = 0; i < c->imports->n; i++) {
        struct import_src *s = &c->imports->src[i];
        struct stat st;
        if (stat(s->path, &st) != 0)
            memset(&st, 0, sizeof st);
        if (st.st_ino == s->st.st_ino && st.st_size == s->st.st_size &&
            st.st_mtim.tv_sec == s->st.st_mtim.tv_sec &&
            st.st_mtim.tv_nsec == s->st.st_mtim.tv_nsec && (s->f || !st.st_ino))
            continue;
        s->st = st;
        diag_t *d = diag_create();
        feed_t *f = st.st_ino ? feed_load(s->path, d) : NULL;
        diag_free(d);
        if (!f && st.st_ino)
            continue; /* a broken import: the last good copy stays */
        cJSON *root = f ? read_root(s->path) : NULL;
        origin_of(s, root);
        cJSON_Delete(root);
        feed_free(s->f);
        cJSON_Delete(s->doc);
        s->f = f;
        s->doc = f ? draft_doc_of(f) : NULL;
    }
    return c->imports;
}

const cJSON *import_item(console_t *c, const char *id, const struct import_origin **from,
                         const feed_t **f)
{
    struct imports *im = refresh(c);
    for (size_t i = 0; i < im->n; i++) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(im->src[i].doc, "items");
        for (const cJSON *it = items ? items->child : NULL; it; it = it->next) {
            const char *iid = json_str(it, "id");
            if (iid && !strcmp(iid, id)) {
                if (from)
                    *from = &im->src[i].from;
                if (f)
                    *f = im->src[i].f;
                return it;
            }
        }
    }
    return NULL;
}

void import_each(console_t *c,
                 void (*fn)(void *ctx, const cJSON *item, const struct import_origin *from),
                 void *ctx)
{
    struct imports *im = refresh(c);
    for (size_t i = 0; i < im->n; i++) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(im->src[i].doc, "items");
        for (const cJSON *it = items ? items->child : NULL; it; it = it->next)
            fn(ctx, it, &im->src[i].from);
    }
}

overlay_t *draft_overlay(console_t *c)
{
    const cJSON *ovs = draft_overrides(c->draft);
    if (!ovs || !ovs->child)
        return NULL;
    cJSON *wrap = cJSON_CreateObject();
    cJSON_AddItemReferenceToObject(wrap, "overrides", (cJSON *)ovs);
    char *text = cJSON_PrintUnformatted(wrap);
    cJSON_Delete(wrap);
    diag_t *d = diag_create();
    overlay_t *ov = overlay_load_mem(text, strlen(text), "overrides", d);
    diag_free(d);
    free(text);
    return ov;
}

feed_t *import_with_overrides(console_t *c, const feed_t *f)
{
    overlay_t *ov = draft_overlay(c);
    diag_t *d = diag_create();
    feed_t *out = ov ? overlay_apply(f, NULL, ov, d) : NULL;
    overlay_free(ov);
    diag_free(d);
    return out;
}
