/* console — start-up, routing and replies. Every request goes through
 * on_begin: the route is found, then the session and the CSRF token are
 * checked before any body is read, so a refused request costs nothing. */
#include "console/console.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL_image.h>

#include "console/console_priv.h"
#include "console/draft.h"
#include "console/www.h"
#include "model/util.h"

void console_opts_default(struct console_opts *o)
{
    memset(o, 0, sizeof *o);
    o->content = "content";
    o->state = "state";
    o->data = "console";
    o->theme = "themes/default";
    o->listen = "127.0.0.1:8080";
    o->max_connections = 64;
    o->idle_timeout_s = 15;
    o->request_timeout_s = 30;
    o->session_idle_s = 8 * 3600;
    o->max_body = 1u << 20;    /* 1 MiB of JSON is some 2,000 items */
    o->max_upload = 25u << 20; /* a phone photo is 3 to 12 MB */
    o->history_keep = 200;
    o->preview_cache = 64u << 20; /* ~30 full-size previews, ~1000 thumbnails */
}

/* Route flags. */
enum {
    R_PUBLIC = 1,  /* no session needed */
    R_NO_CSRF = 2, /* a change that needs no CSRF token (login only) */
    R_UPLOAD = 4,  /* multipart body up to max_upload, the file into the images folder */
    R_DROP = 8,    /* ... into the drop folder instead */
};

struct route {
    const char *method;
    const char *pattern; /* '*' is one path segment */
    route_fn *fn;
    int flags;
};

static const struct route routes[] = {
    {"POST", "/api/login", api_login, R_PUBLIC | R_NO_CSRF},
    {"POST", "/api/logout", api_logout, 0},
    {"GET", "/api/me", api_me, 0},
    {"POST", "/api/password", api_password, 0},
    {"GET", "/api/items", api_items_list, 0},
    {"POST", "/api/items", api_item_create, 0},
    {"GET", "/api/items/*", api_item_get, 0},
    {"PUT", "/api/items/*", api_item_put, 0},
    {"DELETE", "/api/items/*", api_item_delete, 0},
    {"POST", "/api/items/*/duplicate", api_item_duplicate, 0},
    {"POST", "/api/items/*/override", api_item_override, 0},
    {"POST", "/api/validate", api_validate, 0},
    {"GET", "/api/settings", api_settings_get, 0},
    {"PUT", "/api/settings", api_settings_put, 0},
    {"GET", "/api/draft", api_draft, 0},
    {"POST", "/api/draft/discard", api_draft_discard, 0},
    {"POST", "/api/publish", api_publish, 0},
    {"GET", "/api/history", api_history, 0},
    {"GET", "/api/history/*/diff", api_history_diff, 0},
    {"POST", "/api/history/*/restore", api_history_restore, 0},
    {"POST", "/api/uploads", api_upload, R_UPLOAD},
    {"GET", "/api/posters", api_posters_list, 0},
    {"POST", "/api/posters", api_poster_add, R_UPLOAD | R_DROP},
    {"GET", "/api/posters/*", api_poster_get, 0},
    {"DELETE", "/api/posters/*", api_poster_delete, 0},
    {"GET", "/api/preview/*", api_preview_item, 0},
    {"POST", "/api/preview", api_preview_draft, 0},
    {"GET", "/api/timeline", api_timeline, 0},
    {"GET", "/api/screens", api_screens, 0},
    {"GET", "/api/screens/*/screenshot.png", api_screenshot, 0},
    {"POST", "/api/screens/*/show", api_show, 0},
    {"GET", "/api/partners", api_partners, 0},
    {"GET", "/api/plays", api_plays, 0},
    {"GET", "/api/fleet", api_fleet, 0},
    {"GET", "/api/fleet/*/*/screenshot.png", api_fleet_screenshot, 0},
    {"POST", "/api/fleet/*/*/command", api_fleet_command, 0},
    {"POST", "/api/fleet/*/command", api_fleet_site_command, 0},
    {"GET", "/feed.xml", api_public_feed, R_PUBLIC},
    {"GET", "/feed.json", api_public_feed, R_PUBLIC},
    {"GET", "/images/*", api_public_image, R_PUBLIC},
};

int64_t console_mono_s(void)
{
    return mono_ms() / 1000;
}

/* Matches path against pattern, copying the '*' segments (percent-decoding
 * is left to the route; ids with '%' or '/' are refused by them). */
static bool match(const char *pattern, const char *path, struct rq *q)
{
    int nseg = 0;
    while (*pattern && *path) {
        if (*pattern == '*') {
            size_t n = strcspn(path, "/");
            if (n == 0 || n >= ROUTE_SEG_MAX || nseg == 2)
                return false;
            memcpy(q->seg[nseg], path, n);
            q->seg[nseg][n] = 0;
            nseg++;
            path += n;
            pattern++;
            continue;
        }
        if (*pattern != *path)
            return false;
        pattern++;
        path++;
    }
    return !*pattern && !*path;
}

static const struct route *find_route(const char *method, const char *path, struct rq *q,
                                      bool *path_known)
{
    *path_known = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(routes[i].pattern, path, q))
            continue;
        *path_known = true;
        if (!strcmp(routes[i].method, method) ||
            (!strcmp(method, "HEAD") && !strcmp(routes[i].method, "GET")))
            return &routes[i];
    }
    return NULL;
}

static bool is_change(const char *method)
{
    return strcmp(method, "GET") && strcmp(method, "HEAD");
}

void reply_json(struct rq *q, int status, cJSON *v)
{
    char *s = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    if (!s)
        die("out of memory printing JSON");
    http_add_header(q->r, "Cache-Control", "no-store");
    http_reply_take(q->r, status, "application/json; charset=utf-8", s, strlen(s));
}

void reply_error(struct rq *q, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", msg);
    free(msg);
    reply_json(q, status, o);
}

void reply_empty(struct rq *q, int status)
{
    http_add_header(q->r, "Cache-Control", "no-store");
    http_reply(q->r, status, NULL, "", 0);
}

void reply_field_errors(struct rq *q, cJSON *errors)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "errors", errors);
    reply_json(q, 422, o);
}

cJSON *body_json(struct rq *q)
{
    size_t len;
    const char *b = http_body(q->r, &len);
    cJSON *v = cJSON_ParseWithLength(b, len);
    if (!v || !cJSON_IsObject(v)) {
        cJSON_Delete(v);
        reply_error(q, 400, "Le corps de la requête doit être un objet JSON");
        return NULL;
    }
    return v;
}

const char *json_str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void audit(console_t *c, const char *user, const char *action, const char *id, cJSON *details)
{
    cJSON *o = cJSON_CreateObject();
    char at[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON_AddStringToObject(o, "at", at);
    cJSON_AddStringToObject(o, "user", user ? user : "");
    cJSON_AddStringToObject(o, "action", action);
    if (id)
        cJSON_AddStringToObject(o, "id", id);
    if (details)
        cJSON_AddItemToObject(o, "changes", details);
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    int fd = open(c->audit_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0 && line) {
        size_t n = strlen(line);
        line[n] = '\n'; /* one write: lines never interleave */
        if (write(fd, line, n + 1) != (ssize_t)(n + 1))
            log_msg(LV_WARN, "console: %s: %s", c->audit_path, strerror(errno));
    } else {
        log_msg(LV_WARN, "console: %s: %s", c->audit_path, strerror(errno));
    }
    if (fd >= 0)
        close(fd);
    free(line);
}

/* A page or a file the pages load. */
static void serve_www(struct rq *q, const struct www_file *f)
{
    const char *path = f->path;
    http_add_header(q->r, "Cache-Control", "no-cache");
    http_reply(q->r, 200, www_mime(path), f->data, f->len);
}

static int on_begin(void *ctx, http_req_t *r)
{
    console_t *c = ctx;
    struct rq *q = xcalloc(1, sizeof *q);
    q->c = c;
    q->r = r;
    http_set_data(r, q);
    const char *method = http_method(r), *path = http_path(r);
    const char *cookie = http_cookie(r, "vitrine_session");
    q->se = session_find(c->sessions, cookie, console_mono_s());

    bool known;
    const struct route *rt = find_route(method, path, q, &known);
    if (!rt) {
        const struct www_file *f =
            !strcmp(method, "GET") || !strcmp(method, "HEAD") ? www_find(path) : NULL;
        if (f && (q->se || www_public(f->path))) {
            serve_www(q, f);
        } else if (f && (str_ends(f->path, ".html") || !strcmp(path, "/"))) {
            http_add_header(r, "Location", "/login.html");
            http_add_header(r, "Cache-Control", "no-store");
            http_reply(r, 302, "text/plain; charset=utf-8", "", 0);
        } else if (!q->se && (str_starts(path, "/api/") || f)) {
            reply_error(q, 401, "Connectez-vous d'abord");
        } else if (known) {
            reply_error(q, 405, "Méthode non permise");
        } else {
            reply_error(q, 404, "Cette adresse n'existe pas");
        }
        return 1;
    }
    if (!(rt->flags & R_PUBLIC) && !q->se) {
        reply_error(q, 401, "Connectez-vous d'abord");
        return 1;
    }
    if (is_change(method) && !(rt->flags & R_NO_CSRF) &&
        !session_csrf_ok(q->se, http_header(r, "X-CSRF-Token"))) {
        reply_error(q, 403, "Jeton de sécurité (CSRF) absent ou faux : rechargez la page");
        return 1;
    }
    /* The route runs in finish, once the body is in. */
    if (rt->flags & R_UPLOAD) {
        if ((rt->flags & R_DROP) && !(c->o.drop && c->o.drop[0])) {
            reply_error(q, 404, "Ce lecteur n'a pas de dossier d'affiches (content.drop)");
            return 1;
        }
        char *dir = rt->flags & R_DROP ? xstrdup(c->o.drop) : xasprintf("%s/images", c->o.content);
        int rc = upload_begin(q, dir);
        free(dir);
        if (rc < 0)
            return 1;
    } else if (!is_change(method))
        http_accept_body(r, HTTP_BODY_NONE, 0, -1);
    else
        http_accept_body(r, HTTP_BODY_BUFFER, c->o.max_body, -1);
    q->route = rt;
    return 0;
}

static void on_finish(void *ctx, http_req_t *r)
{
    (void)ctx;
    struct rq *q = http_data(r);
    const struct route *rt = q->route;
    rt->fn(q);
}

static void on_done(void *ctx, http_req_t *r)
{
    (void)ctx;
    struct rq *q = http_data(r);
    upload_end(q);
    free(q);
    /* Give back what a preview or a publish took, so that an idle console
     * stays small (docs/performance.md). */
    malloc_trim(0);
}

static char *find_feed(const char *content)
{
    char *xml = xasprintf("%s/feed.xml", content), *json = xasprintf("%s/feed.json", content);
    if (access(xml, F_OK) != 0 && access(json, F_OK) == 0) {
        free(xml);
        return json;
    }
    free(json);
    return xml;
}

console_t *console_create(const struct console_opts *o, char *err, size_t errsz)
{
    console_t *c = xcalloc(1, sizeof *c);
    c->o = *o;
    struct stat st;
    if (stat(o->content, &st) < 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errsz, "the content folder '%s' does not exist: give it with --content DIR",
                 o->content);
        goto fail;
    }
    if (mkdir_p(o->data, 0700) < 0) {
        snprintf(err, errsz, "cannot create the console's folder '%s': %s (give --data DIR)",
                 o->data, strerror(errno));
        goto fail;
    }
    c->feed_path = o->feed ? xstrdup(o->feed) : find_feed(o->content);
    c->accounts_path = xasprintf("%s/accounts", o->data);
    c->tmp_dir = xasprintf("%s/tmp", o->data);
    c->cache_dir = xasprintf("%s/previews", o->data);
    c->audit_path = xasprintf("%s/audit.log", o->data);
    mkdir_p(c->tmp_dir, 0700);
    /* As the player: an installed copy of the default theme when the
     * relative default is not here. */
    c->theme_dir = o->theme;
    struct stat ts;
    if (stat(o->theme, &ts) != 0 && !strcmp(o->theme, "themes/default")) {
        c->theme_buf = xasprintf("%s/themes/default", VITRINE_DATADIR);
        c->theme_dir = c->theme_buf;
    }
    mkdir_p(c->cache_dir, 0700);
    c->auth = auth_load(c->accounts_path, err, errsz);
    if (!c->auth)
        goto fail;
    c->sessions = sessions_create(o->session_idle_s);
    /* Previews and uploads decode pictures in the server thread. */
    IMG_Init(IMG_INIT_JPG | IMG_INIT_PNG | IMG_INIT_WEBP);
    c->draft = draft_open(c->feed_path, o->content, o->data, o->history_keep, err, errsz);
    if (!c->draft)
        goto fail;
    preview_cache_prune(c, false); /* age and size: reading the imports waits for a preview */
    return c;
fail:
    console_free(c);
    return NULL;
}

void console_free(console_t *c)
{
    if (!c)
        return;
    http_stop(c->http);
    auth_free(c->auth);
    sessions_free(c->sessions);
    draft_free(c->draft);
    previewer_free(c->preview);
    imports_free(c->imports);
    free(c->theme_buf);
    free(c->feed_path);
    free(c->accounts_path);
    free(c->tmp_dir);
    free(c->cache_dir);
    free(c->audit_path);
    free(c);
}

static char *read_pem(const char *path, char *err, size_t errsz)
{
    size_t len;
    char *s = read_file(path, 1u << 20, &len);
    if (!s)
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
    return s;
}

int console_serve(console_t *c)
{
    char err[512];
    if (auth_count(c->auth) == 0) {
        fprintf(stderr,
                "vitrine console: no staff account in %s: add one with\n"
                "    vitrine console --data %s --add-user NAME\n",
                c->accounts_path, c->o.data);
        return 1;
    }
    char *cert = NULL, *key = NULL;
    if (c->o.cert || c->o.key) {
        if (!c->o.cert || !c->o.key) {
            fprintf(stderr, "vitrine console: TLS needs both --cert FILE and --key FILE\n");
            return 1;
        }
        cert = read_pem(c->o.cert, err, sizeof err);
        key = cert ? read_pem(c->o.key, err, sizeof err) : NULL;
        if (!key) {
            fprintf(stderr, "vitrine console: %s\n", err);
            free(cert);
            return 1;
        }
    }
    /* SIGTERM and SIGINT are read by http_run; the server thread inherits
     * the mask. A client that goes away must not kill us. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct http_conf hc = {
        .listen = c->o.listen,
        .max_connections = c->o.max_connections,
        .idle_timeout_s = c->o.idle_timeout_s,
        .request_timeout_s = c->o.request_timeout_s,
        .cert_pem = cert,
        .key_pem = key,
    };
    /* Large blocks (a login's 19 MiB of Argon2, a slide's pixels) are mapped
     * and given back when freed: a fixed threshold keeps glibc from raising
     * it after the first such block and keeping the next in the heap. */
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    struct http_handler h = {.ctx = c, .begin = on_begin, .finish = on_finish, .done = on_done};
    c->http = http_start(&hc, &h, err, sizeof err);
    bool tls = key != NULL;
    if (key)
        memset(key, 0, strlen(key));
    free(cert);
    free(key);
    if (!c->http) {
        fprintf(stderr, "vitrine console: %s\n", err);
        return 1;
    }
    log_msg(LV_INFO, "console: listening on %s://%.*s:%d/ for %s", tls ? "https" : "http",
            (int)(strrchr(c->o.listen, ':') - c->o.listen), c->o.listen, http_port(c->http),
            c->feed_path);
    http_run(c->http);
    log_msg(LV_INFO, "console: stopping");
    return 0;
}
