/* feed_json — reads a JSON feed. cJSON parses the values; a small scanner
 * of our own walks the same text first, to find syntax errors in words for
 * staff and to note where every value starts, since cJSON keeps no
 * positions. The scanner meets the values in document order, which is the
 * pre-order of cJSON's tree, so the two are matched one to one. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/feed_priv.h"
#include "model/util.h"

#define JSON_MAX_DEPTH 64

struct pos {
    uint32_t line;
    uint32_t off; /* where the value (or its key) starts */
};

/* Bounds the memory a hostile document can claim (a legitimate feed at
 * the item limit has far fewer values). */
#define JSON_MAX_VALUES 4000000

struct json_ctx {
    fb_t *b;
    const char *buf;
    size_t len;
    struct pos *pos; /* in document order */
    size_t npos, cap;
    bool lines_ok;
    bool count_only;          /* the first scan counts values and records nothing */
    feed_json_other_fn other; /* documents that are not feeds, or NULL */
    cJSON *items_slot;        /* streamed: the empty stand-in for "items" */
    size_t items_off;         /* streamed: where the "items" list starts */
    int items_line;
};

static void add_pos(struct json_ctx *j, int line, size_t off)
{
    if (j->count_only) {
        j->npos++;
        return;
    }
    if (j->npos == JSON_MAX_VALUES) {
        j->npos++;
        return;
    }
    if (j->npos > JSON_MAX_VALUES)
        return;
    if (j->npos == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 1024;
        j->pos = xrealloc(j->pos, j->cap * sizeof(*j->pos));
    }
    j->pos[j->npos++] = (struct pos){(uint32_t)line, (uint32_t)off};
}

enum scan_state {
    S_VALUE,        /* a value must come */
    S_ARRAY_START,  /* after '[': a value or ']' */
    S_OBJECT_START, /* after '{': a key or '}' */
    S_KEY,          /* after ',' in an object */
    S_COLON,        /* after a key */
    S_AFTER,        /* after a value: ',' or a closing bracket */
    S_DONE,         /* after the root value */
};

/* Scans the text from `from` to `to`, which starts at line `line`, as one
 * JSON value; returns 0, or -1 after reporting the first syntax error with
 * its line. Positions are recorded on the way (or only counted). */
static int scan(struct json_ctx *j, size_t from, size_t to, int line)
{
    const char *s = j->buf;
    size_t n = to, i = from;
    char stack[JSON_MAX_DEPTH];
    int depth = 0, comma_line = 0, open_line[JSON_MAX_DEPTH];
    enum scan_state st = S_VALUE;
    bool member = false; /* the coming value belongs to a key, already recorded */
    fb_t *b = j->b;

    if (from == 0 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '\n') {
            line++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r')
            continue;
        if (st == S_DONE) {
            fb_error(b, line,
                     "there is something after the feed's final '}': a JSON feed is "
                     "one object; remove what follows it");
            return -1;
        }
        bool value_ok = st == S_VALUE || st == S_ARRAY_START;
        bool key_ok = st == S_OBJECT_START || st == S_KEY;
        switch (c) {
        case '{':
        case '[':
            if (!value_ok)
                goto unexpected;
            if (depth == JSON_MAX_DEPTH) {
                fb_error(b, line,
                         "the JSON is nested more than %d levels deep; a feed needs "
                         "only a few",
                         JSON_MAX_DEPTH);
                return -1;
            }
            if (!member)
                add_pos(j, line, i);
            member = false;
            open_line[depth] = line;
            stack[depth++] = c;
            st = c == '{' ? S_OBJECT_START : S_ARRAY_START;
            break;
        case '}':
        case ']': {
            char want = c == '}' ? '{' : '[';
            if ((st == S_KEY || (st == S_VALUE && depth && stack[depth - 1] == '[')) && depth &&
                stack[depth - 1] == want) {
                fb_error(b, comma_line,
                         "a comma before '%c' is not allowed in JSON: remove "
                         "the comma after the last %s",
                         c, c == '}' ? "field" : "element");
                return -1;
            }
            if (!depth || stack[depth - 1] != want) {
                if (depth)
                    fb_error(b, line,
                             "'%c' closes the '%c' opened at line %d: a '%c' is "
                             "missing or misplaced",
                             c, stack[depth - 1], open_line[depth - 1],
                             stack[depth - 1] == '{' ? '}' : ']');
                else
                    fb_error(b, line, "'%c' closes nothing: remove it", c);
                return -1;
            }
            if (st != S_AFTER && st != (c == '}' ? S_OBJECT_START : S_ARRAY_START))
                goto unexpected;
            depth--;
            st = depth ? S_AFTER : S_DONE;
            break;
        }
        case ',':
            if (st != S_AFTER)
                goto unexpected;
            comma_line = line;
            st = stack[depth - 1] == '{' ? S_KEY : S_VALUE;
            break;
        case ':':
            if (st != S_COLON)
                goto unexpected;
            st = S_VALUE;
            member = true;
            break;
        case '"': {
            if (!value_ok && !key_ok)
                goto unexpected;
            int start_line = line;
            size_t start = i;
            for (i++; i < n && s[i] != '"'; i++) {
                if (s[i] == '\\')
                    i++;
                else if (s[i] == '\n' || s[i] == '\r') {
                    fb_error(b, start_line,
                             "a text in quotes is not closed on its line: add "
                             "the closing \" (a line break inside a text is written \\n)");
                    return -1;
                }
            }
            if (i >= n) {
                fb_error(b, start_line, "a text in quotes is never closed: add the closing \"");
                return -1;
            }
            if (key_ok) {
                add_pos(j, start_line, start);
                st = S_COLON;
            } else {
                if (!member)
                    add_pos(j, start_line, start);
                member = false;
                st = S_AFTER;
            }
            break;
        }
        case '\'':
            fb_error(b, line, "JSON texts and keys use double quotes (\"), not single quotes");
            return -1;
        default: {
            size_t start = i;
            while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '+' ||
                             s[i] == '.' || s[i] == '_'))
                i++;
            if (i == start && (unsigned char)c < 0x20) {
                fb_error(b, line,
                         "an invalid byte (0x%02x) is here: save the file as UTF-8 "
                         "text",
                         (unsigned char)c);
                return -1;
            }
            if (i == start) {
                fb_error(b, line,
                         "'%c' is not allowed here in JSON; check the commas, "
                         "quotes and brackets",
                         c);
                return -1;
            }
            size_t len = i - start;
            i--;
            if (key_ok) {
                fb_error(b, line, "the key '%.*s' must be in double quotes: \"%.*s\"",
                         (int)(len > 40 ? 40 : len), s + start, (int)(len > 40 ? 40 : len),
                         s + start);
                return -1;
            }
            if (!value_ok)
                goto unexpected;
            if (isalpha((unsigned char)s[start]) &&
                !(len == 4 && (!memcmp(s + start, "true", 4) || !memcmp(s + start, "null", 4))) &&
                !(len == 5 && !memcmp(s + start, "false", 5))) {
                fb_error(b, line, "'%.*s' is not a JSON value: put text in double quotes",
                         (int)(len > 40 ? 40 : len), s + start);
                return -1;
            }
            if (!member)
                add_pos(j, line, start);
            member = false;
            st = S_AFTER;
        }
        }
        continue;
    unexpected:
        if (st == S_AFTER && c != ',' && c != ':')
            fb_error(b, line, "a comma is missing before this %s",
                     key_ok || depth == 0 || stack[depth - 1] == '{' ? "field" : "value");
        else if (st == S_COLON)
            fb_error(b, line, "a ':' is missing after the key");
        else
            fb_error(b, line,
                     "'%c' is not expected here; check the commas, quotes and "
                     "brackets",
                     c);
        return -1;
    }
    if (j->npos > JSON_MAX_VALUES) {
        fb_error(b, 0, "the feed holds more than %d values, more than vitrine reads; split it",
                 JSON_MAX_VALUES);
        return -1;
    }
    if (from > 0 && depth == 0 && st == S_AFTER)
        st = S_DONE; /* a lone text or number inside the document */
    if (st != S_DONE) {
        if (depth)
            fb_error(b, line,
                     "the JSON ends before the '%c' opened at line %d is closed: "
                     "add the missing '%c'",
                     stack[depth - 1], open_line[depth - 1], stack[depth - 1] == '{' ? '}' : ']');
        else
            fb_error(b, line, "the file holds no JSON value");
        return -1;
    }
    return 0;
}

/* ---- node positions ---- */

/* Numbers are read from their source text, so valueint is free in this
 * private tree: it holds each node's index in j->pos. */
static void map_tree(struct json_ctx *j, cJSON *node, size_t *next)
{
    for (; node; node = node->next) {
        node->valueint = (int)(*next)++;
        if (cJSON_IsObject(node) || cJSON_IsArray(node))
            map_tree(j, node->child, next);
    }
}

static struct pos pos_of(const struct json_ctx *j, const cJSON *node)
{
    if (j->lines_ok && node && node->valueint >= 0 && (size_t)node->valueint < j->npos)
        return j->pos[node->valueint];
    return (struct pos){0, 0};
}

static int line_of(const struct json_ctx *j, const cJSON *node)
{
    return (int)pos_of(j, node).line;
}

/* ---- the feed ---- */

#define JSON_MAX_KEYS 100

/* Reports every key that appears twice in an object; returns -1 (after
 * reporting) when the object has more keys than any part of a feed needs,
 * so that a hostile object cannot make the check quadratic. */
static int check_dups(struct json_ctx *j, const cJSON *obj)
{
    int n = cJSON_GetArraySize(obj);
    if (n > JSON_MAX_KEYS) {
        fb_error(j->b, line_of(j, obj),
                 "this object has %d keys, more than the %d any part "
                 "of a feed needs; check the file",
                 n, JSON_MAX_KEYS);
        return -1;
    }
    for (const cJSON *a = obj->child; a; a = a->next)
        for (const cJSON *c = obj->child; c != a; c = c->next)
            if (a->string && c->string && strcmp(a->string, c->string) == 0) {
                fb_error(j->b, line_of(j, a),
                         "\"%.40s\" is given twice here (first at line "
                         "%d); keep only one",
                         a->string, line_of(j, c));
                break;
            }
    return 0;
}

/* True when an earlier key of the same object has this name (reported by
 * check_dups; only the first is read). */
static bool repeated(const cJSON *f)
{
    for (const cJSON *c = f->prev; c && c->next; c = c->prev) {
        if (c->string && f->string && strcmp(c->string, f->string) == 0)
            return true;
        if (c == c->prev)
            break;
    }
    return false;
}

/* The text of a number exactly as written, so "7.50" stays "7.50". */
static char *number_text(const struct json_ctx *j, const cJSON *node, char *buf, size_t size)
{
    size_t off = pos_of(j, node).off;
    if (j->lines_ok && off < j->len && j->buf[off] == '"') {
        /* A member's position is its key: skip the key and the colon. */
        off++;
        while (off < j->len && j->buf[off] != '"')
            off += j->buf[off] == '\\' ? 2 : 1;
        while (off < j->len &&
               (j->buf[off] == '"' || j->buf[off] == ':' || isspace((unsigned char)j->buf[off])))
            off++;
    }
    size_t k = 0;
    while (j->lines_ok && off < j->len && k + 1 < size &&
           (isdigit((unsigned char)j->buf[off]) || strchr("+-.eE", j->buf[off])))
        buf[k++] = j->buf[off++];
    buf[k] = '\0';
    if (!k)
        snprintf(buf, size, "%.17g", node->valuedouble);
    return buf;
}

static const char *type_name(const cJSON *v)
{
    return cJSON_IsString(v)   ? "a text"
           : cJSON_IsNumber(v) ? "a number"
           : cJSON_IsBool(v)   ? "true or false"
           : cJSON_IsArray(v)  ? "a list"
           : cJSON_IsObject(v) ? "an object"
                               : "null";
}

/* Turns one value into the text form the builder reads; NULL after
 * reporting when the JSON type does not suit the field. */
static const char *scalar(struct json_ctx *j, const char *name, enum field_type t, const cJSON *v,
                          char *buf, size_t size)
{
    int line = line_of(j, v);
    if (cJSON_IsString(v) && t != FT_BOOL)
        return v->valuestring;
    if (cJSON_IsNumber(v) && t == FT_NUMBER)
        return number_text(j, v, buf, size);
    if (cJSON_IsBool(v) && t == FT_BOOL)
        return cJSON_IsTrue(v) ? "true" : "false";
    if (t == FT_BOOL)
        fb_fail(j->b, line, FB_WHY(.code = FP_TYPE_BOOL, .field = name),
                "\"%s\" is %s but must be true or false, without quotes", name, type_name(v));
    else if (t == FT_NUMBER)
        fb_fail(j->b, line, FB_WHY(.code = FP_TYPE_NUMBER, .field = name),
                "\"%s\" is %s but must be a number (for example 8)", name, type_name(v));
    else if (cJSON_IsObject(v) || cJSON_IsArray(v))
        fb_fail(j->b, line, FB_WHY(.code = FP_TYPE_TEXT, .field = name),
                "\"%s\" takes a single text, not %s", name, type_name(v));
    else
        fb_fail(j->b, line, FB_WHY(.code = FP_TYPE_TEXT, .field = name),
                "\"%s\" is %s but must be a text in double quotes", name, type_name(v));
    return NULL;
}

typedef int (*set_fn)(struct json_ctx *j, void *target, const char *name, const char *lang,
                      const char *value, int line);

/* A field or setting: a scalar, or for texts an object of translations. */
static void value(struct json_ctx *j, const char *name, enum field_type t, const cJSON *v,
                  set_fn set, void *target)
{
    char buf[64];
    if (cJSON_IsNull(v))
        return; /* null means absent */
    if (t == FT_UNKNOWN) {
        set(j, target, name, NULL, "", line_of(j, v));
        return;
    }
    if (t == FT_TEXT && cJSON_IsObject(v)) {
        if (check_dups(j, v) < 0)
            return;
        for (const cJSON *l = v->child; l; l = l->next) {
            if (cJSON_IsNull(l) || repeated(l))
                continue;
            if (!cJSON_IsString(l)) {
                fb_fail(j->b, line_of(j, l), FB_WHY(.code = FP_TYPE_TEXT),
                        "\"%s\" in language \"%s\" is %s but must be a "
                        "text in double quotes",
                        name, l->string, type_name(l));
                continue;
            }
            set(j, target, name, l->string, l->valuestring, line_of(j, l));
        }
        return;
    }
    if (t == FT_TEXT && !cJSON_IsString(v)) {
        fb_fail(j->b, line_of(j, v), FB_WHY(.code = FP_TYPE_TEXT),
                "\"%s\" is %s but must be a text in double quotes, or "
                "an object of translations such as {\"fr\": \"...\", \"en\": \"...\"}",
                name, type_name(v));
        return;
    }
    const char *s = scalar(j, name, t, v, buf, sizeof buf);
    if (s)
        set(j, target, name, NULL, s, line_of(j, v));
}

static int set_item_field(struct json_ctx *j, void *target, const char *name, const char *lang,
                          const char *v, int line)
{
    return fb_set_field(j->b, target, name, lang, v, line);
}

static int set_setting(struct json_ctx *j, void *target, const char *name, const char *lang,
                       const char *v, int line)
{
    (void)target;
    return fb_set_setting(j->b, name, lang, v, line);
}

struct label_target {
    struct item *it;
    int idx;
};

static int set_label(struct json_ctx *j, void *target, const char *name, const char *lang,
                     const char *v, int line)
{
    (void)name;
    struct label_target *t = target;
    return fb_set_price_label(j->b, t->it, t->idx, lang, v, line);
}

static void prices(struct json_ctx *j, struct item *it, const cJSON *v)
{
    if (cJSON_IsNull(v))
        return;
    if (!cJSON_IsArray(v)) {
        fb_error(j->b, line_of(j, v),
                 "\"prices\" must be a list: [{\"amount\": 15, "
                 "\"label\": \"Adulte\"}]");
        return;
    }
    for (const cJSON *p = v->child; p; p = p->next) {
        int line = line_of(j, p);
        if (!cJSON_IsObject(p)) {
            fb_error(j->b, line,
                     "each price is an object such as {\"amount\": 15, \"label\": "
                     "\"Adulte\"}, not %s",
                     type_name(p));
            continue;
        }
        if (check_dups(j, p) < 0)
            continue;
        const cJSON *amount = cJSON_GetObjectItemCaseSensitive(p, "amount");
        char buf[64];
        const char *a = NULL;
        if (!amount)
            fb_fail(j->b, line, FB_WHY(.code = FP_PRICE_MISSING),
                    "this price has no amount: add one (for example "
                    "\"amount\": 15)");
        else
            a = scalar(j, "amount", FT_NUMBER, amount, buf, sizeof buf);
        int idx = a ? fb_add_price(j->b, it, a, line_of(j, amount)) : -1;
        for (const cJSON *f = p->child; f; f = f->next) {
            if (repeated(f))
                continue;
            if (strcmp(f->string, "label") == 0 && idx >= 0) {
                struct label_target t = {it, idx};
                value(j, "label", FT_TEXT, f, set_label, &t);
            } else if (strcmp(f->string, "amount") != 0 && strcmp(f->string, "label") != 0) {
                fb_error(j->b, line_of(j, f),
                         "\"%.40s\" does not belong in a price: a price "
                         "has an \"amount\" and a \"label\"",
                         f->string);
            }
        }
    }
}

static const char *const kinds_help =
    "use provider, event, ticket, place, notice, poster or ticker";

static void item(struct json_ctx *j, const cJSON *obj)
{
    int line = line_of(j, obj);
    if (!cJSON_IsObject(obj)) {
        fb_error(j->b, line,
                 "each item is an object {\"kind\": ..., \"id\": ..., ...}, "
                 "not %s",
                 type_name(obj));
        return;
    }
    if (check_dups(j, obj) < 0)
        return;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "kind");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    enum item_kind k;
    if (!kind) {
        fb_fail(j->b, line, FB_WHY(.code = FP_KIND, .field = "kind"),
                "this item has no \"kind\": add one (%s)", kinds_help);
        return;
    }
    if (!cJSON_IsString(kind) || kind_parse(kind->valuestring, &k) < 0) {
        fb_fail(j->b, line_of(j, kind),
                FB_WHY(.code = FP_KIND, .field = "kind",
                       .value = cJSON_IsString(kind) ? kind->valuestring : NULL),
                "'%.40s' is not a kind of item: %s",
                cJSON_IsString(kind) ? kind->valuestring : type_name(kind), kinds_help);
        return;
    }
    const char *ids = NULL;
    if (id && !cJSON_IsString(id))
        fb_fail(j->b, line_of(j, id), FB_WHY(.code = FP_TYPE_TEXT, .field = "id"),
                "\"id\" must be a text in double quotes, not %s", type_name(id));
    else if (id)
        ids = id->valuestring;
    struct item *it = fb_add_item(j->b, k, ids ? ids : (id ? "?" : NULL), line);
    if (!it)
        return;
    for (const cJSON *f = obj->child; f; f = f->next) {
        const char *name = f->string;
        if (repeated(f) || strcmp(name, "kind") == 0 || strcmp(name, "id") == 0)
            continue;
        if (strcmp(name, "prices") == 0) {
            prices(j, it, f);
        } else if (strcmp(name, "price") == 0) {
            fb_error(j->b, line_of(j, f),
                     "in JSON, prices are a list named \"prices\": "
                     "\"prices\": [{\"amount\": 15, \"label\": \"Adulte\"}]");
        } else {
            value(j, name, fb_field_type(name, false), f, set_item_field, it);
        }
    }
}

/* Reports that cJSON could not read the text at end (a form the scanner
 * lets through, such as +5). */
static void syntax_error(fb_t *b, const char *buf, size_t len, const char *end)
{
    int line = 1;
    for (const char *p = buf; end && p < end && p < buf + len; p++)
        line += *p == '\n';
    /* buf need not end with a NUL: measure the excerpt within len */
    size_t off = end && end >= buf && end < buf + len ? (size_t)(end - buf) : len;
    int span = 0;
    while (span < 20 && off + (size_t)span < len && buf[off + span] && buf[off + span] != '\r' &&
           buf[off + span] != '\n')
        span++;
    fb_error(b, line,
             "JSON syntax error near '%.*s': check the text escapes (\\\" \\\\ "
             "\\n) and the numbers",
             span, buf + off);
}

/* ---- streaming ----
 * A native feed is read one item at a time: the top of the document is
 * parsed member by member with "items" left out, then each item is parsed,
 * turned into the model and freed before the next, so that a load needs
 * the file, the model and one item's tree, not a tree of the whole file
 * (issue 16). The whole text was scanned first, so it is valid JSON here. */

/* Skips blanks from i, counting lines. */
static size_t skip_blank(const char *s, size_t i, size_t n, int *line)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        *line += s[i++] == '\n';
    return i;
}

/* The end of the value that starts at i (valid JSON), counting lines. */
static size_t skip_value(const char *s, size_t i, size_t n, int *line)
{
    int depth = 0;
    do {
        char c = s[i];
        if (c == '"') {
            for (i++; i < n && s[i] != '"'; i++)
                if (s[i] == '\\')
                    i++;
            i++;
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            depth--;
            i++;
        } else if (depth &&
                   (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
            *line += c == '\n';
            i++;
        } else {
            while (i < n && !strchr(",:]} \t\r\n", s[i]))
                i++;
        }
    } while (depth > 0 && i < n);
    return i;
}

/* Parses the value at [off, its end) on its own, with the positions of its
 * nodes from index base on; *end is set past it. NULL (after reporting)
 * when cJSON refuses it. */
static cJSON *parse_at(struct json_ctx *j, size_t off, int line, size_t base, size_t *end)
{
    const char *stop = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(j->buf + off, j->len - off, &stop, 0);
    if (!v) {
        syntax_error(j->b, j->buf, j->len, stop);
        return NULL;
    }
    *end = (size_t)(stop - j->buf);
    j->npos = base;
    size_t next = base;
    if (scan(j, off, *end, line) == 0) {
        map_tree(j, v, &next);
        j->lines_ok = next == j->npos;
    } else {
        j->lines_ok = false;
    }
    return v;
}

/* The top of the document, every member but the first "items" list, which
 * is left empty and noted in j. NULL when the root is not an object or a
 * value cannot be read (the caller then reads the whole tree). */
static cJSON *parse_top(struct json_ctx *j)
{
    const char *s = j->buf;
    size_t n = j->len, i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int line = 1;
    i = skip_blank(s, i, n, &line);
    if (i >= n || s[i] != '{')
        return NULL;
    cJSON *root = cJSON_CreateObject();
    add_pos(j, line, i);
    root->valueint = 0;
    i = skip_blank(s, i + 1, n, &line);
    while (i < n && s[i] == '"') {
        struct pos key = {(uint32_t)line, (uint32_t)i};
        size_t kend = skip_value(s, i, n, &line);
        cJSON *k = cJSON_ParseWithLengthOpts(s + i, kend - i, NULL, 0);
        i = skip_blank(s, kend, n, &line);
        i = skip_blank(s, i + 1, n, &line); /* the colon */
        if (!k || !cJSON_IsString(k)) {
            cJSON_Delete(k);
            goto fail;
        }
        size_t base = j->npos, end;
        cJSON *v;
        if (!j->items_slot && strcmp(k->valuestring, "items") == 0 && s[i] == '[') {
            v = j->items_slot = cJSON_CreateArray();
            j->items_off = i;
            j->items_line = line;
            end = skip_value(s, i, n, &line);
            add_pos(j, (int)key.line, key.off);
            v->valueint = (int)base;
        } else {
            v = parse_at(j, i, line, base, &end);
            if (!v) {
                cJSON_Delete(k);
                goto fail;
            }
            for (size_t p = i; p < end; p++)
                line += s[p] == '\n';
            j->pos[base] = key;
        }
        cJSON_AddItemToObject(root, k->valuestring, v);
        cJSON_Delete(k);
        i = skip_blank(s, end, n, &line);
        if (i < n && s[i] == ',')
            i = skip_blank(s, i + 1, n, &line);
    }
    j->lines_ok = true;
    return root;
fail:
    cJSON_Delete(root);
    j->items_slot = NULL;
    return NULL;
}

/* Reads the items of the list noted by parse_top, one at a time. */
static void stream_items(struct json_ctx *j)
{
    const char *s = j->buf;
    size_t n = j->len, base = j->npos;
    int line = j->items_line;
    size_t i = skip_blank(s, j->items_off + 1, n, &line);
    while (i < n && s[i] != ']') {
        size_t end;
        cJSON *v = parse_at(j, i, line, base, &end);
        if (!v)
            return;
        item(j, v);
        cJSON_Delete(v);
        for (size_t p = i; p < end; p++)
            line += s[p] == '\n';
        i = skip_blank(s, end, n, &line);
        if (i < n && s[i] == ',')
            i = skip_blank(s, i + 1, n, &line);
    }
    j->npos = base;
}

/* A vitrine feed: an object with any of the members at the top of one
 * (the shape import_detect calls IMPORT_NATIVE). */
static bool is_feed(const cJSON *root)
{
    return cJSON_IsObject(root) && (cJSON_GetObjectItemCaseSensitive(root, "items") ||
                                    cJSON_GetObjectItemCaseSensitive(root, "version") ||
                                    cJSON_GetObjectItemCaseSensitive(root, "settings"));
}

static void feed(struct json_ctx *j, const cJSON *root)
{
    fb_t *b = j->b;
    /* Another kind of document (feed_load's reader: a tourism-database
     * export) is read by that reader when it takes it. */
    if (!is_feed(root) && j->other && j->other(b, root, j->buf, j->len) == 0)
        return;
    if (!cJSON_IsObject(root)) {
        fb_error(b, line_of(j, root),
                 "a JSON feed is an object: {\"version\": 1, "
                 "\"settings\": {...}, \"items\": [...]}");
        return;
    }
    if (check_dups(j, root) < 0)
        return;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *settings = cJSON_GetObjectItemCaseSensitive(root, "settings");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
    if (!version)
        fb_error(b, line_of(j, root), "the feed has no version: add \"version\": 1");
    else if (!(cJSON_IsNumber(version) && version->valuedouble == 1) &&
             !(cJSON_IsString(version) && strcmp(version->valuestring, "1") == 0))
        fb_error(b, line_of(j, version),
                 "this feed is not version 1, the version vitrine "
                 "reads: write \"version\": 1");
    for (const cJSON *f = root->child; f; f = f->next)
        if (strcmp(f->string, "version") && strcmp(f->string, "settings") &&
            strcmp(f->string, "items") && strcmp(f->string, "overrides"))
            fb_error(b, line_of(j, f),
                     "\"%.40s\" does not belong at the top of a feed: it "
                     "holds \"version\", \"settings\", \"items\" and \"overrides\"",
                     f->string);
    if (settings && !cJSON_IsNull(settings)) {
        if (!cJSON_IsObject(settings)) {
            fb_error(b, line_of(j, settings), "\"settings\" must be an object {...}");
        } else {
            if (check_dups(j, settings) < 0)
                return;
            for (const cJSON *f = settings->child; f; f = f->next)
                if (!repeated(f))
                    value(j, f->string, fb_field_type(f->string, true), f, set_setting, NULL);
        }
    }
    if (!items) {
        fb_error(b, line_of(j, root), "the feed has no \"items\": add \"items\": [...]");
    } else if (!cJSON_IsArray(items)) {
        fb_error(b, line_of(j, items), "\"items\" must be a list [...] of items");
    } else if (items == j->items_slot) {
        stream_items(j);
    } else {
        for (const cJSON *it = items->child; it; it = it->next)
            item(j, it);
    }
}

void feed_json_fill(fb_t *b, const char *buf, size_t len, feed_json_other_fn other)
{
    struct json_ctx j = {.b = b, .buf = buf, .len = len, .other = other, .count_only = true};
    cJSON *root = NULL;
    if (scan(&j, 0, len, 1) < 0)
        goto done;
    j.count_only = false;
    j.npos = 0;
    size_t errors = fb_error_count(b);
    root = parse_top(&j);
    if (fb_error_count(b) > errors)
        goto done; /* a value cJSON refuses, reported */
    if (root && is_feed(root)) {
        feed(&j, root);
        goto done;
    }
    /* Not a vitrine feed (a SIT export, or not an object): the other
     * reader, or the feed's checks, read the whole tree. */
    cJSON_Delete(root);
    j.items_slot = NULL;
    j.npos = 0;
    if (scan(&j, 0, len, 1) < 0)
        goto done;
    const char *end = NULL;
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    root = cJSON_ParseWithLengthOpts(buf + skip, len - skip, &end, 0);
    if (!root) {
        syntax_error(b, buf, len, end);
        goto done;
    }
    size_t next = 0;
    map_tree(&j, root, &next);
    j.lines_ok = next == j.npos;
    feed(&j, root);
done:
    cJSON_Delete(root);
    free(j.pos);
}
