/* vitrine check FILE... — validates what staff edit and prints every
 * problem as FILE:LINE: message. Each kind of file has its checker, chosen
 * by name in the table below; later kinds (themes, configuration, sidecars)
 * add a row. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/check_video.h"
#include "cli/cli.h"
#include "draw/slide.h"
#include "model/config.h"
#include "model/diag.h"
#include "model/dropfolder.h"
#include "model/feed.h"
#include "model/merge.h"
#include "model/util.h"

/* Checks one file, adding its problems to diag. Returns 0 when valid and
 * writes a short summary ("12 items") into what. */
struct check_ctx {
    int pi; /* Raspberry Pi model for the advice on films; 0: none */
};
typedef int (*checker_fn)(const struct check_ctx *c, const char *path, diag_t *diag, char *what,
                          size_t size);

static int check_feed(const struct check_ctx *c, const char *path, diag_t *diag, char *what,
                      size_t size)
{
    /* A drop-folder sidecar (an image of the same name beside it). */
    int side = drop_check_sidecar(path, diag);
    if (side <= 0) {
        snprintf(what, size, "sidecar of a drop-folder poster");
        return side;
    }
    feed_t *f = feed_load(path, diag);
    if (!f)
        return -1;
    /* What the player would leave out (a poster whose image is a link out
     * of the folder...), said the way the player says it. */
    size_t before = diag_count(diag);
    size_t n = feed_count(f), kept = n - merge_left_out(f, diag), mem = feed_memory(f);
    /* A large feed says what the player will hold: the loaded model, with
     * the limit that keeps it inside the service's memory. */
    if (kept < n)
        snprintf(what, size, "%zu item%s, %zu left out", kept, kept == 1 ? "" : "s", n - kept);
    else if (mem >= (1u << 20))
        snprintf(what, size, "%zu item%s, %.1f MiB of memory once loaded, of the %u MiB allowed",
                 n, n == 1 ? "" : "s", mem / 1048576.0, FEED_MAX_MEMORY >> 20);
    else
        snprintf(what, size, "%zu item%s", n, n == 1 ? "" : "s");
    /* Pictures too small for a screen: a warning, the feed stays valid. */
    diag_t *warn = diag_create();
    drawer_check_images(f, warn);
    for (size_t i = 0; i < diag_count(warn); i++)
        printf("warning: %s\n", diag_get(warn, i));
    diag_free(warn);
    check_feed_videos(f, c->pi, diag);
    feed_free(f);
    return diag_count(diag) == before ? 0 : -1;
}

static int check_video(const struct check_ctx *c, const char *path, diag_t *diag, char *what,
                       size_t size)
{
    return check_video_file(path, path, 0, c->pi, diag, what, size);
}

/* A theme: themes/NAME/theme.ini (or the theme's folder). */
static int check_theme(const struct check_ctx *c, const char *path, diag_t *diag, char *what,
                       size_t size)
{
    (void)c;
    const char *slash = strrchr(path, '/');
    char *dir = !str_ends(path, "theme.ini") ? xstrdup(path)
                : slash                      ? xasprintf("%.*s", (int)(slash - path), path)
                                             : xstrdup(".");
    size_t before = diag_count(diag);
    theme_t *t = theme_load(dir, diag);
    free(dir);
    if (!t)
        return -1;
    snprintf(what, size, "theme");
    theme_free(t);
    return diag_count(diag) == before ? 0 : -1;
}

static int check_config(const struct check_ctx *c, const char *path, diag_t *diag, char *what,
                        size_t size)
{
    (void)c;
    struct config *cfg = config_defaults();
    int problems = config_read(cfg, path, diag);
    if (!problems)
        problems = config_validate(cfg, diag);
    snprintf(what, size, "%d feed%s", cfg->nsources, cfg->nsources == 1 ? "" : "s");
    config_free(cfg);
    return problems ? -1 : 0;
}

/* First match wins; a NULL suffix matches any file (feeds are detected by
 * their content, so a feed may have any name). */
static const struct {
    const char *suffix;
    checker_fn check;
} checkers[] = {
    {"theme.ini", check_theme}, {".conf", check_config}, {".conf.example", check_config},
    {".xml", check_feed},       {".json", check_feed},   {".mp4", check_video},
    {".mkv", check_video},      {".webm", check_video},  {".mov", check_video},
    {".MP4", check_video},      {".MOV", check_video},   {NULL, check_feed},
};

static void usage(FILE *out)
{
    fputs("usage: vitrine check [-q] FILE...\n"
          "Checks feeds (.xml, .json), drop-folder sidecars, themes (theme.ini) and\n"
          "configurations (.conf) and films (.mp4, .mkv, .webm, .mov, and those of\n"
          "feeds); prints every problem as FILE:LINE: message.\n"
          "  -q, --quiet   print only the problems, not the \"ok\" lines\n"
          "  -c FILE       take the Raspberry Pi model (screen.pi_model) from FILE\n"
          "  --pi 4|5      warn about films this Raspberry Pi decodes on its CPU\n"
          "Exit status: 0 all files are valid, 1 a file has problems, 2 usage error.\n",
          out);
}

int cmd_check(int argc, char **argv)
{
    bool quiet = false;
    struct check_ctx ctx = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if (!strcmp(argv[i], "--pi") && i + 1 < argc) {
            ctx.pi = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "-c") && i + 1 < argc) {
            struct config *cfg = config_defaults();
            diag_t *dg = diag_create();
            if (config_read(cfg, argv[++i], dg) == 0)
                ctx.pi = cfg->pi_model;
            diag_free(dg);
            config_free(cfg);
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "vitrine check: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        fputs("vitrine check: no file given\n", stderr);
        usage(stderr);
        return 2;
    }
    int status = 0;
    diag_t *diag = diag_create();
    for (; i < argc; i++) {
        const char *path = argv[i];
        checker_fn check = NULL;
        for (size_t c = 0; c < sizeof(checkers) / sizeof(checkers[0]) && !check; c++)
            if (!checkers[c].suffix || str_ends(path, checkers[c].suffix))
                check = checkers[c].check;
        char what[160] = "";
        diag_clear(diag);
        if (check(&ctx, path, diag, what, sizeof what) == 0 && diag_count(diag) == 0) {
            if (!quiet)
                printf("%s: ok (%s)\n", path, what);
        } else {
            fflush(stdout);
            diag_print(diag, stderr);
            if (strstr(what, "left out")) /* the player plays the rest */
                fprintf(stderr, "%s: %s\n", path, what);
            status = 1;
        }
    }
    diag_free(diag);
    return status;
}
