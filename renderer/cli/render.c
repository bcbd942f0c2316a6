/* vitrine render — every slide of a feed to PNG files, with no display, plus
 * a contact sheet so that staff can check a feed before publishing. The same
 * draw code as the player, so a PNG is what the screen shows. The output is
 * the same byte for byte for the same inputs (no timestamps in the PNGs). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "draw/image.h"
#include "draw/png.h"
#include "draw/slide.h"
#include "draw/text.h"
#include "draw/theme.h"
#include "model/civil.h"
#include "model/feed.h"
#include "model/merge.h"
#include "model/util.h"
#include "sched/sched.h"

#define SHEET_COLS      4
#define THUMB_W         400
#define RENDER_MAX_SIZE 8192 /* pixels per side */

struct opts {
    int w, h;
    civil_t at;
    bool at_set;
    enum lang lang;
    const char *theme, *out, *feed;
    civil_t day; /* --day: only what plays that day */
    bool day_set, all;
    const char *screen, *config;
};

static void usage(FILE *out)
{
    fputs("usage: vitrine render [OPTIONS] [FEED]\n"
          "Renders every slide of FEED (default content/feed.xml) to DIR/NN-ID.png and a\n"
          "contact sheet DIR/sheet.png, with no display.\n"
          "  --size WxH        screen size (default 1920x1080; 1080x1920 for portrait)\n"
          "  --at DATETIME     the moment shown, YYYY-MM-DDTHH:MM (default: now)\n"
          "  --lang L          fr, eu, es or en (default fr)\n"
          "  --theme DIR       theme folder (default themes/default)\n"
          "  --out DIR         output folder (default render)\n"
          "  --day DATE        only the slides that play on DATE (YYYY-MM-DD), as the\n"
          "                    player's scheduler plays the day; labels as of its noon\n"
          "  --screen ID       only what plays on the screen with this id/tag (default:\n"
          "                    the configuration's [screen] id)\n"
          "  --all             every item, whatever its dates and screens (the default\n"
          "                    without --day and --screen)\n"
          "  -c, --config FILE the player's configuration, for the screen's settings\n",
          out);
}

/* A file name from an item id: letters, digits, '-', '_' and '.' kept. */
static void safe_name(const char *id, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *p = id; *p && n + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (c == '.' && n > 0);
        buf[n++] = ok ? c : '_';
    }
    buf[n] = 0;
}

/* The items a simulated day played, and whether generated slides did. */
struct plays {
    const struct item **v;
    size_t n, cap;
    bool agenda, fallback;
};

static void note_play(void *ud, time_t at, const struct sched_pick *p)
{
    (void)at;
    struct plays *pl = ud;
    pl->agenda |= p->type == SLIDE_AGENDA;
    pl->fallback |= p->type == SLIDE_FALLBACK;
    if (p->type != SLIDE_ITEM)
        return;
    for (size_t i = pl->n; i-- > 0;)
        if (pl->v[i] == p->item)
            return;
    if (pl->n == pl->cap) {
        pl->cap = pl->cap ? pl->cap * 2 : 64;
        pl->v = xrealloc(pl->v, pl->cap * sizeof *pl->v);
    }
    pl->v[pl->n++] = p->item;
}

static bool played(const struct plays *pl, const struct item *it)
{
    for (size_t i = 0; i < pl->n; i++)
        if (pl->v[i] == it)
            return true;
    return false;
}

/* True when it may play on the screen tagged screen. */
static bool for_screen(const struct item *it, const char *screen)
{
    for (int i = 0; i < it->sched.nscreens; i++)
        if (strcmp(it->sched.screens[i], screen) == 0)
            return true;
    return it->sched.nscreens == 0;
}

struct thumb {
    SDL_Surface *s;
    char label[160];
};

/* PNG encoding is most of render's time: a writer thread compresses while
 * the main thread draws the next slide. Slides are handed over as RGB
 * surfaces (a quarter less to compress than RGBA; every slide is opaque). */
#define QUEUE_MAX 3

struct writer {
    SDL_mutex *lock;
    SDL_cond *cond;
    SDL_Thread *thread;
    SDL_Surface *surf[QUEUE_MAX];
    char *path[QUEUE_MAX];
    int head, count;
    bool done;
    int failed;
};

static int writer_main(void *arg)
{
    struct writer *w = arg;
    for (;;) {
        SDL_LockMutex(w->lock);
        while (w->count == 0 && !w->done)
            SDL_CondWait(w->cond, w->lock);
        if (w->count == 0 && w->done) {
            SDL_UnlockMutex(w->lock);
            return 0;
        }
        SDL_Surface *s = w->surf[w->head];
        char *path = w->path[w->head];
        w->head = (w->head + 1) % QUEUE_MAX;
        w->count--;
        SDL_CondBroadcast(w->cond);
        SDL_UnlockMutex(w->lock);
        char err[300];
        int rc = png_save(s, path, err, sizeof err);
        if (rc != 0)
            fprintf(stderr, "vitrine render: %s\n", err);
        SDL_FreeSurface(s);
        free(path);
        SDL_LockMutex(w->lock);
        w->failed |= rc != 0;
        SDL_UnlockMutex(w->lock);
    }
}

static void writer_start(struct writer *w)
{
    memset(w, 0, sizeof(*w));
    w->lock = SDL_CreateMutex();
    w->cond = SDL_CreateCond();
    if (w->lock && w->cond)
        w->thread = SDL_CreateThread(writer_main, "png", w);
}

/* Queues s (copied as RGB) for path; takes ownership of path. Writes in
 * this thread when the writer could not start. */
static void writer_put(struct writer *w, SDL_Surface *s, char *path)
{
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb)
        die("out of memory for %s", path);
    if (!w->thread) {
        char err[300];
        int rc = png_save(rgb, path, err, sizeof err);
        if (rc != 0)
            fprintf(stderr, "vitrine render: %s\n", err);
        w->failed |= rc != 0;
        SDL_FreeSurface(rgb);
        free(path);
        return;
    }
    SDL_LockMutex(w->lock);
    while (w->count == QUEUE_MAX)
        SDL_CondWait(w->cond, w->lock);
    int tail = (w->head + w->count) % QUEUE_MAX;
    w->surf[tail] = rgb;
    w->path[tail] = path;
    w->count++;
    SDL_CondBroadcast(w->cond);
    SDL_UnlockMutex(w->lock);
}

/* Waits for every queued file; returns non-zero when one failed. */
static int writer_finish(struct writer *w)
{
    if (w->thread) {
        SDL_LockMutex(w->lock);
        w->done = true;
        SDL_CondBroadcast(w->cond);
        SDL_UnlockMutex(w->lock);
        SDL_WaitThread(w->thread, NULL);
    }
    if (w->cond)
        SDL_DestroyCond(w->cond);
    if (w->lock)
        SDL_DestroyMutex(w->lock);
    return w->failed;
}

/* Saves one slide and keeps a thumbnail of it for the sheet. */
static void save_slide(struct writer *wr, SDL_Surface *s, const char *out, int nr,
                       const char *name, int dur_ms, struct thumb **thumbs, int *nthumbs)
{
    char safe[128];
    safe_name(name, safe, sizeof(safe));
    writer_put(wr, s, xasprintf("%s/%02d-%s.png", out, nr, safe));
    int tw = s->w >= s->h ? THUMB_W : THUMB_W * 9 / 16;
    int th = (int)((long)s->h * tw / s->w);
    *thumbs = xrealloc(*thumbs, sizeof(**thumbs) * (size_t)(*nthumbs + 1));
    struct thumb *t = &(*thumbs)[(*nthumbs)++];
    t->s = image_scale(s, tw, th);
    snprintf(t->label, sizeof(t->label), "%02d %s \xc2\xb7 %d s", nr, name, (dur_ms + 500) / 1000);
}

static void write_sheet(struct writer *wr, const theme_t *theme, struct thumb *thumbs, int n,
                        const char *out)
{
    if (n == 0)
        return;
    fontcache_t *fc = fontcache_create();
    const char *font = theme->font_file[FONT_BODY];
    int px = 18, pad = 16;
    int lh = text_line_height(fc, font, px);
    int cw = 0, ch = 0;
    for (int i = 0; i < n; i++) {
        if (thumbs[i].s && thumbs[i].s->w > cw)
            cw = thumbs[i].s->w;
        if (thumbs[i].s && thumbs[i].s->h > ch)
            ch = thumbs[i].s->h;
    }
    int cols = n < SHEET_COLS ? n : SHEET_COLS;
    int rows = (n + cols - 1) / cols;
    int cell_w = cw + pad, cell_h = ch + lh + pad + pad / 2;
    SDL_Surface *sheet = SDL_CreateRGBSurfaceWithFormat(
        0, cols * cell_w + pad, rows * cell_h + pad, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!sheet)
        die("out of memory for the contact sheet");
    SDL_FillRect(sheet, NULL, 0xff2b2826);
    for (int i = 0; i < n; i++) {
        int x = pad + (i % cols) * cell_w, y = pad + (i / cols) * cell_h;
        if (thumbs[i].s) {
            SDL_Rect r = {x, y, thumbs[i].s->w, thumbs[i].s->h};
            SDL_SetSurfaceBlendMode(thumbs[i].s, SDL_BLENDMODE_NONE);
            SDL_BlitSurface(thumbs[i].s, NULL, sheet, &r);
        }
        struct text_style st = {
            .font = font, .size = px, .min_size = 12, .color = 0xffffffff, .max_lines = 1};
        text_box(fc, sheet, thumbs[i].label, &st, (struct box){x, y + ch + pad / 3, cw, lh});
    }
    writer_put(wr, sheet, xasprintf("%s/sheet.png", out));
    SDL_FreeSurface(sheet);
    fontcache_free(fc);
}

int cmd_render(int argc, char **argv)
{
    struct opts o = {.w = 1920,
                     .h = 1080,
                     .lang = LANG_FR,
                     .theme = "themes/default",
                     .out = "render",
                     .feed = "content/feed.xml"};
    static const struct option longopts[] = {
        {"size", required_argument, 0, 's'},
        {"at", required_argument, 0, 'a'},
        {"lang", required_argument, 0, 'l'},
        {"theme", required_argument, 0, 't'},
        {"out", required_argument, 0, 'o'},
        {"day", required_argument, 0, 'd'},
        {"screen", required_argument, 0, 'S'},
        {"all", no_argument, 0, 'A'},
        {"config", required_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:a:l:t:o:c:h", longopts, NULL)) != -1) {
        char err[256];
        switch (c) {
        case 's':
            if (args_size(optarg, RENDER_MAX_SIZE, &o.w, &o.h, err, sizeof(err)) != 0) {
                fprintf(stderr, "vitrine render: --size %s\n", err);
                return 2;
            }
            break;
        case 'a':
            if (civil_parse(optarg, &o.at, NULL, err, sizeof(err)) != 0) {
                fprintf(stderr, "vitrine render: --at: %s\n", err);
                return 2;
            }
            o.at_set = true;
            break;
        case 'l':
            if (lang_parse(optarg, &o.lang) != 0) {
                fprintf(stderr, "vitrine render: --lang '%s' should be fr, eu, es or en\n",
                        optarg);
                return 2;
            }
            break;
        case 't':
            o.theme = optarg;
            break;
        case 'o':
            o.out = optarg;
            break;
        case 'd':
            if (args_date(optarg, &o.day, err, sizeof err) != 0) {
                fprintf(stderr, "vitrine render: --day: %s\n", err);
                return 2;
            }
            o.day_set = true;
            break;
        case 'S':
            o.screen = optarg;
            break;
        case 'A':
            o.all = true;
            break;
        case 'c':
            o.config = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc)
        o.feed = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "vitrine render: one feed at a time\n");
        return 2;
    }
    if (o.all && (o.day_set || o.screen)) {
        fprintf(stderr, "vitrine render: --all shows every item: leave out --day and --screen\n");
        return 2;
    }
    /* The screen's settings as the player reads them (durations, languages,
     * screen hours, its id), for the day's rotation. */
    struct config *conf = args_config("render", o.config, NULL, 0, NULL, o.screen, NULL);
    if (!conf)
        return 1;

    int status = 1;
    diag_t *diag = diag_create();
    feed_t *feed = NULL, *shown = NULL;
    theme_t *theme = NULL;
    drawer_t *d = NULL;
    sched_t *sched = NULL;
    struct thumb *thumbs = NULL;
    int nthumbs = 0;
    struct plays pl = {0};

    feed = feed_load(o.feed, diag);
    if (!feed) {
        diag_print(diag, stderr);
        fprintf(stderr, "vitrine render: %s has problems; nothing rendered\n", o.feed);
        goto out;
    }
    /* The items the player would leave out are left out here too, with the
     * same messages. */
    shown = merge_alone(feed, diag);
    theme = theme_load(o.theme, diag);
    if (diag_count(diag))
        diag_print(diag, stderr);
    if (!theme)
        goto out;
    diag_clear(diag);
    int w = o.w, h = o.h;
    if (theme_rotate(theme) == 90 || theme_rotate(theme) == 270) {
        w = o.h; /* the slide is drawn upright, the player turns it */
        h = o.w;
    }
    d = drawer_create(theme, w, h, diag);
    if (!d) {
        diag_print(diag, stderr);
        goto out;
    }
    if (mkdir_p(o.out, 0755) != 0) {
        fprintf(stderr, "vitrine render: cannot create %s: %s\n", o.out, strerror(errno));
        goto out;
    }

    const struct feed_settings *set = feed_settings(feed);
    struct sched_config cfg;
    sched_config_from(&cfg, conf);
    sched = sched_create(&cfg);
    if (!sched) {
        fprintf(stderr, "vitrine render: unknown time zone '%s' in %s\n",
                set->timezone ? set->timezone : "", o.feed);
        goto out;
    }
    sched_set_feed(sched, feed);
    /* --at is wall-clock time in the feed's zone; so is "now" without it,
     * whatever zone the machine runs in (often UTC on servers and CI). */
    time_t now = o.at_set    ? sched_instant(sched, o.at)
                 : o.day_set ? sched_instant(sched, o.day + 12 * 3600)
                             : time(NULL);
    if (o.day_set) {
        /* What the player's rotation shows that day on this screen. */
        sched_trust_clock(sched, true);
        sched_simulate(sched, sched_instant(sched, o.day), sched_instant(sched, o.day + 86400),
                       note_play, &pl);
    }
    struct slide_ctx ctx = {.lang = o.lang, .lang2 = LANG_COUNT, .now = sched_civil(sched, now)};
    int nr = 0;
    struct writer wr;
    writer_start(&wr);
    for (size_t i = 0; i < feed_count(feed); i++) {
        const struct item *it = feed_item(feed, i);
        if (it->kind == KIND_TICKER || feed_find(shown, it->id) == NULL)
            continue;
        if ((o.day_set && !played(&pl, it)) ||
            (!o.day_set && cfg.screen && !for_screen(it, cfg.screen)))
            continue;
        struct sched_pick pick;
        sched_describe(sched, it, now, o.lang, &pick);
        ctx.when_label = pick.when_label[0] ? pick.when_label : NULL;
        ctx.status_label = pick.status_label[0] ? pick.status_label : NULL;
        ctx.sold_out = pick.sold_out;
        SDL_Surface *s = drawer_slide(d, feed, it, &ctx);
        if (!s)
            die("out of memory while rendering %s", it->id);
        save_slide(&wr, s, o.out, ++nr, it->id, pick.duration_ms, &thumbs, &nthumbs);
        SDL_FreeSurface(s);
    }
    ctx.when_label = ctx.status_label = NULL;
    ctx.sold_out = false;
    const struct item *events[AGENDA_EVENTS_MAX];
    size_t nev = sched_agenda(sched, now, events, AGENDA_EVENTS_MAX);
    if (nev && (!o.day_set || pl.agenda)) {
        ctx.agenda_total = sched_agenda_count(sched, now);
        SDL_Surface *s = drawer_agenda(d, feed, events, nev, &ctx);
        ctx.agenda_total = 0;
        save_slide(&wr, s, o.out, ++nr, "agenda", set->duration_ms, &thumbs, &nthumbs);
        SDL_FreeSurface(s);
    }
    if (nr == 0 || pl.fallback) {
        SDL_Surface *s = drawer_fallback(d, feed, &ctx);
        save_slide(&wr, s, o.out, ++nr, "fallback", set->duration_ms, &thumbs, &nthumbs);
        SDL_FreeSurface(s);
    }
    write_sheet(&wr, theme, thumbs, nthumbs, o.out);
    if (writer_finish(&wr) == 0) {
        printf("%d slide%s rendered to %s/ (%dx%d), with %s/sheet.png\n", nr, nr == 1 ? "" : "s",
               o.out, w, h, o.out);
        status = 0;
    }
out:
    for (int i = 0; i < nthumbs; i++)
        SDL_FreeSurface(thumbs[i].s);
    free(thumbs);
    free(pl.v);
    config_free(conf);
    sched_free(sched);
    drawer_free(d);
    theme_free(theme);
    feed_free(shown);
    feed_free(feed);
    diag_free(diag);
    if (TTF_WasInit())
        TTF_Quit();
    return status;
}
