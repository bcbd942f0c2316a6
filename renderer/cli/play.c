/* vitrine play — option parsing only; the player itself is play/app. */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "fleet/client.h"
#include "model/config.h"
#include "model/lang.h"
#include "model/util.h"
#include "play/app.h"
#include "play/command.h"
#include "play/reload.h"
#include "play/status.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine play [OPTIONS] [FEED]\n"
          "Plays the configured feeds (or FEED) fullscreen, and follows their changes.\n\n"
          "  -c, --config FILE     configuration (default ./vitrine.conf, else\n"
          "                        /etc/vitrine/vitrine.conf; see docs/config.md)\n"
          "  --set KEY=VALUE       override one configuration key (e.g. network.poll=30)\n"
          "  --window WxH          a window instead of fullscreen; Esc or q quits\n"
          "  --theme DIR           theme folder (default themes/default)\n"
          "  --lang fr|eu|es|en    show only this language\n"
          "  --screen ID           this screen's id, for items limited to some screens\n"
          "  --stats FILE          write per-second frame statistics to FILE\n"
          "  --duration MS         every slide holds MS milliseconds (tests)\n"
          "  --duration-scale X    multiply every slide's duration by X\n"
          "  --quit-after SECONDS  quit cleanly after this long\n"
          "  --backend auto|surface|gpu  how to draw (default: measured at start)\n"
          "  --no-clock            hide the clock\n",
          out);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The bridge between the loader thread and the player: a new model goes to
 * app_set_feed (swapped at the next slide boundary); each slide shown goes to
 * the status file. */
struct live {
    pthread_mutex_t lock;
    reload_t *reload;
    app_t *app; /* NULL until the player exists */
    cmd_queue_t *commands;
};

static void on_model(void *ctx)
{
    struct live *l = ctx;
    pthread_mutex_lock(&l->lock);
    if (l->app) {
        unsigned gen;
        feed_t *f = reload_take(l->reload, &gen);
        if (f) {
            app_set_feed(l->app, f);
            reload_swapped(l->reload, gen); /* swapped at the next slide boundary */
        }
    }
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

static void on_slide(void *ctx, const struct sched_pick *p)
{
    static const char *const types[] = {"item", "agenda", "fallback", "blank"};
    struct live *l = ctx;
    const char *id = p->type == SLIDE_ITEM && p->item ? p->item->id : "";
    const char *kind =
        p->type == SLIDE_ITEM && p->item ? kind_name(p->item->kind) : types[p->type & 3];
    if (l->app) {
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
        status_player(reload_status(l->reload), &sp);
    }
    reload_showing(l->reload, id, kind, lang_code(p->lang));
}

/* The configuration: defaults, then the file, then the command line. A
 * problem is a start-up error (tier 1): the message names the line. */
static struct config *load_config(const char *file, char **sets, int nsets, const char *theme,
                                  const char *screen, const char *feed)
{
    struct config *cfg = config_defaults();
    diag_t *d = diag_create();
    const char *path = config_find(file);
    int problems = path ? config_read(cfg, path, d) : 0;
    for (int i = 0; i < nsets; i++) {
        char *eq = strchr(sets[i], '=');
        if (!eq) {
            diag_add(d, "--set", 0, "'%s': write KEY=VALUE", sets[i]);
            problems++;
            continue;
        }
        *eq = '\0';
        problems += config_set(cfg, sets[i], eq + 1, "--set", 0, d) < 0;
        *eq = '=';
    }
    if (theme)
        problems += config_set(cfg, "theme", theme, "--theme", 0, d) < 0;
    if (screen)
        problems += config_set(cfg, "screen.id", screen, "--screen", 0, d) < 0;
    if (feed)
        problems += config_set(cfg, "feed", feed, "command line", 0, d) < 0;
    if (!problems)
        problems = config_validate(cfg, d);
    if (problems) {
        diag_print(d, stderr);
        die("the configuration has problems (above); fix them, then check with "
            "'vitrine check %s'",
            path ? path : "vitrine.conf");
    }
    diag_free(d);
    return cfg;
}

/* The player's memory policy, set before any thread starts (process-wide, so
 * here and nowhere else). Slides are large, short-lived buffers: a fixed
 * M_MMAP_THRESHOLD keeps every buffer of 256 KiB or more in its own mapping,
 * given back to the system when freed (glibc's default threshold rises after
 * the first such free, up to 32 MiB, and pictures would then be carved from
 * the heap and fragment it). Two arenas shared by every thread, instead of
 * up to 8 per core, keep the free memory in fewer places. The soak (tests/soak.sh) checks the
 * result: resident memory flat within 1 MiB, heap in use beside it. */
static void tune_malloc(void)
{
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 2);
#endif
}

int cmd_play(int argc, char **argv)
{
    tune_malloc();
    /* SIGUSR1 asks for a screenshot once the player runs (app installs the
     * handler); until then it must not end the process. */
    signal(SIGUSR1, SIG_IGN);
    enum {
        O_SET = 255,
        O_WINDOW = 256,
        O_THEME,
        O_LANG,
        O_SCREEN,
        O_STATS,
        O_DURATION,
        O_SCALE,
        O_QUIT,
        O_BACKEND,
        O_NOCLOCK,
        O_HELP
    };
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, O_SET},
        {"window", required_argument, NULL, O_WINDOW},
        {"theme", required_argument, NULL, O_THEME},
        {"lang", required_argument, NULL, O_LANG},
        {"screen", required_argument, NULL, O_SCREEN},
        {"stats", required_argument, NULL, O_STATS},
        {"duration", required_argument, NULL, O_DURATION},
        {"duration-scale", required_argument, NULL, O_SCALE},
        {"quit-after", required_argument, NULL, O_QUIT},
        {"backend", required_argument, NULL, O_BACKEND},
        {"no-clock", no_argument, NULL, O_NOCLOCK},
        {"help", no_argument, NULL, O_HELP},
        {0, 0, 0, 0},
    };
    struct app_opts o = {0};
    char theme_buf[4096], feed_buf[4096], err[200];
    int c;
    char *end;
    optind = 1;
    const char *conf_file = NULL;
    char *sets[32];
    int nsets = 0;
    while ((c = getopt_long(argc, argv, "hc:", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            conf_file = optarg;
            break;
        case O_SET:
            if (nsets == 32) {
                fprintf(stderr, "vitrine play: at most 32 --set\n");
                return 2;
            }
            sets[nsets++] = optarg;
            break;
        case O_WINDOW:
            if (args_size(optarg, 16384, &o.display.win_w, &o.display.win_h, err, sizeof err) <
                0) {
                fprintf(stderr, "vitrine play: --window: %s\n", err);
                return 2;
            }
            break;
        case O_THEME:
            o.theme_dir = optarg;
            break;
        case O_LANG:
            if (lang_parse(optarg, &o.lang) != 0) {
                fprintf(stderr, "vitrine play: --lang '%s': use fr, eu, es or en\n", optarg);
                return 2;
            }
            o.has_lang = true;
            break;
        case O_SCREEN:
            o.screen = optarg;
            break;
        case O_STATS:
            o.stats_path = optarg;
            break;
        case O_DURATION:
            errno = 0;
            long ms = strtol(optarg, &end, 10);
            o.duration_ms = ms > 0 && ms <= 3600000 ? (int)ms : 0;
            if (*end || errno || o.duration_ms <= 0) {
                fprintf(stderr, "vitrine play: --duration wants milliseconds, e.g. 3000\n");
                return 2;
            }
            break;
        case O_SCALE:
            o.duration_scale = strtod(optarg, &end);
            if (*end || !(o.duration_scale > 0 && o.duration_scale < 1000)) {
                fprintf(stderr, "vitrine play: --duration-scale wants a positive number\n");
                return 2;
            }
            break;
        case O_QUIT:
            o.quit_after_s = strtod(optarg, &end);
            if (*end || !(o.quit_after_s > 0 && o.quit_after_s < 1e9)) {
                fprintf(stderr, "vitrine play: --quit-after wants seconds, e.g. 5\n");
                return 2;
            }
            break;
        case O_BACKEND:
            if (!strcmp(optarg, "auto"))
                o.display.backend = DISPLAY_AUTO;
            else if (!strcmp(optarg, "surface"))
                o.display.backend = DISPLAY_SURFACE;
            else if (!strcmp(optarg, "gpu"))
                o.display.backend = DISPLAY_GPU;
            else {
                fprintf(stderr, "vitrine play: --backend is auto, surface or gpu\n");
                return 2;
            }
            break;
        case O_NOCLOCK:
            o.no_clock = true;
            break;
        case O_HELP:
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc - 1) {
        fprintf(stderr, "vitrine play: one feed at most\n");
        return 2;
    }
    const char *feed = optind < argc ? argv[optind] : NULL;
    struct config *cfg = load_config(conf_file, sets, nsets, o.theme_dir, o.screen, feed);
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

    struct sched_config sc = {
        .screen = o.screen,
        .nlangs = cfg->nlangs,
        .policy = (enum lang_policy)cfg->lang_policy,
        .min_ms = cfg->min_duration_ms,
        .max_ms = cfg->max_duration_ms,
        .words_per_sec = cfg->words_per_sec,
        .screen_hours = cfg->hours,
        .has_screen_hours = cfg->has_hours,
    };
    memcpy(sc.langs, cfg->langs, sizeof sc.langs);
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
    o.on_slide = on_slide;
    o.hook_ctx = &live;
    o.state_dir = cfg->state_dir;
    o.playlog = cfg->playlog;
    o.screenshot_s = cfg->screenshot_s;
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
    app_t *a = app_create(&o);
    app_set_hooks(a, &(struct app_hooks){.ctx = &live, .command = on_command});
    pthread_mutex_lock(&live.lock);
    live.app = a;
    pthread_mutex_unlock(&live.lock);
    on_model(&live); /* a model that became ready while the window opened */
    int rc = app_run(a);
    pthread_mutex_lock(&live.lock);
    live.app = NULL;
    pthread_mutex_unlock(&live.lock);
    app_free(a); /* writes the last play first, for fleet_stop to send it */
    fleet_stop(fleet);
    cmd_free(o.commands);
    reload_stop(live.reload);
    pthread_mutex_destroy(&live.lock);
    config_free(cfg);
    return rc;
}
