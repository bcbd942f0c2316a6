/* app_slides — the live player's two slides (on screen and coming): asking
 * the worker for them, taking its results, swapping in a new feed between
 * two slides, and the change from one slide to the next. */
#include <string.h>

#include "model/util.h"
#include "play/app_int.h"

void slot_clear(app_t *a, struct slot *s)
{
    app_video_close(a, s);
    display_image_free(a->disp, s->img);
    display_image_free(a->disp, s->photo);
    prep_feed_unref(s->feed);
    memset(s, 0, sizeof(*s));
}

/* Asks the worker to draw s's pick at the current layout. */
void slot_request(app_t *a, struct slot *s)
{
    struct prep_req r = {
        .kind = PREP_SLIDE,
        .feed = prep_feed_ref(s->feed),
        .pick = s->pick,
        .w = a->L.slide_l.w,
        .h = a->L.slide_l.h,
        .rotate = a->rotate,
        .film = s->wants_video,
        /* The first slide is asked for before the window opens, when the
         * backend (hence slow_motion = auto) is not known yet: it gets the
         * layer if the theme may move photos, dropped if not (slot_motion). */
        .motion = (a->disp ? a->motion_on : a->theme->motion != MOTION_OFF) && !s->wants_video,
    };
    if (s->pick.type == SLIDE_AGENDA) {
        r.nagenda = sched_agenda(a->sched, app_time(a), r.agenda, PREP_AGENDA_MAX);
        r.agenda_total = sched_agenda_count(a->sched, app_time(a));
    }
    if (s->pick.type == SLIDE_CLOSED || s->pick.type == SLIDE_WEATHER)
        r.has_weather = app_fresh_weather(a, app_time(a), &r.weather);
    s->asked_us = mono_us();
    s->job = prepare_submit(a->prep, &r);
}

/* Sets up the next slot for its pick (id, duration, transition) and asks for
 * it to be drawn. */
void start_next(app_t *a)
{
    struct slot *s = &a->next;
    if (s->pick.type == SLIDE_ITEM && s->pick.item)
        snprintf(s->id, sizeof(s->id), "%s", s->pick.item->id);
    else
        snprintf(s->id, sizeof(s->id), "(%s)", slide_type_name(s->pick.type));
    int ms = s->pick.duration_ms > 0 ? s->pick.duration_ms : 10000;
    if (a->o.duration_ms > 0)
        ms = a->o.duration_ms;
    if (a->o.duration_scale > 0)
        ms = (int)(ms * a->o.duration_scale);
    s->duration_ms = ms > 50 ? ms : 50;
    s->trans = theme_transition(a->theme, &s->trans_ms);
    if (s->pick.type == SLIDE_ITEM && s->pick.item && s->pick.item->transition != TRANS_DEFAULT)
        s->trans = s->pick.item->transition;
    if (s->trans == TRANS_DEFAULT)
        s->trans = TRANS_FADE;
    if (s->trans_ms <= 0)
        s->trans = TRANS_CUT;
    app_video_prepare(a, s);
    slot_request(a, s);
}

/* Decides the next slide now and asks for it to be drawn. */
void request_next(app_t *a)
{
    struct slot *s = &a->next;
    slot_clear(a, s);
    s->feed = prep_feed_ref(a->feed);
    struct weather w;
    app_fresh_weather(a, app_time(a), &w); /* may the weather slide play? */
    /* A film known not to play gives its turn to the next pick; when every
     * pick is one, it is drawn as a plain slide. */
    for (int tries = 0; tries < 4; tries++) {
        if (!command_pick(a, &s->pick))
            sched_next(a->sched, app_time(a), &s->pick);
        s->no_video = app_video_known_bad(a, &s->pick);
        if (!s->no_video)
            break;
    }
    start_next(a);
}

/* After a new feed: the next slide keeps its turn, which the scheduler has
 * already counted, and is drawn again from the new feed's copy of its item.
 * Only when that item is gone, no longer eligible or preempted by a takeover
 * is another one picked: otherwise every reload would cost one item its
 * showing in the cycle. */
void renew_next(app_t *a)
{
    struct slot *s = &a->next;
    const struct item *it = NULL;
    if (s->feed && s->pick.type == SLIDE_ITEM && s->pick.item)
        it = sched_keep_next(a->sched, s->id, app_time(a));
    if (!it) {
        request_next(a);
        return;
    }
    struct sched_pick pick;
    sched_describe(a->sched, it, app_time(a), s->pick.lang, &pick);
    if (s->pick.lang2 != LANG_COUNT) { /* a two-language slide keeps its form */
        pick.lang2 = s->pick.lang2;
        pick.duration_ms = s->pick.duration_ms;
    }
    slot_clear(a, s);
    s->feed = prep_feed_ref(a->feed);
    s->pick = pick;
    start_next(a);
}

/* Keeps the photo layer of a slide drawn for slow motion (or none). */
static void slot_motion(app_t *a, struct slot *s, struct slide_motion *m)
{
    display_image_free(a->disp, s->photo);
    s->photo = NULL;
    if (m->photo && a->motion_on)
        s->photo = display_upload(a->disp, m->photo);
    else
        SDL_FreeSurface(m->photo);
    m->photo = NULL;
    s->photo_box = m->box;
    s->focus_x = m->fx;
    s->focus_y = m->fy;
}

/* Uploads whatever the worker finished. */
void handle_results(app_t *a)
{
    struct prep_result r;
    while (prepare_take(a->prep, &r)) {
        stats_prep(a->stats, mono_us(), r.ms);
        if (r.id == a->next.job) {
            a->next.job = 0;
            a->next.prep_ms = r.ms;
            if (!r.surface) /* out of memory in the worker: show black, never stop */
                r.surface = SDL_CreateRGBSurfaceWithFormat(0, a->L.slide.w, a->L.slide.h, 32,
                                                           SDL_PIXELFORMAT_ARGB8888);
            a->next.img = display_upload(a->disp, r.surface);
            a->next.ready_us = mono_us();
            app_video_attach(a, &a->next, &r.film);
            slot_motion(a, &a->next, &r.motion);
            if (!a->next.img)
                a->retry_at = mono_us() + 1000000;
        } else if (r.id == a->cur.job) {
            a->cur.job = 0;
            dimage_t *img = display_upload(a->disp, r.surface);
            if (img) {
                display_image_free(a->disp, a->cur.img);
                a->cur.img = img;
                app_video_attach(a, &a->cur, &r.film);
                slot_motion(a, &a->cur, &r.motion);
                a->dirty_full = true;
            }
            SDL_FreeSurface(r.motion.photo); /* when the slide could not be uploaded */
        } else if (r.id == a->clock_job) {
            a->clock_job = 0;
            dimage_t *img = display_upload(a->disp, r.surface);
            if (img) {
                display_image_free(a->disp, a->clock_img);
                a->clock_img = img;
                a->clock_old = a->clock_at;
                a->clock_at = clock_place(a);
                a->dirty_clock = true;
            }
        } else if (r.id == a->ticker_job) {
            a->ticker_job = 0;
            ticker_free(a->disp, a->ticker);
            a->ticker = ticker_create(a->disp, &a->L, r.surface, r.period,
                                      (a->L.lw < a->L.lh ? a->L.lw : a->L.lh) * 0.1);
            a->dirty_full = true;
        } else {
            SDL_FreeSurface(r.surface); /* stale: the layout or the feed changed */
            SDL_FreeSurface(r.motion.photo);
        }
    }
}

/* The h-live seam: a new feed replaces the old one between two slides. */
void handle_feed_swap(app_t *a)
{
    if (a->in_trans)
        return;
    feed_t *f = a->hooks.take_feed ? a->hooks.take_feed(a->hooks.ctx) : NULL;
    if (!f)
        return;
    /* The scheduler may look at the old feed to keep its place: switch it
     * before letting the old feed go. */
    sched_set_feed(a->sched, f);
    prep_feed_unref(a->feed);
    a->feed = prep_feed_new(f);
    log_msg(LV_INFO, "new feed: %zu items", feed_count(f));
    bool band = feed_has_ticker(f);
    if (band != a->band_on) {
        a->band_on = band;
        ticker_free(a->disp, a->ticker);
        a->ticker = NULL;
        renew_next(a);
        relayout(a, false);
    } else {
        renew_next(a); /* the next slide comes from the new feed */
        request_ticker(a, true);
    }
}

/* Asks for the next slide as soon as the one before it started to show, and
 * again after a failed upload. */
void handle_schedule(app_t *a, uint64_t now)
{
    if (!a->next.feed && !a->in_trans) {
        request_next(a);
    } else if (a->next.feed && !a->next.img && !a->next.job) {
        if (now >= a->retry_at)
            slot_request(a, &a->next);
        else
            app_deadline(a, a->retry_at);
    }
}

void finish_transition(app_t *a, uint64_t now)
{
    if (a->in_trans && a->stats) {
        /* fps from present to present: n frames make n - 1 intervals. */
        double ms = (now - a->trans_start) / 1000.0;
        double span = (a->trans_last - a->trans_first) / 1000.0;
        stats_note(a->stats, now, "fade",
                   "kind=%s frames=%d ms=%.1f span_ms=%.1f fps=%.1f max_ms=%.1f",
                   transition_name(a->trans_kind), a->trans_frames, ms, span,
                   a->trans_frames > 1 && span > 0 ? (a->trans_frames - 1) * 1000.0 / span : 0,
                   a->trans_max_ms);
    }
    a->in_trans = false;
    slot_clear(a, &a->cur);
    a->cur = a->next;
    memset(&a->next, 0, sizeof(a->next));
    app_video_started(a, &a->cur); /* a film plays once its transition is over */
    a->hold_from = now;
    a->hold_until = now + (uint64_t)a->cur.duration_ms * 1000u;
    a->dirty_full = true;
    app_deadline(a, now); /* a slide boundary: ask for the next one at once */
}

void handle_slide_change(app_t *a, uint64_t now)
{
    if (a->in_trans || !a->next.img || a->next.job || app_video_waiting(&a->next))
        return; /* the transition's end, the worker's result or the film wakes the loop */
    if (now < a->hold_until) {
        app_deadline(a, a->hold_until);
        return;
    }
    /* Late: how long after its due time (the end of the hold) the slide
     * starts, whatever the cause (the next slide not ready, a late wake-up). */
    double late = a->cur.img ? (now - a->hold_until) / 1000.0 : 0;
    a->slides_shown++;
    a->shown_at = (int64_t)time(NULL);
    log_play(a, &a->cur, now);
    a->next.shown_us = now;
    a->next.shown_utc_ms = wall_ms();
    stats_note(a->stats, now, "slide",
               "n=%llu id=%s type=%s lang=%s duration_ms=%d "
               "prep_ms=%.1f late_ms=%.1f",
               (unsigned long long)a->slides_shown, a->next.id, slide_type_name(a->next.pick.type),
               lang_code(a->next.pick.lang), a->next.duration_ms, a->next.prep_ms, late);
    if (a->hooks.showing) {
        const struct item *it = a->next.pick.type == SLIDE_ITEM ? a->next.pick.item : NULL;
        a->hooks.showing(a->hooks.ctx, it ? it->id : "",
                         it ? kind_name(it->kind) : slide_type_name(a->next.pick.type),
                         lang_code(a->next.pick.lang));
    }
    if (!a->cur.img || a->next.trans == TRANS_CUT) {
        finish_transition(a, now);
        return;
    }
    a->in_trans = true;
    a->trans_start = now;
    a->trans_kind = a->next.trans;
    a->trans_ms = a->next.trans_ms;
    a->trans_frames = 0;
    a->trans_first = a->trans_last = 0;
    a->trans_max_ms = 0;
    a->anim_t0 = now;
    app_video_place(a, &a->cur); /* the transition blends the slide's image */
    if (!a->ticker)
        a->anim_cont = false; /* the hold before is not a frame interval */
}
