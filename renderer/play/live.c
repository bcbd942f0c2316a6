/* live — see live.h. */
#include "play/live.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fleet/client.h"
#include "model/lang.h"
#include "model/util.h"
#include "play/command.h"
#include "play/reload.h"
#include "play/status.h"
#include "play/wxpoll.h"

/* The bridge between the loader thread and the player: the loader says a
 * new model is ready (app_wake); the app takes it between two slides
 * (take_feed), which is when the status may say it was swapped in; each
 * slide shown goes to the status file with the player's figures. */
struct live {
    pthread_mutex_t lock;
    reload_t *reload;
    wxpoll_t *weather; /* NULL: no weather configured */
    app_t *app;        /* NULL until the player exists and after it stopped */
    cmd_queue_t *commands;
};

/* Render thread: the latest weather. */
static bool get_weather(void *ctx, struct weather *out)
{
    struct live *l = ctx;
    return wxpoll_get(l->weather, out);
}

/* Weather thread. */
static void on_weather(void *ctx)
{
    struct live *l = ctx;
    pthread_mutex_lock(&l->lock);
    if (l->app)
        app_weather_changed(l->app);
    pthread_mutex_unlock(&l->lock);
}

/* Loader thread. */
static void on_model(void *ctx)
{
    struct live *l = ctx;
    pthread_mutex_lock(&l->lock);
    if (l->app)
        app_wake(l->app);
    pthread_mutex_unlock(&l->lock);
}

/* cmd_wake_fn: a staff command is queued (inbox thread, MQTT thread). */
static void on_command_queued(void *ctx)
{
    struct live *l = ctx;
    pthread_mutex_lock(&l->lock);
    if (l->app)
        app_wake(l->app);
    pthread_mutex_unlock(&l->lock);
}

/* app_hooks.command: "reload" and "notice" are the loader's. */
static void on_command(void *ctx, const struct cmd *c)
{
    struct live *l = ctx;
    reload_command(l->reload, c);
}

/* The fleet's status messages start from the status file's JSON. */
static char *fleet_status(void *ctx, unsigned long *version)
{
    struct live *l = ctx;
    return status_text(reload_status(l->reload), time(NULL), version);
}

/* A command from MQTT joins the inbox's queue. */
static void fleet_command(void *ctx, const char *json, size_t len)
{
    struct live *l = ctx;
    struct cmd c;
    char err[300];
    if (cmd_parse(json, len, &c, err, sizeof err) != 0) {
        log_msg(LV_WARN, "fleet: command ignored: %s", err);
        return;
    }
    snprintf(c.from, sizeof c.from, "mqtt");
    log_msg(LV_INFO, "fleet: command %s", cmd_name(c.kind));
    cmd_push(l->commands, &c);
    cmd_clear(&c);
}

/* Render thread, between two slides: the app swaps in what this returns. */
static feed_t *take_feed(void *ctx)
{
    struct live *l = ctx;
    unsigned gen;
    feed_t *f = reload_take(l->reload, &gen);
    if (f)
        reload_swapped(l->reload, gen);
    return f;
}

/* Render thread: a slide starts to appear. */
static void showing(void *ctx, const char *id, const char *kind, const char *lang)
{
    struct live *l = ctx;
    struct app_status st;
    app_status(l->app, &st);
    struct status_player sp = {
        .frames = st.frames,
        .long_frames = st.long_frames,
        .p99_ms = st.p99_ms,
        .width = st.width,
        .height = st.height,
        .screen_on = st.screen_on,
        .screenshot_at = (time_t)st.screenshot_at,
    };
    snprintf(sp.backend, sizeof sp.backend, "%s", st.backend);
    snprintf(sp.video_fault, sizeof sp.video_fault, "%s", st.video_fault);
    snprintf(sp.video_render, sizeof sp.video_render, "%s", st.video_render);
    status_player(reload_status(l->reload), &sp);
    reload_showing(l->reload, id, kind, lang);
}

int live_play(struct config *cfg, const struct app_opts *o_in)
{
    struct app_opts o = *o_in;
    char theme_buf[4096], feed_buf[4096];
    const char *feed = o.feed_path;
    /* Installed without a configuration: the packaged content and theme. */
    if (!feed && cfg->nsources == 1 && !strcmp(cfg->sources[0], "content/feed.xml") &&
        !is_file("content/feed.xml")) {
        snprintf(feed_buf, sizeof(feed_buf), "%s/content/feed.xml", VITRINE_DATADIR);
        if (is_file(feed_buf))
            config_set(cfg, "feed", feed_buf, "defaults", 0, NULL); /* a path: cannot fail */
    }
    if (!is_dir(cfg->theme)) {
        snprintf(theme_buf, sizeof(theme_buf), "%s/themes/default", VITRINE_DATADIR);
        if (!strcmp(cfg->theme, "themes/default") && is_dir(theme_buf))
            config_set(cfg, "theme", theme_buf, "defaults", 0, NULL);
    }
    o.theme_dir = cfg->theme;
    o.screen = *cfg->screen ? cfg->screen : NULL;

    struct sched_config sc;
    sched_config_from(&sc, cfg);
    if (o.has_lang) {
        sc.langs[0] = o.lang;
        sc.nlangs = 1;
    }
    o.sched = &sc;

    struct live live = {.app = NULL};
    pthread_mutex_init(&live.lock, NULL);
    live.reload = reload_start(cfg, on_model, &live);
    o.feed = reload_take(live.reload, NULL); /* ready: reload_start loaded every source */
    if (!o.feed)
        o.feed = feed_create_empty();
    o.state_dir = cfg->state_dir;
    o.playlog = cfg->playlog;
    o.screenshot_s = cfg->screenshot_s;
    o.video_volume = cfg->video_volume;
    o.display_on = cfg->display_on;
    o.display_off = cfg->display_off;
    o.commands = cmd_create(cfg->state_dir, on_command_queued, &live);
    if (!o.commands) /* no inbox folder: MQTT commands still have a queue */
        o.commands = cmd_create(NULL, on_command_queued, &live);
    live.commands = o.commands;
    struct fleet_opts fo = {
        .cfg = &cfg->fleet,
        .screen_id = o.screen,
        .state_dir = cfg->state_dir,
        .status = fleet_status,
        .command = fleet_command,
        .ctx = &live,
    };
    fleet_t *fleet = fleet_start(&fo);
    o.band = strcmp(cfg->band, "off") ? cfg->band : NULL;
    live.weather =
        wxpoll_start(cfg, cfg->cache_dir, reload_status(live.reload), on_weather, &live);
    app_t *a = app_create(&o);
    struct app_hooks hooks = {.ctx = &live,
                              .take_feed = take_feed,
                              .showing = showing,
                              .command = on_command,
                              .weather = live.weather ? get_weather : NULL};
    app_set_hooks(a, &hooks);
    pthread_mutex_lock(&live.lock);
    live.app = a; /* a model that became ready while the window opened is taken at once */
    pthread_mutex_unlock(&live.lock);
    int rc = app_run(a);
    pthread_mutex_lock(&live.lock);
    live.app = NULL;
    pthread_mutex_unlock(&live.lock);
    app_free(a); /* writes the last play first, for fleet_stop to send it */
    fleet_stop(fleet);
    cmd_free(o.commands);
    wxpoll_stop(live.weather);
    reload_stop(live.reload);
    pthread_mutex_destroy(&live.lock);
    return rc;
}
