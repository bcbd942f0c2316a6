/* overlay — the office's feed laid over an imported one (see overlay.h).
 * Overrides are kept as (field, lang, value) triples in their text form and
 * applied through fb_set_field, so an override is checked exactly like the
 * same field in an item and its messages read alike. */
#include "model/overlay.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model/feed_build.h"
#include "model/util.h"

struct ov_field {
    char *name; /* "weight", "title", "price", "label" (of the last price) */
    char *lang; /* NULL: French */
    char *value;
    int line;
};

struct ov_entry {
    char *id;
    int line;
    bool hide;
    struct ov_field *f;
    size_t n, cap;
};

struct overlay {
    char *name;
    struct ov_entry *e;
    size_t n, cap;
};

static struct ov_entry *add_entry(overlay_t *ov, const char *id, int line)
{
    if (ov->n == ov->cap) {
        ov->cap = ov->cap ? ov->cap * 2 : 8;
        ov->e = xrealloc(ov->e, ov->cap * sizeof *ov->e);
    }
    struct ov_entry *e = &ov->e[ov->n++];
    memset(e, 0, sizeof *e);
    e->id = xstrdup(id);
    e->line = line;
    return e;
}

static void add_field(struct ov_entry *e, const char *name, const char *lang, const char *value,
                      int line)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->f = xrealloc(e->f, e->cap * sizeof *e->f);
    }
    e->f[e->n++] =
        (struct ov_field){xstrdup(name), lang ? xstrdup(lang) : NULL, xstrdup(value), line};
}

void overlay_free(overlay_t *ov)
{
    if (!ov)
        return;
    for (size_t i = 0; i < ov->n; i++) {
        for (size_t k = 0; k < ov->e[i].n; k++) {
            free(ov->e[i].f[k].name);
            free(ov->e[i].f[k].lang);
            free(ov->e[i].f[k].value);
        }
        free(ov->e[i].f);
        free(ov->e[i].id);
    }
    free(ov->e);
    free(ov->name);
    free(ov);
}

size_t overlay_count(const overlay_t *ov)
{
    return ov ? ov->n : 0;
}

static bool is_hide(const char *name)
{
    return strcmp(name, "hide") == 0 || strcmp(name, "hidden") == 0;
}

static bool truthy(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0")) {
        *out = false;
        return true;
    }
    return false;
}

/* --- XML: <overrides><override id="..."><weight>5</weight>...</override></overrides> */

static char *node_text(xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *s = xstrdup(t ? (const char *)t : "");
    xmlFree(t);
    /* trim */
    char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    memmove(s, p, strlen(p) + 1);
    size_t n2 = strlen(s);
    while (n2 > 0 && isspace((unsigned char)s[n2 - 1]))
        s[--n2] = '\0';
    return s;
}

static int load_xml(overlay_t *ov, const char *buf, size_t len, diag_t *diag)
{
    int rc = -1;
    xmlDoc *doc = xmlReadMemory(buf, (int)len, ov->name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *err = xmlGetLastError();
        diag_add(diag, ov->name, err ? err->line : 0, "not well-formed XML: %s",
                 err && err->message ? err->message : "unreadable");
        return -1;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *sec = root ? root->children : NULL; sec; sec = sec->next) {
        if (sec->type != XML_ELEMENT_NODE || xmlStrcmp(sec->name, BAD_CAST "overrides"))
            continue;
        for (xmlNode *o = sec->children; o; o = o->next) {
            if (o->type != XML_ELEMENT_NODE)
                continue;
            int line = (int)xmlGetLineNo(o);
            xmlChar *id = xmlGetProp(o, BAD_CAST "id");
            if (xmlStrcmp(o->name, BAD_CAST "override") || !id || !*id) {
                diag_add(diag, ov->name, line,
                         "<overrides> holds <override id=\"...\"> elements only, each with the "
                         "id of an imported item");
                xmlFree(id);
                goto fail;
            }
            struct ov_entry *e = add_entry(ov, (const char *)id, line);
            xmlFree(id);
            for (xmlNode *f = o->children; f; f = f->next) {
                if (f->type != XML_ELEMENT_NODE)
                    continue;
                int fl = (int)xmlGetLineNo(f);
                xmlChar *lang = xmlGetProp(f, BAD_CAST "lang");
                if (!xmlStrcmp(f->name, BAD_CAST "price")) {
                    xmlChar *amount = xmlGetProp(f, BAD_CAST "amount");
                    add_field(e, "price", NULL, amount ? (const char *)amount : "", fl);
                    xmlFree(amount);
                    for (xmlNode *l = f->children; l; l = l->next) {
                        if (l->type != XML_ELEMENT_NODE || xmlStrcmp(l->name, BAD_CAST "label"))
                            continue;
                        xmlChar *ll = xmlGetProp(l, BAD_CAST "lang");
                        char *v = node_text(l);
                        add_field(e, "label", (const char *)ll, v, (int)xmlGetLineNo(l));
                        free(v);
                        xmlFree(ll);
                    }
                } else {
                    char *v = node_text(f);
                    add_field(e, (const char *)f->name, (const char *)lang, v, fl);
                    free(v);
                }
                xmlFree(lang);
            }
        }
    }
    rc = 0;
fail:
    xmlFreeDoc(doc);
    return rc;
}

/* --- JSON: "overrides": [{"id": "...", "weight": 5, "hide": true, ...}] ---------------- */

static int line_of(const char *buf, size_t len, const char *id, size_t *cursor)
{
    char needle[200];
    snprintf(needle, sizeof needle, "\"%s\"", id);
    const char *hit = memmem(buf + *cursor, len - *cursor, needle, strlen(needle));
    if (!hit)
        return 0;
    int line = 1;
    for (const char *p = buf; p < hit; p++)
        line += *p == '\n';
    *cursor = (size_t)(hit - buf) + 1;
    return line;
}

static char *scalar_text(const cJSON *v)
{
    if (cJSON_IsString(v))
        return xstrdup(v->valuestring);
    if (cJSON_IsBool(v))
        return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v))
        return xasprintf("%g", v->valuedouble);
    return NULL;
}

static int add_json_text(overlay_t *ov, struct ov_entry *e, const char *name, const cJSON *v,
                         int line, diag_t *diag)
{
    if (cJSON_IsObject(v)) {
        const cJSON *l;
        cJSON_ArrayForEach(l, v)
        {
            char *s = scalar_text(l);
            if (!s) {
                diag_add(diag, ov->name, line, "override '%s': %s.%s must be a text", e->id, name,
                         l->string);
                return -1;
            }
            add_field(e, name, strcmp(l->string, "fr") ? l->string : NULL, s, line);
            free(s);
        }
        return 0;
    }
    char *s = scalar_text(v);
    if (!s) {
        diag_add(diag, ov->name, line, "override '%s': '%s' must be a text, number or boolean",
                 e->id, name);
        return -1;
    }
    add_field(e, name, NULL, s, line);
    free(s);
    return 0;
}

static int load_json(overlay_t *ov, const char *buf, size_t len, diag_t *diag)
{
    int rc = -1;
    size_t cursor = 0;
    cJSON *root = cJSON_ParseWithLength(buf, len);
    if (!root) {
        diag_add(diag, ov->name, 0, "not valid JSON");
        return -1;
    }
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "overrides"), *o;
    if (list && !cJSON_IsArray(list)) {
        diag_add(diag, ov->name, 0, "\"overrides\" must be an array of {\"id\": ..., ...}");
        goto fail;
    }
    cJSON_ArrayForEach(o, list)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (!cJSON_IsObject(o) || !cJSON_IsString(id) || !*id->valuestring) {
            diag_add(diag, ov->name, 0, "each override needs \"id\": the id of an imported item");
            goto fail;
        }
        int line = line_of(buf, len, id->valuestring, &cursor);
        struct ov_entry *e = add_entry(ov, id->valuestring, line);
        const cJSON *f;
        cJSON_ArrayForEach(f, o)
        {
            if (!strcmp(f->string, "id"))
                continue;
            if (!strcmp(f->string, "prices")) {
                const cJSON *p;
                add_field(e, "prices", NULL, "", line); /* clears the imported prices */
                cJSON_ArrayForEach(p, f)
                {
                    char *amount = scalar_text(cJSON_GetObjectItemCaseSensitive(p, "amount"));
                    add_field(e, "price", NULL, amount ? amount : "", line);
                    free(amount);
                    const cJSON *label = cJSON_GetObjectItemCaseSensitive(p, "label");
                    if (label && add_json_text(ov, e, "label", label, line, diag) < 0)
                        goto fail;
                }
                continue;
            }
            if (add_json_text(ov, e, f->string, f, line, diag) < 0)
                goto fail;
        }
    }
    rc = 0;
fail:
    cJSON_Delete(root);
    return rc;
}

overlay_t *overlay_load_mem(const char *buf, size_t len, const char *name, diag_t *diag)
{
    overlay_t *ov = xcalloc(1, sizeof *ov);
    ov->name = xstrdup(name);
    /* Most feeds have no overrides section: no need to parse them twice. */
    if (!memmem(buf, len, "overrides", 9))
        return ov;
    size_t i = 0;
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    int rc =
        i < len && buf[i] == '<' ? load_xml(ov, buf, len, diag) : load_json(ov, buf, len, diag);
    if (rc < 0) {
        overlay_free(ov);
        return NULL;
    }
    /* hide is the overlay's own field, not an item's */
    for (size_t k = 0; k < ov->n; k++) {
        struct ov_entry *e = &ov->e[k];
        for (size_t j = 0; j < e->n; j++) {
            if (!is_hide(e->f[j].name))
                continue;
            if (!truthy(e->f[j].value, &e->hide)) {
                diag_add(diag, name, e->f[j].line,
                         "override '%s': hide is true or false, not '%s'", e->id, e->f[j].value);
                overlay_free(ov);
                return NULL;
            }
        }
    }
    return ov;
}

overlay_t *overlay_load(const char *path, diag_t *diag)
{
    size_t len;
    char *buf = read_file(path, FEED_MAX_BYTES, &len);
    if (!buf) {
        diag_add(diag, path, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    overlay_t *ov = overlay_load_mem(buf, len, path, diag);
    free(buf);
    return ov;
}

/* --- applying -------------------------------------------------------------------------- */

/* Copies src into the builder, every string into its arena. */
static struct item *copy_item(fb_t *b, const struct item *src)
{
    struct item *it = fb_add_item(b, src->kind, src->id, src->line);
    if (it)
        fb_copy_item(b, it, src);
    return it;
}

static const struct ov_entry *find_entry(const overlay_t *ov, const char *id)
{
    for (size_t i = 0; ov && i < ov->n; i++)
        if (strcmp(ov->e[i].id, id) == 0)
            return &ov->e[i];
    return NULL;
}

static void apply_entry(fb_t *b, struct item *it, const struct ov_entry *e)
{
    int price = -1;
    bool cleared = false;
    unsigned cleared_text = 0;
    for (size_t i = 0; i < e->n; i++) {
        const struct ov_field *f = &e->f[i];
        if (is_hide(f->name))
            continue;
        if (!strcmp(f->name, "prices")) {
            it->nprices = 0;
            cleared = true;
            continue;
        }
        if (!strcmp(f->name, "price")) {
            if (!cleared) { /* the override's prices replace the imported ones */
                it->nprices = 0;
                cleared = true;
            }
            price = fb_add_price(b, it, f->value, f->line);
            continue;
        }
        if (!strcmp(f->name, "label")) {
            if (price >= 0)
                fb_set_price_label(b, it, price, f->lang, f->value, f->line);
            continue;
        }
        if (!strcmp(f->name, "kind")) {
            enum item_kind k;
            if (kind_parse(f->value, &k) < 0 || k != it->kind)
                fb_error(b, f->line,
                         "override '%s': an override cannot change the kind "
                         "(the item is a %s); write a whole item with this id "
                         "in <items> instead",
                         e->id, kind_name(it->kind));
            continue;
        }
        /* A text given in the override replaces the imported one in every
         * language: translations of the old text would not match it. */
        tr_text *texts[] = {&it->title, &it->subtitle, &it->body, &it->category, &it->venue};
        static const char *const tnames[] = {"title", "subtitle", "body", "category", "venue"};
        for (int t = 0; t < 5; t++) {
            if (strcmp(f->name, tnames[t]) == 0 && !(cleared_text & (1u << t))) {
                memset(texts[t], 0, sizeof *texts[t]);
                cleared_text |= 1u << t;
            }
        }
        fb_set_field(b, it, f->name, f->lang, f->value, f->line);
    }
}

feed_t *overlay_apply(const feed_t *imported, const feed_t *native, const overlay_t *ov,
                      diag_t *diag)
{
    /* The settings are the office's, or the import's when it has none. */
    const feed_t *base = native ? native : imported;
    fb_t *b = fb_create(ov ? ov->name : "overlay", base ? feed_dir(base) : NULL, diag);
    fb_set_unbounded(b); /* a copy of feeds bounded when they were loaded */
    if (base)
        fb_copy_settings(b, feed_settings(base));
    size_t hidden = 0, replaced = 0, changed = 0;
    for (size_t i = 0; imported && i < feed_count(imported); i++) {
        const struct item *src = feed_item(imported, i);
        const struct ov_entry *e = find_entry(ov, src->id);
        if (e && e->hide) {
            hidden++;
            continue;
        }
        if (native && feed_find(native, src->id)) {
            replaced++;
            continue;
        }
        struct item *it = copy_item(b, src);
        if (it && e) {
            apply_entry(b, it, e);
            changed++;
        }
    }
    for (size_t i = 0; native && i < feed_count(native); i++)
        copy_item(b, feed_item(native, i));
    for (size_t i = 0; ov && i < ov->n; i++)
        if (!imported || !feed_find(imported, ov->e[i].id))
            log_msg(LV_WARN,
                    "%s:%d: override '%s' matches no imported item (gone from the "
                    "database?); ignored",
                    ov->name, ov->e[i].line, ov->e[i].id);
    log_msg(LV_INFO, "%s: %zu imported items changed, %zu hidden, %zu replaced by the office's",
            ov ? ov->name : "overlay", changed, hidden, replaced);
    return fb_finish(b);
}

feed_t *overlay_apply_file(const feed_t *imported, const char *path, diag_t *diag)
{
    feed_t *native = feed_load(path, diag);
    if (!native)
        return NULL;
    overlay_t *ov = overlay_load(path, diag);
    feed_t *f = ov ? overlay_apply(imported, native, ov, diag) : NULL;
    overlay_free(ov);
    feed_free(native);
    return f;
}
