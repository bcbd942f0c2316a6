/* import — reads the exports of the office's tourism database (SIT):
 * DATAtourisme JSON-LD, Apidae API v002 JSON and Tourinsoft syndication
 * JSON, and maps every object to a feed item through the feed builder, so
 * that an imported feed is checked like a native one (docs/importers.md).
 *
 * Problems come in two tiers. A document that is not an export at all (not
 * JSON, wrong shape) is a content error on diag and the import gives no
 * feed. A bad object inside a good export (no id, no title, an unknown
 * type) is skipped with a warning, so that one bad record never blanks the
 * screens: warnings go to the warn list when one is given, else to the log. */
#ifndef VITRINE_MODEL_IMPORT_H
#define VITRINE_MODEL_IMPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/civil.h"
#include "model/diag.h"
#include "model/feed.h"
#include "model/feed_build.h"

enum import_format {
    IMPORT_UNKNOWN, /* not recognised (or "detect" when passed in) */
    IMPORT_NATIVE,  /* a vitrine feed: not for the importers */
    IMPORT_DATATOURISME,
    IMPORT_APIDAE,
    IMPORT_TOURINSOFT,
};

/* "datatourisme", "apidae", "tourinsoft", "native", "unknown". */
const char *import_format_name(enum import_format f);

/* Parses a format name as given to --from; returns 0, or -1 when unknown. */
int import_format_parse(const char *name, enum import_format *out);

/* Tells the format of a parsed JSON document from its shape alone:
 * DATAtourisme (JSON-LD objects with @type and rdfs:label, a @graph, or a
 * datatourisme @context), Apidae (objetsTouristiques, or an array of
 * objects with type and nom as in objets_modifies files), Tourinsoft (OData
 * v2 {"d":{"results":[...]}} or v3 {"value":[...]}), or native (version,
 * items or settings at the top). IMPORT_UNKNOWN when nothing matches. */
enum import_format import_detect(const cJSON *root);

typedef struct importer importer_t;

/* Starts an import run that may read several documents into one feed.
 * name names the feed in messages; base_dir as for fb_create. ref is the
 * reference date for choosing the next upcoming period of an event and the
 * opening hours in force (CIVIL_NONE: today, from the wall clock). diag gets
 * content errors; warn (may be NULL: the log) gets per-object warnings.
 * Both are borrowed. */
importer_t *import_create(const char *name, const char *base_dir, civil_t ref, diag_t *diag,
                          diag_t *warn);

/* Adds every object of one JSON document. fmt IMPORT_UNKNOWN detects it.
 * name names the document in messages. An object whose id was already
 * imported replaces the earlier one (later exports win). Returns the number
 * of items added, or -1 when the document is not such an export (reported
 * on diag). */
int import_add_mem(importer_t *im, const char *buf, size_t len, const char *name,
                   enum import_format fmt);

/* Same, from a parsed document; buf/len (may be NULL/0) is its text, used
 * only to find line numbers for messages. */
int import_add_json(importer_t *im, const cJSON *root, const char *buf, size_t len,
                    const char *name, enum import_format fmt);

/* Same, reading a file (at most IMPORT_MAX_BYTES). */
#define IMPORT_MAX_BYTES (256u << 20)
int import_add_file(importer_t *im, const char *path, enum import_format fmt);

/* Same for n files, in that order, as if added one by one (the same items,
 * messages and order): a helper thread reads and prunes the next files
 * while this one maps the current. Returns the number of items added, or
 * -1 when any file was refused (the others are still imported). */
int import_add_files(importer_t *im, const char *const *paths, size_t n, enum import_format fmt);

/* A folder as a database delivers it (import_folder.c): every .json file
 * in it and its sub-folders (at most IMPORT_FOLDER_DEPTH deep), in name
 * order, but for the files that hold no object (a DATAtourisme flux's
 * index.json, Apidae's communes.json, elements_reference.json… and its
 * objets_supprimes). Returns as import_add_files; -1 with a message on diag
 * when there is no export file at all. */
#define IMPORT_FOLDER_DEPTH 6
int import_add_folder(importer_t *im, const char *path, enum import_format fmt, diag_t *diag);

struct import_stats {
    size_t objects;    /* objects seen */
    size_t items;      /* items in the feed */
    size_t skipped;    /* objects skipped: unknown type, unpublished, no id or title */
    size_t replaced;   /* objects whose id came again, later one kept */
    size_t duplicates; /* objects with another's kind, title and start: left out */
    size_t past;       /* events whose every date is before ref */
};
void import_get_stats(const importer_t *im, struct import_stats *out);

/* Logs a one-line summary, runs the builder's checks and returns the feed,
 * or NULL when a content error was reported. Frees the importer. */
feed_t *import_finish(importer_t *im);

/* Drops an import run. */
void import_abort(importer_t *im);

/* Fills a feed builder that a loader already holds with the objects of a
 * parsed export (feed_load's hook for JSON documents that are not native
 * feeds). Per-object warnings go to the log; a mismatched document is
 * reported on the builder. Returns the number of items added, or -1. */
int import_fill(fb_t *b, const cJSON *root, const char *buf, size_t len, enum import_format fmt,
                civil_t ref);

/* The wall clock now as a civil time in FEED_DEFAULT_TIMEZONE (the machine's
 * zone without tzdata), for callers with no reference date of their own. */
civil_t import_now(void);

#endif
