/* feed_priv — what the feed modules (feed.c, feed_build.c, feed_xml.c,
 * feed_json.c, hours.c) share and nobody else needs: the feed struct, the
 * loaders behind feed_load, the field types the JSON loader asks about, the
 * canonical formatters the dump uses, and the embedded XML Schema. */
#ifndef VITRINE_MODEL_FEED_PRIV_H
#define VITRINE_MODEL_FEED_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "model/arena.h"
#include "model/feed.h"
#include "model/feed_build.h"

struct feed {
    arena_t *arena; /* owns every string, item and array below */
    struct feed_settings settings;
    struct item **items;
    size_t nitems;
    const char *name;          /* as given to the loader, for messages */
    const char *dir;           /* relative paths resolve against it */
    const struct item **index; /* open addressing by id; index_cap is a power of 2 */
    size_t index_cap;
};

/* Allocates a feed with default settings and no items; never NULL. */
feed_t *feed_alloc(const char *name, const char *base_dir);

/* Builds the id index of f (duplicates keep the first). */
void feed_build_index(feed_t *f);

/* A reader for the JSON documents that are not vitrine feeds (feed_load
 * gives the importers'): fills b from the parsed document root, whose text
 * buf/len gives line numbers, and returns 0; or returns -1, having done
 * nothing, when it does not read such a document. */
struct cJSON;
typedef int (*feed_json_other_fn)(fb_t *b, const struct cJSON *root, const char *buf, size_t len);

/* Fill b from an XML / JSON document of len bytes; every problem goes
 * through fb_error. The caller finishes or aborts the builder. A JSON
 * document that is not a vitrine feed goes to other (may be NULL); when
 * other does not take it either, it is reported as a feed would be. */
void feed_xml_fill(fb_t *b, const char *buf, size_t len);
void feed_json_fill(fb_t *b, const char *buf, size_t len, feed_json_other_fn other);

/* How a field's value is written, for loaders of typed formats (JSON). */
enum field_type {
    FT_UNKNOWN = -1,
    FT_TEXT,   /* translatable text */
    FT_STRING, /* one plain string (paths, ids, dates, enumerations...) */
    FT_NUMBER, /* a number, also accepted as a string */
    FT_BOOL,   /* true or false */
};

/* The type of item field (setting false) or setting (setting true) name. */
enum field_type fb_field_type(const char *name, bool setting);

/* Canonical forms, the inverse of days_parse and windows_parse:
 * "Mo-Fr", "Sa,Su", "Mo,We-Fr"; "09:00-12:00,14:00-18:00". */
void days_format(uint8_t mask, char *buf, size_t size);
void windows_format(const struct time_window *w, int n, char *buf, size_t size);

/* renderer/model/feed.xsd, embedded at build time by scripts/embed.sh. */
extern const unsigned char feed_xsd[];
extern const size_t feed_xsd_len;

#endif
