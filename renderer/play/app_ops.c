/* app_ops — the live player's operations: proof of play, screenshots
 * (periodic or on SIGUSR1), the watchdog, screen power hooks and the clock
 * check. */
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>

#include "draw/png.h"
#include "model/util.h"
#include "play/app_int.h"

/* SIGUSR1 asks for a screenshot. A signal handler may only set a flag and
 * post a semaphore, so these are the one piece of mutable state outside the
 * app struct: a small thread waits on the semaphore and wakes the loop. */
static volatile sig_atomic_t screenshot_asked;
static sem_t screenshot_sem;

/* Appends the showing of s, which ends now, to the play log. The blank slide
 * outside screen hours is not a showing. */
void log_play(app_t *a, const struct slot *s, uint64_t now)
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
void take_screenshot(app_t *a)
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

/* Whether network time has set the clock (play/clocksync asks, also under
 * the unit's system-call filter); until it has, the scheduler does not hide
 * content on dates (a Pi has no RTC). */
void check_clock(app_t *a)
{
    bool synced = clocksync_synced(a->clocks);
    a->clock_synced = synced; /* the scheduler logs what it means, once */
    sched_set_clock_synced(a->sched, synced);
}

/* Converts a monotonic ms deadline of a helper into the loop's µs. */
static void deadline_ms(app_t *a, int64_t ms)
{
    if (ms != INT64_MAX)
        app_deadline(a, ms < 0 ? 0 : (uint64_t)ms * 1000u);
}

/* Screenshots asked for (SIGUSR1) or due, the watchdog, power hooks still
 * running, the clock check: each sets when it must run again. */
void handle_operations(app_t *a, uint64_t now)
{
    if (screenshot_asked) {
        screenshot_asked = 0;
        a->shot_pending = true;
    }
    if (now >= a->next_shot) {
        a->shot_pending = true;
        a->next_shot = now + (uint64_t)a->o.screenshot_s * 1000000u;
    }
    app_deadline(a, a->next_shot);
    if (a->shot_pending)
        a->dirty_full = true;
    deadline_ms(a, notify_watchdog(a->notify, (int64_t)(now / 1000u)));
    deadline_ms(a, power_poll(a->power, (int64_t)(now / 1000u)));
    /* Once a minute, with the clock overlay's minute or on its own. */
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    int64_t minute = (int64_t)rt.tv_sec / 60;
    if (minute != a->clock_checked) {
        a->clock_checked = minute;
        check_clock(a);
    }
    app_deadline(a, now + (uint64_t)(60 - rt.tv_sec % 60) * 1000000u -
                        (uint64_t)rt.tv_nsec / 1000u + 2000u);
}

/* The screen hours decide the power; SLIDE_BLANK is their slide form. At a
 * change, the slide on screen ends and the one chosen to come next is chosen
 * again, so that the screen turns on (or off) at the minute the hours say,
 * not one slide later. Never in the middle of a transition: its end wakes
 * the loop. */
void handle_power(app_t *a, uint64_t now)
{
    if (now < a->power_at) {
        app_deadline(a, a->power_at);
        return;
    }
    if (a->in_trans)
        return;
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    time_t t = rt.tv_sec + (time_t)a->o.clock_offset_s, next = -1;
    /* A staff "power off" (app_commands.c) keeps it off whatever the hours. */
    bool on = sched_screen_on(a->sched, t, &next) && !a->forced_off;
    bool was = power_is_on(a->power);
    power_set(a->power, on); /* the first call records the state */
    if (on != was && a->next.feed) {
        log_msg(LV_INFO, "screen hours: the screen turns %s", on ? "on" : "off");
        a->hold_until = now;
        request_next(a);
    }
    /* The second the answer flips, or the next minute (with the clock and
     * its check), should the clock jump: 2 ms into it. */
    uint64_t wait = (uint64_t)(60 - t % 60) * 1000000u - (uint64_t)rt.tv_nsec / 1000u + 2000u;
    if (next > t) {
        uint64_t w = (uint64_t)(next - t) * 1000000u - (uint64_t)rt.tv_nsec / 1000u + 2000u;
        if (w < wait)
            wait = w;
    }
    a->power_at = now + wait;
    app_deadline(a, a->power_at);
}

void app_signals_start(app_t *a)
{
    sem_init(&screenshot_sem, 0, 0);
    a->sig_thread_on = pthread_create(&a->sig_thread, NULL, signal_waiter, a) == 0;
    struct sigaction sa = {.sa_handler = on_sigusr1};
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
}

void app_signals_stop(app_t *a)
{
    signal(SIGUSR1, SIG_IGN);
    if (a->sig_thread_on) {
        a->sig_stop = true;
        sem_post(&screenshot_sem);
        pthread_join(a->sig_thread, NULL);
    }
}
