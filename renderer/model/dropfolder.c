#include "model/dropfolder.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model/feed_build.h"
#include "model/locale.h"
#include "model/path.h"
#include "model/util.h"

#define MAX_FILES   1000
#define SIDECAR_MAX (256u << 10)

/* What a file looked like at the previous scan. */
struct seen {
    char *path;
    int64_t size, mtime_ns;
    int64_t since_ms; /* when it was first seen with this size and time */
};

struct drop {
    char *dir, *screen, *screen_dir;
    struct seen *seen;
    size_t nseen;
};

bool drop_ignored_name(const char *n)
{
    static const char *const suffixes[] = {".part",     ".tmp", ".crdownload", ".swp", ".partial",
                                           ".download", "~"};
    if (n[0] == '.' || str_starts(n, "~$"))
        return true;
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
        if (str_ends(n, suffixes[i]))
            return true;
    return false;
}

drop_t *drop_create(const char *dir, const char *screen)
{
    drop_t *d = xcalloc(1, sizeof *d);
    d->dir = xstrdup(dir);
    if (screen && *screen) {
        d->screen = xstrdup(screen);
        d->screen_dir = xasprintf("%s/%s", dir, screen);
    }
    return d;
}

static void free_seen(struct seen *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i].path);
    free(s);
}

void drop_free(drop_t *d)
{
    if (!d)
        return;
    free_seen(d->seen, d->nseen);
    free(d->dir);
    free(d->screen);
    free(d->screen_dir);
    free(d);
}

const char *drop_screen_dir(const drop_t *d)
{
    return d->screen_dir;
}

static bool is_image(const char *name)
{
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".webp"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        size_t n = strlen(exts[i]);
        if (len > n && !strcasecmp(name + len - n, exts[i]))
            return true;
    }
    return false;
}

/* One candidate image: rel is relative to the drop folder. */
struct cand {
    char *rel, *path;
    struct stat st;
};

static int cand_cmp(const void *a, const void *b)
{
    return strcmp(((const struct cand *)a)->rel, ((const struct cand *)b)->rel);
}

/* Lists the images of dir/sub (sub may be NULL) into the array. A link that
 * leads outside dir is left out and reported to diag. */
static void list_images(const char *dir, const char *sub, struct cand **v, size_t *n, diag_t *diag)
{
    char *path = sub ? xasprintf("%s/%s", dir, sub) : xstrdup(dir);
    DIR *dp = opendir(path);
    if (!dp) {
        free(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(dp)) && *n < MAX_FILES) {
        if (drop_ignored_name(e->d_name) || !is_image(e->d_name))
            continue;
        struct cand c;
        c.rel = sub ? xasprintf("%s/%s", sub, e->d_name) : xstrdup(e->d_name);
        c.path = xasprintf("%s/%s", dir, c.rel);
        /* A file that vanished between readdir and stat is simply not there. */
        char *real, err[512];
        enum path_result pr = path_contain(dir, c.rel, &real, err, sizeof err);
        free(real);
        if (pr == PATH_OUTSIDE)
            diag_add(diag, c.path, 0, "%s", err);
        if (pr != PATH_OK || stat(c.path, &c.st) < 0 || !S_ISREG(c.st.st_mode)) {
            free(c.rel);
            free(c.path);
            continue;
        }
        *v = xrealloc(*v, (*n + 1) * sizeof **v);
        (*v)[(*n)++] = c;
    }
    closedir(dp);
    free(path);
}

/* True when some process has the file open for writing: a read lease is
 * refused with EAGAIN then. Unknown (false) when leases are not permitted. */
static bool open_for_writing(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    bool busy = false;
    if (fcntl(fd, F_SETLEASE, F_RDLCK) < 0)
        busy = errno == EAGAIN;
    else
        fcntl(fd, F_SETLEASE, F_UNLCK);
    close(fd);
    return busy;
}

/* True when the image's last bytes close it (JPEG EOI, PNG IEND): a half
 * copied file usually does not end that way. Other formats: true. */
static bool looks_complete(const char *path, const struct stat *st)
{
    unsigned char tail[12];
    const char *dot = strrchr(path, '.');
    bool jpeg = dot && (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"));
    bool png = dot && !strcasecmp(dot, ".png");
    if (!jpeg && !png)
        return true;
    if (st->st_size < 12)
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t r = pread(fd, tail, sizeof tail, st->st_size - (off_t)sizeof tail);
    close(fd);
    if (r != (ssize_t)sizeof tail)
        return false;
    if (jpeg) /* a few tools pad after EOI: accept it within the last bytes */
        for (int i = (int)sizeof tail - 2; i >= 0; i--)
            if (tail[i] == 0xFF && tail[i + 1] == 0xD9)
                return true;
    if (png)
        return !memcmp(tail + 4, "IEND", 4);
    return false;
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* Decides whether a file is complete, and records what it looked like. */
static bool settled(drop_t *d, struct seen *next, size_t *nnext, const struct cand *c,
                    int64_t now_ms)
{
    int64_t since = now_ms;
    for (size_t i = 0; i < d->nseen; i++) {
        const struct seen *s = &d->seen[i];
        if (!strcmp(s->path, c->path) && s->size == c->st.st_size &&
            s->mtime_ns == mtime_ns(&c->st)) {
            since = s->since_ms;
            break;
        }
    }
    next[*nnext] = (struct seen){xstrdup(c->path), c->st.st_size, mtime_ns(&c->st), since};
    (*nnext)++;
    if (c->st.st_size == 0 || open_for_writing(c->path))
        return false;
    int64_t age_ms = now_ms - mtime_ns(&c->st) / 1000000;
    bool quiet = age_ms >= DROP_SETTLE_MS || now_ms - since >= DROP_SETTLE_MS;
    if (!quiet)
        return false;
    /* Unchanged for a while but not ending properly: give it 10 s more. */
    return looks_complete(c->path, &c->st) || now_ms - since >= 10000;
}

/* Parses a leading date "YYYY-MM-DD" of s; returns the characters used or 0. */
static size_t leading_date(const char *s, civil_t *t)
{
    char buf[11], err[160];
    bool date_only;
    if (strlen(s) < 10)
        return 0;
    memcpy(buf, s, 10);
    buf[10] = '\0';
    if (civil_parse(buf, t, &date_only, err, sizeof err) < 0 || !date_only)
        return 0;
    return 10;
}

/* Dates from a name: "2026-07-01_2026-07-15 Fête.jpg", "2026-07-01 Fête.jpg". */
static void dates_from_name(const char *name, char *from, char *until)
{
    civil_t t;
    from[0] = until[0] = '\0';
    size_t n = leading_date(name, &t);
    if (!n)
        return;
    const char *rest = name + n;
    if (*rest && !strchr(" _-.", *rest))
        return;
    memcpy(from, name, 10);
    from[10] = '\0';
    if ((*rest == '_' || *rest == '-') && leading_date(rest + 1, &t)) {
        const char *after = rest + 11;
        if (!*after || strchr(" _-.", *after)) {
            memcpy(until, rest + 1, 10);
            until[10] = '\0';
        }
    }
}

/* An item id from a relative path, in lower case: accented Latin letters
 * written without their accent ("Fête" -> "fete"), letters, digits, '_' and
 * '.' kept, anything else becomes '-', at most 64 characters; "-2", "-3"...
 * when the id is among used[0..nused) already. */
static void make_id(const char *rel, char *id, size_t size, char (*used)[80], size_t nused)
{
    size_t n = (size_t)snprintf(id, size, "drop-");
    for (const char *p = rel; *p && n + 1 < size && n < 58;) {
        char letters[4];
        size_t used_bytes = loc_ascii_letter(p, letters);
        if (used_bytes) {
            for (const char *l = letters; *l && n + 1 < size && n < 58; l++)
                id[n++] = (char)tolower((unsigned char)*l);
            p += used_bytes;
            continue;
        }
        unsigned char c = (unsigned char)*p++;
        char ch = (isalnum(c) && c < 128) || c == '_' || c == '.' ? (char)tolower(c) : '-';
        if (ch == '-' && id[n - 1] == '-')
            continue;
        id[n++] = ch;
    }
    id[n] = '\0';
    for (int k = 2;; k++) {
        bool taken = false;
        for (size_t i = 0; i < nused && !taken; i++)
            taken = !strcmp(used[i], id);
        if (!taken)
            return;
        snprintf(id + n, size - n, "-%d", k);
    }
}

/* One field read from a sidecar. */
struct field {
    char *name, *lang, *value;
    int line;
};

static void add_field(struct field **v, size_t *n, const char *name, const char *lang,
                      const char *value, int line)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n] = (struct field){xstrdup(name), lang ? xstrdup(lang) : NULL, xstrdup(value), line};
    (*n)++;
}

static void free_fields(struct field *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].lang);
        free(v[i].value);
    }
    free(v);
}

/* Reads an XML sidecar: any root element whose children are item fields,
 * e.g. <poster><title>Fête</title><until>2026-07-15</until></poster>. */
static int read_xml(const char *path, const char *buf, size_t len, struct field **v, size_t *n,
                    diag_t *diag)
{
    /* Refused before parsing, as in feeds: no entity is ever declared. */
    if (memmem(buf, len, "<!DOCTYPE", 9) || memmem(buf, len, "<!ENTITY", 8)) {
        diag_add(diag, path, 1, "DTDs are not allowed in a sidecar; remove the <!DOCTYPE>");
        return -1;
    }
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, path, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        const char *m = e && e->message ? e->message : "parse error";
        diag_add(diag, path, e ? e->line : 0, "not well-formed XML: %.*s", (int)strcspn(m, "\n"),
                 m);
        return -1;
    }
    int rc = 0;
    if (doc->intSubset) {
        diag_add(diag, path, 1, "DTDs are not allowed in a sidecar; remove the <!DOCTYPE>");
        rc = -1;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr c = root ? root->children : NULL; c && rc == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *text = xmlNodeGetContent(c);
        xmlChar *lang = xmlGetProp(c, (const xmlChar *)"lang");
        add_field(v, n, (const char *)c->name, (const char *)lang, text ? (const char *)text : "",
                  (int)xmlGetLineNo(c));
        xmlFree(text);
        xmlFree(lang);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* Reads a JSON sidecar: an object with item fields, e.g.
 * {"title": {"fr": "Fête", "eu": "Besta"}, "until": "2026-07-15"}. */
static int read_json(const char *path, const char *buf, struct field **v, size_t *n, diag_t *diag)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(buf, &end, false);
    if (!root) {
        /* the line of the error, for staff to find the missing comma */
        int line = 1;
        for (const char *p = buf; end && p < end && *p; p++)
            line += *p == '\n';
        diag_add(diag, path, line,
                 "not valid JSON here: check the commas between fields and the quotes "
                 "around texts");
        return -1;
    }
    if (!cJSON_IsObject(root)) {
        diag_add(diag, path, 1, "not a JSON object; write {\"title\": \"...\", ...}");
        cJSON_Delete(root);
        return -1;
    }
    int rc = 0;
    char num[64];
    for (cJSON *f = root->child; f; f = f->next) {
        if (!strcmp(f->string, "kind") || !strcmp(f->string, "id"))
            continue;
        if (cJSON_IsString(f)) {
            add_field(v, n, f->string, NULL, f->valuestring, 0);
        } else if (cJSON_IsNumber(f)) {
            snprintf(num, sizeof num, "%g", f->valuedouble);
            add_field(v, n, f->string, NULL, num, 0);
        } else if (cJSON_IsBool(f)) {
            add_field(v, n, f->string, NULL, cJSON_IsTrue(f) ? "true" : "false", 0);
        } else if (cJSON_IsObject(f)) {
            for (cJSON *l = f->child; l; l = l->next) {
                if (!cJSON_IsString(l)) {
                    diag_add(diag, path, 0, "%s.%s: expected a text", f->string, l->string);
                    rc = -1;
                    continue;
                }
                add_field(v, n, f->string, l->string, l->valuestring, 0);
            }
        } else {
            diag_add(diag, path, 0, "%s: expected a text, a number or {\"fr\": ...}", f->string);
            rc = -1;
        }
    }
    cJSON_Delete(root);
    return rc;
}

/* Finds and reads the sidecar of image path (same base name). Returns 0 (no
 * sidecar is fine) or -1 on a problem; *where is the sidecar's path. */
static int read_sidecar(const char *dir, const char *img, struct field **v, size_t *n,
                        char **where, diag_t *diag)
{
    const char *dot = strrchr(img, '.');
    size_t base = (size_t)(dot - img);
    static const char *const exts[] = {".xml", ".json", ".XML", ".JSON"};
    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        char *p = xasprintf("%.*s%s", (int)base, img, exts[i]);
        char *real, err[512];
        /* img is usually "dir/rel", and so is p */
        size_t dl = strlen(dir);
        const char *ref = !strncmp(p, dir, dl) && p[dl] == '/' ? p + dl + 1 : p;
        enum path_result pr = path_contain(dir, ref, &real, err, sizeof err);
        free(real);
        if (pr == PATH_OUTSIDE) {
            diag_add(diag, p, 0, "sidecar %s", err);
            *where = p;
            return -1;
        }
        size_t len;
        char *buf = pr == PATH_OK ? read_file(p, SIDECAR_MAX, &len) : NULL;
        if (!buf) {
            bool too_big = errno == EFBIG; /* before diag_add and free touch errno */
            if (too_big)
                diag_add(diag, p, 0, "sidecar larger than %u KiB", SIDECAR_MAX >> 10);
            free(p);
            if (too_big)
                return -1;
            continue;
        }
        *where = p;
        const char *first = buf + strspn(buf, " \t\r\n");
        int rc = *first == '<' ? read_xml(p, buf, len, v, n, diag) : read_json(p, buf, v, n, diag);
        free(buf);
        return rc;
    }
    return 0;
}

/* Adds the poster for one image to b. Returns 0, or -1 when the sidecar or
 * the name gave a field the builder refused. */
static int add_poster(fb_t *b, const struct cand *c, const struct field *f, size_t nf,
                      char (*used)[80], size_t nused)
{
    char id[80], from[11], until[11];
    make_id(c->rel, id, sizeof id, used, nused);
    struct item *it = fb_add_item(b, KIND_POSTER, id, 0);
    if (!it)
        return -1;
    int rc = fb_set_field(b, it, "image", NULL, c->rel, 0);
    const char *name = strrchr(c->rel, '/');
    dates_from_name(name ? name + 1 : c->rel, from, until);
    if (*from)
        rc |= fb_set_field(b, it, "from", NULL, from, 0);
    if (*until)
        rc |= fb_set_field(b, it, "until", NULL, until, 0);
    for (size_t i = 0; i < nf; i++)
        if (strcmp(f[i].name, "image"))
            rc |= fb_set_field(b, it, f[i].name, f[i].lang, f[i].value, f[i].line);
    return rc ? -1 : 0;
}

feed_t *drop_scan(drop_t *d, int64_t now_ms, bool *pending, diag_t *diag)
{
    struct cand *v = NULL;
    size_t n = 0;
    *pending = false;
    list_images(d->dir, NULL, &v, &n, diag);
    if (d->screen)
        list_images(d->dir, d->screen, &v, &n, diag);
    if (n) /* v is NULL for an empty folder, and qsort wants an array */
        qsort(v, n, sizeof *v, cand_cmp);

    struct seen *next = xcalloc(n ? n : 1, sizeof *next);
    size_t nnext = 0;
    fb_t *b = fb_create(d->dir, d->dir, diag);
    char(*ids)[80] = xcalloc(n ? n : 1, sizeof *ids);
    size_t nids = 0;
    for (size_t i = 0; i < n; i++) {
        if (!settled(d, next, &nnext, &v[i], now_ms)) {
            *pending = true;
            continue;
        }
        struct field *f = NULL;
        size_t nf = 0;
        char *sidecar = NULL;
        int rc = read_sidecar(d->dir, v[i].path, &f, &nf, &sidecar, diag);
        if (rc == 0) {
            /* A trial build first, so that one poster's bad sidecar leaves
             * that poster out rather than the whole folder. */
            fb_t *trial = fb_create(sidecar ? sidecar : v[i].path, d->dir, diag);
            rc = add_poster(trial, &v[i], f, nf, ids, nids);
            feed_t *one = fb_finish(trial);
            if (!one || rc < 0)
                rc = -1;
            feed_free(one);
        }
        if (rc == 0) {
            add_poster(b, &v[i], f, nf, ids, nids);
            make_id(v[i].rel, ids[nids], sizeof ids[0], ids, nids);
            nids++;
        } else {
            diag_add(diag, v[i].path, 0, "this poster is left out until %s is fixed",
                     sidecar ? sidecar : "its name");
        }
        free_fields(f, nf);
        free(sidecar);
    }
    free(ids);
    free_seen(d->seen, d->nseen);
    d->seen = next;
    d->nseen = nnext;
    for (size_t i = 0; i < n; i++) {
        free(v[i].rel);
        free(v[i].path);
    }
    free(v);
    feed_t *feed = fb_finish(b);
    return feed ? feed : feed_create_empty();
}

/* A sidecar whose picture is not there yet: when path reads as one (every
 * field an item field, which no feed or export is), one message says so
 * and its fields are checked against the poster it will make. Returns 1
 * when path is no sidecar, else 0 or -1 as drop_check_sidecar. */
static int lone_sidecar(const char *path, const char *dot, diag_t *diag)
{
    size_t len;
    char *buf = read_file(path, SIDECAR_MAX, &len);
    if (!buf)
        return 1;
    struct field *f = NULL;
    size_t nf = 0;
    diag_t *quiet = diag_create();
    const char *first = buf + strspn(buf, " \t\r\n");
    int rc = *first == '<' ? read_xml(path, buf, len, &f, &nf, quiet)
                           : read_json(path, buf, &f, &nf, quiet);
    free(buf);
    diag_free(quiet);
    bool sidecar = rc == 0 && nf > 0;
    for (size_t i = 0; i < nf && sidecar; i++)
        sidecar = fb_is_item_field(f[i].name);
    if (!sidecar) {
        free_fields(f, nf);
        return 1;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    diag_add(diag, path, 0,
             "a drop-folder sidecar with no picture beside it yet: its poster shows once "
             "%.*s.jpg (or .png, .webp) is in the same folder",
             (int)(dot - base), base);
    struct cand c = {.rel = xasprintf("%.*s.jpg", (int)(dot - base), base)};
    fb_t *b = fb_create(path, ".", diag);
    add_poster(b, &c, f, nf, NULL, 0);
    feed_free(fb_finish(b));
    free(c.rel);
    free_fields(f, nf);
    return -1;
}

int drop_check_sidecar(const char *path, diag_t *diag)
{
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".webp",
                                       ".JPG", ".JPEG", ".PNG", ".WEBP"};
    const char *dot = strrchr(path, '.');
    if (!dot || (strcasecmp(dot, ".xml") && strcasecmp(dot, ".json")))
        return 1;
    struct cand c = {0};
    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]) && !c.path; i++) {
        char *img = xasprintf("%.*s%s", (int)(dot - path), path, exts[i]);
        if (stat(img, &c.st) == 0 && S_ISREG(c.st.st_mode))
            c.path = img;
        else
            free(img);
    }
    if (!c.path)
        return lone_sidecar(path, dot, diag);
    const char *slash = strrchr(c.path, '/');
    c.rel = xstrdup(slash ? slash + 1 : c.path);
    struct field *f = NULL;
    size_t nf = 0;
    char *sidecar = NULL;
    char *dir = slash ? xasprintf("%.*s", (int)(slash - c.path), c.path) : xstrdup(".");
    int rc = read_sidecar(dir, c.path, &f, &nf, &sidecar, diag);
    free(dir);
    if (rc == 0) {
        fb_t *b = fb_create(sidecar ? sidecar : c.path, ".", diag);
        rc = add_poster(b, &c, f, nf, NULL, 0);
        feed_t *one = fb_finish(b);
        rc = one && rc == 0 ? 0 : -1;
        feed_free(one);
    }
    free_fields(f, nf);
    free(sidecar);
    free(c.rel);
    free(c.path);
    return rc;
}
