#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "draw/text.h"
#include "model/util.h"

#define ELLIPSIS "\xe2\x80\xa6"

struct font_entry {
    char *file;
    int px;
    TTF_Font *font;
    unsigned long used; /* last use, for least-recently-used eviction */
};

struct fontcache {
    struct font_entry e[FONTCACHE_MAX];
    int n;
    unsigned long tick;
    char **bad; /* files that failed to open, logged once */
    int nbad;
};

fontcache_t *fontcache_create(void)
{
    return xcalloc(1, sizeof(fontcache_t));
}

void fontcache_free(fontcache_t *fc)
{
    if (!fc)
        return;
    for (int i = 0; i < fc->n; i++) {
        TTF_CloseFont(fc->e[i].font);
        free(fc->e[i].file);
    }
    for (int i = 0; i < fc->nbad; i++)
        free(fc->bad[i]);
    free(fc->bad);
    free(fc);
}

TTF_Font *fontcache_get(fontcache_t *fc, const char *file, int px)
{
    if (!file || px < 1)
        return NULL;
    fc->tick++;
    for (int i = 0; i < fc->n; i++) {
        if (fc->e[i].px == px && strcmp(fc->e[i].file, file) == 0) {
            fc->e[i].used = fc->tick;
            return fc->e[i].font;
        }
    }
    TTF_Font *f = TTF_OpenFont(file, px);
    if (!f) {
        for (int i = 0; i < fc->nbad; i++)
            if (strcmp(fc->bad[i], file) == 0)
                return NULL;
        log_msg(LV_ERR, "cannot open font %s: %s", file, TTF_GetError());
        fc->bad = xrealloc(fc->bad, sizeof(char *) * (size_t)(fc->nbad + 1));
        fc->bad[fc->nbad++] = xstrdup(file);
        return NULL;
    }
    int slot = fc->n;
    if (fc->n == FONTCACHE_MAX) {
        slot = 0;
        for (int i = 1; i < fc->n; i++)
            if (fc->e[i].used < fc->e[slot].used)
                slot = i;
        TTF_CloseFont(fc->e[slot].font);
        free(fc->e[slot].file);
    } else {
        fc->n++;
    }
    fc->e[slot] = (struct font_entry){xstrdup(file), px, f, fc->tick};
    return f;
}

int text_width(fontcache_t *fc, const char *font, int px, const char *text)
{
    TTF_Font *f = fontcache_get(fc, font, px);
    int w = 0, h = 0;
    if (!f || !text || !*text || TTF_SizeUTF8(f, text, &w, &h) != 0)
        return 0;
    return w;
}

int text_line_height(fontcache_t *fc, const char *font, int px)
{
    TTF_Font *f = fontcache_get(fc, font, px);
    return f ? TTF_FontHeight(f) : 0;
}

/* A growable list of lines. */
struct lines {
    char **v;
    int n, cap;
    int broken; /* words broken between characters, or held words let go */
};

static void lines_push(struct lines *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, sizeof(char *) * (size_t)l->cap);
    }
    char *c = xmalloc(len + 1);
    memcpy(c, s, len);
    c[len] = 0;
    l->v[l->n++] = c;
}

static void lines_clear(struct lines *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static int measure(TTF_Font *f, const char *s, size_t len)
{
    char buf[1024];
    char *p = len < sizeof(buf) ? buf : xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = 0;
    int w = 0, h = 0;
    if (TTF_SizeUTF8(f, p, &w, &h) != 0)
        w = 0;
    if (p != buf)
        free(p);
    return w;
}

static size_t utf8_next(const char *s, size_t i, size_t len)
{
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

static size_t utf8_prev(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Breaks one word wider than w into pieces between characters; pushes all
 * but the last piece, whose length it returns (the start moves in *word). */
static size_t break_word(TTF_Font *f, struct lines *out, const char **word, size_t len, int w)
{
    const char *s = *word;
    while (len > 0 && measure(f, s, len) > w) {
        /* the longest prefix (at least one character) that fits */
        size_t fit = utf8_next(s, 0, len);
        for (size_t i = fit; i < len;) {
            size_t nx = utf8_next(s, i, len);
            if (measure(f, s, nx) > w)
                break;
            fit = nx;
            i = nx;
        }
        lines_push(out, s, fit);
        s += fit;
        len -= fit;
    }
    *word = s;
    return len;
}

#define NBSP_UTF8 "\xc2\xa0"

/* Wraps text at font f for width w into out (collapsing runs of spaces). */
static void wrap(TTF_Font *f, const char *text, int w, struct lines *out)
{
    size_t cap = strlen(text) + 1;
    char *cur = xmalloc(cap);
    const char *p = text;
    while (*p) {
        /* one paragraph, up to '\n' */
        const char *end = strchr(p, '\n');
        if (!end)
            end = p + strlen(p);
        size_t curlen = 0;
        const char *q = p;
        while (q < end) {
            while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
                q++;
            if (q >= end)
                break;
            const char *ws = q;
            while (q < end && *q != ' ' && *q != '\t' && *q != '\r')
                q++;
            size_t wl = (size_t)(q - ws);
            /* try appending to the current line */
            size_t save = curlen;
            if (curlen)
                cur[curlen++] = ' ';
            memcpy(cur + curlen, ws, wl);
            curlen += wl;
            if (measure(f, cur, curlen) <= w)
                continue;
            curlen = save;
            if (curlen)
                lines_push(out, cur, curlen);
            curlen = 0;
            if (measure(f, ws, wl) > w && memmem(ws, wl, NBSP_UTF8, 2)) {
                /* words held together that cannot fit one line: let them go */
                char *loose = xmalloc(wl + 1);
                size_t n = 0;
                for (size_t i = 0; i < wl; i++) {
                    if (i + 1 < wl && !memcmp(ws + i, NBSP_UTF8, 2)) {
                        loose[n++] = ' ';
                        i++;
                    } else {
                        loose[n++] = ws[i];
                    }
                }
                loose[n] = 0;
                struct lines tmp = {0};
                wrap(f, loose, w, &tmp);
                free(loose);
                out->broken += 1 + tmp.broken;
                for (int i = 0; i + 1 < tmp.n; i++)
                    lines_push(out, tmp.v[i], strlen(tmp.v[i]));
                if (tmp.n) {
                    curlen = strlen(tmp.v[tmp.n - 1]);
                    memcpy(cur, tmp.v[tmp.n - 1], curlen);
                }
                lines_clear(&tmp);
                continue;
            }
            if (measure(f, ws, wl) > w) {
                wl = break_word(f, out, &ws, wl, w);
                out->broken++;
            }
            memcpy(cur, ws, wl);
            curlen = wl;
        }
        if (curlen)
            lines_push(out, cur, curlen);
        p = *end ? end + 1 : end;
    }
    free(cur);
}

static int pitch_of(TTF_Font *f, double spacing)
{
    double sp = spacing > 0 ? spacing : 1.0;
    int pitch = (int)lround(TTF_FontLineSkip(f) * sp);
    return pitch < 1 ? 1 : pitch;
}

static int height_of(int n, int pitch, int line_h)
{
    return n > 0 ? (n - 1) * pitch + line_h : 0;
}

/* Cuts the line to end with an ellipsis within w. */
static char *ellipsize(TTF_Font *f, const char *line, int w)
{
    size_t len = strlen(line);
    char *buf = xmalloc(len + sizeof(ELLIPSIS));
    memcpy(buf, line, len);
    for (;;) {
        while (len > 0 && strchr(" ,;:.-"
                                 "\t",
                                 buf[len - 1]))
            len--;
        memcpy(buf + len, ELLIPSIS, sizeof(ELLIPSIS));
        if (len == 0 || measure(f, buf, strlen(buf)) <= w)
            break;
        len = utf8_prev(buf, len);
    }
    if (measure(f, buf, strlen(buf)) > w)
        buf[0] = 0; /* not even "…" fits */
    return buf;
}

static void set_layout(struct text_layout *out, struct lines *ls, TTF_Font *f, int px,
                       const struct text_style *st)
{
    out->size = px;
    out->pitch = pitch_of(f, st->spacing);
    out->line_h = TTF_FontHeight(f);
    out->nlines = ls->n;
    out->lines = ls->v;
    out->w = 0;
    for (int i = 0; i < ls->n; i++) {
        int lw = measure(f, ls->v[i], strlen(ls->v[i]));
        if (lw > out->w)
            out->w = lw;
    }
    out->h = height_of(ls->n, out->pitch, out->line_h);
    out->shrunk = px < st->size;
}

static void fit(fontcache_t *fc, const char *text, const struct text_style *st, int w, int h,
                struct text_layout *out);

/* The narrowest width that wraps text into no more lines than at w: the
 * lines come out of even length, with no word alone on the last one. */
static int balanced_width(TTF_Font *f, const char *text, int w)
{
    struct lines ls = {0};
    wrap(f, text, w, &ls);
    int n = ls.n, broken = ls.broken;
    lines_clear(&ls);
    if (n < 2)
        return w;
    int lo = w / 2, hi = w;
    while (hi - lo > 2) {
        int mid = (lo + hi) / 2;
        wrap(f, text, mid, &ls);
        bool ok = ls.n <= n && ls.broken <= broken;
        lines_clear(&ls);
        if (ok)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* Ends of sentences in text: offsets just after ". ", "! ", "? ", "… ". */
static int sentence_ends(const char *text, size_t *ends, int max)
{
    int n = 0;
    for (size_t i = 0; text[i] && n < max; i++) {
        bool stop = text[i] == '.' || text[i] == '!' || text[i] == '?';
        size_t after = i + 1;
        if (!strncmp(text + i, "\xe2\x80\xa6", 3)) {
            stop = true;
            after = i + 3;
        }
        /* a closing quote or bracket belongs to the sentence */
        while (text[after] == ')' || !strncmp(text + after, "\xc2\xbb", 2))
            after += text[after] == ')' ? 1 : 2;
        if (stop && (text[after] == ' ' || text[after] == '\n') && i > 0 &&
            !(text[i - 1] >= '0' && text[i - 1] <= '9' && text[i] == '.'))
            ends[n++] = after;
    }
    return n;
}

void text_fit(fontcache_t *fc, const char *text, const struct text_style *st, int w, int h,
              struct text_layout *out)
{
    fit(fc, text, st, w, h, out);
    if (out->nlines == 0)
        return;
    if (out->truncated && st->sentences) {
        /* Whole sentences rather than an ellipsis: the longest that fits. */
        size_t ends[64];
        int n = sentence_ends(text, ends, 64);
        char *cut = xmalloc(strlen(text) + 1);
        for (int i = n - 1; i >= 0; i--) {
            memcpy(cut, text, ends[i]);
            cut[ends[i]] = 0;
            struct text_layout l;
            fit(fc, cut, st, w, h, &l);
            if (l.nlines && !l.truncated) {
                text_layout_free(out);
                *out = l;
                out->shortened = true;
                break;
            }
            text_layout_free(&l);
        }
        free(cut);
    }
    if (st->balance && out->nlines >= 2 && !out->truncated) {
        TTF_Font *f = fontcache_get(fc, st->font, out->size);
        int bw = f ? balanced_width(f, text, w) : w;
        if (bw < w) {
            struct text_style fixed = *st;
            fixed.min_size = out->size;
            fixed.size = out->size;
            struct text_layout l;
            fit(fc, text, &fixed, bw, h, &l);
            if (l.nlines == out->nlines && !l.truncated) {
                text_layout_free(out);
                *out = l;
            } else {
                text_layout_free(&l);
            }
        }
    }
}

static void fit(fontcache_t *fc, const char *text, const struct text_style *st, int w, int h,
                struct text_layout *out)
{
    memset(out, 0, sizeof(*out));
    out->font = st->font;
    out->color = st->color;
    out->align = st->align;
    out->size = st->size;
    if (!text || !*text || w < 1 || h < 1 || st->size < 1)
        return;
    int min = st->min_size > 0 && st->min_size < st->size ? st->min_size : st->size;

    /* The ladder of sizes tried, from the wanted size down by ~5 % steps. */
    int ladder[64], n = 0;
    for (double s = st->size; n < 63 && (int)lround(s) > min; s *= 0.95) {
        int px = (int)lround(s);
        if (n == 0 || px < ladder[n - 1])
            ladder[n++] = px;
    }
    ladder[n++] = min;

    struct lines best = {0};
    int best_px = -1;
    /* Binary search for the largest size that fits (fitting is monotone
     * enough in practice: smaller text never needs more height). */
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        TTF_Font *f = fontcache_get(fc, st->font, ladder[mid]);
        if (!f) {
            lines_clear(&best);
            return;
        }
        struct lines ls = {0};
        wrap(f, text, w, &ls);
        int pitch = pitch_of(f, st->spacing);
        /* a size that must break a word (or let go of words held
         * together) is too large while a smaller one remains */
        bool ok = (st->max_lines <= 0 || ls.n <= st->max_lines) &&
                  height_of(ls.n, pitch, TTF_FontHeight(f)) <= h &&
                  (ls.broken == 0 || mid == n - 1);
        if (ok) {
            lines_clear(&best);
            best = ls;
            best_px = ladder[mid];
            hi = mid - 1;
        } else {
            lines_clear(&ls);
            lo = mid + 1;
        }
    }
    if (best_px > 0) {
        /* Reopened when evicted meanwhile; the file may have gone since. */
        TTF_Font *f = fontcache_get(fc, st->font, best_px);
        if (f)
            set_layout(out, &best, f, best_px, st);
        else
            lines_clear(&best);
        return;
    }

    /* Too long even at the minimum size: keep what fits, end with "…". */
    TTF_Font *f = fontcache_get(fc, st->font, min);
    if (!f)
        return;
    struct lines ls = {0};
    wrap(f, text, w, &ls);
    int pitch = pitch_of(f, st->spacing), lh = TTF_FontHeight(f);
    int keep = 0;
    while (keep < ls.n && height_of(keep + 1, pitch, lh) <= h &&
           (st->max_lines <= 0 || keep < st->max_lines))
        keep++;
    for (int i = keep; i < ls.n; i++)
        free(ls.v[i]);
    ls.n = keep;
    if (keep > 0) {
        char *cut = ellipsize(f, ls.v[keep - 1], w);
        free(ls.v[keep - 1]);
        ls.v[keep - 1] = cut;
    }
    set_layout(out, &ls, f, min, st);
    out->truncated = true;
}

void text_layout_free(struct text_layout *l)
{
    for (int i = 0; i < l->nlines; i++)
        free(l->lines[i]);
    free(l->lines);
    l->lines = NULL;
    l->nlines = 0;
}

struct box text_draw(fontcache_t *fc, SDL_Surface *dst, const struct text_layout *l, struct box b)
{
    struct box cover = {b.x, b.y, 0, 0};
    TTF_Font *f = l->nlines ? fontcache_get(fc, l->font, l->size) : NULL;
    if (!f || b.w <= 0 || b.h <= 0)
        return cover;
    SDL_Rect oldclip, clip = {b.x, b.y, b.w, b.h};
    SDL_GetClipRect(dst, &oldclip);
    SDL_IntersectRect(&oldclip, &clip, &clip);
    SDL_SetClipRect(dst, &clip);
    SDL_Color c = {(l->color >> 16) & 0xff, (l->color >> 8) & 0xff, l->color & 0xff,
                   (l->color >> 24) & 0xff};
    int x0 = b.x + b.w, y0 = b.y + b.h, x1 = b.x, y1 = b.y;
    for (int i = 0; i < l->nlines; i++) {
        if (!l->lines[i][0])
            continue;
        SDL_Surface *s = TTF_RenderUTF8_Blended(f, l->lines[i], c);
        if (!s)
            continue;
        int x = b.x;
        if (l->align == ALIGN_CENTER)
            x = b.x + (b.w - s->w) / 2;
        else if (l->align == ALIGN_RIGHT)
            x = b.x + b.w - s->w;
        SDL_Rect r = {x, b.y + i * l->pitch, s->w, s->h};
        SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_BLEND);
        SDL_BlitSurface(s, NULL, dst, &r);
        struct box drawn = {x, b.y + i * l->pitch, s->w, s->h};
        if (drawn.w > 0) {
            if (drawn.x < x0)
                x0 = drawn.x;
            if (drawn.y < y0)
                y0 = drawn.y;
            if (drawn.x + drawn.w > x1)
                x1 = drawn.x + drawn.w;
            if (drawn.y + drawn.h > y1)
                y1 = drawn.y + drawn.h;
        }
        SDL_FreeSurface(s);
    }
    SDL_SetClipRect(dst, &oldclip);
    if (x1 > x0 && y1 > y0)
        cover = (struct box){x0, y0, x1 - x0, y1 - y0};
    return cover;
}

int text_box(fontcache_t *fc, SDL_Surface *dst, const char *text, const struct text_style *st,
             struct box b)
{
    struct text_layout l;
    text_fit(fc, text, st, b.w, b.h, &l);
    text_draw(fc, dst, &l, b);
    int h = l.h;
    text_layout_free(&l);
    return h;
}
