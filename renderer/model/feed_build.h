/* feed_build — builds a feed item by item, with the same rules whatever the
 * source: the XML and JSON loaders, drop-folder sidecars and the SIT
 * importers all go through it, so that every format is checked alike and
 * every message reads alike. */
#ifndef VITRINE_MODEL_FEED_BUILD_H
#define VITRINE_MODEL_FEED_BUILD_H

#include "model/arena.h"
#include "model/diag.h"
#include "model/feed.h"

typedef struct feed_builder fb_t;

/* Starts an empty feed with default settings. name appears in messages;
 * base_dir resolves relative image paths (NULL: the current directory).
 * diag receives every problem; it is borrowed, not owned. */
fb_t *fb_create(const char *name, const char *base_dir, diag_t *diag);

/* Lifts the item and memory limits (FEED_MAX_ITEMS, FEED_MAX_MEMORY) for a
 * builder that copies feeds which were bounded when they were loaded (the
 * merge of the sources, the overlays): the copy must never lose the whole
 * screen to a limit its parts each met. */
void fb_set_unbounded(fb_t *b);

/* The arena that owns the feed's strings (for importers filling fields directly). */
arena_t *fb_arena(fb_t *b);

/* The file name messages use for this builder. */
const char *fb_name(const fb_t *b);

/* The settings, to fill directly or through fb_set_setting. */
struct feed_settings *fb_settings(fb_t *b);

/* Appends an item with every field at its default (CIVIL_NONE dates, weight 1,
 * all days, seats -1, free -1). id is copied. Returns NULL (and reports) once
 * FEED_MAX_ITEMS is reached. */
struct item *fb_add_item(fb_t *b, enum item_kind kind, const char *id, int line);

/* Makes it a deep copy of src: every field of src, with every string copied
 * into the builder's arena, so the copy outlives src's feed. it keeps its own
 * id (the one fb_add_item copied). */
void fb_copy_item(fb_t *b, struct item *it, const struct item *src);

/* Makes the builder's settings a deep copy of src, strings in its arena. */
void fb_copy_settings(fb_t *b, const struct feed_settings *src);

/* Sets one field of an item from its text form, as written in XML (see
 * docs/feed-format.md): name is the field's name ("title", "start", "days"...),
 * lang is NULL or "fr" for French, else "eu", "es", "en". Reports a problem
 * with this line and returns -1 when the value is invalid or the field does
 * not belong to the item's kind. */
int fb_set_field(fb_t *b, struct item *it, const char *name, const char *lang, const char *value,
                 int line);

/* True when name is the name of an item field ("title", "until"...). */
bool fb_is_item_field(const char *name);

/* Appends a price ("28", "7.50") to an item; returns its index or -1. */
int fb_add_price(fb_t *b, struct item *it, const char *amount, int line);

/* Sets the label of price index idx in a language (NULL = French). */
int fb_set_price_label(fb_t *b, struct item *it, int idx, const char *lang, const char *value,
                       int line);

/* Sets one setting from its text form ("office", "languages", "duration"...). */
int fb_set_setting(fb_t *b, const char *name, const char *lang, const char *value, int line);

/* Reports a problem at a line of this feed (for loaders' own checks). */
void fb_error(fb_t *b, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reports a problem with what it is about (info: code, field, value,
 * bounds; copied). A NULL info->field is the field being set, if any. */
void fb_fail(fb_t *b, int line, const struct diag_info *info, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define FB_WHY(...) (&(struct diag_info){__VA_ARGS__})

/* Number of problems reported so far for this feed. */
size_t fb_error_count(const fb_t *b);

/* A point in the building of a feed: the items added and the problems
 * reported so far. */
struct fb_mark {
    size_t items, errors;
};

/* Where the builder stands now. */
struct fb_mark fb_mark(const fb_t *b);

/* Forgets the items added and the problems reported between marks from and
 * to (from <= to <= now), as if they had never been given: for a streaming
 * loader that learns only after building a part that its container is
 * refused as a whole. The strings of the dropped items stay in the arena
 * until the feed is freed. */
void fb_forget(fb_t *b, struct fb_mark from, struct fb_mark to);

/* Runs the cross-item checks (required fields per kind, duplicate ids, a
 * ticket's event reference, end after start) and returns the feed, or NULL
 * when any problem was reported. Frees the builder either way. */
feed_t *fb_finish(fb_t *b);

/* Drops a feed under construction. */
void fb_abort(fb_t *b);

#endif
