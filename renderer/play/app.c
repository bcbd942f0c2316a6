#include "play/app.h"

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "draw/png.h"
#include "draw/slide.h"
#include "draw/theme.h"
#include "model/diag.h"
#include "model/util.h"
#include "play/command.h"
#include "play/compose.h"
#include "play/notify.h"
#include "play/playlog.h"
#include "play/power.h"
#include "play/prepare.h"
#include "play/stats.h"

#define NEVER UINT64_MAX

/* SIGUSR1 asks for a screenshot. A signal handler may only set a flag and
 * post a semaphore, so these are the one piece of mutable state outside the
 * app struct: a small thread waits on the semaphore and wakes the loop. */
static volatile sig_atomic_t screenshot_asked;
static sem_t screenshot_sem;

/* One slide: on screen (cur) or coming (next). */
struct slot {
    dimage_t *img;
    uint64_t job;      /* preparation in flight, 0 when none */
    prep_feed_t *feed; /* keeps pick.item alive */
    struct sched_pick pick;
    char id[80];
    int duration_ms;
    enum transition trans;
    int trans_ms;
    uint64_t asked_us;    /* when it was requested */
    uint64_t shown_us;    /* when it started to appear (monotonic), 0: not yet */
    int64_t shown_utc_ms; /* the same, on the wall clock (UTC ms), for the play log */
    uint64_t ready_us;    /* when its image arrived */
    double prep_ms;
};

struct app {
    struct app_opts o;
    theme_t *theme;
    display_t *disp;
    prepare_t *prep;
    sched_t *sched;
    prep_feed_t *feed;
    stats_t *stats;
    struct layout L;
    int rotate;
    uint32_t wake_event;
    bool quit;

    struct slot cur, next;
    uint64_t hold_until; /* µs: the current slide's hold ends */
    uint64_t retry_at;   /* µs: retry a failed upload */
    bool late_logged;

    bool in_trans;
    uint64_t trans_start; /* µs */
    enum transition trans_kind;
    int trans_ms, trans_frames;
    uint64_t anim_t0, last_frame; /* frame pacing (µs) */

    bool clock_on;
    dimage_t *clock_img;
    uint64_t clock_job;
    int64_t clock_key; /* the minute shown */
    SDL_Rect clock_at, clock_old;

    bool band_on;
    ticker_t *ticker;
    uint64_t ticker_job;
    char *ticker_text;

    bool dirty_full, dirty_clock;
    bool anim_cont; /* the last frame belonged to a running animation */
    bool first_frame_done;
    uint64_t slides_shown;
    int64_t shown_at;
    uint64_t start_us;

    notifier_t *notify;
    playlog_t *plog;
    power_t *power;
    bool clock_synced;
    uint64_t next_shot; /* µs: the next periodic screenshot, NEVER: none */
    bool shot_pending;  /* take one with the next full frame */
    int64_t shot_at;    /* UTC s of the last screenshot */
    int64_t started_utc;
    int64_t clock_checked; /* the minute of the last clock check */
    pthread_t sig_thread;
    bool sig_thread_on;
    volatile bool sig_stop;

    /* Staff commands (play/command): the slide that a "show" displaced comes
     * after it; "power off" blanks the screen until "power on". */
    char resume_id[80];
    enum lang resume_lang, resume_lang2;
    bool forced_off;

    struct app_hooks hooks;
    pthread_mutex_t feed_lock;
    feed_t *pending_feed; /* guarded by feed_lock */
};

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

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

static const char *slide_type_name(enum slide_type t)
{
    static const char *names[] = {"item", "agenda", "fallback", "blank"};
    return (unsigned)t < 4 ? names[t] : "?";
}

static const char *transition_name(enum transition t)
{
    static const char *names[] = {"default", "cut", "fade", "push", "wipe"};
    return (unsigned)t < 5 ? names[t] : "?";
}

static int64_t utc_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- operations: proof of play, screenshots, clock ---------------------- */

/* Appends the showing of s, which ends now, to the play log. The blank slide
 * outside screen hours is not a showing. */
static void log_play(app_t *a, const struct slot *s, uint64_t now)
{
    if (!a->plog || !s->shown_us || s->pick.type == SLIDE_BLANK)
        return;
    const struct item *it = s->pick.type == SLIDE_ITEM ? s->pick.item : NULL;
    time_t start_s = (time_t)(s->shown_utc_ms / 1000);
    struct play_entry e = {
        .start_ms = s->shown_utc_ms,
        .utc_offset_s = (int)(sched_civil(a->sched, start_s) - start_s),
        .duration_ms = (int)((now - s->shown_us) / 1000u),
        .id = it ? it->id : "",
        .partner = it ? it->partner : NULL,
        .screen = a->o.screen,
        .lang = lang_code(s->pick.lang),
        .kind = it ? kind_name(it->kind) : slide_type_name(s->pick.type),
    };
    playlog_append(a->plog, &e, (int64_t)(now / 1000u));
}

static void on_sigusr1(int sig)
{
    (void)sig;
    screenshot_asked = 1;
    sem_post(&screenshot_sem);
}

/* Turns a SIGUSR1 into a wake-up of the main loop (SDL_PushEvent is not
 * async-signal-safe; this thread is an ordinary one). */
static void *signal_waiter(void *arg)
{
    app_t *a = arg;
    for (;;) {
        while (sem_wait(&screenshot_sem) != 0)
            ;
        if (a->sig_stop)
            return NULL;
        app_wake(a);
    }
}

struct shot {
    SDL_Surface *s;
    char *path;
};

/* Encodes a screenshot off the render thread (a 1080p PNG takes ~0.1 s). */
static int shot_main(void *arg)
{
    struct shot *job = arg;
    char err[300];
    if (png_save(job->s, job->path, err, sizeof(err)) != 0)
        log_msg(LV_WARN, "screenshot: %s", err);
    SDL_FreeSurface(job->s);
    free(job->path);
    free(job);
    return 0;
}

/* Reads the frame just drawn (before present) and saves it as
 * STATE/screenshot.png, atomically. */
static void take_screenshot(app_t *a)
{
    a->shot_pending = false;
    if (!a->o.state_dir)
        return;
    SDL_Surface *s = display_read(a->disp);
    if (!s) {
        log_msg(LV_WARN, "screenshot: cannot read the frame back: %s", SDL_GetError());
        return;
    }
    struct shot *job = xmalloc(sizeof(*job));
    job->s = s;
    job->path = xasprintf("%s/screenshot.png", a->o.state_dir);
    SDL_Thread *t = SDL_CreateThread(shot_main, "screenshot", job);
    if (t)
        SDL_DetachThread(t);
    else
        shot_main(job);
    a->shot_at = (int64_t)time(NULL);
}

/* The kernel says whether NTP has set the clock; until it has, the
 * scheduler does not hide content on dates (a Pi has no RTC). */
static void check_clock(app_t *a)
{
    struct timex tx = {0};
    int st = adjtimex(&tx);
    bool synced = st >= 0 && st != TIME_ERROR && !(tx.status & STA_UNSYNC);
    if (st < 0)
        synced = true;        /* not allowed to ask: trust the clock, the feed date still guards */
    a->clock_synced = synced; /* the scheduler logs what it means, once */
    sched_set_clock_synced(a->sched, synced);
}

/* ---- slots -------------------------------------------------------------- */

static void slot_clear(app_t *a, struct slot *s)
{
    display_image_free(a->disp, s->img);
    prep_feed_unref(s->feed);
    memset(s, 0, sizeof(*s));
}

/* Asks the worker to draw s's pick at the current layout. */
static void slot_request(app_t *a, struct slot *s)
{
    struct prep_req r = {
        .kind = PREP_SLIDE,
        .feed = prep_feed_ref(s->feed),
        .pick = s->pick,
        .w = a->L.slide_l.w,
        .h = a->L.slide_l.h,
        .rotate = a->rotate,
    };
    if (s->pick.type == SLIDE_AGENDA)
        r.nagenda = sched_agenda(a->sched, time(NULL), r.agenda, PREP_AGENDA_MAX);
    s->asked_us = mono_us();
    s->job = prepare_submit(a->prep, &r);
}

/* Sets up the next slot for its pick (id, duration, transition) and asks for
 * it to be drawn. */
static void start_next(app_t *a)
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
    slot_request(a, s);
}

static bool command_pick(app_t *a, struct sched_pick *pick);

/* Decides the next slide now and asks for it to be drawn. */
static void request_next(app_t *a)
{
    struct slot *s = &a->next;
    slot_clear(a, s);
    s->feed = prep_feed_ref(a->feed);
    if (!command_pick(a, &s->pick))
        sched_next(a->sched, time(NULL), &s->pick);
    start_next(a);
}

/* Whether f has an eligible takeover item other than keep: it must come at
 * once, not after the slide already chosen. */
static bool takeover_waiting(app_t *a, const feed_t *f, const struct item *keep)
{
    char why[160];
    for (size_t i = 0; i < feed_count(f); i++) {
        const struct item *it = feed_item(f, i);
        if (it != keep && it->sched.priority == PRIO_TAKEOVER &&
            !sched_why_not(a->sched, it, time(NULL), why, sizeof why))
            return true;
    }
    return false;
}

/* After a new feed: the next slide keeps its turn, which the scheduler has
 * already counted, and is drawn again from the new feed's copy of its item.
 * Only when that item is gone, no longer eligible or preempted by a takeover
 * is another one picked: otherwise every reload would cost one item its
 * showing in the cycle. */
static void renew_next(app_t *a)
{
    struct slot *s = &a->next;
    const feed_t *f = prep_feed_get(a->feed);
    const struct item *it = NULL;
    char why[160];
    if (s->feed && s->pick.type == SLIDE_ITEM && s->pick.item) {
        it = feed_find(f, s->id);
        if (it && (sched_why_not(a->sched, it, time(NULL), why, sizeof why) ||
                   (it->sched.priority != PRIO_TAKEOVER && takeover_waiting(a, f, it))))
            it = NULL;
    }
    if (!it) {
        request_next(a);
        return;
    }
    struct sched_pick pick;
    sched_describe(a->sched, it, time(NULL), s->pick.lang, &pick);
    if (s->pick.lang2 != LANG_COUNT) { /* a two-language slide keeps its form */
        pick.lang2 = s->pick.lang2;
        pick.duration_ms = s->pick.duration_ms;
    }
    slot_clear(a, s);
    s->feed = prep_feed_ref(a->feed);
    s->pick = pick;
    start_next(a);
}

/* ---- overlays ----------------------------------------------------------- */

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

static bool feed_has_ticker(const feed_t *f)
{
    for (size_t i = 0; f && i < feed_count(f); i++)
        if (feed_item(f, i)->kind == KIND_TICKER)
            return true;
    return false;
}

static void request_ticker(app_t *a, bool force)
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
static SDL_Rect clock_place(const app_t *a)
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

static void overlay_layout(app_t *a, int fw, int fh)
{
    bool swap = a->rotate == 90 || a->rotate == 270;
    const struct theme_variant *v = theme_variant(a->theme, swap ? fh : fw, swap ? fw : fh);
    compose_layout(&a->L, fw, fh, a->rotate, a->clock_on ? v->clock : 0,
                   a->band_on ? v->ticker : 0);
}

/* Recomputes the layout from the display size and redraws everything at
 * the new size. keep_cur: the current image stays on screen (clipped) until
 * its rebuild arrives. */
static void relayout(app_t *a, bool images_lost)
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

/* Uploads whatever the worker finished. */
static void handle_results(app_t *a)
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
            if (!a->next.img)
                a->retry_at = mono_us() + 1000000;
        } else if (r.id == a->cur.job) {
            a->cur.job = 0;
            dimage_t *img = display_upload(a->disp, r.surface);
            if (img) {
                display_image_free(a->disp, a->cur.img);
                a->cur.img = img;
                a->dirty_full = true;
            }
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
        }
    }
}

/* The h-live seam: a new feed replaces the old one between two slides. */
static void handle_feed_swap(app_t *a)
{
    if (a->in_trans)
        return;
    pthread_mutex_lock(&a->feed_lock);
    feed_t *f = a->pending_feed;
    a->pending_feed = NULL;
    pthread_mutex_unlock(&a->feed_lock);
    if (a->hooks.take_feed) {
        feed_t *g = a->hooks.take_feed(a->hooks.ctx);
        if (g) {
            feed_free(f);
            f = g;
        }
    }
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

/* ---- staff commands (play/command) ---------------------------------------- */

/* The pick that a command imposes instead of the rotation's: blank while the
 * screen is switched off, else the slide a "show" displaced (when its item is
 * still there, eligible and no takeover waits). */
static bool command_pick(app_t *a, struct sched_pick *pick)
{
    if (a->forced_off) {
        memset(pick, 0, sizeof *pick);
        pick->type = SLIDE_BLANK;
        pick->lang = a->cur.pick.lang;
        pick->lang2 = LANG_COUNT;
        pick->duration_ms = 60000;
        pick->now = sched_civil(a->sched, time(NULL));
        return true;
    }
    if (!a->resume_id[0])
        return false;
    const feed_t *f = prep_feed_get(a->feed);
    const struct item *it = feed_find(f, a->resume_id);
    a->resume_id[0] = 0;
    char why[160];
    if (!it || sched_why_not(a->sched, it, time(NULL), why, sizeof why) ||
        (it->sched.priority != PRIO_TAKEOVER && takeover_waiting(a, f, it)))
        return false;
    sched_describe(a->sched, it, time(NULL), a->resume_lang, pick);
    if (a->resume_lang2 != LANG_COUNT)
        pick->lang2 = a->resume_lang2;
    return true;
}

/* "show": item id comes next, at once (the slide on screen ends its hold
 * now), with its normal transition; the slide it displaces follows it. */
static void obey_show(app_t *a, const char *id, uint64_t now)
{
    const struct item *it = feed_find(prep_feed_get(a->feed), id);
    if (!it || it->kind == KIND_TICKER) {
        log_msg(LV_WARN, "command show: no slide '%s' in the feed; check the id", id);
        return;
    }
    struct slot *s = &a->next;
    if (s->feed && s->pick.type == SLIDE_ITEM && s->pick.item && strcmp(s->id, id) != 0) {
        snprintf(a->resume_id, sizeof a->resume_id, "%s", s->id);
        a->resume_lang = s->pick.lang;
        a->resume_lang2 = s->pick.lang2;
    }
    enum lang l = a->cur.feed ? a->cur.pick.lang : LANG_FR;
    struct sched_pick pick;
    sched_describe(a->sched, it, time(NULL), l, &pick);
    slot_clear(a, s);
    s->feed = prep_feed_ref(a->feed);
    s->pick = pick;
    start_next(a);
    a->hold_until = now;
    log_msg(LV_INFO, "command show: %s next", id);
}

/* "power": off blanks the screen at once (and runs the display_off hook);
 * on gives it back to the rotation and the screen hours. */
static void obey_power(app_t *a, bool on, uint64_t now)
{
    if (a->forced_off == !on)
        return;
    a->forced_off = !on;
    a->resume_id[0] = 0;
    request_next(a);
    a->hold_until = now;
    log_msg(LV_INFO, "command power: screen %s", on ? "on" : "off");
}

/* Obeys the staff's commands, between transitions. Reload and notice concern
 * the loader: they go to the hooks. */
static void handle_commands(app_t *a, uint64_t now)
{
    if (!a->o.commands || a->in_trans)
        return;
    struct cmd c;
    while (cmd_take(a->o.commands, &c)) {
        if (c.kind == CMD_SHOW)
            obey_show(a, c.id, now);
        else if (c.kind == CMD_POWER)
            obey_power(a, c.on, now);
        else if (c.kind == CMD_SCREENSHOT)
            a->shot_pending = true;
        else if (a->hooks.command)
            a->hooks.command(a->hooks.ctx, &c);
        cmd_clear(&c);
    }
}

static void handle_schedule(app_t *a, uint64_t now)
{
    if (!a->next.feed && !a->in_trans)
        request_next(a);
    else if (a->next.feed && !a->next.img && !a->next.job && now >= a->retry_at)
        slot_request(a, &a->next);
}

static void finish_transition(app_t *a, uint64_t now)
{
    if (a->in_trans && a->stats) {
        double ms = (now - a->trans_start) / 1000.0;
        stats_note(a->stats, now, "fade", "kind=%s frames=%d ms=%.1f fps=%.1f",
                   transition_name(a->trans_kind), a->trans_frames, ms,
                   ms > 0 ? a->trans_frames * 1000.0 / ms : 0);
    }
    a->in_trans = false;
    slot_clear(a, &a->cur);
    a->cur = a->next;
    memset(&a->next, 0, sizeof(a->next));
    a->hold_until = now + (uint64_t)a->cur.duration_ms * 1000u;
    a->dirty_full = true;
}

static void handle_slide_change(app_t *a, uint64_t now)
{
    if (a->in_trans || !a->next.img || a->next.job || now < a->hold_until)
        return;
    /* Late: the hold ran over because the next slide was not ready. */
    double late = a->cur.img && a->next.ready_us > a->hold_until
                      ? (a->next.ready_us - a->hold_until) / 1000.0
                      : 0;
    a->slides_shown++;
    a->shown_at = (int64_t)time(NULL);
    log_play(a, &a->cur, now);
    a->next.shown_us = now;
    a->next.shown_utc_ms = utc_ms();
    power_set(a->power, a->next.pick.type != SLIDE_BLANK);
    if (a->o.on_slide)
        a->o.on_slide(a->o.hook_ctx, &a->next.pick);
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
    a->anim_t0 = now;
    if (!a->ticker)
        a->anim_cont = false; /* the hold before is not a frame interval */
}

static void handle_clock(app_t *a)
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

/* Screenshots asked for (SIGUSR1) or due, the watchdog, hooks, the clock. */
static void handle_operations(app_t *a, uint64_t now)
{
    if (screenshot_asked) {
        screenshot_asked = 0;
        a->shot_pending = true;
    }
    if (now >= a->next_shot) {
        a->shot_pending = true;
        a->next_shot = now + (uint64_t)a->o.screenshot_s * 1000000u;
    }
    if (a->shot_pending)
        a->dirty_full = true;
    notify_watchdog(a->notify, (int64_t)(now / 1000u));
    power_poll(a->power, (int64_t)(now / 1000u));
    /* Once a minute, with the clock overlay's minute or on its own. */
    int64_t minute = (int64_t)time(NULL) / 60;
    if (minute != a->clock_checked) {
        a->clock_checked = minute;
        check_clock(a);
    }
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
    if (!a->in_trans && !a->next.feed)
        d = now; /* the transition just ended: choose the next slide at once */
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
        handle_commands(a, now);
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
    sem_init(&screenshot_sem, 0, 0);
    a->sig_thread_on = pthread_create(&a->sig_thread, NULL, signal_waiter, a) == 0;
    struct sigaction sa = {.sa_handler = on_sigusr1};
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
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
    signal(SIGUSR1, SIG_IGN);
    if (a->sig_thread_on) {
        a->sig_stop = true;
        sem_post(&screenshot_sem);
        pthread_join(a->sig_thread, NULL);
    }
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
