/* feed — a loaded feed: settings plus items, from an XML or JSON file.
 * A feed is immutable once loaded; the player swaps whole feeds by pointer. */
#ifndef VITRINE_MODEL_FEED_H
#define VITRINE_MODEL_FEED_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/diag.h"
#include "model/item.h"

typedef struct feed feed_t;

/* Size limits for untrusted feeds (see docs/security.md). */
#define FEED_MAX_BYTES  (16u << 20) /* 16 MiB */
#define FEED_MAX_ITEMS  100000
#define FEED_MAX_STRING (64u << 10) /* 64 KiB per text value */

/* Memory bounds, so that any feed `check` accepts plays inside the unit's
 * MemoryMax=400M with room for pictures (docs/performance.md): a loaded
 * model takes at most FEED_MAX_MEMORY; reading a file may take at most
 * FEED_MAX_PARSE_MEMORY more while it lasts (the whole tree of an XML
 * document that is not well-formed, parsed again for its messages; a valid
 * feed, XML or JSON, is read one item at a time). The player holds two
 * models at a swap. */
#define FEED_MAX_MEMORY       (64u << 20)
#define FEED_MAX_PARSE_MEMORY (160u << 20)

/* XML elements may hold at most this many attributes (a feed uses one or
 * two) and names this long: checked before libxml2 reads the document. */
#define FEED_MAX_XML_ATTRS 16
#define FEED_MAX_XML_NAME  64

/* Loads a feed from a file; the format (XML or JSON) is detected from its
 * first non-blank character. Every problem found goes to diag as
 * "FILE:LINE: message". Returns the feed, or NULL when there was any problem
 * (the caller keeps its last good feed). The caller frees with feed_free. */
feed_t *feed_load(const char *path, diag_t *diag);

/* Same, from memory; name is used in messages and base_dir resolves relative
 * image paths (NULL: the current directory). */
feed_t *feed_load_mem(const char *buf, size_t len, const char *name, const char *base_dir,
                      diag_t *diag);

/* The settings of a feed that gives none (docs/feed-format.md). */
void feed_default_settings(struct feed_settings *out);

/* A feed with default settings and no items (the player's empty start). */
feed_t *feed_create_empty(void);

/* Frees the feed and every item, string and array in it. NULL is a no-op. */
void feed_free(feed_t *f);

/* The number of items; the i-th in file order (NULL past the end); the
 * settings. All owned by the feed and valid until feed_free. */
size_t feed_count(const feed_t *f);
const struct item *feed_item(const feed_t *f, size_t i);
const struct feed_settings *feed_settings(const feed_t *f);

/* The item with this id, or NULL. */
const struct item *feed_find(const feed_t *f, const char *id);

/* The bytes the loaded feed takes in memory: its arena, item table and
 * index (what FEED_MAX_MEMORY bounds). */
size_t feed_memory(const feed_t *f);

/* The folder relative paths in the feed resolve against. */
const char *feed_dir(const feed_t *f);

/* Writes the model as canonical JSON (fixed key order, defaults included, no
 * source positions), so that a feed and its twin in the other format give
 * byte-identical output. Returns 0, or -1 on a write error. */
int feed_dump(const feed_t *f, FILE *out);

/* A fingerprint of the canonical dump: two feeds with the same digest
 * play alike. Lets a caller tell a changed model without keeping its dump
 * (which takes more than the model). Returns 0, or -1 (out undefined). */
struct feed_digest {
    uint64_t h[2];
};
int feed_digest(const feed_t *f, struct feed_digest *out);

/* What a problem the loader reports is about (diag_info.code), for callers
 * that word it themselves, such as the console's French messages for staff.
 * The loader fills diag_info.field (the feed JSON member, dotted) and,
 * where the code needs them, value, min and max. Codes are stable: append
 * new ones before FP_COUNT. A problem without a code (0) is one only a
 * technician meets (the syntax of a hand-written file). */
enum feed_problem {
    FP_NONE,
    FP_ID_MISSING,           /* the item has no id */
    FP_ID_INVALID,           /* value: the id; max: its longest length */
    FP_ID_TAKEN,             /* value: the id, used by another item */
    FP_KIND,                 /* no kind, or value: an unknown one */
    FP_TITLE_MISSING,        /* an item (not a poster) without a title */
    FP_NO_FRENCH,            /* a text translated but without French */
    FP_POSTER_NO_IMAGE,      /* a poster without a picture or film */
    FP_START_MISSING,        /* an event without a start */
    FP_END_BEFORE_START,     /* an event ends before it starts */
    FP_UNTIL_BEFORE_FROM,    /* until before from: never shown */
    FP_TICKET_EVENT_MISSING, /* value: the event's id, not in the feed */
    FP_TICKET_NOT_EVENT,     /* value: the id of an item that is no event */
    FP_DURATION,             /* value; min, max in seconds */
    FP_INT_RANGE,            /* value; min, max */
    FP_BOOL,                 /* value: not true or false */
    FP_CHOICE,               /* value: not one of the field's choices */
    FP_DATE,                 /* value: not a date or date-time */
    FP_PATH,                 /* value: neither a file nor a web address */
    FP_PATH_OUTSIDE,         /* value: a file outside the feed's folder */
    FP_URL,                  /* value: not a web address */
    FP_REF,                  /* value: not a valid id (partner, event) */
    FP_SCREEN_TAG,           /* value: a screen tag badly written */
    FP_SCREENS_MANY,         /* max: tags allowed */
    FP_TWICE,                /* a field or setting given twice */
    FP_LANG,                 /* value: a language code not known */
    FP_NOT_TRANSLATABLE,     /* a language given for a field without */
    FP_FIELD_UNKNOWN,        /* value: a field name not known */
    FP_FIELD_NOT_FOR_KIND,   /* a field the item's kind does not take */
    FP_EMPTY,                /* a field given empty */
    FP_VIDEO_URL,            /* value: a film given as a web address */
    FP_DAYS,                 /* value: days of the week not readable */
    FP_HOURS,                /* value: daily hours not readable */
    FP_OPENING,              /* value: opening hours not readable */
    FP_PRICES_NOT_FOR_KIND,  /* prices on a kind that has none */
    FP_PRICES_MANY,          /* max: prices allowed */
    FP_PRICE_COMMA,          /* value: an amount with a comma */
    FP_PRICE_LARGE,          /* value; max in euros */
    FP_PRICE_INVALID,        /* value: an amount not readable */
    FP_PRICE_MISSING,        /* a price without an amount */
    FP_TOO_LONG,             /* value: the length in bytes; max in KiB */
    FP_TYPE_TEXT,            /* a JSON value that must be a text */
    FP_TYPE_NUMBER,          /* a JSON value that must be a number */
    FP_TYPE_BOOL,            /* a JSON value that must be true or false */
    FP_LANGUAGES_UNKNOWN,    /* value: a language the screens do not show */
    FP_LANGUAGES_TWICE,      /* value: a language listed twice */
    FP_LANGUAGES_FR_FIRST,   /* the languages do not start with fr */
    FP_TIMEZONE,             /* value: not a time zone name */
    FP_SETTING_UNKNOWN,      /* value: a setting name not known */
    FP_FEED_TOO_BIG,         /* max: items, or MiB of memory */
    FP_FOCUS,                /* value: a picture's focal point not readable */
    FP_COUNT
};

/* The stable name of a problem code ("end_before_start"), or NULL for
 * FP_NONE and codes out of range. */
const char *feed_problem_name(int code);

#endif
