/* app — the live player's main loop and life cycle (see app.h); its steps live in
 * app_slides.c, app_overlay.c and app_ops.c. */
#include "play/app.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "draw/theme.h"
#include "model/diag.h"
#include "model/util.h"
#include "play/app_int.h"

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

/* Slow motion: the photo of the slide on screen moves during its hold. */
static bool moving(const app_t *a, uint64_t now)
{
    return a->cur.photo && !a->in_trans && now >= a->hold_from && now < a->hold_until;
}

static bool animating(const app_t *a, uint64_t now)
{
    return a->in_trans || a->ticker || moving(a, now);
}

static void draw_motion(app_t *a, uint64_t now)
{
    double p = (double)(now - a->hold_from) / (double)(a->hold_until - a->hold_from);
    compose_motion(a->disp, &a->L, a->cur.photo, a->cur.photo_box, a->cur.focus_x, a->cur.focus_y,
                   p);
}

/* A film's frames wake the loop 30 times a second: during a transition
 * they are drawn with the next animation frame, not in between. */
static bool film_frame_early(app_t *a, uint64_t now)
{
    if (!a->in_trans || !a->trans_last || a->dirty_full || !app_video_playing(a) ||
        now >= a->trans_start + (uint64_t)a->trans_ms * 1000u)
        return false;
    uint64_t per = (uint64_t)(1e6 / display_refresh_hz(a->disp));
    return now + 2000 < a->trans_last + per * 3 / 4;
}

/* Copies the current slide into r of the frame, but for the film's box
 * while the film draws into the frame itself. */
static void restore_slide(app_t *a, SDL_Rect r)
{
    SDL_Rect fb = app_video_frame_box(a), in, part[4];
    int n = 0;
    if (!SDL_IntersectRect(&r, &fb, &in)) {
        part[n++] = r;
    } else { /* the bands above and below the film, then its sides */
        if (in.y > r.y)
            part[n++] = (SDL_Rect){r.x, r.y, r.w, in.y - r.y};
        if (in.y + in.h < r.y + r.h)
            part[n++] = (SDL_Rect){r.x, in.y + in.h, r.w, r.y + r.h - in.y - in.h};
        if (in.x > r.x)
            part[n++] = (SDL_Rect){r.x, in.y, in.x - r.x, in.h};
        if (in.x + in.w < r.x + r.w)
            part[n++] = (SDL_Rect){in.x + in.w, in.y, r.x + r.w - in.x - in.w, in.h};
    }
    for (int i = 0; i < n; i++)
        display_copy(a->disp, a->cur.img, a->L.slide.x, a->L.slide.y, &part[i]);
}

static void draw(app_t *a, uint64_t now)
{
    if (film_frame_early(a, now))
        return;
    bool full = a->dirty_full || a->in_trans || !display_retains(a->disp);
    bool anim = animating(a, now), move = moving(a, now);
    if (!full && !a->dirty_clock && !anim && !a->dirty_film)
        return;
    SDL_Rect rects[5], fb = app_video_frame_box(a);
    int n = 0;
    bool clock = full; /* the clock goes over pixels drawn afresh only */
    if (full) {
        if (a->in_trans) {
            double p = a->trans_ms > 0 ? (now - a->trans_start) / (a->trans_ms * 1000.0) : 1;
            compose_transition(a->disp, &a->L, a->trans_kind, p > 1 ? 1 : p, a->cur.img,
                               a->next.img);
            if (a->trans_frames == 0 || p >= 1)
                app_video_trace(a, now, p > 1 ? 1 : p);
            a->trans_frames++;
        } else {
            compose_transition(a->disp, &a->L, TRANS_CUT, 0, a->cur.img, NULL);
            if (move)
                draw_motion(a, now);
            if (fb.w > 0) /* the slide's box holds an old frame */
                video_redraw(a->cur.video);
        }
        if (a->L.band.w && !a->ticker)
            display_fill(a->disp, &a->L.band, a->theme->c.ticker_bg);
    } else if (a->dirty_clock && a->clock_img) {
        SDL_Rect u;
        SDL_UnionRect(&a->clock_old, &a->clock_at, &u);
        if (a->clock_old.w == 0)
            u = a->clock_at;
        restore_slide(a, u);
        rects[n++] = u;
        clock = true;
    } else if (a->dirty_film && a->clock_img && SDL_HasIntersection(&a->clock_at, &fb)) {
        restore_slide(a, a->clock_at); /* around the film; the film is new */
        rects[n++] = a->clock_at;
        clock = true;
    }
    if (a->dirty_film && !full && fb.w > 0)
        rects[n++] = fb;
    if (move && !full) { /* only the photo's box changes (and the clock over it) */
        draw_motion(a, now);
        rects[n++] = compose_motion_rect(&a->L, a->cur.photo_box);
        SDL_Rect over;
        if (a->clock_img && SDL_IntersectRect(&rects[n - 1], &a->clock_at, &over)) {
            rects[n++] = a->clock_at;
            clock = true;
        }
    }
    if (a->ticker) {
        ticker_draw(a->ticker, a->disp, &a->L, now / 1000);
        rects[n++] = a->L.band;
    }
    if (a->clock_img && clock)
        display_over(a->disp, a->clock_img, a->clock_at.x, a->clock_at.y);
    if (a->shot_pending && full)
        take_screenshot(a);
    display_present(a->disp, full ? NULL : rects, full ? 0 : n);
    uint64_t t = mono_us();
    if (a->in_trans) {
        if (!a->trans_first)
            a->trans_first = t;
        else if ((t - a->trans_last) / 1000.0 > a->trans_max_ms)
            a->trans_max_ms = (t - a->trans_last) / 1000.0;
        a->trans_last = t;
    }
    stats_frame(a->stats, t, anim && a->anim_cont);
    a->anim_cont = anim;
    a->last_frame = t;
    a->dirty_full = a->dirty_clock = a->dirty_film = false;
    if (!a->first_frame_done && a->cur.img) {
        a->first_frame_done = true;
        /* One way to time the first frame: the wall clock once it is
         * presented, compared by the caller with the time before exec. */
        stats_note(a->stats, t, "first_frame", "unix_ms=%lld backend=%s", (long long)wall_ms(),
                   display_name(a->disp));
        log_msg(LV_INFO, "first frame on screen");
        notify_ready(a->notify);
        display_settle(a->disp);
    }
}

/* The next animation frame: with vsync the present paces the frames;
 * without, frame k of the animation is due at anim_t0 + k periods. */
static void frame_deadline(app_t *a, uint64_t now)
{
    if (!animating(a, now))
        return;
    if (display_vsync(a->disp)) {
        /* Present waits for the vertical blank; waking 3/4 of a frame
         * after the last one keeps 60 fps and, should the driver not
         * really wait, still never spins. */
        app_deadline(a, a->last_frame + (uint64_t)(0.75e6 / display_refresh_hz(a->disp)));
        return;
    }
    /* Rounding each wait up to whole ms never drifts below the refresh rate. */
    uint64_t per = (uint64_t)(1e6 / display_refresh_hz(a->disp));
    if (!a->anim_t0 || a->anim_t0 > now)
        a->anim_t0 = now;
    uint64_t k = (now - a->anim_t0) / per + 1;
    app_deadline(a, a->anim_t0 + k * per);
}

/* The end of the transition: its last step is drawn at p = 1 exactly. */
static void handle_transition(app_t *a, uint64_t now)
{
    if (!a->in_trans)
        return;
    uint64_t end = a->trans_start + (uint64_t)a->trans_ms * 1000u;
    if (now < end) {
        app_deadline(a, end);
        return;
    }
    draw(a, end);
    finish_transition(a, now);
    a->dirty_full = false; /* that frame already shows the new slide whole */
}

/* --quit-after. */
static bool handle_quit(app_t *a, uint64_t now)
{
    if (a->o.quit_after_s <= 0)
        return false;
    uint64_t q = a->start_us + (uint64_t)(a->o.quit_after_s * 1e6);
    app_deadline(a, q);
    return now >= q;
}

/* SDL_WaitEventTimeout sleeps until an event only where the video driver
 * can wait (x11, wayland); elsewhere (KMSDRM on a Pi, dummy, offscreen) it
 * polls every millisecond, a thousand wake-ups a second in every hold.
 * There the loop sleeps on a semaphore that the player's own events post
 * (a worker's result, app_wake), and pumps SDL's events (input, SIGTERM's
 * quit) at least every 100 ms. */
#define PUMP_MS 100

static int SDLCALL on_event_pushed(void *ud, SDL_Event *ev)
{
    if (ev->type >= SDL_USEREVENT && ev->type <= SDL_LASTEVENT) /* ours, from any thread */
        SDL_SemPost(ud);
    return 0;
}

static void wait_init(app_t *a)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    if (drv && (!strcmp(drv, "x11") || !strcmp(drv, "wayland")))
        return;
    a->wake_sem = SDL_CreateSemaphore(0);
    if (a->wake_sem)
        SDL_AddEventWatch(on_event_pushed, a->wake_sem);
}

static bool wait_event(app_t *a, SDL_Event *ev, int timeout)
{
    if (!a->wake_sem)
        return timeout == 0 ? SDL_PollEvent(ev) : SDL_WaitEventTimeout(ev, timeout);
    if (SDL_PollEvent(ev))
        return true;
    if (timeout == 0)
        return false;
    SDL_SemWaitTimeout(a->wake_sem, (Uint32)(timeout < PUMP_MS ? timeout : PUMP_MS));
    while (SDL_SemTryWait(a->wake_sem) == 0)
        ;
    return SDL_PollEvent(ev);
}

int app_run(app_t *a)
{
    while (!a->quit) {
        a->wake_at = NEVER;
        uint64_t now = mono_us();
        stats_tick(a->stats, now); /* first: the CPU of this pass is not the sleep's */
        handle_results(a);
        handle_video(a, now);
        handle_feed_swap(a);
        handle_power(a, now);
        handle_commands(a, now);
        handle_schedule(a, now);
        handle_slide_change(a, now);
        handle_transition(a, now);
        handle_clock(a, now);
        handle_operations(a, now);
        if (handle_quit(a, now))
            break;
        if (a->cur.img)
            draw(a, now);
        frame_deadline(a, mono_us());
        stats_tick(a->stats, mono_us()); /* never a deadline: --stats must not wake the loop */

        uint64_t t = mono_us(), d = a->wake_at;
        int timeout = d == NEVER ? 60000 : d <= t ? 0 : (int)((d - t + 999) / 1000);
        if (timeout > 60000)
            timeout = 60000;
        SDL_Event ev;
        if (wait_event(a, &ev, timeout)) {
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

    diag_t *dg = diag_create();
    a->theme = theme_load(o->theme_dir, dg);
    if (!a->theme) {
        diag_print(dg, stderr);
        die("theme %s is unusable (see above); try --theme themes/default", o->theme_dir);
    }
    /* A theme that loads may still have lines it ignored: say which. */
    for (size_t i = 0; i < diag_count(dg) && i < DIAG_MAX; i++)
        log_msg(LV_WARN, "%s", diag_get(dg, i));
    diag_free(dg);
    a->rotate = theme_rotate(a->theme);
    if (a->rotate != 90 && a->rotate != 180 && a->rotate != 270)
        a->rotate = 0;

    /* No configuration from the caller (tests): the scheduler's zero values
     * are vitrine.conf's defaults (model/config.h), not a second copy here. */
    struct sched_config cfg = {.screen = o->screen};
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
    a->info_band = o->band != NULL;
    a->clock_on = !o->no_clock || a->info_band; /* the band shows the time */
    atomic_init(&a->weather_news, false);

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
    wait_init(a);
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
    /* auto: where the GPU moves the photo; the software backend would redraw
     * it on the CPU at every frame (docs/performance.md). The first slide,
     * asked for before the window opened, came with its layer unless the
     * theme says off (slot_request). */
    a->motion_on = a->theme->motion == MOTION_ON ||
                   (a->theme->motion == MOTION_AUTO && !display_retains(a->disp));
    if (a->motion_on)
        log_msg(LV_INFO, "slow motion of photos on (%s)", display_name(a->disp));
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
    app_video_close(a, &a->cur); /* notes its figures in the stats file */
    app_video_close(a, &a->next);
    stats_free(a->stats, mono_us());
    prepare_free(a->prep);
    slot_clear(a, &a->cur);
    slot_clear(a, &a->next);
    display_image_free(a->disp, a->clock_img);
    ticker_free(a->disp, a->ticker);
    free(a->ticker_text);
    display_free(a->disp);
    if (a->wake_sem) {
        SDL_DelEventWatch(on_event_pushed, a->wake_sem);
        SDL_DestroySemaphore(a->wake_sem);
    }
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    sched_free(a->sched);
    clocksync_stop(a->clocks);
    prep_feed_unref(a->feed);
    theme_free(a->theme);
    for (int i = 0; i < APP_BAD_VIDEOS; i++)
        free(a->bad_video[i].path);
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

void app_weather_changed(app_t *a)
{
    atomic_store(&a->weather_news, true);
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
    out->queue = prepare_pending(a->prep);
    out->started = a->started_utc;
    out->screen_on = power_is_on(a->power);
    out->screenshot_at = a->shot_at;
    snprintf(out->video_fault, sizeof(out->video_fault), "%s", a->video_fault);
    snprintf(out->video_render, sizeof(out->video_render), "%s", a->video_render);
}
