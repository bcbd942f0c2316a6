/* draft — the feed as staff edit it: a draft (the feed's JSON form, see
 * docs/feed-format.md) laid over the published file, checked by the very
 * loader the player uses, published atomically in the file's own format,
 * with every published version kept. Hand edits of the file are noticed on
 * the next call (draft_sync), merged under the draft, and the fields both
 * changed are reported as a conflict. No HTTP here; the caller passes users
 * and is single-threaded. */
#ifndef VITRINE_CONSOLE_DRAFT_H
#define VITRINE_CONSOLE_DRAFT_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/feed.h"

typedef struct draft draft_t;

/* Opens the draft of feed_path (XML or JSON; a missing file is an empty
 * feed kept as XML, or JSON when the name ends in .json); content_dir
 * resolves images; data_dir holds draft.json and history/. keep: versions
 * kept (at least 100). Returns NULL with a message in err. */
draft_t *draft_open(const char *feed_path, const char *content_dir, const char *data_dir, int keep,
                    char *err, size_t errsz);
void draft_free(draft_t *d);

/* Notices a change of the published file on disk since last seen and merges
 * it under the draft. Returns true when the file had changed. */
bool draft_sync(draft_t *d);

/* The draft's items array and settings object (owned by the draft). */
const cJSON *draft_items(const draft_t *d);
const cJSON *draft_settings(const draft_t *d);
/* The published document's items array (owned by the draft), or NULL. */
const cJSON *draft_published_items(const draft_t *d);
/* The draft item with this id, or NULL. */
const cJSON *draft_item(const draft_t *d, const char *id);
/* True when item (one of the draft's) differs from its published version
 * (or is new). */
bool draft_item_changed(draft_t *d, const cJSON *item);

/* The draft as a model (loaded by the player's loader), rebuilt after each
 * change; NULL when the draft does not load (never after draft_put). */
const feed_t *draft_model(draft_t *d);
/* The published file as a model, or NULL when it does not load. */
const feed_t *draft_published_model(draft_t *d);

/* Checks item (JSON) as it would be if put in the draft in place of the
 * item with id replace (NULL: added). Returns the array of problems
 * [{"field","code","message"}] (empty when none): field as the feed JSON
 * format names it, dotted ("title.fr", "prices.0.amount"), code the
 * loader's (feed_problem_name, "other" when it has none), message the
 * staff's French words for it (console/problem.h). The caller frees. */
cJSON *draft_check_item(draft_t *d, const cJSON *item, const char *replace);

/* The draft as a model with item in place of replace (NULL: added), for a
 * preview of an item being typed; the caller frees. NULL when it does not
 * load, with the item's problems in *errors (else *errors is empty). */
feed_t *draft_model_with(draft_t *d, const cJSON *item, const char *replace, cJSON **errors);

/* Puts item (taken) in the draft, in place of replace (NULL: appended).
 * Returns NULL on success, else the problems (as draft_check_item; item is
 * freed). *audit gets the changed fields [{"field","before","after"}]. */
cJSON *draft_put(draft_t *d, cJSON *item, const char *replace, cJSON **audit);

/* Removes an item; returns the removed item (caller frees) or NULL. */
cJSON *draft_delete(draft_t *d, const char *id);

/* Replaces the settings object (taken); problems as draft_put. */
cJSON *draft_put_settings(draft_t *d, cJSON *settings, cJSON **audit);

/* Changes the override of an imported item id (docs/feed-format.md):
 * req is {"hide": bool, "pin": bool, "fields": {"title.fr": "...", ...}};
 * a field set to null is dropped, an override left empty is removed; pin
 * sets a high priority. Checked by the importers' overlay reader and, when
 * imported (the feed the item comes from) is given, laid over it as the
 * importers will, so that a bad value is refused now. Returns NULL (and
 * *audit) on success, else the problems [{"field","code","message"}]
 * (field: the override's, "title.fr", "weight"; "fields" for a value of
 * the wrong type); nothing changes then. */
cJSON *draft_override(draft_t *d, const char *id, const cJSON *req, const feed_t *imported,
                      cJSON **audit);
/* The draft's overrides array, or NULL. */
const cJSON *draft_overrides(const draft_t *d);

/* A fresh id for a copy of id ("fete-2" ...), unique in the draft. */
char *draft_new_id(const draft_t *d, const char *base);

/* {"added","changed","removed","summary","conflicts"} of the draft. */
cJSON *draft_summary(draft_t *d);

/* Forgets the draft (it becomes the published feed). */
void draft_discard(draft_t *d);

/* Publishes: checks the whole draft, writes the file atomically, records
 * the version. Returns the HTTP status and sets *out: 200 {"version",
 * "summary"}, 422 {"errors":[{"id","field","message"}]}, 409 {"error",
 * "fields":[{"id","field"}]} when the file was changed by hand on fields
 * the draft changes too (overwrite true publishes anyway), 500 {"error"}. */
int draft_publish(draft_t *d, const char *user, bool overwrite, cJSON **out);

/* {"versions":[{"version","user","at","summary"}]}, newest first. */
cJSON *draft_history(draft_t *d);
/* {"changes":[{"id","field","before","after"}]} from version m to n
 * (m 0: the version before n). NULL when a version is unknown. */
cJSON *draft_diff(draft_t *d, int n, int m);
/* Publishes version n again as a new version; status and *out as publish. */
int draft_restore(draft_t *d, int n, const char *user, cJSON **out);

/* A model written as the feed JSON format's document (fixed field order);
 * the caller frees. */
cJSON *draft_doc_of(const feed_t *f);

/* The published file's format: true for JSON. */
bool draft_is_json(const draft_t *d);

#endif
