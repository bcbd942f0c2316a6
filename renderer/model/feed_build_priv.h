/* feed_build_priv — what the parts of the feed builder share: the builder
 * itself, the fields and settings by number, and the helpers every part
 * uses. feed_build.c (the builder, its messages and the cross-item checks),
 * feed_field.c (every field's and setting's rules) and feed_text.c (how a
 * text value is cleaned) include it; nobody else does. */
#ifndef VITRINE_MODEL_FEED_BUILD_PRIV_H
#define VITRINE_MODEL_FEED_BUILD_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "model/feed_priv.h"

#define ID_MAX      64
#define MAX_PRICES  20
#define MAX_SCREENS 32

enum field {
    F_TITLE,
    F_SUBTITLE,
    F_BODY,
    F_IMAGE,
    F_IMAGE_PORTRAIT,
    F_IMAGE_LANDSCAPE,
    F_URL,
    F_PARTNER,
    F_TRANSITION,
    F_FROM,
    F_UNTIL,
    F_DAYS,
    F_HOURS,
    F_HOLIDAYS,
    F_PRIORITY,
    F_WEIGHT,
    F_DURATION,
    F_SCREENS,
    F_CATEGORY,
    F_ADDRESS,
    F_PHONE,
    F_OPENING,
    F_START,
    F_END,
    F_VENUE,
    F_ORGANISER,
    F_FREE,
    F_SEATS,
    F_SALE_UNTIL,
    F_EVENT,
    F_STATUS,
    F_AFTER_HOURS,
    F_VIDEO,
    F_LOOPS,
    F_FOCUS,
};

enum setting {
    S_OFFICE,
    S_LOGO,
    S_HOURS,
    S_LANGUAGES,
    S_TIMEZONE,
    S_DURATION,
    S_PROMO_DAYS,
    S_SOLD_OUT,
    S_HIDE_CLOSED,
    S_AGENDA_DAYS,
    S_GENERATED,
    S_WEBSITE,
    S_AGENDA_URL,
    S_BOOKING_URL,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An item under construction and the fields it has been given so far. */
struct slot {
    struct item *it;
    uint64_t set;
};

struct msg {
    int line;
    size_t seq;
    char *text;
    struct diag_info info; /* field and value owned */
};

struct feed_builder {
    feed_t *feed;
    diag_t *diag;
    const char *name;
    size_t errors;
    struct slot *slots;
    size_t nslots, cap;
    uint64_t settings_set;
    bool too_many;
    bool unbounded; /* fb_set_unbounded: a copy of bounded feeds */
    bool office_set;
    bool warned_text; /* invalid UTF-8 or control characters logged */
    struct msg *msgs; /* problems, sorted by line when handed to diag */
    size_t nmsgs, msgcap;
    /* The field being set, for messages: a price's dotted name in field,
     * else the name, language and whether it is a text (formatted as
     * "title.en" only when a problem is reported). */
    char field[96];
    const char *fname, *flang;
    bool ftext;
};

/* "an" for an event, else "a": for messages. */
const char *fb_article(enum item_kind k);

/* True for an id of letters, digits, '-', '_' and '.', at most ID_MAX long. */
bool fb_valid_id(const char *s);

/* The slot of an item under construction, or NULL. */
struct slot *fb_slot(fb_t *b, const struct item *it);

/* The value as the model keeps it, in the feed's arena: trimmed, blanks
 * folded in texts, invalid UTF-8 replaced and control characters dropped
 * (logged once per feed). NULL after reporting when it is too long. */
const char *fb_clean(fb_t *b, const char *what, const char *value, bool text, int line);

#endif
