/* keytab — one table-driven INI reader for vitrine.conf and theme.ini. The
 * rules are the same in both files: sections and keys match whatever their
 * case, every problem is reported with its line and the reading goes on,
 * a near-miss key gets a "did you mean", and each type has one message. */
#include "model/keytab.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "model/util.h"

static void *field(void *obj, const struct keytab_key *k, ptrdiff_t delta)
{
    return (char *)obj + k->off + delta;
}

/* Parses "16M", "512K", "2G", "1000" into bytes. */
static int parse_size(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0)
        return -1;
    while (*end == ' ')
        end++;
    double mul = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mul = 1024.0;
        end++;
        break;
    case 'm':
    case 'M':
        mul = 1024.0 * 1024;
        end++;
        break;
    case 'g':
    case 'G':
        mul = 1024.0 * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'B' || *end == 'b' || *end == 'o')
        end++;
    if (*end || !(v * mul <= 1e15)) /* written so that "nan" fails too */
        return -1;
    *out = (int64_t)(v * mul);
    return 0;
}

/* #rrggbb or #rrggbbaa into 0xAARRGGBB. */
static int parse_color(const char *v, uint32_t *out)
{
    size_t n = strlen(v);
    if (v[0] != '#' || (n != 7 && n != 9))
        return -1;
    for (size_t i = 1; i < n; i++)
        if (!isxdigit((unsigned char)v[i]))
            return -1;
    unsigned long x = strtoul(v + 1, NULL, 16);
    *out = n == 7 ? (uint32_t)(0xff000000u | x) : (uint32_t)(((x & 0xff) << 24) | (x >> 8));
    return 0;
}

static const char *const bool_words[][2] = {
    {"true", "false"}, {"yes", "no"}, {"on", "off"}, {"1", "0"}};

/* A key's words as "a, b or c", for messages. */
static void list_words(const struct keytab_key *k, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int v = (int)k->min; v <= (int)k->max; v++) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s",
                 v == (int)k->min   ? ""
                 : v == (int)k->max ? " or "
                                    : ", ",
                 k->word(v));
    }
}

static int find_word(const struct keytab_key *k, const char *value)
{
    for (int v = (int)k->min; v <= (int)k->max; v++)
        if (strcasecmp(k->word(v), value) == 0)
            return v;
    return -1;
}

static int apply(const struct keytab_key *k, void *obj, ptrdiff_t delta, const char *value,
                 bool first, const char *where, int line, diag_t *diag)
{
    void *p = field(obj, k, delta);
    char err[300] = "";
    switch (k->type) {
    case KT_STR:
        free(*(char **)p);
        *(char **)p = xstrdup(value);
        return 0;
    case KT_INT:
    case KT_SECONDS:
    case KT_DOUBLE: {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        /* !(in range) rather than (out of range): strtod reads "nan", which
         * compares false with everything and must not slip through. */
        if (end == value || *end || errno || !(v >= k->min && v <= k->max) ||
            (k->type == KT_INT && v != (long)v)) {
            diag_add(diag, where, line, "%s: '%s' is not valid; expected %s from %g to %g%s",
                     k->name, value, k->type == KT_INT ? "a whole number" : "a number", k->min,
                     k->max, k->type == KT_SECONDS ? " (seconds)" : "");
            return -1;
        }
        if (k->type == KT_INT)
            *(int *)p = (int)v;
        else if (k->type == KT_SECONDS)
            *(int *)p = (int)(v * 1000 + 0.5);
        else
            *(double *)p = v;
        return 0;
    }
    case KT_SIZE: {
        int64_t v;
        if (parse_size(value, &v) < 0 || v < k->min) {
            diag_add(diag, where, line,
                     "%s: '%s' is not a valid size; expected a number of "
                     "bytes with K, M or G, at least %.0fK",
                     k->name, value, k->min / 1024);
            return -1;
        }
        *(int64_t *)p = v;
        return 0;
    }
    case KT_BOOL:
        for (size_t i = 0; i < sizeof bool_words / sizeof bool_words[0]; i++)
            for (int b = 0; b < 2; b++)
                if (strcasecmp(value, bool_words[i][b]) == 0) {
                    *(bool *)p = b == 0;
                    return 0;
                }
        diag_add(diag, where, line, "%s: '%s' is not valid; expected true or false", k->name,
                 value);
        return -1;
    case KT_ENUM:
    case KT_WORD: {
        int v = find_word(k, value);
        if (v < 0) {
            char words[200];
            list_words(k, words, sizeof words);
            diag_add(diag, where, line, "%s: '%s' is not valid; expected %s", k->name, value,
                     words);
            return -1;
        }
        if (k->type == KT_ENUM) {
            *(int *)p = v;
        } else {
            free(*(char **)p);
            *(char **)p = xstrdup(k->word(v));
        }
        return 0;
    }
    case KT_COLOR:
        if (parse_color(value, (uint32_t *)p) < 0) {
            diag_add(diag, where, line,
                     "%s: '%s' is not a colour; write #rrggbb or #rrggbbaa (e.g. #c8102e)",
                     k->name, value);
            return -1;
        }
        return 0;
    case KT_CUSTOM:
        if (k->set(obj, k, value, first, err, sizeof err) < 0) {
            diag_add(diag, where, line, "%s: %s", k->name, err);
            return -1;
        }
        return 0;
    }
    return -1;
}

int keytab_set(const struct keytab_key *k, void *obj, const char *value, bool first,
               const char *where, int line, diag_t *diag)
{
    return apply(k, obj, 0, value, first, where, line, diag);
}

void keytab_defaults(const struct keytab *t, void *obj)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->keys[i].def &&
            apply(&t->keys[i], obj, 0, t->keys[i].def, true, "defaults", 0, NULL) < 0)
            abort(); /* a bad default is a programming error */
}

const struct keytab_key *keytab_find(const struct keytab *t, const char *section, const char *name,
                                     int *matches)
{
    const struct keytab_key *found = NULL;
    int n = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct keytab_key *k = &t->keys[i];
        if (strcasecmp(k->name, name) || (section && strcasecmp(k->section, section)))
            continue;
        if (!found)
            found = k;
        n++;
    }
    if (matches)
        *matches = n;
    return found;
}

static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    int d[41][41];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] +
                    (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

/* The table's sections as "[a], [b] or [c]", the override section last. */
static void list_sections(const struct keytab *t, char *buf, size_t size)
{
    const char *names[32];
    int n = 0;
    for (size_t i = 0; i < t->n && n < 31; i++) {
        bool seen = false;
        for (int j = 0; j < n; j++)
            seen |= strcasecmp(names[j], t->keys[i].section) == 0;
        if (!seen)
            names[n++] = t->keys[i].section;
    }
    if (t->override_section)
        names[n++] = t->override_section;
    buf[0] = '\0';
    for (int j = 0; j < n; j++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s[%s]",
                 j == 0       ? ""
                 : j == n - 1 ? " or "
                              : ", ",
                 names[j]);
    }
}

/* The one message for a line the table does not know. */
static void unknown(const struct keytab *t, const char *path, int line, const char *section,
                    const char *name, diag_t *diag)
{
    char sections[300];
    list_sections(t, sections, sizeof sections);
    if (!*section) {
        diag_add(diag, path, line, "'%s' is outside any section; put it under %s", name, sections);
        return;
    }
    bool over = t->override_section && strcasecmp(section, t->override_section) == 0;
    bool known = over;
    const struct keytab_key *best = NULL;
    int bestd = 99;
    for (size_t i = 0; i < t->n; i++) {
        const struct keytab_key *k = &t->keys[i];
        bool here = over ? k->override : strcasecmp(k->section, section) == 0;
        known |= here;
        if (!here)
            continue;
        int d = edit_distance(name, k->name);
        if (d < bestd) {
            bestd = d;
            best = k;
        }
    }
    const struct keytab_key *elsewhere = over ? NULL : keytab_find(t, NULL, name, NULL);
    if (elsewhere)
        diag_add(diag, path, line, "'%s' belongs in section [%s], not [%s]", name,
                 elsewhere->section, section);
    else if (!known)
        diag_add(diag, path, line, "unknown section [%s]; sections are %s (see %s)", section,
                 sections, t->doc);
    else if (best && bestd <= 3 && bestd < (int)strlen(name))
        diag_add(diag, path, line, "unknown key '%s' in [%s]; did you mean '%s'?", name, section,
                 best->name);
    else
        diag_add(diag, path, line, "unknown key '%s' in [%s]; see %s for the keys", name, section,
                 t->doc);
}

/* An override line, applied once the rest of the file is read. */
struct pending {
    const struct keytab_key *k;
    char *value;
    int line;
};

/* libinih reads line by line through reader(), so that the handler knows
 * the line it is called for (Debian builds inih without INI_HANDLER_LINENO). */
struct parse {
    const struct keytab *t;
    void *obj;
    const char *path;
    diag_t *diag;
    FILE *f;
    int line;
    int problems;
    int *lines; /* t->n: the line each key was set on */
    struct pending *over;
    int nover;
};

static char *reader(char *str, int num, void *stream)
{
    struct parse *p = stream;
    char *r = fgets(str, num, p->f);
    if (r)
        p->line++;
    return r;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse *p = user;
    const struct keytab *t = p->t;
    if (!name) /* a section header alone */
        return 1;
    const struct keytab_key *k = NULL;
    bool over = t->override_section && strcasecmp(section, t->override_section) == 0;
    if (over) {
        for (size_t i = 0; i < t->n && !k; i++)
            if (t->keys[i].override && strcasecmp(t->keys[i].name, name) == 0)
                k = &t->keys[i];
    } else if (*section) {
        k = keytab_find(t, section, name, NULL);
    }
    if (!k) {
        p->problems++;
        unknown(t, p->path, p->line, section, name, p->diag);
        return 1;
    }
    if (over) {
        p->over = xrealloc(p->over, sizeof *p->over * (size_t)(p->nover + 1));
        p->over[p->nover++] = (struct pending){k, xstrdup(value), p->line};
        return 1;
    }
    size_t i = (size_t)(k - t->keys);
    bool first = p->lines[i] == 0;
    p->lines[i] = p->line;
    if (apply(k, p->obj, 0, value, first, p->path, p->line, p->diag) < 0)
        p->problems++;
    return 1; /* keep going: staff see every problem at once */
}

int keytab_read(const struct keytab *t, void *obj, const char *path, diag_t *diag, int *lines)
{
    struct parse p = {.t = t, .obj = obj, .path = path, .diag = diag};
    p.f = fopen(path, "r");
    if (!p.f)
        return -1;
    p.lines = xcalloc(t->n ? t->n : 1, sizeof *p.lines);
    int rc = ini_parse_stream(reader, &p, handler, &p);
    fclose(p.f);
    /* inih goes on after a malformed line and returns the first one's number. */
    if (rc > 0) {
        p.problems++;
        diag_add(diag, path, rc, "not a 'key = value' line nor a [section]");
    } else if (rc < 0) {
        p.problems++;
        diag_add(diag, path, 0, "cannot parse the file");
    }
    if (t->before_overrides)
        t->before_overrides(obj);
    for (int i = 0; i < p.nover; i++) {
        if (apply(p.over[i].k, obj, t->override_delta, p.over[i].value, true, path, p.over[i].line,
                  diag) < 0)
            p.problems++;
        free(p.over[i].value);
    }
    free(p.over);
    if (lines)
        memcpy(lines, p.lines, t->n * sizeof *lines);
    free(p.lines);
    return p.problems;
}

static void print_color(uint32_t c, FILE *out)
{
    if (c >> 24 == 0xff)
        fprintf(out, "#%06x", c & 0xffffff);
    else
        fprintf(out, "#%06x%02x", c & 0xffffff, c >> 24);
}

static void print_value(const struct keytab_key *k, const void *obj, FILE *out)
{
    const void *p = (const char *)obj + k->off;
    if (k->type == KT_CUSTOM) {
        k->print(obj, k, out);
        return;
    }
    fprintf(out, "%s = ", k->name);
    switch (k->type) {
    case KT_STR:
    case KT_WORD:
        fputs(*(char *const *)p ? *(char *const *)p : "", out);
        break;
    case KT_INT:
        fprintf(out, "%d", *(const int *)p);
        break;
    case KT_SECONDS:
        fprintf(out, "%g", *(const int *)p / 1000.0);
        break;
    case KT_DOUBLE:
        fprintf(out, "%g", *(const double *)p);
        break;
    case KT_SIZE:
        fprintf(out, "%" PRId64, *(const int64_t *)p);
        break;
    case KT_BOOL:
        fputs(*(const bool *)p ? "true" : "false", out);
        break;
    case KT_ENUM:
        fputs(k->word(*(const int *)p), out);
        break;
    case KT_COLOR:
        print_color(*(const uint32_t *)p, out);
        break;
    case KT_CUSTOM:
        break;
    }
    fputc('\n', out);
}

void keytab_print(const struct keytab *t, const void *obj, FILE *out)
{
    const char *section = "";
    for (size_t i = 0; i < t->n; i++) {
        const struct keytab_key *k = &t->keys[i];
        if (strcmp(section, k->section)) {
            section = k->section;
            fprintf(out, "%s[%s]\n", i ? "\n" : "", section);
        }
        fprintf(out, "; %s\n", k->help);
        print_value(k, obj, out);
    }
}

void keytab_free_strings(const struct keytab *t, void *obj)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->keys[i].type == KT_STR || t->keys[i].type == KT_WORD) {
            char **s = field(obj, &t->keys[i], 0);
            free(*s);
            *s = NULL;
        }
}
