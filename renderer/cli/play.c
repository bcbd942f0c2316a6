/* vitrine play — option parsing only; the player itself is play/app. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "model/lang.h"
#include "model/util.h"
#include "play/app.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine play [OPTIONS] [FEED]\n"
          "Plays FEED (default content/feed.xml) fullscreen.\n\n"
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

int cmd_play(int argc, char **argv)
{
    enum { O_WINDOW = 256, O_THEME, O_LANG, O_SCREEN, O_STATS, O_DURATION, O_SCALE, O_QUIT,
           O_BACKEND, O_NOCLOCK, O_HELP };
    static const struct option longopts[] = {
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
    static char theme_buf[4096], feed_buf[4096];
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case O_WINDOW:
            if (sscanf(optarg, "%dx%d", &o.display.win_w, &o.display.win_h) != 2 ||
                o.display.win_w < 64 || o.display.win_h < 64 || o.display.win_w > 16384 ||
                o.display.win_h > 16384) {
                fprintf(stderr, "vitrine play: --window wants WIDTHxHEIGHT, e.g. 1280x720\n");
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
            o.duration_ms = (int)strtol(optarg, &end, 10);
            if (*end || o.duration_ms <= 0) {
                fprintf(stderr, "vitrine play: --duration wants milliseconds, e.g. 3000\n");
                return 2;
            }
            break;
        case O_SCALE:
            o.duration_scale = strtod(optarg, &end);
            if (*end || o.duration_scale <= 0) {
                fprintf(stderr, "vitrine play: --duration-scale wants a positive number\n");
                return 2;
            }
            break;
        case O_QUIT:
            o.quit_after_s = strtod(optarg, &end);
            if (*end || o.quit_after_s <= 0) {
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
    if (optind < argc) {
        o.feed_path = argv[optind];
    } else {
        snprintf(feed_buf, sizeof(feed_buf), "%s/content/feed.xml", VITRINE_DATADIR);
        o.feed_path = is_file("content/feed.xml") ? "content/feed.xml"
                      : is_file(feed_buf)         ? feed_buf
                                                  : NULL;
    }
    if (!o.theme_dir) {
        snprintf(theme_buf, sizeof(theme_buf), "%s/themes/default", VITRINE_DATADIR);
        o.theme_dir = is_dir("themes/default") ? "themes/default" : theme_buf;
    }
    app_t *a = app_create(&o);
    int rc = app_run(a);
    app_free(a);
    return rc;
}
