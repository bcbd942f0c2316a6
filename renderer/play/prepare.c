#include "play/prepare.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>

#include "model/diag.h"
#include "model/util.h"

/* ---- shared feeds ----------------------------------------------------- */

struct prep_feed {
    feed_t *feed;
    atomic_int refs;
};

prep_feed_t *prep_feed_new(feed_t *f)
{
    prep_feed_t *pf = xcalloc(1, sizeof(*pf));
    pf->feed = f;
    atomic_init(&pf->refs, 1);
    return pf;
}

prep_feed_t *prep_feed_ref(prep_feed_t *pf)
{
    if (pf)
        atomic_fetch_add(&pf->refs, 1);
    return pf;
}

void prep_feed_unref(prep_feed_t *pf)
{
    if (pf && atomic_fetch_sub(&pf->refs, 1) == 1) {
        feed_free(pf->feed);
        free(pf);
    }
}

const feed_t *prep_feed_get(const prep_feed_t *pf)
{
    return pf ? pf->feed : NULL;
}

/* ---- the worker ------------------------------------------------------- */

struct job {
    struct job *next;
    uint64_t id;
    struct prep_req req;
    struct prep_result res;
};

struct prepare {
    const theme_t *theme;
    uint32_t wake_event;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct job *inbox, *inbox_tail; /* guarded by lock */
    struct job *outbox, *outbox_tail;
    int pending;
    bool quit;
    uint64_t last_id;

    /* worker-only state */
    drawer_t *drawer;
    int drawer_w, drawer_h;
    char *font_path;
    TTF_Font *font;
    int font_px;
};

static inline uint32_t *pix(SDL_Surface *s, int x, int y)
{
    return (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch) + x;
}

SDL_Surface *prep_rotate(SDL_Surface *src, int deg)
{
    if (!src || deg == 0)
        return src;
    bool swap = deg == 90 || deg == 270;
    int w = swap ? src->h : src->w, h = swap ? src->w : src->h;
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!dst) {
        SDL_FreeSurface(src);
        return NULL;
    }
    for (int y = 0; y < src->h; y++) {
        const uint32_t *row = pix(src, 0, y);
        for (int x = 0; x < src->w; x++) {
            int dx, dy;
            switch (deg) {
            case 90: /* clockwise: the top-left corner goes to the top-right */
                dx = src->h - 1 - y;
                dy = x;
                break;
            case 180:
                dx = src->w - 1 - x;
                dy = src->h - 1 - y;
                break;
            default: /* 270 */
                dx = y;
                dy = src->w - 1 - x;
                break;
            }
            *pix(dst, dx, dy) = row[x];
        }
    }
    SDL_FreeSurface(src);
    return dst;
}

static SDL_Surface *new_surface(int w, int h, uint32_t argb)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, h > 0 ? h : 1, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (!s) { /* the caller shows nothing new; the player never stops for it */
        log_msg(LV_ERR, "no memory for a %dx%d surface: %s; it is skipped", w, h, SDL_GetError());
        return NULL;
    }
    SDL_FillRect(s, NULL, argb);
    return s;
}

/* The overlay font, resolved once by fontconfig; DejaVu is the default. */
static TTF_Font *overlay_font(struct prepare *p, int px)
{
    if (p->font && p->font_px == px)
        return p->font;
    if (p->font)
        TTF_CloseFont(p->font);
    p->font = NULL;
    if (!p->font_path) {
        FcPattern *pat = FcNameParse((const FcChar8 *)"DejaVu Sans:bold");
        FcConfigSubstitute(NULL, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult r;
        FcPattern *m = FcFontMatch(NULL, pat, &r);
        FcChar8 *file = NULL;
        if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
            p->font_path = xstrdup((const char *)file);
        if (m)
            FcPatternDestroy(m);
        FcPatternDestroy(pat);
        if (!p->font_path) {
            log_msg(LV_ERR, "no font for the clock and ticker: install fonts-dejavu-core");
            return NULL;
        }
    }
    p->font = TTF_OpenFont(p->font_path, px);
    p->font_px = px;
    if (!p->font)
        log_msg(LV_ERR, "cannot open %s: %s", p->font_path, TTF_GetError());
    return p->font;
}

static SDL_Color color_of(uint32_t argb)
{
    return (SDL_Color){(argb >> 16) & 255, (argb >> 8) & 255, argb & 255, argb >> 24};
}

/* The clock: text centred on a rounded translucent pill sized for "88:88". */
static SDL_Surface *make_clock(struct prepare *p, const struct prep_req *r)
{
    int h = r->h > 8 ? r->h : 8;
    TTF_Font *f = overlay_font(p, h * 62 / 100);
    int tw = h * 3, th = 0;
    if (f)
        TTF_SizeUTF8(f, "88:88", &tw, &th);
    int w = tw + h * 2 / 3;
    SDL_Surface *s = new_surface(w, h, r->bg);
    if (!s)
        return NULL;
    /* Round the corners with a radius of a third of the height. */
    int rad = h / 3;
    for (int y = 0; y < rad; y++)
        for (int x = 0; x < rad; x++) {
            double dx = rad - x - 0.5, dy = rad - y - 0.5;
            double cover = rad + 0.5 - SDL_sqrt(dx * dx + dy * dy);
            if (cover >= 1)
                continue;
            uint32_t a = cover <= 0 ? 0 : (uint32_t)((r->bg >> 24) * cover);
            uint32_t c = (r->bg & 0xffffffu) | a << 24;
            *pix(s, x, y) = *pix(s, w - 1 - x, y) = c;
            *pix(s, x, h - 1 - y) = *pix(s, w - 1 - x, h - 1 - y) = c;
        }
    if (f && r->text) {
        SDL_Surface *t = TTF_RenderUTF8_Blended(f, r->text, color_of(r->fg));
        if (t) {
            SDL_Rect dst = {(w - t->w) / 2, (h - t->h) / 2, t->w, t->h};
            SDL_SetSurfaceBlendMode(t, SDL_BLENDMODE_BLEND);
            SDL_BlitSurface(t, NULL, s, &dst);
            SDL_FreeSurface(t);
        }
    }
    return prep_rotate(s, r->rotate);
}

/* The ticker strip: one period of text on the band colour, followed by a
 * copy of its first band-width + 1 columns, so that any window of the band's
 * width (and the next column, for sub-pixel mixing) is contiguous. */
static SDL_Surface *make_ticker(struct prepare *p, const struct prep_req *r, int *period)
{
    int bw = r->w, bh = r->h;
    TTF_Font *f = overlay_font(p, bh * 55 / 100);
    SDL_Surface *t =
        f && r->text && *r->text ? TTF_RenderUTF8_Blended(f, r->text, color_of(r->fg)) : NULL;
    int tw = t ? t->w : 0;
    int per = SDL_max(tw, bw);
    if (per > 32768 - bw - 1)
        per = 32768 - bw - 1; /* a ticker of several screens: clip, never fail */
    SDL_Surface *s = new_surface(per + bw + 1, bh, r->bg | 0xff000000u);
    if (!s) {
        SDL_FreeSurface(t);
        return NULL;
    }
    if (t) {
        SDL_SetSurfaceBlendMode(t, SDL_BLENDMODE_BLEND);
        SDL_Rect src = {0, 0, SDL_min(t->w, per), t->h};
        SDL_Rect dst = {0, (bh - t->h) / 2, src.w, t->h};
        SDL_BlitSurface(t, &src, s, &dst);
        SDL_FreeSurface(t);
    }
    for (int y = 0; y < bh; y++)
        memmove(pix(s, per, y), pix(s, 0, y), (size_t)(bw + 1) * 4);
    *period = per;
    return s;
}

/* r turned clockwise by deg inside a w x h surface, as prep_rotate turns it. */
static SDL_Rect rotate_rect(SDL_Rect r, int w, int h, int deg)
{
    switch (deg) {
    case 90:
        return (SDL_Rect){h - r.y - r.h, r.x, r.h, r.w};
    case 180:
        return (SDL_Rect){w - r.x - r.w, h - r.y - r.h, r.w, r.h};
    case 270:
        return (SDL_Rect){r.y, w - r.x - r.w, r.h, r.w};
    default:
        return r;
    }
}

/* The drawer for w x h slides, made again when the size changed; NULL when
 * no font at all can be found (logged). */
static drawer_t *drawer_for(struct prepare *p, int w, int h)
{
    struct prep_req size = {.w = w, .h = h}, *r = &size;
    if (!p->drawer || p->drawer_w != r->w || p->drawer_h != r->h) {
        drawer_free(p->drawer);
        diag_t *dg = diag_create();
        p->drawer = drawer_create(p->theme, r->w, r->h, dg);
        if (!p->drawer) {
            for (size_t i = 0; i < diag_count(dg); i++)
                log_msg(LV_ERR, "%s", diag_get(dg, i));
        }
        diag_free(dg);
        p->drawer_w = r->w;
        p->drawer_h = r->h;
    }
    return p->drawer;
}

static SDL_Surface *make_band(struct prepare *p, struct prep_req *r)
{
    drawer_t *d = drawer_for(p, r->w, r->h);
    if (!d)
        return prep_rotate(new_surface(r->bw, r->bh, 0xff1d3557u), r->rotate);
    struct band_info bi = {
        .lang = r->lang,
        .now = r->now,
        .weather = r->has_weather ? &r->weather : NULL,
        .next_event = r->text,
    };
    return prep_rotate(drawer_band(d, r->bw, r->bh, &bi), r->rotate);
}

static SDL_Surface *make_slide(struct prepare *p, struct prep_req *r, SDL_Rect *film,
                               struct slide_motion *motion)
{
    *motion = (struct slide_motion){{0, 0, 0, 0}, NULL, 0.5, 0.5};
    const feed_t *feed = prep_feed_get(r->feed);
    if (r->pick.type == SLIDE_BLANK || !feed)
        return prep_rotate(new_surface(r->w, r->h, 0xff000000u), r->rotate);
    drawer_for(p, r->w, r->h);
    if (!p->drawer) /* no font at all: never black, but nothing to write with */
        return prep_rotate(new_surface(r->w, r->h, 0xff1d3557u), r->rotate);
    struct slide_ctx ctx = {
        .lang = r->pick.lang,
        .lang2 = r->pick.lang2,
        .now = r->pick.now,
        .when_label = r->pick.when_label[0] ? r->pick.when_label : NULL,
        .status_label = r->pick.status_label[0] ? r->pick.status_label : NULL,
        .sold_out = r->pick.sold_out,
        .film = r->film ? film : NULL,
        /* the layer moves in logical coordinates: not on a turned screen */
        .motion = r->motion && r->rotate == 0 ? motion : NULL,
        .weather = r->has_weather ? &r->weather : NULL,
        .agenda_total = r->agenda_total,
    };
    SDL_Surface *s = NULL;
    switch (r->pick.type) {
    case SLIDE_ITEM:
        s = r->pick.item ? drawer_slide(p->drawer, feed, r->pick.item, &ctx) : NULL;
        break;
    case SLIDE_AGENDA:
        s = drawer_agenda(p->drawer, feed, r->agenda, r->nagenda, &ctx);
        break;
    case SLIDE_CLOSED:
        s = drawer_closed(p->drawer, feed, &ctx);
        break;
    case SLIDE_WEATHER:
        s = drawer_weather(p->drawer, feed, &ctx);
        break;
    case SLIDE_FALLBACK:
    case SLIDE_BLANK:
        break;
    }
    if (!s)
        s = drawer_fallback(p->drawer, feed, &ctx);
    if (s && s->format->format != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        s = c;
    }
    if (s && film->w > 0)
        *film = rotate_rect(*film, s->w, s->h, r->rotate);
    else
        *film = (SDL_Rect){0, 0, 0, 0};
    if (!s && motion->photo) {
        SDL_FreeSurface(motion->photo);
        *motion = (struct slide_motion){{0, 0, 0, 0}, NULL, 0.5, 0.5};
    }
    return prep_rotate(s, r->rotate);
}

static void *worker(void *arg)
{
    struct prepare *p = arg;
    /* Preparation is never urgent next to drawing frames: yield the CPU to
     * the render thread (and the display server) when they compete. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    if (TTF_Init() != 0)
        log_msg(LV_ERR, "SDL_ttf: %s", TTF_GetError());
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && !p->inbox)
            pthread_cond_wait(&p->cond, &p->lock);
        if (p->quit)
            break;
        struct job *j = p->inbox;
        p->inbox = j->next;
        if (!p->inbox)
            p->inbox_tail = NULL;
        pthread_mutex_unlock(&p->lock);

        double t0 = (mono_us() / 1e3);
        j->res.id = j->id;
        j->res.kind = j->req.kind;
        switch (j->req.kind) {
        case PREP_SLIDE:
            j->res.surface = make_slide(p, &j->req, &j->res.film, &j->res.motion);
            break;
        case PREP_CLOCK:
            j->res.surface = make_clock(p, &j->req);
            break;
        case PREP_BAND:
            j->res.surface = make_band(p, &j->req);
            break;
        case PREP_TICKER:
            j->res.surface = make_ticker(p, &j->req, &j->res.period);
            break;
        }
        j->res.ms = (mono_us() / 1e3) - t0;
        j->next = NULL;

        pthread_mutex_lock(&p->lock);
        if (p->outbox_tail)
            p->outbox_tail->next = j;
        else
            p->outbox = j;
        p->outbox_tail = j;
        SDL_Event ev = {.type = p->wake_event};
        SDL_PushEvent(&ev);
    }
    pthread_mutex_unlock(&p->lock);
    drawer_free(p->drawer);
    p->drawer = NULL;
    if (p->font)
        TTF_CloseFont(p->font);
    p->font = NULL;
    TTF_Quit();
    return NULL;
}

prepare_t *prepare_create(const theme_t *theme, uint32_t wake_event)
{
    prepare_t *p = xcalloc(1, sizeof(*p));
    p->theme = theme;
    p->wake_event = wake_event;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    if (pthread_create(&p->thread, NULL, worker, p) != 0) {
        log_msg(LV_ERR, "cannot start the preparation thread");
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->cond);
        free(p);
        return NULL;
    }
    return p;
}

static void job_free(struct job *j)
{
    prep_feed_unref(j->req.feed);
    free(j->req.text);
    SDL_FreeSurface(j->res.surface);
    SDL_FreeSurface(j->res.motion.photo);
    free(j);
}

void prepare_free(prepare_t *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->quit = true;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    for (struct job *j = p->inbox, *n; j; j = n) {
        n = j->next;
        job_free(j);
    }
    for (struct job *j = p->outbox, *n; j; j = n) {
        n = j->next;
        job_free(j);
    }
    free(p->font_path);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    free(p);
}

uint64_t prepare_submit(prepare_t *p, const struct prep_req *req)
{
    struct job *j = xcalloc(1, sizeof(*j));
    j->req = *req;
    pthread_mutex_lock(&p->lock);
    j->id = ++p->last_id;
    if (p->inbox_tail)
        p->inbox_tail->next = j;
    else
        p->inbox = j;
    p->inbox_tail = j;
    p->pending++;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    return j->id;
}

bool prepare_take(prepare_t *p, struct prep_result *out)
{
    pthread_mutex_lock(&p->lock);
    struct job *j = p->outbox;
    if (j) {
        p->outbox = j->next;
        if (!p->outbox)
            p->outbox_tail = NULL;
        p->pending--;
    }
    pthread_mutex_unlock(&p->lock);
    if (!j)
        return false;
    *out = j->res;
    j->res.surface = NULL;
    j->res.motion.photo = NULL;
    job_free(j);
    return true;
}

int prepare_pending(prepare_t *p)
{
    pthread_mutex_lock(&p->lock);
    int n = p->pending;
    pthread_mutex_unlock(&p->lock);
    return n;
}
