/* app_overlay — the clock and the ticker over the slides, and the layout
 * that makes room for them. */
#include <stdlib.h>
#include <string.h>

#include "model/util.h"
#include "play/app_int.h"

/* The ticker line: every eligible ticker item's title, joined. */
static char *ticker_line(app_t *a)
{
    const feed_t *f = prep_feed_get(a->feed);
    enum lang l = a->o.has_lang ? a->o.lang : LANG_FR;
    time_t now = time(NULL);
    char why[160];
    size_t cap = 256, len = 0;
    char *s = xmalloc(cap);
    s[0] = 0;
    for (size_t i = 0; f && i < feed_count(f); i++) {
        const struct item *it = feed_item(f, i);
        if (it->kind != KIND_TICKER)
            continue;
        /* The scheduler never calls a ticker line eligible (it is not a
         * slide); judged as a notice, its dates, days, hours and screens
         * apply exactly as for a slide. */
        struct item as_notice = *it;
        as_notice.kind = KIND_NOTICE;
        if (sched_why_not(a->sched, &as_notice, now, why, sizeof(why)))
            continue;
        const char *t = tr_get(&it->title, l);
        if (!t || !*t)
            continue;
        size_t need = len + strlen(t) + 16;
        if (need > cap) {
            cap = need * 2;
            s = xrealloc(s, cap);
        }
        len += (size_t)sprintf(s + len, "%s%s", t, "     \xe2\x80\xa2     ");
    }
    return s;
}

bool feed_has_ticker(const feed_t *f)
{
    for (size_t i = 0; f && i < feed_count(f); i++)
        if (feed_item(f, i)->kind == KIND_TICKER)
            return true;
    return false;
}

void request_ticker(app_t *a, bool force)
{
    if (!a->band_on)
        return;
    char *line = ticker_line(a);
    if (!force && a->ticker_text && !strcmp(line, a->ticker_text)) {
        free(line);
        return;
    }
    free(a->ticker_text);
    a->ticker_text = line;
    struct prep_req r = {
        .kind = PREP_TICKER,
        .text = xstrdup(line),
        .w = a->L.band_l.w,
        .h = a->L.band_l.h,
        .fg = a->theme->c.ticker_text,
        .bg = a->theme->c.ticker_bg,
    };
    a->ticker_job = prepare_submit(a->prep, &r);
}

static void request_clock(app_t *a, int64_t key, int hour, int min)
{
    struct prep_req r = {
        .kind = PREP_CLOCK,
        .text = xasprintf("%02d:%02d", hour, min),
        .h = a->L.clock_l.h,
        .rotate = a->rotate,
        .fg = a->theme->c.clock_text,
        .bg = a->theme->c.clock_bg,
    };
    a->clock_job = prepare_submit(a->prep, &r);
    a->clock_key = key;
}

/* Where the clock image goes: right-aligned in its logical box. */
SDL_Rect clock_place(const app_t *a)
{
    int w, h;
    display_image_size(a->clock_img, &w, &h);
    bool swap = a->rotate == 90 || a->rotate == 270;
    int lw = swap ? h : w, lh = swap ? w : h;
    const SDL_Rect *b = &a->L.clock_l;
    SDL_Rect l = {b->x + b->w - lw, b->y, lw, lh};
    return compose_rect(&a->L, l);
}

/* ---- layout ------------------------------------------------------------- */

void overlay_layout(app_t *a, int fw, int fh)
{
    bool swap = a->rotate == 90 || a->rotate == 270;
    const struct theme_variant *v = theme_variant(a->theme, swap ? fh : fw, swap ? fw : fh);
    compose_layout(&a->L, fw, fh, a->rotate, a->clock_on ? v->clock : 0,
                   a->band_on ? v->ticker : 0);
}

/* Recomputes the layout from the display size and redraws everything at
 * the new size. keep_cur: the current image stays on screen (clipped) until
 * its rebuild arrives. */
void relayout(app_t *a, bool images_lost)
{
    int fw, fh;
    display_size(a->disp, &fw, &fh);
    struct layout old = a->L;
    overlay_layout(a, fw, fh);
    bool same = old.fw == a->L.fw && old.fh == a->L.fh && old.band_l.h == a->L.band_l.h;
    if (same && !images_lost)
        return;
    if (images_lost) {
        display_image_free(a->disp, a->cur.img);
        a->cur.img = NULL;
    }
    if (a->cur.feed && a->cur.duration_ms)
        slot_request(a, &a->cur); /* cur.job: the result replaces the image */
    if (a->next.feed) {
        display_image_free(a->disp, a->next.img);
        a->next.img = NULL;
        slot_request(a, &a->next);
    }
    display_image_free(a->disp, a->clock_img);
    a->clock_img = NULL;
    a->clock_key = -1;
    ticker_free(a->disp, a->ticker);
    a->ticker = NULL;
    request_ticker(a, true);
    a->dirty_full = true;
}

void handle_clock(app_t *a)
{
    if (!a->clock_on || a->clock_job)
        return;
    civil_t c = sched_civil(a->sched, time(NULL));
    int64_t key = c / 60;
    if (key == a->clock_key)
        return;
    struct civil_fields cf = civil_split(c);
    request_clock(a, key, cf.hour, cf.min);
    request_ticker(a, false); /* items may have started or ended */
}
