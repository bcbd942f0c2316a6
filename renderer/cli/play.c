/* vitrine play — option parsing only; the player itself is play/live and play/app. */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "model/config.h"
#include "model/lang.h"
#include "model/util.h"
#include "play/app.h"
#include "play/live.h"

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
    char err[200];
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
    /* A problem is a start-up error (tier 1): the messages name the lines. */
    struct config *cfg = args_config("play", conf_file, sets, nsets, o.theme_dir, o.screen, feed);
    if (!cfg)
        return 1;
    o.feed_path = feed;
    int rc = live_play(cfg, &o);
    config_free(cfg);
    return rc;
}
