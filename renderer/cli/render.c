/* vitrine render — every slide of a feed to PNG files, with no display, plus
 * a contact sheet so that staff can check a feed before publishing. The same
 * draw code as the player, so a PNG is what the screen shows. The output is
 * the same byte for byte for the same inputs (no timestamps in the PNGs). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "cli/cli.h"
#include "draw/image.h"
#include "draw/slide.h"
#include "draw/text.h"
#include "draw/theme.h"
#include "model/civil.h"
#include "model/feed.h"
#include "model/util.h"

#define SHEET_COLS 4
#define THUMB_W 400

struct opts {
    int w, h;
    civil_t at;
    bool at_set;
    enum lang lang;
    const char *theme, *out, *feed;
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
          "  --out DIR         output folder (default render)\n",
          out);
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end || a < 64 || b < 64 || a > 8192 || b > 8192)
        return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
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

static int mkdirs(const char *dir)
{
    char *p = xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0755);
            *s = '/';
        }
    }
    int rc = mkdir(p, 0755);
    free(p);
    return rc == 0 || errno == EEXIST ? 0 : -1;
}

static civil_t civil_now(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return civil_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec);
}

struct thumb {
    SDL_Surface *s;
    char label[160];
};

/* The events the agenda slide would show: from the start of today to the
 * horizon, in date order. */
static size_t agenda_events(const feed_t *f, civil_t now, const struct item **out, size_t max)
{
    const struct feed_settings *set = feed_settings(f);
    if (set->agenda_days <= 0)
        return 0;
    civil_t day0 = now - (now % 86400 + 86400) % 86400;
    civil_t horizon = day0 + (civil_t)set->agenda_days * 86400;
    size_t n = 0;
    for (size_t i = 0; i < feed_count(f) && n < max; i++) {
        const struct item *it = feed_item(f, i);
        if (it->kind != KIND_EVENT || it->start == CIVIL_NONE)
            continue;
        civil_t end = it->end != CIVIL_NONE ? it->end : it->start;
        if (end < day0 || it->start >= horizon)
            continue;
        size_t j = n++;
        while (j > 0 && out[j - 1]->start > it->start) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = it;
    }
    return n;
}

/* Saves one slide and keeps a thumbnail of it for the sheet. */
static int save_slide(SDL_Surface *s, const char *out, int nr, const char *name, int dur_ms,
                      struct thumb **thumbs, int *nthumbs)
{
    char safe[128];
    safe_name(name, safe, sizeof(safe));
    char *path = xasprintf("%s/%02d-%s.png", out, nr, safe);
    int rc = IMG_SavePNG(s, path);
    if (rc != 0)
        fprintf(stderr, "vitrine render: cannot write %s: %s\n", path, IMG_GetError());
    free(path);
    int tw = s->w >= s->h ? THUMB_W : THUMB_W * 9 / 16;
    int th = (int)((long)s->h * tw / s->w);
    *thumbs = xrealloc(*thumbs, sizeof(**thumbs) * (size_t)(*nthumbs + 1));
    struct thumb *t = &(*thumbs)[(*nthumbs)++];
    t->s = image_scale(s, tw, th);
    snprintf(t->label, sizeof(t->label), "%02d %s \xc2\xb7 %d s", nr, name, (dur_ms + 500) / 1000);
    return rc;
}

static int write_sheet(const theme_t *theme, struct thumb *thumbs, int n, const char *out)
{
    if (n == 0)
        return 0;
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
    SDL_Surface *sheet = SDL_CreateRGBSurfaceWithFormat(0, cols * cell_w + pad,
                                                        rows * cell_h + pad, 32,
                                                        SDL_PIXELFORMAT_ARGB8888);
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
        struct text_style st = {.font = font, .size = px, .min_size = 12, .color = 0xffffffff,
                                .max_lines = 1};
        text_box(fc, sheet, thumbs[i].label, &st, (struct box){x, y + ch + pad / 3, cw, lh});
    }
    char *path = xasprintf("%s/sheet.png", out);
    int rc = IMG_SavePNG(sheet, path);
    if (rc != 0)
        fprintf(stderr, "vitrine render: cannot write %s: %s\n", path, IMG_GetError());
    free(path);
    SDL_FreeSurface(sheet);
    fontcache_free(fc);
    return rc;
}

int cmd_render(int argc, char **argv)
{
    struct opts o = {1920, 1080, 0, false, LANG_FR, "themes/default", "render",
                     "content/feed.xml"};
    static const struct option longopts[] = {
        {"size", required_argument, 0, 's'}, {"at", required_argument, 0, 'a'},
        {"lang", required_argument, 0, 'l'}, {"theme", required_argument, 0, 't'},
        {"out", required_argument, 0, 'o'},  {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:a:l:t:o:h", longopts, NULL)) != -1) {
        char err[256];
        bool date_only;
        switch (c) {
        case 's':
            if (parse_size(optarg, &o.w, &o.h) != 0) {
                fprintf(stderr, "vitrine render: --size '%s' should be WxH, e.g. 1920x1080\n",
                        optarg);
                return 2;
            }
            break;
        case 'a':
            if (civil_parse(optarg, &o.at, &date_only, err, sizeof(err)) != 0) {
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
    if (!o.at_set)
        o.at = civil_now();

    int status = 1;
    diag_t *diag = diag_create();
    feed_t *feed = NULL;
    theme_t *theme = NULL;
    drawer_t *d = NULL;
    struct thumb *thumbs = NULL;
    int nthumbs = 0;

    feed = feed_load(o.feed, diag);
    if (!feed) {
        diag_print(diag, stderr);
        fprintf(stderr, "vitrine render: %s has problems; nothing rendered\n", o.feed);
        goto out;
    }
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
    if (mkdirs(o.out) != 0) {
        fprintf(stderr, "vitrine render: cannot create %s: %s\n", o.out, strerror(errno));
        goto out;
    }

    const struct feed_settings *set = feed_settings(feed);
    struct slide_ctx ctx = {.lang = o.lang, .lang2 = LANG_COUNT, .now = o.at};
    int nr = 0, failed = 0;
    for (size_t i = 0; i < feed_count(feed); i++) {
        const struct item *it = feed_item(feed, i);
        if (it->kind == KIND_TICKER)
            continue;
        ctx.sold_out = it->kind == KIND_TICKET && it->seats == 0;
        SDL_Surface *s = drawer_slide(d, feed, it, &ctx);
        if (!s)
            die("out of memory while rendering %s", it->id);
        int dur = it->sched.duration_ms ? it->sched.duration_ms : set->duration_ms;
        failed |= save_slide(s, o.out, ++nr, it->id, dur, &thumbs, &nthumbs);
        SDL_FreeSurface(s);
    }
    const struct item *events[32];
    size_t nev = agenda_events(feed, o.at, events, 32);
    if (nev) {
        SDL_Surface *s = drawer_agenda(d, feed, events, nev, &ctx);
        failed |= save_slide(s, o.out, ++nr, "agenda", set->duration_ms, &thumbs, &nthumbs);
        SDL_FreeSurface(s);
    }
    if (nr == 0) {
        SDL_Surface *s = drawer_fallback(d, feed, &ctx);
        failed |= save_slide(s, o.out, ++nr, "fallback", set->duration_ms, &thumbs, &nthumbs);
        SDL_FreeSurface(s);
    }
    failed |= write_sheet(theme, thumbs, nthumbs, o.out);
    if (!failed) {
        printf("%d slide%s rendered to %s/ (%dx%d), with %s/sheet.png\n", nr, nr == 1 ? "" : "s",
               o.out, w, h, o.out);
        status = 0;
    }
out:
    for (int i = 0; i < nthumbs; i++)
        SDL_FreeSurface(thumbs[i].s);
    free(thumbs);
    drawer_free(d);
    theme_free(theme);
    feed_free(feed);
    diag_free(diag);
    if (TTF_WasInit())
        TTF_Quit();
    return status;
}
