/* jprune — a checking JSON skipper and a pruning copier (see jprune.h).
 *
 * Most of a pretty-printed JSON-LD export is indentation and strings, so
 * those two are scanned eight bytes at a time (runs of spaces compared as
 * one word, strings searched for a quote or a backslash with the usual
 * "has a zero byte" trick); the rest goes byte by byte. */
#include "model/jprune.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

struct jprune {
    char *out;
    size_t len, cap;
};

/* The copy under way: the output and the top tables, for JPRUNE_LIST. */
struct run {
    jprune_t *jp;
    const char *end;
    const struct jprune_key *const *tops;
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORDS 1
#else
#define WORDS 0
#endif

#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

#if WORDS
static inline uint64_t load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* The high bit of each zero byte of w; the lowest one set is exact (bits
 * above it may be set wrongly, which the callers never look at). */
static inline uint64_t zero_bytes(uint64_t w)
{
    return (w - ONES) & ~w & HIGHS;
}

/* The high bit of each byte of w above the space; the lowest one set is
 * exact (a byte from 0x80 up carries into the next, above it). */
static inline uint64_t above_space(uint64_t w)
{
    return ((w + ONES * (0x80 - 0x21)) | w) & HIGHS;
}
#endif

/* Whitespace as cJSON reads it: every byte up to the space. Indentation
 * (a line end and a run of spaces) goes eight bytes at a time. */
static inline const char *ws(const char *p, const char *end)
{
    if (p < end && (unsigned char)*p > ' ')
        return p;
#if WORDS
    while (end - p >= 8) {
        uint64_t m = above_space(load8(p));
        if (m)
            return p + (__builtin_ctzll(m) >> 3);
        p += 8;
    }
#endif
    while (p < end && (unsigned char)*p <= ' ')
        p++;
    return p;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* After a backslash: the rest of the escape, or NULL. A \u escape must be
 * four hex digits, and a UTF-16 surrogate must come as a pair (cJSON
 * refuses a lone or reversed one). */
static const char *skip_escape(const char *p, const char *end)
{
    if (p >= end)
        return NULL;
    switch (*p) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
        return p + 1;
    case 'u': {
        if (end - p < 5)
            return NULL;
        int c = hex4(p + 1);
        if (c < 0 || (c >= 0xdc00 && c <= 0xdfff))
            return NULL;
        p += 5;
        if (c >= 0xd800 && c <= 0xdbff) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                return NULL;
            int lo = hex4(p + 2);
            if (lo < 0xdc00 || lo > 0xdfff)
                return NULL;
            p += 6;
        }
        return p;
    }
    default:
        return NULL;
    }
}

/* p is just after an opening quote: returns just after the closing one. */
/* Inlined: strings are most of the tokens, and the call was a tenth of the time. */
static inline __attribute__((always_inline)) const char *skip_string(const char *p,
                                                                     const char *end)
{
    for (;;) {
#if WORDS
        while (end - p >= 8) {
            uint64_t w = load8(p);
            uint64_t m = zero_bytes(w ^ (ONES * '"')) | zero_bytes(w ^ (ONES * '\\'));
            if (m) {
                p += __builtin_ctzll(m) >> 3;
                break;
            }
            p += 8;
        }
#endif
        while (p < end && *p != '"' && *p != '\\')
            p++;
        if (p >= end)
            return NULL;
        if (*p == '"')
            return p + 1;
        p = skip_escape(p + 1, end);
        if (!p)
            return NULL;
    }
}

static inline bool digit(const char *p, const char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

/* A number in strict JSON syntax and of at most 63 characters (cJSON reads
 * no more). cJSON is laxer ("01", "1."): those fail here, which only means
 * that the caller parses the original. */
static const char *skip_number(const char *p, const char *end)
{
    const char *s = p;
    if (p < end && *p == '-')
        p++;
    if (!digit(p, end))
        return NULL;
    if (*p == '0')
        p++;
    else
        while (digit(p, end))
            p++;
    if (p < end && *p == '.') {
        p++;
        if (!digit(p, end))
            return NULL;
        while (digit(p, end))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (!digit(p, end))
            return NULL;
        while (digit(p, end))
            p++;
    }
    return p - s <= 63 ? p : NULL;
}

static const char *skip_word(const char *p, const char *end, const char *w, size_t n)
{
    return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 ? p + n : NULL;
}

/* At a member: its name, whitespace and the colon; returns past the colon. */
static const char *skip_name(const char *p, const char *end)
{
    p = ws(p, end);
    if (p >= end || *p != '"')
        return NULL;
    p = skip_string(p + 1, end);
    if (!p)
        return NULL;
    p = ws(p, end);
    return p < end && *p == ':' ? p + 1 : NULL;
}

/* Skips the value at p (whitespace first), which depth containers enclose.
 * Iterative, with its own stack of open containers. */
static const char *skip_value(const char *p, const char *end, int depth)
{
    char open[JPRUNE_MAX_DEPTH];
    int top = 0;
    for (;;) {
        p = ws(p, end);
        if (p >= end)
            return NULL;
        switch (*p) {
        case '"':
            p = skip_string(p + 1, end);
            break;
        case '{':
        case '[': {
            if (depth + top >= JPRUNE_MAX_DEPTH)
                return NULL;
            char c = *p;
            open[top++] = c;
            p = ws(p + 1, end);
            if (p < end && *p == (c == '{' ? '}' : ']')) {
                top--;
                p++;
                break;
            }
            if (c == '{' && !(p = skip_name(p, end)))
                return NULL;
            continue; /* a value follows */
        }
        case 't':
            p = skip_word(p, end, "true", 4);
            break;
        case 'f':
            p = skip_word(p, end, "false", 5);
            break;
        case 'n':
            p = skip_word(p, end, "null", 4);
            break;
        default:
            p = skip_number(p, end);
            break;
        }
        if (!p)
            return NULL;
        /* After a value: close what ends here, or go on to the next one. */
        for (;;) {
            if (top == 0)
                return p;
            p = ws(p, end);
            if (p >= end)
                return NULL;
            if (*p == ',') {
                p++;
                if (open[top - 1] == '{' && !(p = skip_name(p, end)))
                    return NULL;
                break;
            }
            if (*p != (open[top - 1] == '{' ? '}' : ']'))
                return NULL;
            top--;
            p++;
        }
    }
}

size_t jprune_skip(const char *buf, size_t len)
{
    const char *p = skip_value(buf, buf + len, 0);
    return p ? (size_t)(p - buf) : 0;
}

/* ---------------------------------------------------------------------- */
/* Pruning copy                                                            */

jprune_t *jprune_create(void)
{
    return xcalloc(1, sizeof(jprune_t));
}

void jprune_free(jprune_t *jp)
{
    if (!jp)
        return;
    free(jp->out);
    free(jp);
}

static void emit(jprune_t *jp, const char *s, size_t n)
{
    if (jp->len + n + 1 > jp->cap) {
        size_t cap = jp->cap ? jp->cap : 64 << 10;
        while (jp->len + n + 1 > cap)
            cap *= 2;
        jp->out = xrealloc(jp->out, cap);
        jp->cap = cap;
    }
    memcpy(jp->out + jp->len, s, n);
    jp->len += n;
}

static const struct jprune_key escaped = {"", 0, NULL, false};

/* The entry of a member name (raw, between the quotes), or NULL: drop it. */
static const struct jprune_key *lookup(const struct jprune_key *const *tables, const char *k,
                                       size_t n)
{
    /* A name with an escape, or a NUL byte (the end of it for cJSON), may
     * read as one we keep: kept whole. */
    if (memchr(k, '\\', n) || memchr(k, '\0', n))
        return &escaped;
    for (; *tables; tables++)
        for (const struct jprune_key *e = *tables; e->name; e++)
            if (e->len == n && memcmp(e->name, k, n) == 0)
                return e;
    return NULL;
}

/* Copies a value that is kept whole. */
static const char *copy_whole(struct run *r, const char *p, int depth)
{
    p = ws(p, r->end);
    const char *v = skip_value(p, r->end, depth);
    if (v)
        emit(r->jp, p, (size_t)(v - p));
    return v;
}

/* Copies the value at p, whose objects keep the members of tables, and the
 * objects of whose arrays too. */
static const char *copy(struct run *r, const char *p, const struct jprune_key *const *tables,
                        int depth)
{
    const char *end = r->end;
    p = ws(p, end);
    if (p >= end)
        return NULL;
    if (*p != '{' && *p != '[')
        return copy_whole(r, p, depth);
    if (depth >= JPRUNE_MAX_DEPTH)
        return NULL;
    char open = *p, close = open == '{' ? '}' : ']';
    emit(r->jp, p, 1);
    p = ws(p + 1, end);
    if (p < end && *p == close) {
        emit(r->jp, p, 1);
        return p + 1;
    }
    bool any = false;
    for (;;) {
        if (open == '[') {
            if (any)
                emit(r->jp, ",", 1);
            any = true;
            p = copy(r, p, tables, depth + 1);
        } else {
            const char *k = ws(p, end);
            if (k >= end || *k != '"')
                return NULL;
            const char *ke = skip_string(k + 1, end); /* just past the name */
            if (!ke)
                return NULL;
            p = ws(ke, end);
            if (p >= end || *p != ':')
                return NULL;
            p++;
            const struct jprune_key *e = lookup(tables, k + 1, (size_t)(ke - k - 2));
            if (!e) {
                p = skip_value(p, end, depth + 1);
            } else {
                if (any)
                    emit(r->jp, ",", 1);
                any = true;
                emit(r->jp, k, (size_t)(ke - k));
                emit(r->jp, ":", 1);
                const char *v = ws(p, end);
                if (e->sub) {
                    const struct jprune_key *sub[2] = {e->sub, NULL};
                    p = copy(r, v, sub, depth + 1);
                } else if (e->list_of_top && v < end && *v == '[') {
                    p = copy(r, v, r->tops, depth + 1);
                } else {
                    p = copy_whole(r, v, depth + 1);
                }
            }
        }
        if (!p)
            return NULL;
        p = ws(p, end);
        if (p >= end)
            return NULL;
        if (*p == close) {
            emit(r->jp, p, 1);
            return p + 1;
        }
        if (*p != ',')
            return NULL;
        p++;
    }
}

const char *jprune_run(jprune_t *jp, const char *buf, size_t len,
                       const struct jprune_key *const *tops, size_t *outlen)
{
    const char *p = buf, *end = buf + len;
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3; /* cJSON skips a UTF-8 byte order mark too */
    p = ws(p, end);
    if (p >= end || (*p != '{' && *p != '['))
        return NULL;
    struct run r = {jp, end, tops};
    jp->len = 0;
    if (!copy(&r, p, tops, 0))
        return NULL;
    emit(jp, "", 0);
    jp->out[jp->len] = '\0';
    *outlen = jp->len;
    return jp->out;
}
