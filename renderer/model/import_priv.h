/* import_priv — what the three SIT importers share: the draft of one
 * object before it becomes an item (import_draft.c, import_emit.c), the run
 * state (import.c) and the pruning tables import_read.c uses; tolerant JSON
 * access is model/jpath.h. Private to import*.c. */
#ifndef VITRINE_MODEL_IMPORT_PRIV_H
#define VITRINE_MODEL_IMPORT_PRIV_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/feed_build.h"
#include "model/import.h"
#include "model/jpath.h"
#include "model/jprune.h"
#include "model/tz.h"

/* --- the draft of one object ------------------------------------------ */

enum imp_status { ST_NONE, ST_CANCELLED, ST_POSTPONED, ST_SOLDOUT, ST_SUSPENDED };

struct imp_period {
    civil_t start, end; /* end CIVIL_NONE: same as start */
    bool start_date_only, end_date_only;
};

struct imp_price {
    tr_text label;
    double min, max; /* max < 0: none */
};

#define IMP_MAX_PRICES 8

struct imp_draft {
    const char *type; /* the source's type name, for messages */
    enum item_kind kind;
    const char *id;
    int line;
    tr_text title, body, longbody, category, venue;
    const char *image, *url, *address, *phone, *organiser;
    double lat, lon;
    bool has_geo;
    struct imp_period *periods; /* heap, owned by the run (reused) */
    int nperiods, capperiods;
    struct week_hours opening;
    bool has_opening;
    struct imp_price prices[IMP_MAX_PRICES];
    int nprices;
    int free; /* -1 unknown, 0 paid, 1 free */
    enum imp_status status;
    bool warned_period; /* one date warning per object is enough */
};

struct importer {
    fb_t *b;
    diag_t *diag, *warn;
    size_t diag_start; /* diag's count when the run began */
    civil_t ref;
    char *name;      /* the run's name, for the summary */
    char *docname;   /* current document name (owned) */
    const char *doc; /* = docname */
    const char *buf; /* its text, for line numbers */
    size_t len, cursor;
    int cursor_line;
    struct import_stats st;
    struct imp_draft d;
    /* ids already imported, to let a later object replace an earlier one;
     * signatures (kind, title, start), to leave duplicates out */
    struct imp_table {
        struct imp_seen {
            const char *id; /* the key */
            struct item *it;
        } * v;
        size_t n, cap;
    } seen, sigs;
    /* unknown types: name and count, for the summary */
    struct imp_unknown {
        char name[48];
        int n;
    } unknown[16];
    jprune_t *jp; /* the pruner, made on first use */
    tz_t *zone;   /* FEED_DEFAULT_TIMEZONE, loaded on first use */
    bool zone_failed;
    char *filebuf; /* import_add_file's buffer, reused */
    size_t filecap;
    int nunknown;
    size_t nskipped_types;
    char scratch[64];
};

/* --- the run (import.c) ------------------------------------------------ */

/* The line of the first occurrence of needle after the previous object. */
int imp_line_of(struct importer *im, const char *needle);
/* A per-object warning "DOC:LINE: object ID: message". */
void imp_warn(struct importer *im, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Counts an object skipped for its type. */
void imp_skip_type(struct importer *im, const char *type);

/* --- filling the draft (import_draft.c) -------------------------------- */

/* Resets the draft for a new object. */
void imp_draft_reset(struct importer *im);
/* Sets one language of a text from the source (whitespace tidied). */
void imp_text(struct importer *im, tr_text *t, enum lang l, const char *s);
/* Adds a period; dates as "YYYY-MM-DD[THH:MM[:SS]]" with optional times
 * "HH:MM[:SS]" (NULL: none). Warns and ignores unreadable dates. */
void imp_period(struct importer *im, const char *start, const char *end, const char *tstart,
                const char *tend);
void imp_period_civil(struct importer *im, civil_t s, bool sdo, civil_t e, bool edo);
/* Adds a window to the draft's opening hours for each day in mask. */
void imp_hours(struct importer *im, uint8_t days, const char *open, const char *close);
/* Adds a price; max < 0 for none. */
struct imp_price *imp_price(struct importer *im, double min, double max);
/* Marks found in a text (a title): returns the status, and when strip is
 * given, copies the text without the marker into it. */
enum imp_status imp_marker(const char *s, char *strip, size_t size);

/* --- cleaning texts (import_clean.c) ----------------------------------- */

/* Imported text cleaned once (import_clean.c): a text in capitals to
 * sentence case, keeping acronyms and the words that ref (another text of
 * the object, or NULL) writes as names; typographic apostrophes and "…";
 * in French « » quotes, ordinals ("14e", "1re") and centuries ("XIXe
 * siècle"). Returns a heap string the caller frees. */
char *imp_clean_text(const char *s, enum lang l, const char *ref);

/* A French phone number in pairs, "05 55 28 66 31", from "+33 5 55 28 66 31",
 * "0555286631" or "05.55.28.66.31"; anything else as written. Heap string. */
char *imp_clean_phone(const char *s);

/* --- the draft to an item (import_emit.c) ------------------------------ */

/* True when an object with this id (as the source writes it) is already
 * an item of this run. */
bool imp_known(struct importer *im, const char *raw_id);

/* Turns the draft into an item (or replaces the item with the same id). */
void imp_emit(struct importer *im);

/* --- the mappers and their pruning tables ----------------------------- */

/* The members each mapper reads, and those import_detect reads to tell the
 * formats apart, for jprune: import_add_mem parses only these. A mapper that
 * reads a new member must name it in its table. Tourinsoft documents are
 * kept whole ("d", "value"). */
extern const struct jprune_key imp_detect_keys[];
extern const struct jprune_key imp_datatourisme_keys[];
extern const struct jprune_key imp_apidae_keys[];

/* The three mappers: each walks its document and emits objects. */
void import_datatourisme(struct importer *im, const cJSON *root);
void import_apidae(struct importer *im, const cJSON *root);
void import_tourinsoft(struct importer *im, const cJSON *root);

#endif
