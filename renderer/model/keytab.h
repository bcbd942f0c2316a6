/* keytab — the one reader of vitrine's INI files (vitrine.conf, theme.ini):
 * a table of keys (section, name, type, where the value goes, default,
 * accepted range or words, meaning) read through libinih. Each key's
 * default, range and error message live in its row, and every mistake is
 * one diag message "FILE:LINE: key: 'value' is not valid; expected ...".
 * The tables are in model/config.c and draw/theme.c; docs/config.md and
 * docs/themes.md mirror them (tests/test_keytab.c checks it). */
#ifndef VITRINE_MODEL_KEYTAB_H
#define VITRINE_MODEL_KEYTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/diag.h"

enum keytab_type {
    KT_STR,     /* char *, owned; a NULL default leaves NULL */
    KT_INT,     /* int, a whole number within min..max */
    KT_SECONDS, /* int milliseconds, written as seconds within min..max */
    KT_DOUBLE,  /* double within min..max */
    KT_SIZE,    /* int64_t bytes, written with K, M or G; at least min */
    KT_BOOL,    /* bool: true, yes, on, 1 / false, no, off, 0 */
    KT_ENUM,    /* int: the value v in min..max whose word(v) is written */
    KT_WORD,    /* char *, owned: one of word(min..max), stored as written there */
    KT_COLOR,   /* uint32_t 0xAARRGGBB, written #rrggbb or #rrggbbaa */
    KT_CUSTOM,  /* set and print below */
};

struct keytab_key;

/* A KT_CUSTOM key's parser: obj is the struct the table describes; first is
 * true the first time this read (file or command line) sets the key, so a
 * repeatable key starts over. Returns 0, or -1 with why in err (the reader
 * prefixes the key's name). */
typedef int (*keytab_set_fn)(void *obj, const struct keytab_key *k, const char *value, bool first,
                             char *err, size_t errsize);
/* A KT_CUSTOM key's writer: whole "name = value" lines, read back by set. */
typedef void (*keytab_print_fn)(const void *obj, const struct keytab_key *k, FILE *out);

struct keytab_key {
    const char *section, *name;
    enum keytab_type type;
    size_t off;                 /* into the struct the table describes */
    const char *def;            /* the default in its written form; NULL: none (KT_STR NULL) */
    double min, max;            /* numbers: accepted range; KT_SIZE: min only; words: values */
    bool override;              /* may be repeated in the table's override section */
    const char *(*word)(int v); /* KT_ENUM, KT_WORD: the word for v in min..max */
    keytab_set_fn set;          /* KT_CUSTOM */
    keytab_print_fn print;      /* KT_CUSTOM */
    const char *help;           /* what the key means, for people */
};

struct keytab {
    const struct keytab_key *keys;
    size_t n;
    const char *doc; /* where people read about the keys, e.g. "docs/config.md" */
    /* A section that may repeat the keys marked override (a theme's
     * [portrait]); those lines are applied after all others, at off +
     * override_delta, once before_overrides has run. NULL: none. */
    const char *override_section;
    ptrdiff_t override_delta;
    void (*before_overrides)(void *obj);
};

/* Sets every key of obj (zeroed by the caller) to its default. A default that
 * does not parse is a programming error: abort(). */
void keytab_defaults(const struct keytab *t, void *obj);

/* Reads the INI file at path on top of obj. Every problem goes to diag as
 * "path:LINE: message" and the reading goes on, so that staff see them all.
 * lines, when not NULL, holds t->n ints: the line each key was last set on
 * (0: not in the file). Returns the number of problems, or -1 when the file
 * cannot be opened (errno says why; nothing is added to diag). */
int keytab_read(const struct keytab *t, void *obj, const char *path, diag_t *diag, int *lines);

/* The key named name in section (NULL: any section; then *matches, when not
 * NULL, counts the keys of that name). NULL when there is none. */
const struct keytab_key *keytab_find(const struct keytab *t, const char *section, const char *name,
                                     int *matches);

/* Sets one key from its written form, as the file would (first: see
 * keytab_set_fn). where and line name the origin in messages. Returns 0, or
 * -1 with one message in diag. */
int keytab_set(const struct keytab_key *k, void *obj, const char *value, bool first,
               const char *where, int line, diag_t *diag);

/* Writes obj as an INI file that reads back to the same values: each
 * section, then for each key its meaning as a comment and its value. */
void keytab_print(const struct keytab *t, const void *obj, FILE *out);

/* Frees obj's KT_STR and KT_WORD strings (not obj, not custom values). */
void keytab_free_strings(const struct keytab *t, void *obj);

#endif
