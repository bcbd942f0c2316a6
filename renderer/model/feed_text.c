/* feed_text — how a text value of any format becomes the model's: valid
 * UTF-8 only, no control characters, blanks folded the same way for XML
 * indentation and JSON strings. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/feed_build_priv.h"
#include "model/util.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s does not start
 * one: stray continuation bytes, overlong forms, surrogates and code points
 * past U+10FFFF are all invalid. */
static int utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        unsigned lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 ? 4 : 0;
    }
    return 0;
}

/* Copies s into out (room for 3 * strlen(s) + 1), replacing every byte that
 * does not start valid UTF-8 by U+FFFD and dropping control characters (C0
 * but tab, line feed and carriage return, which are blanks; DEL; C1), which
 * no screen can show. Counts both. Every format goes through here. */
static void sanitize_utf8(const unsigned char *s, char *out, size_t *replaced, size_t *stripped)
{
    size_t o = 0;
    while (*s) {
        int n = utf8_seq(s);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            (*replaced)++;
            s++;
            continue;
        }
        bool control = n == 1 ? (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7f
                              : n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
        if (control) {
            (*stripped)++;
        } else {
            memcpy(out + o, s, (size_t)n);
            o += (size_t)n;
        }
        s += n;
    }
    out[o] = '\0';
}

/* The value as the model keeps it: trimmed; in texts every run of blanks
 * becomes one space, and a run holding an empty line a paragraph break
 * ("\n\n"), so that XML indentation and JSON strings give the same text.
 * Invalid UTF-8 is replaced by U+FFFD and control characters are dropped
 * (logged once per feed). Returns NULL (after reporting) when too long. */
const char *fb_clean(fb_t *b, const char *what, const char *value, bool text, int line)
{
    size_t n = strlen(value);
    if (n > FEED_MAX_STRING) {
        char len[24];
        snprintf(len, sizeof len, "%zu", n);
        fb_fail(b, line, FB_WHY(.code = FP_TOO_LONG, .value = len, .max = FEED_MAX_STRING >> 10),
                "%s is %zu bytes long, more than the limit of %u KiB; shorten it", what, n,
                FEED_MAX_STRING >> 10);
        return NULL;
    }
    size_t replaced = 0, stripped = 0;
    char *clean = xmalloc(3 * n + 1);
    sanitize_utf8((const unsigned char *)value, clean, &replaced, &stripped);
    if ((replaced || stripped) && !b->warned_text) {
        b->warned_text = true;
        char at[16] = "";
        if (line > 0)
            snprintf(at, sizeof at, ":%d", line);
        log_msg(LV_WARN,
                "%s%s: %s: %zu byte(s) of invalid UTF-8 replaced by '\xEF\xBF\xBD'"
                " and %zu control character(s) removed; save the file as UTF-8 text "
                "(further cases in this feed are not logged)",
                b->name, at, what, replaced, stripped);
    }
    n = strlen(clean);
    char *out = arena_alloc_chars(b->feed->arena, n + 1);
    size_t o = 0;
    const char *p = clean;
    while (*p && isspace((unsigned char)*p))
        p++;
    while (*p) {
        if (isspace((unsigned char)*p)) {
            int newlines = 0;
            const char *q = p;
            while (*q && isspace((unsigned char)*q))
                newlines += *q++ == '\n';
            if (!*q)
                break;
            if (text && newlines >= 2) {
                out[o++] = '\n';
                out[o++] = '\n';
            } else if (text) {
                out[o++] = ' ';
            } else {
                while (p < q)
                    out[o++] = *p++;
            }
            p = q;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    free(clean);
    return out;
}
