/* app — the live player's main loop and life cycle (see app.h); its steps live in
 * app_slides.c, app_overlay.c and app_ops.c. */
#include "play/app.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "draw/theme.h"
#include "model/diag.h"
#include "model/util.h"
#include "play/app_int.h"

/* Milliseconds since this process started, from /proc (10 ms resolution). */
static double ms_since_process_start(void)
{
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    unsigned long long start = 0;
    /* Field 22 (starttime) is the 20th after the closing parenthesis. */
    for (int i = 0; i < 20 && p; i++)
        p = strchr(p + 1, ' ');
    if (!p || sscanf(p + 1, "%llu", &start) != 1)
        return -1;
    struct timespec ts;
    clock_gettime(CLOCK_BOOTTIME, &ts);
    double now = ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    return now - start * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

/* ---- the steps of the loop ---------------------------------------------- */

static void handle_event(app_t *a, const SDL_Event *ev)
{
    if (ev->type == SDL_QUIT) {
        a->quit = true;
        return;
    }
    if (ev->type == SDL_KEYDOWN && a->o.display.win_w > 0 &&
        (ev->key.keysym.sym == SDLK_ESCAPE || ev->key.keysym.sym == SDLK_q)) {
        a->quit = true;
        return;
    }
    int fl = display_event(a->disp, ev);
    if (fl & (DISPLAY_RESIZED | DISPLAY_LOST))
        relayout(a, (fl & DISPLAY_LOST) != 0);
    if (fl & DISPLAY_EXPOSED)
        a->dirty_full = true;
}

/* ---- drawing ------------------------------------------------------------- */

static bool animating(const app_t *a)
{
    return a->in_trans || a->ticker;
}

static void draw(app_t *a, uint64_t now)
{
    bool full = a->dirty_full || a->in_trans || !display_retains(a->disp);
    bool anim = animating(a);
    if (!full && !a->dirty_clock && !anim)
        return;
    SDL_Rect rects[4];
    int n = 0;
    if (full) {
        if (a->in_trans) {
            double p = a->trans_ms > 0 ? (now - a->trans_start) / (a->trans_ms * 1000.0) : 1;
            compose_transition(a->disp, &a->L, a->trans_kind, p > 1 ? 1 : p, a->cur.img,
                               a->next.img);
            a->trans_frames++;
        } else {
            compose_transition(a->disp, &a->L, TRANS_CUT, 0, a->cur.img, NULL);
        }
        if (a->L.band.w && !a->ticker)
            display_fill(a->disp, &a->L.band, a->theme->c.ticker_bg);
    } else if (a->dirty_clock && a->clock_img) {
        SDL_Rect u;
        SDL_UnionRect(&a->clock_old, &a->clock_at, &u);
        if (a->clock_old.w == 0)
            u = a->clock_at;
        display_copy(a->disp, a->cur.img, a->L.slide.x, a->L.slide.y, &u);
        rects[n++] = u;
    }
    if (a->ticker) {
        ticker_draw(a->ticker, a->disp, &a->L, now / 1000);
        rects[n++] = a->L.band;
    }
    if (a->clock_img)
        display_over(a->disp, a->clock_img, a->clock_at.x, a->clock_at.y);
    if (a->shot_pending && full)
        take_screenshot(a);
    display_present(a->disp, full ? NULL : rects, full ? 0 : n);
    uint64_t t = mono_us();
    stats_frame(a->stats, t, anim && a->anim_cont);
    a->anim_cont = anim;
    a->last_frame = t;
    a->dirty_full = a->dirty_clock = false;
    if (!a->first_frame_done && a->cur.img) {
        a->first_frame_done = true;
        struct timespec rt;
        clock_gettime(CLOCK_REALTIME, &rt);
        double since = ms_since_process_start();
        stats_note(a->stats, t, "first_frame", "ms_since_start=%.0f unix_ms=%lld backend=%s",
                   since, (long long)rt.tv_sec * 1000 + rt.tv_nsec / 1000000,
                   display_name(a->disp));
        log_msg(LV_INFO, "first frame %.0f ms after start", since);
        notify_ready(a->notify);
        display_settle(a->disp);
    }
}

/* When the loop must wake next, in µs of the monotonic clock. */
static uint64_t next_deadline(app_t *a, uint64_t now)
{
    uint64_t d = NEVER;
    if (animating(a)) {
        if (display_vsync(a->disp)) {
            /* Present waits for the vertical blank; waking 3/4 of a frame
             * after the last one keeps 60 fps and, should the driver not
             * really wait, still never spins. */
            d = a->last_frame + (uint64_t)(0.75e6 / display_refresh_hz(a->disp));
        } else {
            /* Frame k of the animation at anim_t0 + k periods: rounding each
             * wait up to whole ms never drifts below the refresh rate. */
            uint64_t per = (uint64_t)(1e6 / display_refresh_hz(a->disp));
            if (!a->anim_t0 || a->anim_t0 > now)
                a->anim_t0 = now;
            uint64_t k = (now - a->anim_t0) / per + 1;
            d = a->anim_t0 + k * per;
        }
    }
    if (!a->in_trans && a->next.img && !a->next.job && a->hold_until < d)
        d = a->hold_until > now ? a->hold_until : now;
    if (a->next.feed && !a->next.img && !a->next.job && a->retry_at < d)
        d = a->retry_at;
    if (a->clock_on) {
        struct timespec rt;
        clock_gettime(CLOCK_REALTIME, &rt);
        uint64_t into = (uint64_t)(rt.tv_sec % 60) * 1000000u + (uint64_t)rt.tv_nsec / 1000u;
        uint64_t m = now + 60000000u - into + 2000u;
        if (m < d)
            d = m;
    }
    if (stats_deadline(a->stats) < d)
        d = stats_deadline(a->stats);
    if (a->next_shot < d)
        d = a->next_shot;
    int wd = notify_watchdog_interval(a->notify);
    if (wd > 0 && now + (uint64_t)wd * 1000u < d)
        d = now + (uint64_t)wd * 1000u;
    if (a->o.quit_after_s > 0) {
        uint64_t q = a->start_us + (uint64_t)(a->o.quit_after_s * 1e6);
        if (q < d)
            d = q;
    }
    return d;
}

int app_run(app_t *a)
{
    while (!a->quit) {
        uint64_t now = mono_us();
        handle_results(a);
        handle_feed_swap(a);
        handle_schedule(a, now);
        handle_slide_change(a, now);
        if (a->in_trans && now >= a->trans_start + (uint64_t)a->trans_ms * 1000u) {
            draw(a, a->trans_start + (uint64_t)a->trans_ms * 1000u); /* the last step: p = 1 */
            finish_transition(a, now);
            a->dirty_full = false; /* that frame already shows the new slide whole */
        }
        handle_clock(a);
        handle_operations(a, now);
        if (a->o.quit_after_s > 0 && now >= a->start_us + (uint64_t)(a->o.quit_after_s * 1e6))
            break;
        if (a->cur.img)
            draw(a, now);
        stats_tick(a->stats, mono_us());

        uint64_t t = mono_us(), d = next_deadline(a, t);
        int timeout = d == NEVER ? 60000 : d <= t ? 0 : (int)((d - t + 999) / 1000);
        if (timeout > 60000)
            timeout = 60000;
        SDL_Event ev;
        if (timeout == 0 ? SDL_PollEvent(&ev) : SDL_WaitEventTimeout(&ev, timeout)) {
            handle_event(a, &ev);
            while (SDL_PollEvent(&ev))
                handle_event(a, &ev);
        }
    }
    return 0;
}

/* ---- life cycle ----------------------------------------------------------- */

static feed_t *load_feed(const char *path)
{
    if (!path)
        return feed_create_empty();
    diag_t *dg = diag_create();
    feed_t *f = feed_load(path, dg);
    for (size_t i = 0; i < diag_count(dg) && i < DIAG_MAX; i++)
        log_msg(LV_WARN, "%s", diag_get(dg, i));
    diag_free(dg);
    if (!f) {
        log_msg(LV_ERR,
                "%s: not played until fixed (see the lines above); showing the "
                "office's fallback slide",
                path);
        f = feed_create_empty();
    }
    return f;
}

app_t *app_create(const struct app_opts *o)
{
    app_t *a = xcalloc(1, sizeof(*a));
    a->o = *o;
    a->start_us = mono_us();
    a->clock_key = -1;
    pthread_mutex_init(&a->feed_lock, NULL);

    diag_t *dg = diag_create();
    a->theme = theme_load(o->theme_dir, dg);
    if (!a->theme) {
        diag_print(dg, stderr);
        die("theme %s is unusable (see above); try --theme themes/default", o->theme_dir);
    }
    diag_free(dg);
    a->rotate = theme_rotate(a->theme);
    if (a->rotate != 90 && a->rotate != 180 && a->rotate != 270)
        a->rotate = 0;

    struct sched_config cfg = {.screen = o->screen,
                               .min_ms = 4000,
                               .max_ms = 30000,
                               .words_per_sec = 2.5,
                               .policy = LANG_CYCLE};
    if (o->has_lang) {
        cfg.langs[0] = o->lang;
        cfg.nlangs = 1;
    }
    a->sched = sched_create(o->sched ? o->sched : &cfg);
    if (!a->sched)
        die("cannot create the scheduler: unknown time zone?");
    a->started_utc = (int64_t)time(NULL);
    a->clock_synced = true;
    a->clocks = clocksync_start();
    a->clock_checked = a->started_utc / 60;
    check_clock(a);
    a->notify = notify_create();
    a->power = power_create(o->display_on, o->display_off);
    if (o->state_dir && o->playlog)
        a->plog = playlog_open(o->state_dir, true);
    a->next_shot = o->state_dir && o->screenshot_s > 0
                       ? a->start_us + (uint64_t)o->screenshot_s * 1000000u
                       : NEVER;
    feed_t *f = o->feed ? o->feed : load_feed(o->feed_path);
    a->feed = prep_feed_new(f);
    sched_set_feed(a->sched, f);
    a->band_on = feed_has_ticker(f);
    a->clock_on = !o->no_clock;

    /* Start drawing the first slide while the window opens (showing a
     * fullscreen window may wait ~100 ms for a window manager): the size is
     * the desktop's, checked again once the window is there. */
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        die("no display: %s (is a desktop running, or the console free for KMSDRM?)",
            SDL_GetError());
    int fw = o->display.win_w, fh = o->display.win_h;
    SDL_DisplayMode dm;
    if ((fw <= 0 || fh <= 0) && SDL_GetDesktopDisplayMode(0, &dm) == 0) {
        fw = dm.w;
        fh = dm.h;
    }
    a->wake_event = SDL_RegisterEvents(1);
    app_signals_start(a);
    a->prep = prepare_create(a->theme, a->wake_event);
    if (!a->prep)
        die("cannot start the preparation thread");
    if (fw > 0 && fh > 0) {
        overlay_layout(a, fw, fh);
        request_next(a);
        request_ticker(a, true);
    }

    char err[512];
    a->disp = display_create(&o->display, err, sizeof(err));
    if (!a->disp)
        die("%s", err);
    if (o->stats_path)
        a->stats = stats_create(o->stats_path, display_refresh_hz(a->disp), mono_us());
    if (fw > 0 && fh > 0) {
        relayout(a, false); /* a no-op unless the window is not the desktop's size */
    } else {
        display_size(a->disp, &fw, &fh);
        overlay_layout(a, fw, fh);
        request_next(a);
        request_ticker(a, true);
    }
    a->dirty_full = true;
    return a;
}

void app_free(app_t *a)
{
    if (!a)
        return;
    notify_stopping(a->notify);
    app_signals_stop(a);
    log_play(a, &a->cur, mono_us());
    playlog_close(a->plog);
    power_free(a->power);
    notify_free(a->notify);
    stats_free(a->stats, mono_us());
    prepare_free(a->prep);
    slot_clear(a, &a->cur);
    slot_clear(a, &a->next);
    display_image_free(a->disp, a->clock_img);
    ticker_free(a->disp, a->ticker);
    free(a->ticker_text);
    display_free(a->disp);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    sched_free(a->sched);
    clocksync_stop(a->clocks);
    prep_feed_unref(a->feed);
    feed_free(a->pending_feed);
    theme_free(a->theme);
    pthread_mutex_destroy(&a->feed_lock);
    free(a);
}

void app_set_hooks(app_t *a, const struct app_hooks *h)
{
    a->hooks = *h;
}

void app_wake(app_t *a)
{
    SDL_Event ev = {.type = a->wake_event};
    SDL_PushEvent(&ev);
}

void app_set_feed(app_t *a, feed_t *feed)
{
    pthread_mutex_lock(&a->feed_lock);
    feed_t *old = a->pending_feed;
    a->pending_feed = feed;
    pthread_mutex_unlock(&a->feed_lock);
    feed_free(old);
    app_wake(a);
}

void app_status(app_t *a, struct app_status *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->slide_id, sizeof(out->slide_id), "%s",
             a->cur.pick.type == SLIDE_ITEM ? a->cur.id : "");
    out->slide_type = a->cur.pick.type;
    out->lang = a->cur.pick.lang;
    out->shown_at = a->shown_at;
    out->duration_ms = a->cur.duration_ms;
    out->slides_shown = a->slides_shown;
    struct stats_totals t;
    stats_totals(a->stats, &t);
    out->frames = t.frames;
    out->long_frames = t.long_frames;
    out->p99_ms = t.p99_ms;
    out->width = a->L.fw;
    out->height = a->L.fh;
    snprintf(out->backend, sizeof(out->backend), "%s", display_name(a->disp));
    pthread_mutex_lock(&a->feed_lock);
    out->feed_pending = a->pending_feed != NULL;
    pthread_mutex_unlock(&a->feed_lock);
    out->queue = prepare_pending(a->prep);
    out->started = a->started_utc;
    out->screen_on = power_is_on(a->power);
    out->screenshot_at = a->shot_at;
}
