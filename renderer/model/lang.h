/* lang — the four languages of the welcome screens. French is the reference:
 * every text has a French value, the others fall back to it field by field. */
#ifndef VITRINE_MODEL_LANG_H
#define VITRINE_MODEL_LANG_H

enum lang { LANG_FR, LANG_EU, LANG_ES, LANG_EN, LANG_COUNT };

/* "fr", "eu", "es", "en". */
const char *lang_code(enum lang l);

/* Parses a code ("fr", "eu", "es", "en"); returns 0, or -1 when unknown. */
int lang_parse(const char *code, enum lang *out);

/* How a screen shows several languages (the configuration's
 * language_policy; the scheduler acts on it). */
enum lang_policy {
    LANG_CYCLE,     /* switch language after each full rotation */
    LANG_ALTERNATE, /* switch on each slide */
    LANG_DUAL,      /* second language under the first on the same slide */
};
#define LANG_POLICY_COUNT 3

/* "cycle", "alternate", "dual"; lang_policy_parse returns -1 when unknown. */
const char *lang_policy_name(enum lang_policy p);
int lang_policy_parse(const char *name, enum lang_policy *out);

/* A text with one value per language; NULL where absent. */
typedef struct {
    const char *s[LANG_COUNT];
} tr_text;

/* The value in l, else the French one, else NULL. */
const char *tr_get(const tr_text *t, enum lang l);

/* True when no language has a value. */
int tr_empty(const tr_text *t);

#endif
