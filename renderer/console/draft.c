/* draft — the draft, its checks, publishing and history. */
#include "console/draft.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "console/problem.h"
#include "model/diag.h"
#include "model/feed_write.h"
#include "model/overlay.h"
#include "model/util.h"

#define HIST_MIN_KEEP 100
#define CHECK_NAME    "brouillon"

struct draft {
    char *path, *content, *data, *draft_file, *hist_dir;
    int keep;
    bool json;
    struct stat seen; /* the file as last read */
    char seen_hash[65];
    cJSON *base;              /* the published document the draft started from */
    struct idref *base_index; /* base's items sorted by id, made on demand; NULL: stale */
    size_t base_n;
    cJSON *doc;       /* the draft */
    cJSON *conflicts; /* [{"id","field"}] from hand edits met by draft edits */
    feed_t *model;    /* the draft as loaded, NULL when stale */
    feed_t *pub_model;
    int last_version;
    char last_hash[65];
};

/* An item of the published document, for a binary search by id. */
struct idref {
    const char *id;
    const cJSON *item;
};

static void drop_index(draft_t *d)
{
    free(d->base_index);
    d->base_index = NULL;
    d->base_n = 0;
}

/* ---- small helpers ---- */

static void sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[32];
    gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, h);
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", h[i]);
}

static cJSON *empty_doc(void)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "version", 1);
    cJSON_AddObjectToObject(d, "settings");
    cJSON_AddArrayToObject(d, "items");
    return d;
}

static cJSON *items_of(const cJSON *doc)
{
    return cJSON_GetObjectItemCaseSensitive(doc, "items");
}

static cJSON *find_item(const cJSON *doc, const char *id, int *index)
{
    int i = 0;
    for (cJSON *it = items_of(doc) ? items_of(doc)->child : NULL; it; it = it->next, i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "id");
        if (cJSON_IsString(v) && !strcmp(v->valuestring, id)) {
            if (index)
                *index = i;
            return it;
        }
    }
    return NULL;
}

static const char *json_get_str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *item_id(const cJSON *it)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "id");
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int write_atomic(const char *path, const char *buf, size_t len)
{
    char *copy = xstrdup(path);
    char *dir = dirname(copy);
    char *base_copy = xstrdup(path);
    char *tmp = xasprintf("%s/.%s.tmp.%d", dir, basename(base_copy), (int)getpid());
    int rc = -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        goto out;
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, buf + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    if (off == len && fsync(fd) == 0 && close(fd) == 0) {
        fd = -1;
        if (rename(tmp, path) == 0) {
            rc = 0;
            int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd >= 0) {
                fsync(dfd);
                close(dfd);
            }
        }
    }
    if (fd >= 0)
        close(fd);
    if (rc < 0)
        unlink(tmp);
out:
    if (rc < 0)
        log_msg(LV_ERR, "console: cannot write %s: %s", path, strerror(errno));
    free(tmp);
    free(copy);
    free(base_copy);
    return rc;
}

static int write_json_file(const char *path, const cJSON *v)
{
    char *s = cJSON_PrintUnformatted(v);
    if (!s)
        die("out of memory");
    int rc = write_atomic(path, s, strlen(s));
    free(s);
    return rc;
}

static cJSON *read_json_file(const char *path)
{
    size_t len;
    char *s = read_file(path, 64u << 20, &len);
    if (!s)
        return NULL;
    cJSON *v = cJSON_ParseWithLength(s, len);
    free(s);
    return v;
}

/* The model written as the JSON feed document (fixed field order). */
cJSON *draft_doc_of(const feed_t *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        die("out of memory");
    feed_write_json(f, m);
    fclose(m);
    cJSON *doc = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (!doc)
        die("out of memory");
    return doc;
}

/* ---- checking with the player's loader, messages mapped to fields ---- */

struct linemap {
    int *item;    /* per line: index in items, -1 settings, -2 elsewhere */
    char **field; /* per line: dotted field name */
    int n, cap;
};

struct printer {
    char *buf;
    size_t len, cap;
    int line;
    struct linemap *map;
};

static void put(struct printer *p, const char *s)
{
    size_t n = strlen(s);
    if (p->len + n + 1 > p->cap) {
        p->cap = (p->len + n + 1) * 2;
        p->buf = xrealloc(p->buf, p->cap);
    }
    memcpy(p->buf + p->len, s, n + 1);
    p->len += n;
    for (const char *c = s; *c; c++)
        p->line += *c == '\n';
}

static void mark(struct printer *p, int item, const char *field)
{
    struct linemap *m = p->map;
    while (m->n <= p->line) {
        if (m->n == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 256;
            m->item = xrealloc(m->item, (size_t)m->cap * sizeof *m->item);
            m->field = xrealloc(m->field, (size_t)m->cap * sizeof *m->field);
        }
        m->item[m->n] = -2;
        m->field[m->n++] = NULL;
    }
    m->item[p->line] = item;
    free(m->field[p->line]);
    m->field[p->line] = xstrdup(field);
}

/* Writes v with every member on a line of its own, noting each line's field. */
static void emit(struct printer *p, const cJSON *v, int item, const char *path)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        bool obj = cJSON_IsObject(v);
        put(p, obj ? "{\n" : "[\n");
        int i = 0;
        for (const cJSON *c = v->child; c; c = c->next, i++) {
            char *sub;
            if (obj)
                sub = path[0] ? xasprintf("%s.%s", path, c->string) : xstrdup(c->string);
            else
                sub = path[0] ? xasprintf("%s.%d", path, i) : xasprintf("%d", i);
            mark(p, item, sub);
            if (obj) {
                char *k = cJSON_PrintUnformatted(
                    &(cJSON){.type = cJSON_String, .valuestring = c->string});
                put(p, k);
                put(p, ": ");
                free(k);
            }
            emit(p, c, item, sub);
            put(p, c->next ? ",\n" : "\n");
            free(sub);
        }
        put(p, obj ? "}" : "]");
        return;
    }
    char *s = cJSON_PrintUnformatted(v);
    put(p, s ? s : "null");
    free(s);
}

static char *print_doc(const cJSON *doc, struct linemap *map)
{
    struct printer p = {.line = 1, .map = map};
    put(&p, "{\n");
    for (const cJSON *c = doc->child; c; c = c->next) {
        char *k = cJSON_PrintUnformatted(&(cJSON){.type = cJSON_String, .valuestring = c->string});
        put(&p, k);
        put(&p, ": ");
        free(k);
        if (!strcmp(c->string, "items") && cJSON_IsArray(c)) {
            put(&p, "[\n");
            int i = 0;
            for (const cJSON *it = c->child; it; it = it->next, i++) {
                mark(&p, i, "");
                emit(&p, it, i, "");
                put(&p, it->next ? ",\n" : "\n");
            }
            put(&p, "]");
        } else if (!strcmp(c->string, "settings")) {
            mark(&p, -1, "");
            emit(&p, c, -1, "");
        } else {
            emit(&p, c, -2, c->string);
        }
        put(&p, c->next ? ",\n" : "\n");
    }
    put(&p, "}\n");
    return p.buf;
}

static void linemap_free(struct linemap *m)
{
    for (int i = 0; i < m->n; i++)
        free(m->field[i]);
    free(m->item);
    free(m->field);
}

/* Loads doc with the player's loader. Returns the model (or NULL) and, in
 * *errors, [{"item": index, "field", "message"}]. */
static feed_t *check_doc(const draft_t *d, const cJSON *doc, cJSON **errors)
{
    struct linemap map = {0};
    char *text = print_doc(doc, &map);
    diag_t *diag = diag_create();
    feed_t *f = feed_load_mem(text, strlen(text), CHECK_NAME, d->content, diag);
    cJSON *errs = cJSON_CreateArray();
    for (size_t i = 0; i < diag_count(diag) && i < DIAG_MAX; i++) {
        const char *msg = diag_get(diag, i);
        int line = 0;
        if (str_starts(msg, CHECK_NAME ":")) {
            msg += strlen(CHECK_NAME) + 1;
            char *end;
            long l = strtol(msg, &end, 10);
            if (end != msg && *end == ':') {
                line = (int)l;
                msg = end + 1;
            }
            while (*msg == ' ')
                msg++;
        }
        /* The loader names the field and the problem; the line tells the
         * item, and the field when the loader does not say it. */
        const struct diag_info *info = diag_info(diag, i);
        cJSON *e = cJSON_CreateObject();
        int item = line > 0 && line < map.n ? map.item[line] : -2;
        const char *field = info && info->field                           ? info->field
                            : line > 0 && line < map.n && map.field[line] ? map.field[line]
                                                                          : "";
        cJSON_AddNumberToObject(e, "item", item);
        cJSON_AddStringToObject(e, "field", field);
        cJSON_AddStringToObject(e, "code", problem_code(info));
        char *words = problem_feed_fr(info);
        cJSON_AddStringToObject(e, "message", words);
        free(words);
        if (!info || !info->code) /* a technician's problem: kept in their words */
            log_msg(LV_INFO, "check: %s", msg);
        cJSON_AddItemToArray(errs, e);
    }
    diag_free(diag);
    free(text);
    linemap_free(&map);
    *errors = errs;
    return f;
}

/* ---- loading the published file ---- */

static void record_version(draft_t *d, const char *user, const char *summary, const char *raw,
                           size_t len, const cJSON *doc);

/* Reads the file; on success sets *doc (NULL when missing: empty) and the
 * raw bytes' hash. Returns -1 when it does not load (problems logged). */
static int read_published(draft_t *d, cJSON **doc, char hash[65], char **raw, size_t *rawlen)
{
    size_t len = 0;
    char *buf = read_file(d->path, FEED_MAX_BYTES, &len);
    *raw = NULL;
    *rawlen = 0;
    if (!buf) {
        if (errno != ENOENT) {
            log_msg(LV_ERR, "console: %s: %s", d->path, strerror(errno));
            return -1;
        }
        *doc = empty_doc();
        sha256_hex("", 0, hash);
        return 0;
    }
    sha256_hex(buf, len, hash);
    diag_t *diag = diag_create();
    char *dirc = xstrdup(d->path);
    feed_t *f = feed_load_mem(buf, len, d->path, d->content, diag);
    free(dirc);
    if (!f) {
        log_msg(LV_ERR,
                "console: %s does not load (%zu problems; vitrine check shows them); "
                "the console keeps the last good version",
                d->path, diag_count(diag));
        diag_free(diag);
        free(buf);
        return -1;
    }
    diag_free(diag);
    *doc = draft_doc_of(f);
    feed_free(f);
    /* The overrides section is not in the model: carried over as written. */
    const char *p = buf;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (*p == '{') {
        cJSON *rawdoc = cJSON_ParseWithLength(buf, len);
        cJSON *ov = cJSON_DetachItemFromObjectCaseSensitive(rawdoc, "overrides");
        if (ov)
            cJSON_AddItemToObject(*doc, "overrides", ov);
        cJSON_Delete(rawdoc);
    }
    *raw = buf;
    *rawlen = len;
    return 0;
}

static void save_draft(draft_t *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemReferenceToObject(o, "base", d->base);
    cJSON_AddItemReferenceToObject(o, "doc", d->doc);
    cJSON_AddItemReferenceToObject(o, "conflicts", d->conflicts);
    write_json_file(d->draft_file, o);
    cJSON_Delete(o);
}

static void stale(draft_t *d)
{
    feed_free(d->model);
    d->model = NULL;
}

static void add_conflict(draft_t *d, const char *id, const char *field)
{
    for (const cJSON *c = d->conflicts->child; c; c = c->next)
        if (!strcmp(json_get_str(c, "id"), id) && !strcmp(json_get_str(c, "field"), field))
            return;
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "id", id);
    cJSON_AddStringToObject(c, "field", field);
    cJSON_AddItemToArray(d->conflicts, c);
}

/* Fields where a and b differ (members of two objects; NULL is empty). */
static void differing_fields(const cJSON *a, const cJSON *b, void (*fn)(void *, const char *),
                             void *ctx)
{
    for (const cJSON *c = a ? a->child : NULL; c; c = c->next) {
        const cJSON *o = b ? cJSON_GetObjectItemCaseSensitive(b, c->string) : NULL;
        if (!o || !cJSON_Compare(c, o, true))
            fn(ctx, c->string);
    }
    for (const cJSON *c = b ? b->child : NULL; c; c = c->next)
        if (!a || !cJSON_GetObjectItemCaseSensitive(a, c->string))
            fn(ctx, c->string);
}

struct conflict_ctx {
    draft_t *d;
    const char *id;
};

static void conflict_field(void *ctx, const char *field)
{
    struct conflict_ctx *c = ctx;
    add_conflict(c->d, c->id, field);
}

/* Lays the draft's changes (from base) over newpub; both changed: the draft
 * wins and the fields are noted as conflicts. Takes newpub. */
static void rebase(draft_t *d, cJSON *newpub)
{
    cJSON *out = cJSON_Duplicate(newpub, true);
    /* settings */
    const cJSON *bs = cJSON_GetObjectItemCaseSensitive(d->base, "settings"),
                *ds = cJSON_GetObjectItemCaseSensitive(d->doc, "settings"),
                *ns = cJSON_GetObjectItemCaseSensitive(newpub, "settings");
    if (!cJSON_Compare(bs, ds, true)) {
        if (!cJSON_Compare(bs, ns, true) && !cJSON_Compare(ds, ns, true)) {
            struct conflict_ctx cc = {d, "settings"};
            differing_fields(ds, ns, conflict_field, &cc);
        }
        cJSON_ReplaceItemInObjectCaseSensitive(out, "settings", cJSON_Duplicate(ds, true));
    }
    cJSON *items = items_of(out);
    /* items the draft changed or removed */
    for (const cJSON *b = items_of(d->base)->child; b; b = b->next) {
        const char *id = item_id(b);
        const cJSON *dv = find_item(d->doc, id, NULL);
        int ni;
        cJSON *nv = find_item(out, id, &ni);
        if (dv && cJSON_Compare(b, dv, true))
            continue; /* the draft left it alone: the hand edit stands */
        bool hand = !nv || !cJSON_Compare(b, nv, true);
        if (hand) {
            struct conflict_ctx cc = {d, id};
            if (dv && nv)
                differing_fields(dv, nv, conflict_field, &cc);
            else
                add_conflict(d, id, "");
        }
        if (dv && nv)
            cJSON_ReplaceItemInArray(items, ni, cJSON_Duplicate(dv, true));
        else if (dv)
            cJSON_AddItemToArray(items, cJSON_Duplicate(dv, true));
        else if (nv)
            cJSON_DeleteItemFromArray(items, ni);
    }
    /* items the draft added */
    for (const cJSON *v = items_of(d->doc)->child; v; v = v->next) {
        const char *id = item_id(v);
        if (find_item(d->base, id, NULL))
            continue;
        int ni;
        cJSON *nv = find_item(out, id, &ni);
        if (nv) {
            if (!cJSON_Compare(nv, v, true)) {
                struct conflict_ctx cc = {d, id};
                differing_fields(v, nv, conflict_field, &cc);
            }
            cJSON_ReplaceItemInArray(items, ni, cJSON_Duplicate(v, true));
        } else {
            cJSON_AddItemToArray(items, cJSON_Duplicate(v, true));
        }
    }
    cJSON_Delete(d->doc);
    cJSON_Delete(d->base);
    d->doc = out;
    d->base = newpub;
    drop_index(d);
    stale(d);
}

bool draft_sync(draft_t *d)
{
    struct stat st;
    bool exists = stat(d->path, &st) == 0;
    if (exists && st.st_ino == d->seen.st_ino && st.st_size == d->seen.st_size &&
        st.st_mtim.tv_sec == d->seen.st_mtim.tv_sec &&
        st.st_mtim.tv_nsec == d->seen.st_mtim.tv_nsec)
        return false;
    if (!exists && d->seen.st_ino == 0)
        return false;
    d->seen = exists ? st : (struct stat){0};
    cJSON *doc;
    char hash[65], *raw;
    size_t rawlen;
    if (read_published(d, &doc, hash, &raw, &rawlen) < 0)
        return false;
    bool changed = strcmp(hash, d->seen_hash) != 0;
    memcpy(d->seen_hash, hash, sizeof hash);
    if (!changed) {
        cJSON_Delete(doc);
        free(raw);
        return false;
    }
    feed_free(d->pub_model);
    d->pub_model = NULL;
    if (raw && strcmp(hash, d->last_hash))
        record_version(d, "",
                       d->last_version ? "Fichier modifié hors de la console"
                                       : "Le fichier tel qu'il était avant la console",
                       raw, rawlen, doc);
    free(raw);
    if (cJSON_Compare(doc, d->base, true)) {
        cJSON_Delete(doc);
    } else if (cJSON_Compare(d->doc, d->base, true)) {
        cJSON_Delete(d->base);
        cJSON_Delete(d->doc);
        d->base = doc;
        drop_index(d);
        d->doc = cJSON_Duplicate(doc, true);
        stale(d);
    } else {
        log_msg(LV_WARN, "console: %s was changed outside the console during a draft; merged",
                d->path);
        rebase(d, doc);
    }
    save_draft(d);
    return true;
}

/* ---- history ---- */

static char *hist_path(const draft_t *d, int n, const char *ext)
{
    return xasprintf("%s/%06d.%s", d->hist_dir, n, ext);
}

static int version_cmp(const void *a, const void *b)
{
    return *(const int *)b - *(const int *)a;
}

/* The versions present, newest first; *n their count. */
static int *list_versions(const draft_t *d, int *n)
{
    int *v = NULL, cap = 0;
    *n = 0;
    DIR *dir = opendir(d->hist_dir);
    if (!dir)
        return NULL;
    struct dirent *e;
    while ((e = readdir(dir))) {
        int k;
        char ext[8];
        if (sscanf(e->d_name, "%6d.%7s", &k, ext) == 2 && !strcmp(ext, "json") && k > 0) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 64;
                v = xrealloc(v, (size_t)cap * sizeof *v);
            }
            v[(*n)++] = k;
        }
    }
    closedir(dir);
    if (*n)
        qsort(v, (size_t)*n, sizeof *v, version_cmp);
    return v;
}

static void record_version(draft_t *d, const char *user, const char *summary, const char *raw,
                           size_t len, const cJSON *doc)
{
    int n = d->last_version + 1;
    char *fp = hist_path(d, n, "feed"), *jp = hist_path(d, n, "json");
    char at[32], hash[65];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sha256_hex(raw, len, hash);
    cJSON *meta = cJSON_CreateObject();
    cJSON_AddNumberToObject(meta, "version", n);
    cJSON_AddStringToObject(meta, "user", user);
    cJSON_AddStringToObject(meta, "at", at);
    cJSON_AddStringToObject(meta, "summary", summary);
    cJSON_AddStringToObject(meta, "hash", hash);
    cJSON_AddItemReferenceToObject(meta, "doc", (cJSON *)doc);
    /* The exact bytes first, then the entry that names them. */
    if (write_atomic(fp, raw, len) == 0 && write_json_file(jp, meta) == 0) {
        d->last_version = n;
        memcpy(d->last_hash, hash, sizeof hash);
    }
    cJSON_Delete(meta);
    free(fp);
    free(jp);
    int count;
    int *v = list_versions(d, &count);
    for (int i = d->keep; i < count; i++) {
        char *a = hist_path(d, v[i], "json"), *b = hist_path(d, v[i], "feed");
        unlink(a);
        unlink(b);
        free(a);
        free(b);
    }
    free(v);
}

static cJSON *read_version(const draft_t *d, int n)
{
    char *jp = hist_path(d, n, "json");
    cJSON *m = read_json_file(jp);
    free(jp);
    return m;
}

cJSON *draft_history(draft_t *d)
{
    int count;
    int *v = list_versions(d, &count);
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < count; i++) {
        cJSON *m = read_version(d, v[i]);
        if (!m)
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "version", v[i]);
        cJSON_AddStringToObject(e, "user", json_get_str(m, "user"));
        cJSON_AddStringToObject(e, "at", json_get_str(m, "at"));
        cJSON_AddStringToObject(e, "summary", json_get_str(m, "summary"));
        cJSON_AddItemToArray(arr, e);
        cJSON_Delete(m);
    }
    free(v);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "versions", arr);
    return o;
}

struct diff_ctx {
    cJSON *changes;
    const char *id;
    const cJSON *before, *after;
};

static void diff_field(void *ctx, const char *field)
{
    struct diff_ctx *c = ctx;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "id", c->id);
    cJSON_AddStringToObject(e, "field", field);
    const cJSON *b = c->before ? cJSON_GetObjectItemCaseSensitive(c->before, field) : NULL;
    const cJSON *a = c->after ? cJSON_GetObjectItemCaseSensitive(c->after, field) : NULL;
    cJSON_AddItemToObject(e, "before", b ? cJSON_Duplicate(b, true) : cJSON_CreateNull());
    cJSON_AddItemToObject(e, "after", a ? cJSON_Duplicate(a, true) : cJSON_CreateNull());
    cJSON_AddItemToArray(c->changes, e);
}

/* Every field that differs between two documents, item by item. */
static cJSON *doc_diff(const cJSON *from, const cJSON *to)
{
    cJSON *changes = cJSON_CreateArray();
    struct diff_ctx c = {.changes = changes, .id = "settings"};
    c.before = cJSON_GetObjectItemCaseSensitive(from, "settings");
    c.after = cJSON_GetObjectItemCaseSensitive(to, "settings");
    differing_fields(c.before, c.after, diff_field, &c);
    for (const cJSON *a = items_of(from)->child; a; a = a->next) {
        c.id = item_id(a);
        c.before = a;
        c.after = find_item(to, c.id, NULL);
        if (!c.after) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "id", c.id);
            cJSON_AddStringToObject(e, "field", "");
            cJSON_AddItemToObject(e, "before", cJSON_Duplicate(a, true));
            cJSON_AddItemToObject(e, "after", cJSON_CreateNull());
            cJSON_AddItemToArray(changes, e);
        } else if (!cJSON_Compare(a, c.after, true)) {
            differing_fields(c.before, c.after, diff_field, &c);
        }
    }
    for (const cJSON *b = items_of(to)->child; b; b = b->next) {
        if (find_item(from, item_id(b), NULL))
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", item_id(b));
        cJSON_AddStringToObject(e, "field", "");
        cJSON_AddItemToObject(e, "before", cJSON_CreateNull());
        cJSON_AddItemToObject(e, "after", cJSON_Duplicate(b, true));
        cJSON_AddItemToArray(changes, e);
    }
    return changes;
}

cJSON *draft_diff(draft_t *d, int n, int m)
{
    if (m <= 0) {
        int count;
        int *v = list_versions(d, &count);
        m = 0;
        for (int i = 0; i < count; i++)
            if (v[i] < n) {
                m = v[i];
                break;
            }
        free(v);
    }
    cJSON *a = m > 0 ? read_version(d, m) : NULL, *b = read_version(d, n);
    cJSON *out = NULL;
    if (b && (a || m == 0)) {
        cJSON *empty = empty_doc();
        const cJSON *from = a ? cJSON_GetObjectItemCaseSensitive(a, "doc") : empty;
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(b, "doc");
        if (from && to) {
            out = cJSON_CreateObject();
            cJSON_AddItemToObject(out, "changes", doc_diff(from, to));
        }
        cJSON_Delete(empty);
    }
    cJSON_Delete(a);
    cJSON_Delete(b);
    return out;
}

/* ---- open ---- */

draft_t *draft_open(const char *feed_path, const char *content_dir, const char *data_dir, int keep,
                    char *err, size_t errsz)
{
    draft_t *d = xcalloc(1, sizeof *d);
    d->path = xstrdup(feed_path);
    d->content = xstrdup(content_dir);
    d->data = xstrdup(data_dir);
    d->draft_file = xasprintf("%s/draft.json", data_dir);
    d->hist_dir = xasprintf("%s/history", data_dir);
    d->keep = keep < HIST_MIN_KEEP ? HIST_MIN_KEEP : keep;
    d->json = str_ends(feed_path, ".json");
    d->conflicts = cJSON_CreateArray();
    if (mkdir(d->hist_dir, 0700) < 0 && errno != EEXIST) {
        snprintf(err, errsz, "cannot create %s: %s", d->hist_dir, strerror(errno));
        draft_free(d);
        return NULL;
    }
    int count;
    int *v = list_versions(d, &count);
    if (count) {
        d->last_version = v[0];
        cJSON *m = read_version(d, v[0]);
        snprintf(d->last_hash, sizeof d->last_hash, "%s", m ? json_get_str(m, "hash") : "");
        cJSON_Delete(m);
    }
    free(v);
    /* The file's format is what it holds, whatever its name says. */
    FILE *f = fopen(feed_path, "r");
    if (f) {
        int c;
        while ((c = fgetc(f)) == ' ' || c == '\n' || c == '\r' || c == '\t')
            ;
        if (c != EOF)
            d->json = c == '{';
        fclose(f);
    }
    cJSON *saved = read_json_file(d->draft_file);
    cJSON *sb = saved ? cJSON_DetachItemFromObjectCaseSensitive(saved, "base") : NULL;
    cJSON *sd = saved ? cJSON_DetachItemFromObjectCaseSensitive(saved, "doc") : NULL;
    cJSON *sc = saved ? cJSON_DetachItemFromObjectCaseSensitive(saved, "conflicts") : NULL;
    cJSON_Delete(saved);
    if (sb && sd && items_of(sb) && items_of(sd) && cJSON_IsArray(sc)) {
        d->base = sb;
        drop_index(d);
        d->doc = sd;
        cJSON_Delete(d->conflicts);
        d->conflicts = sc;
    } else {
        cJSON_Delete(sb);
        cJSON_Delete(sd);
        cJSON_Delete(sc);
        d->base = empty_doc();
        drop_index(d);
        d->doc = empty_doc();
    }
    draft_sync(d);
    return d;
}

void draft_free(draft_t *d)
{
    if (!d)
        return;
    cJSON_Delete(d->base);
    drop_index(d);
    cJSON_Delete(d->doc);
    cJSON_Delete(d->conflicts);
    feed_free(d->model);
    feed_free(d->pub_model);
    free(d->path);
    free(d->content);
    free(d->data);
    free(d->draft_file);
    free(d->hist_dir);
    free(d);
}

/* ---- reading ---- */

const cJSON *draft_published_items(const draft_t *d)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(d->base, "items");
    return cJSON_IsArray(items) ? items : NULL;
}

const cJSON *draft_items(const draft_t *d)
{
    return items_of(d->doc);
}

const cJSON *draft_settings(const draft_t *d)
{
    return cJSON_GetObjectItemCaseSensitive(d->doc, "settings");
}

const cJSON *draft_item(const draft_t *d, const char *id)
{
    return find_item(d->doc, id, NULL);
}

static int idref_cmp(const void *a, const void *b)
{
    return strcmp(((const struct idref *)a)->id, ((const struct idref *)b)->id);
}

bool draft_item_changed(draft_t *d, const cJSON *a)
{
    const char *id = item_id(a);
    if (!d->base_index) { /* the list asks for every item: no linear search each */
        size_t n = (size_t)cJSON_GetArraySize(items_of(d->base));
        d->base_index = xcalloc(n + 1, sizeof *d->base_index);
        for (const cJSON *it = items_of(d->base)->child; it; it = it->next)
            d->base_index[d->base_n++] = (struct idref){item_id(it), it};
        qsort(d->base_index, d->base_n, sizeof *d->base_index, idref_cmp);
    }
    struct idref key = {id, NULL};
    const struct idref *r =
        bsearch(&key, d->base_index, d->base_n, sizeof *d->base_index, idref_cmp);
    return !r || !cJSON_Compare(a, r->item, true);
}

bool draft_is_json(const draft_t *d)
{
    return d->json;
}

const feed_t *draft_model(draft_t *d)
{
    if (!d->model) {
        cJSON *errs;
        d->model = check_doc(d, d->doc, &errs);
        cJSON_Delete(errs);
    }
    return d->model;
}

const feed_t *draft_published_model(draft_t *d)
{
    if (!d->pub_model) {
        diag_t *diag = diag_create();
        d->pub_model = feed_load(d->path, diag);
        diag_free(diag);
    }
    return d->pub_model;
}

/* ---- changing ---- */

/* Keeps the problems of the item at index (by number) with their field. */
static cJSON *item_errors(cJSON *errs, int index)
{
    cJSON *out = cJSON_CreateArray();
    for (const cJSON *e = errs->child; e; e = e->next) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(e, "item");
        if (!cJSON_IsNumber(it) || it->valueint != index)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "field", json_get_str(e, "field"));
        cJSON_AddStringToObject(o, "code", json_get_str(e, "code"));
        cJSON_AddStringToObject(o, "message", json_get_str(e, "message"));
        cJSON_AddItemToArray(out, o);
    }
    return out;
}

/* A copy of the draft with item in place of replace (or appended); *index
 * is where it is. */
static cJSON *with_item(const draft_t *d, const cJSON *item, const char *replace, int *index)
{
    cJSON *doc = cJSON_Duplicate(d->doc, true);
    cJSON *items = items_of(doc);
    int i;
    if (replace && find_item(doc, replace, &i)) {
        cJSON_ReplaceItemInArray(items, i, cJSON_Duplicate(item, true));
        *index = i;
    } else {
        *index = cJSON_GetArraySize(items);
        cJSON_AddItemToArray(items, cJSON_Duplicate(item, true));
    }
    return doc;
}

cJSON *draft_check_item(draft_t *d, const cJSON *item, const char *replace)
{
    if (!cJSON_IsObject(item)) {
        cJSON *errs = cJSON_CreateArray();
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", "");
        cJSON_AddStringToObject(e, "code", "not_object");
        cJSON_AddStringToObject(e, "message", problem_words("not_object"));
        cJSON_AddItemToArray(errs, e);
        return errs;
    }
    int index;
    cJSON *doc = with_item(d, item, replace, &index), *errs;
    feed_t *f = check_doc(d, doc, &errs);
    feed_free(f);
    cJSON_Delete(doc);
    cJSON *mine = item_errors(errs, index);
    cJSON_Delete(errs);
    return mine;
}

feed_t *draft_model_with(draft_t *d, const cJSON *item, const char *replace, cJSON **errors)
{
    int index;
    cJSON *doc = with_item(d, item, replace, &index), *errs;
    feed_t *f = check_doc(d, doc, &errs);
    cJSON_Delete(doc);
    *errors = item_errors(errs, index);
    cJSON_Delete(errs);
    if (f && cJSON_GetArraySize(*errors)) {
        feed_free(f);
        f = NULL;
    }
    return f;
}

struct audit_ctx {
    cJSON *list;
    const cJSON *before, *after;
};

static void audit_field(void *ctx, const char *field)
{
    struct audit_ctx *c = ctx;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "field", field);
    const cJSON *b = c->before ? cJSON_GetObjectItemCaseSensitive(c->before, field) : NULL;
    const cJSON *a = c->after ? cJSON_GetObjectItemCaseSensitive(c->after, field) : NULL;
    cJSON_AddItemToObject(e, "before", b ? cJSON_Duplicate(b, true) : cJSON_CreateNull());
    cJSON_AddItemToObject(e, "after", a ? cJSON_Duplicate(a, true) : cJSON_CreateNull());
    cJSON_AddItemToArray(c->list, e);
}

cJSON *draft_put(draft_t *d, cJSON *item, const char *replace, cJSON **audit)
{
    cJSON *errs = draft_check_item(d, item, replace);
    if (cJSON_GetArraySize(errs)) {
        cJSON_Delete(item);
        return errs;
    }
    cJSON_Delete(errs);
    int i;
    const cJSON *old = replace ? find_item(d->doc, replace, &i) : NULL;
    struct audit_ctx ac = {cJSON_CreateArray(), old, item};
    differing_fields(old, item, audit_field, &ac);
    *audit = ac.list;
    if (old)
        cJSON_ReplaceItemInArray(items_of(d->doc), i, item);
    else
        cJSON_AddItemToArray(items_of(d->doc), item);
    stale(d);
    save_draft(d);
    return NULL;
}

cJSON *draft_delete(draft_t *d, const char *id)
{
    int i;
    if (!find_item(d->doc, id, &i))
        return NULL;
    cJSON *it = cJSON_DetachItemFromArray(items_of(d->doc), i);
    stale(d);
    save_draft(d);
    return it;
}

cJSON *draft_put_settings(draft_t *d, cJSON *settings, cJSON **audit)
{
    cJSON *doc = cJSON_Duplicate(d->doc, true), *errs;
    cJSON_ReplaceItemInObjectCaseSensitive(doc, "settings", cJSON_Duplicate(settings, true));
    feed_t *f = check_doc(d, doc, &errs);
    feed_free(f);
    cJSON_Delete(doc);
    cJSON *mine = item_errors(errs, -1);
    cJSON_Delete(errs);
    if (cJSON_GetArraySize(mine)) {
        cJSON_Delete(settings);
        return mine;
    }
    cJSON_Delete(mine);
    struct audit_ctx ac = {cJSON_CreateArray(), draft_settings(d), settings};
    differing_fields(ac.before, settings, audit_field, &ac);
    *audit = ac.list;
    cJSON_ReplaceItemInObjectCaseSensitive(d->doc, "settings", settings);
    stale(d);
    save_draft(d);
    return NULL;
}

/* Sets v at a dotted path under o ("title.fr" makes title an object by
 * language); a null v removes it. */
static void set_dotted(cJSON *o, const char *path, const cJSON *v)
{
    const char *dot = strchr(path, '.');
    if (!dot) {
        cJSON_DeleteItemFromObjectCaseSensitive(o, path);
        if (!cJSON_IsNull(v))
            cJSON_AddItemToObject(o, path, cJSON_Duplicate(v, true));
        return;
    }
    char *head = xasprintf("%.*s", (int)(dot - path), path);
    cJSON *sub = cJSON_GetObjectItemCaseSensitive(o, head);
    if (cJSON_IsString(sub)) { /* a French-only text grows languages */
        cJSON *obj = cJSON_CreateObject();
        cJSON_AddStringToObject(obj, "fr", sub->valuestring);
        cJSON_ReplaceItemInObjectCaseSensitive(o, head, obj);
        sub = obj;
    } else if (!cJSON_IsObject(sub)) {
        cJSON_DeleteItemFromObjectCaseSensitive(o, head);
        sub = cJSON_AddObjectToObject(o, head);
    }
    set_dotted(sub, dot + 1, v);
    if (!sub->child)
        cJSON_DeleteItemFromObjectCaseSensitive(o, head);
    free(head);
}

/* Lays override entry (JSON, or NULL) over the imported feed with the
 * importers' own code, as `vitrine import --overlay` will: the values the
 * loader refuses, as field errors ([] when none); the caller frees. */
static cJSON *check_override(const cJSON *entry, const feed_t *imported)
{
    cJSON *errs = cJSON_CreateArray();
    if (!entry || !imported)
        return errs;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "overrides"), cJSON_Duplicate(entry, true));
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    diag_t *diag = diag_create();
    overlay_t *ov = overlay_load_mem(text, strlen(text), CHECK_NAME, diag);
    feed_t *f = ov ? overlay_apply(imported, NULL, ov, diag) : NULL;
    for (size_t i = 0; !f && i < diag_count(diag) && i < DIAG_MAX; i++) {
        const struct diag_info *info = diag_info(diag, i);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", info && info->field ? info->field : "fields");
        cJSON_AddStringToObject(e, "code", problem_code(info));
        char *words = problem_feed_fr(info);
        cJSON_AddStringToObject(e, "message", words);
        free(words);
        if (!info || !info->code)
            log_msg(LV_INFO, "override: %s", diag_get(diag, i));
        cJSON_AddItemToArray(errs, e);
    }
    feed_free(f);
    overlay_free(ov);
    diag_free(diag);
    free(text);
    return errs;
}

cJSON *draft_override(draft_t *d, const char *id, const cJSON *req, const feed_t *imported,
                      cJSON **audit)
{
    cJSON *doc = cJSON_Duplicate(d->doc, true);
    cJSON *ovs = cJSON_GetObjectItemCaseSensitive(doc, "overrides");
    if (!cJSON_IsArray(ovs)) {
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "overrides");
        ovs = cJSON_AddArrayToObject(doc, "overrides");
    }
    cJSON *entry = NULL;
    int index = 0;
    for (cJSON *o = ovs->child; o && !entry; o = o->next, index++)
        if (!strcmp(json_get_str(o, "id"), id))
            entry = o;
    if (!entry) {
        entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "id", id);
        cJSON_AddItemToArray(ovs, entry);
    }
    cJSON *before = cJSON_Duplicate(entry, true);
    const cJSON *hide = cJSON_GetObjectItemCaseSensitive(req, "hide");
    if (cJSON_IsBool(hide)) {
        cJSON_DeleteItemFromObjectCaseSensitive(entry, "hide");
        if (cJSON_IsTrue(hide))
            cJSON_AddTrueToObject(entry, "hide");
    }
    const cJSON *pin = cJSON_GetObjectItemCaseSensitive(req, "pin");
    if (cJSON_IsBool(pin)) { /* pinned: high priority, shown more often */
        cJSON_DeleteItemFromObjectCaseSensitive(entry, "priority");
        if (cJSON_IsTrue(pin))
            cJSON_AddStringToObject(entry, "priority", "high");
    }
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(req, "fields");
    for (const cJSON *f = cJSON_IsObject(fields) ? fields->child : NULL; f; f = f->next)
        if (strcmp(f->string, "id") && strcmp(f->string, "kind") && f->string[0] != '.')
            set_dotted(entry, f->string, f);
    if (!entry->child->next) /* nothing left but the id */
        cJSON_Delete(cJSON_DetachItemViaPointer(ovs, entry));
    if (!ovs->child)
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "overrides");
    /* The importers' own reader checks the section. */
    char *text = cJSON_PrintUnformatted(doc);
    diag_t *diag = diag_create();
    overlay_t *ov = overlay_load_mem(text, strlen(text), CHECK_NAME, diag);
    free(text);
    cJSON *errs = NULL;
    if (!ov) {
        errs = cJSON_CreateArray();
        for (size_t i = 0; i < diag_count(diag) && i < DIAG_MAX; i++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "field", "fields");
            cJSON_AddStringToObject(e, "code", "override_value");
            cJSON_AddStringToObject(e, "message", problem_words("override_value"));
            cJSON_AddItemToArray(errs, e);
            log_msg(LV_INFO, "override: %s", diag_get(diag, i));
        }
        cJSON_Delete(doc);
    } else {
        cJSON *after = NULL;
        for (cJSON *o = cJSON_GetObjectItemCaseSensitive(doc, "overrides")
                            ? cJSON_GetObjectItemCaseSensitive(doc, "overrides")->child
                            : NULL;
             o; o = o->next)
            if (!strcmp(json_get_str(o, "id"), id))
                after = o;
        /* The values too, now rather than when the import is laid over. */
        cJSON *bad = check_override(after, imported);
        if (cJSON_GetArraySize(bad)) {
            overlay_free(ov);
            diag_free(diag);
            cJSON_Delete(before);
            cJSON_Delete(doc);
            return bad;
        }
        cJSON_Delete(bad);
        struct audit_ctx ac = {cJSON_CreateArray(), before, after};
        differing_fields(before, after, audit_field, &ac);
        *audit = ac.list;
        cJSON_Delete(d->doc);
        d->doc = doc;
        stale(d);
        save_draft(d);
    }
    overlay_free(ov);
    diag_free(diag);
    cJSON_Delete(before);
    return errs;
}

const cJSON *draft_overrides(const draft_t *d)
{
    return cJSON_GetObjectItemCaseSensitive(d->doc, "overrides");
}

char *draft_new_id(const draft_t *d, const char *base)
{
    for (int n = 2;; n++) {
        char *id = xasprintf("%.200s-%d", base, n);
        if (!find_item(d->doc, id, NULL))
            return id;
        free(id);
    }
}

static void plural(char *buf, size_t size, int n, const char *word)
{
    size_t l = strlen(buf);
    if (n)
        snprintf(buf + l, size - l, "%s%d %s%s", l ? ", " : "", n, word, n > 1 ? "s" : "");
}

cJSON *draft_summary(draft_t *d)
{
    draft_sync(d);
    cJSON *o = cJSON_CreateObject();
    cJSON *added = cJSON_AddArrayToObject(o, "added"),
          *changed = cJSON_AddArrayToObject(o, "changed"),
          *removed = cJSON_AddArrayToObject(o, "removed");
    for (const cJSON *it = items_of(d->doc)->child; it; it = it->next) {
        const cJSON *b = find_item(d->base, item_id(it), NULL);
        if (!b)
            cJSON_AddItemToArray(added, cJSON_CreateString(item_id(it)));
        else if (!cJSON_Compare(b, it, true))
            cJSON_AddItemToArray(changed, cJSON_CreateString(item_id(it)));
    }
    for (const cJSON *it = items_of(d->base)->child; it; it = it->next)
        if (!find_item(d->doc, item_id(it), NULL))
            cJSON_AddItemToArray(removed, cJSON_CreateString(item_id(it)));
    bool settings = !cJSON_Compare(cJSON_GetObjectItemCaseSensitive(d->base, "settings"),
                                   cJSON_GetObjectItemCaseSensitive(d->doc, "settings"), true);
    cJSON_AddBoolToObject(o, "settings", settings);
    char buf[200] = "";
    int na = cJSON_GetArraySize(added), nc = cJSON_GetArraySize(changed),
        nr = cJSON_GetArraySize(removed);
    if (na)
        snprintf(buf, sizeof buf, "%d diapositive%s ajoutée%s", na, na > 1 ? "s" : "",
                 na > 1 ? "s" : "");
    plural(buf, sizeof buf, nc, "modifiée");
    plural(buf, sizeof buf, nr, "supprimée");
    if (settings) {
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%sréglages modifiés", l ? ", " : "");
    }
    const cJSON *ob = cJSON_GetObjectItemCaseSensitive(d->base, "overrides"),
                *od = cJSON_GetObjectItemCaseSensitive(d->doc, "overrides");
    bool overrides = (ob || od) && !cJSON_Compare(ob, od, true);
    cJSON_AddBoolToObject(o, "overrides", overrides);
    if (overrides) {
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%sréglages des fiches importées modifiés",
                 l ? ", " : "");
    }
    if (!buf[0])
        snprintf(buf, sizeof buf, "Aucun changement");
    cJSON_AddStringToObject(o, "summary", buf);
    cJSON_AddItemToObject(o, "conflicts", cJSON_Duplicate(d->conflicts, true));
    return o;
}

void draft_discard(draft_t *d)
{
    draft_sync(d);
    cJSON_Delete(d->doc);
    d->doc = cJSON_Duplicate(d->base, true);
    cJSON_Delete(d->conflicts);
    d->conflicts = cJSON_CreateArray();
    stale(d);
    save_draft(d);
}

static void xml_text(FILE *m, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            fputs("&amp;", m);
        else if (*s == '<')
            fputs("&lt;", m);
        else if (*s == '>')
            fputs("&gt;", m);
        else if (*s == '"')
            fputs("&quot;", m);
        else
            fputc(*s, m);
    }
}

static void xml_scalar(FILE *m, const cJSON *v)
{
    if (cJSON_IsString(v))
        xml_text(m, v->valuestring);
    else if (cJSON_IsBool(v))
        fputs(cJSON_IsTrue(v) ? "true" : "false", m);
    else if (cJSON_IsNumber(v))
        fprintf(m, "%.15g", v->valuedouble);
}

/* One field of an override as XML elements: a text by language, prices,
 * or a plain value (docs/feed-format.md, "Overriding imported items"). */
static void xml_field(FILE *m, const char *indent, const char *name, const cJSON *v)
{
    if (cJSON_IsObject(v)) {
        for (const cJSON *l = v->child; l; l = l->next) {
            fprintf(m, "%s<%s", indent, name);
            if (strcmp(l->string, "fr")) {
                fputs(" lang=\"", m);
                xml_text(m, l->string);
                fputc('"', m);
            }
            fputc('>', m);
            xml_scalar(m, l);
            fprintf(m, "</%s>\n", name);
        }
    } else if (cJSON_IsArray(v) && !strcmp(name, "prices")) {
        for (const cJSON *p = v->child; p; p = p->next) {
            fprintf(m, "%s<price amount=\"", indent);
            xml_scalar(m, cJSON_GetObjectItemCaseSensitive(p, "amount"));
            fputs("\">", m);
            const cJSON *label = cJSON_GetObjectItemCaseSensitive(p, "label");
            if (label) {
                fputc('\n', m);
                char *in2 = xasprintf("%s  ", indent);
                xml_field(m, in2, "label", label);
                free(in2);
                fputs(indent, m);
            }
            fputs("</price>\n", m);
        }
    } else if (cJSON_IsArray(v)) {
        for (const cJSON *e = v->child; e; e = e->next)
            xml_field(m, indent, name, e);
    } else {
        fprintf(m, "%s<%s>", indent, name);
        xml_scalar(m, v);
        fprintf(m, "</%s>\n", name);
    }
}

static void xml_overrides(FILE *m, const cJSON *ov)
{
    fputs("  <overrides>\n", m);
    for (const cJSON *o = ov->child; o; o = o->next) {
        fputs("    <override id=\"", m);
        xml_text(m, json_get_str(o, "id"));
        fputs("\">\n", m);
        for (const cJSON *f = o->child; f; f = f->next)
            if (strcmp(f->string, "id"))
                xml_field(m, "      ", f->string, f);
        fputs("    </override>\n", m);
    }
    fputs("  </overrides>\n", m);
}

/* The file's bytes for model f in the file's format. */
static char *render_file(const draft_t *d, const feed_t *f, size_t *len)
{
    char *buf = NULL;
    *len = 0;
    FILE *m = open_memstream(&buf, len);
    if (!m)
        die("out of memory");
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(d->doc, "overrides");
    if (d->json && ov) {
        cJSON *doc = draft_doc_of(f);
        cJSON_AddItemToObject(doc, "overrides", cJSON_Duplicate(ov, true));
        char *s = cJSON_Print(doc);
        fputs(s, m);
        fputc('\n', m);
        free(s);
        cJSON_Delete(doc);
    } else if (d->json) {
        feed_write_json(f, m);
    } else {
        feed_write_xml(f, m);
        if (cJSON_GetArraySize(ov)) {
            /* The overrides go after the items, before the closing tag. */
            fflush(m);
            static const char end[] = "</feed>\n";
            if (*len >= sizeof end - 1 && !strcmp(buf + *len - (sizeof end - 1), end))
                fseeko(m, -(off_t)(sizeof end - 1), SEEK_END);
            xml_overrides(m, ov);
            fputs(end, m);
        }
    }
    fclose(m);
    return buf;
}

static int do_publish(draft_t *d, const cJSON *doc, const char *user, const char *summary,
                      cJSON **out)
{
    cJSON *errs;
    feed_t *f = check_doc(d, doc, &errs);
    if (!f) {
        cJSON *list = cJSON_CreateArray();
        for (const cJSON *e = errs->child; e; e = e->next) {
            int idx = cJSON_GetObjectItemCaseSensitive(e, "item")->valueint;
            const cJSON *it = idx >= 0 ? cJSON_GetArrayItem(items_of(doc), idx) : NULL;
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", it ? item_id(it) : idx == -1 ? "settings" : "");
            cJSON_AddStringToObject(o, "field", json_get_str(e, "field"));
            cJSON_AddStringToObject(o, "code", json_get_str(e, "code"));
            cJSON_AddStringToObject(o, "message", json_get_str(e, "message"));
            cJSON_AddItemToArray(list, o);
        }
        cJSON_Delete(errs);
        *out = cJSON_CreateObject();
        cJSON_AddItemToObject(*out, "errors", list);
        return 422;
    }
    cJSON_Delete(errs);
    size_t len;
    char *bytes = render_file(d, f, &len);
    feed_free(f);
    if (write_atomic(d->path, bytes, len) < 0) {
        free(bytes);
        *out = cJSON_CreateObject();
        cJSON_AddStringToObject(*out, "error",
                                "Le fichier du flux n'a pas pu être écrit : voyez le journal");
        return 500;
    }
    /* The file as written becomes the published version and the base. */
    cJSON *pub;
    char hash[65], *raw;
    size_t rawlen;
    struct stat st;
    if (stat(d->path, &st) == 0)
        d->seen = st;
    if (read_published(d, &pub, hash, &raw, &rawlen) == 0) {
        memcpy(d->seen_hash, hash, sizeof hash);
        record_version(d, user, summary, bytes, len, pub);
        cJSON_Delete(d->base);
        cJSON_Delete(d->doc);
        d->base = pub;
        drop_index(d);
        d->doc = cJSON_Duplicate(pub, true);
        free(raw);
    }
    free(bytes);
    cJSON_Delete(d->conflicts);
    d->conflicts = cJSON_CreateArray();
    stale(d);
    feed_free(d->pub_model);
    d->pub_model = NULL;
    save_draft(d);
    *out = cJSON_CreateObject();
    cJSON_AddNumberToObject(*out, "version", d->last_version);
    cJSON_AddStringToObject(*out, "summary", summary);
    return 200;
}

int draft_publish(draft_t *d, const char *user, bool overwrite, cJSON **out)
{
    draft_sync(d);
    if (cJSON_GetArraySize(d->conflicts) && !overwrite) {
        *out = cJSON_CreateObject();
        cJSON_AddStringToObject(*out, "error",
                                "Le flux a été modifié à la main pendant vos changements : "
                                "vérifiez ces champs, puis publiez de nouveau pour confirmer");
        cJSON_AddItemToObject(*out, "fields", cJSON_Duplicate(d->conflicts, true));
        return 409;
    }
    cJSON *sum = draft_summary(d);
    char *summary = xstrdup(json_get_str(sum, "summary"));
    cJSON_Delete(sum);
    cJSON *doc = cJSON_Duplicate(d->doc, true);
    int rc = do_publish(d, doc, user, summary, out);
    cJSON_Delete(doc);
    free(summary);
    return rc;
}

int draft_restore(draft_t *d, int n, const char *user, cJSON **out)
{
    draft_sync(d);
    cJSON *m = read_version(d, n);
    const cJSON *doc = m ? cJSON_GetObjectItemCaseSensitive(m, "doc") : NULL;
    if (!doc) {
        cJSON_Delete(m);
        *out = cJSON_CreateObject();
        cJSON_AddStringToObject(*out, "error", "Cette version n'existe pas (ou plus)");
        return 404;
    }
    char *summary = xasprintf("Retour à la version %d", n);
    int rc = do_publish(d, doc, user, summary, out);
    free(summary);
    cJSON_Delete(m);
    return rc;
}
