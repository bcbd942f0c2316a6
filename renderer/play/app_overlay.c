/* app_overlay — the clock and the ticker over the slides, and the layout
 * that makes room for them. */
#include <stdlib.h>
#include <string.h>

#include "model/locale.h"
#include "model/util.h"
#include "play/app_int.h"

/* The ticker line: every eligible ticker item's title, joined. */
static char *ticker_line(app_t *a)
{
    const feed_t *f = prep_feed_get(a->feed);
    enum lang l = a->o.has_lang ? a->o.lang : LANG_FR;
    time_t now = app_time(a);
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

bool app_fresh_weather(app_t *a, time_t now, struct weather *out)
{
    bool ok = a->hooks.weather && a->hooks.weather(a->hooks.ctx, out) && weather_fresh(out, now);
    sched_set_weather_until(a->sched, ok ? out->at + WEATHER_MAX_AGE_S : 0);
    return ok;
}

/* "Ce soir 20 h 30 · Concert de Noël": the first event of today that has
 * not started yet, else NULL. A heap string. */
static char *next_event(app_t *a, time_t now, civil_t wall, enum lang l)
{
    const struct item *ev[32];
    size_t n = sched_agenda(a->sched, now, ev, 32);
    struct civil_fields w = civil_split(wall);
    for (size_t i = 0; i < n; i++) {
        if (ev[i]->start == CIVIL_NONE || ev[i]->start_date_only || ev[i]->start < wall)
            continue;
        struct civil_fields f = civil_split(ev[i]->start);
        if (f.year != w.year || f.month != w.month || f.day != w.day)
            break; /* in date order: nothing more today */
        const char *title = tr_get(&ev[i]->title, l);
        if (!title || ev[i]->status == EVENT_CANCELLED)
            continue;
        char t[32];
        loc_time(f.hour, f.min, l, t, sizeof t);
        return xasprintf("%s %s · %s", loc_string(f.hour >= 18 ? LOC_TONIGHT : LOC_TODAY, l), t,
                         title);
    }
    return NULL;
}

static void request_band(app_t *a, int64_t key, civil_t wall)
{
    time_t now = app_time(a);
    enum lang l = a->o.has_lang ? a->o.lang : LANG_FR;
    struct prep_req r = {
        .kind = PREP_BAND,
        .w = a->L.slide_l.w,
        .h = a->L.slide_l.h,
        .bw = a->L.clock_l.w,
        .bh = a->L.clock_l.h,
        .rotate = a->rotate,
        .now = wall,
        .lang = l,
    };
    r.has_weather = app_fresh_weather(a, now, &r.weather);
    r.text = next_event(a, now, wall, l);
    a->clock_job = prepare_submit(a->prep, &r);
    a->clock_key = key;
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
    compose_layout(&a->L, fw, fh, a->rotate, a->clock_on && !a->info_band ? v->clock : 0,
                   a->band_on ? v->ticker : 0);
    if (a->info_band)
        compose_info_band(&a->L, band_height(a->L.lw, a->L.lh), !strcmp(a->o.band, "top"));
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
    app_video_detach(a); /* films go on in the slides drawn again (slot_request) */
    /* photo layers come again with the slides drawn again */
    display_image_free(a->disp, a->cur.photo);
    display_image_free(a->disp, a->next.photo);
    a->cur.photo = a->next.photo = NULL;
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

void handle_clock(app_t *a, uint64_t now)
{
    if (!a->clock_on)
        return;
    /* The next minute, 2 ms after it starts on the wall clock. */
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    int64_t sec = (int64_t)rt.tv_sec + a->o.clock_offset_s;
    uint64_t into = (uint64_t)(sec % 60) * 1000000u + (uint64_t)rt.tv_nsec / 1000u;
    app_deadline(a, now + 60000000u - into + 2000u);
    if (a->clock_job)
        return; /* its result wakes the loop */
    civil_t c = sched_civil(a->sched, app_time(a));
    int64_t key = c / 60;
    if (atomic_exchange(&a->weather_news, false))
        a->clock_key = -1; /* new weather: draw the band again now */
    if (key == a->clock_key)
        return;
    struct civil_fields cf = civil_split(c);
    if (a->info_band)
        request_band(a, key, c - cf.sec);
    else
        request_clock(a, key, cf.hour, cf.min);
    request_ticker(a, false); /* items may have started or ended */
}
