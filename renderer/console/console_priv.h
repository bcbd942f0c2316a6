/* console_priv — what the console's files share: the console struct, one
 * request as a route sees it, the route handlers and the JSON replies. */
#ifndef VITRINE_CONSOLE_PRIV_H
#define VITRINE_CONSOLE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "console/auth.h"
#include "console/console.h"
#include "console/http.h"
#include "console/session.h"

typedef struct draft draft_t;
struct previewer;
struct imports;
struct config;
struct sched_config;

struct console {
    struct console_opts o;
    char *feed_path;     /* the feed file */
    char *accounts_path; /* DATA/accounts */
    char *tmp_dir;       /* DATA/tmp: uploads while they arrive */
    char *cache_dir;     /* DATA/previews */
    char *audit_path;    /* DATA/audit.log */
    auth_t *auth;
    sessions_t *sessions;
    draft_t *draft;
    http_t *http;
    const char *theme_dir; /* the theme previews use */
    char *theme_buf;
    struct previewer *preview; /* theme and drawers, made at the first preview */
    struct imports *imports;   /* the imported feeds, read on demand (api_import.c) */
};

/* One request as a route sees it: the session (NULL on public routes) and
 * the path's variable segments ("/api/items/ID" gives seg[0] = "ID"). */
#define ROUTE_SEG_MAX 256
struct rq {
    console_t *c;
    http_req_t *r;
    const struct session *se;
    char seg[2][ROUTE_SEG_MAX];
    const void *route;     /* the matched route (console.c) */
    struct upload *upload; /* a file being received (api_upload.c) */
};

typedef void route_fn(struct rq *q);

/* Seconds on the monotonic clock (sessions, throttling). */
int64_t console_mono_s(void);

/* Replies: JSON (takes v), an error {"error": message in French}, an empty
 * 204, a list of field errors (422, takes errors). */
void reply_json(struct rq *q, int status, cJSON *v);
void reply_error(struct rq *q, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void reply_empty(struct rq *q, int status);
void reply_field_errors(struct rq *q, cJSON *errors);

/* The request's body as a JSON object, or NULL after replying 400. */
cJSON *body_json(struct rq *q);

/* A JSON string member of o, or NULL. */
const char *json_str(const cJSON *o, const char *name);

/* Appends a line to the audit log: time, user, action, item, and the JSON
 * details (before and after of each field); takes details (may be NULL). */
void audit(console_t *c, const char *user, const char *action, const char *id, cJSON *details);

/* The French text of a translatable JSON value ("" when none). */
const char *json_fr(const cJSON *v);
/* SHA-256 of data as 64 hex digits. */
void content_hash(const char *data, size_t len, char out[65]);
/* A short hash (16 hex digits) of an item's JSON; the caller frees. */
char *item_hash(const cJSON *item);
/* s with every byte but [A-Za-z0-9-_.~] as %XX; the caller frees. */
char *url_escape(const char *s);
/* Where an imported item comes from: kind is the database
 * ("datatourisme", "apidae", "tourinsoft", or "import" when unknown),
 * label the words staff read ("DATAtourisme (datatourisme.json)"). */
struct import_origin {
    const char *kind;
    const char *label;
};

/* One row of the item list; day is today as YYYY-MM-DD; from is NULL
 * for the draft's items, else where an imported item comes from. */
cJSON *item_summary(struct rq *q, const cJSON *it, const char *day,
                    const struct import_origin *from);

/* Imported items (api_import.c): the other local feeds of the player's
 * configuration. import_item finds one by id (its origin in *from, its
 * feed in *f; both may be NULL); import_each calls fn for each;
 * import_with_overrides gives f with the draft's overrides applied (NULL
 * when there are none); the caller frees. */
struct feed;
const cJSON *import_item(console_t *c, const char *id, const struct import_origin **from,
                         const struct feed **f);
void import_each(console_t *c,
                 void (*fn)(void *ctx, const cJSON *item, const struct import_origin *from),
                 void *ctx);
struct feed *import_with_overrides(console_t *c, const struct feed *f);
/* The draft's overrides as the importers' overlay, or NULL when none. */
struct overlay;
struct overlay *draft_overlay(console_t *c);
void imports_free(struct imports *im);

/* Receives the request's file part into a dot file in dir (api_upload.c);
 * -1 after replying. upload_end removes what was not kept. */
int upload_begin(struct rq *q, const char *dir);
void upload_end(struct rq *q);

/* The scheduler's settings for a screen (NULL: the configured one), from
 * the player's configuration, as the player maps them (cli/play.c). */
struct sched_config console_sched_config(const console_t *c, const char *screen);
void previewer_free(struct previewer *p);
/* Keeps DATA/previews within its bounds (api_preview.c, console/pcache.h):
 * drops the previews of items that are gone (when gone: it reads the
 * imports), then the unused and the least used. */
void preview_cache_prune(console_t *c, bool gone);

/* Route handlers (api_*.c). */
route_fn api_login, api_logout, api_me, api_password;
route_fn api_items_list, api_item_get, api_item_create, api_item_put, api_item_delete,
    api_item_duplicate, api_validate, api_settings_get, api_settings_put, api_draft,
    api_draft_discard, api_publish, api_history, api_history_diff, api_history_restore, api_upload,
    api_posters_list, api_poster_add, api_poster_delete, api_preview_item, api_preview_draft;
route_fn api_item_override, api_poster_get;
route_fn api_timeline, api_screens, api_screenshot, api_show, api_partners, api_plays,
    api_public_feed, api_public_image;
route_fn api_fleet, api_fleet_screenshot, api_fleet_command, api_fleet_site_command;

#endif
