/* TEMPORARY placeholder for h-draw's drawer (draw/slide.c), so that the
 * player can run before it lands. Delete this file when merging h-draw's
 * drawer. Photo on the left (cover), title and body on a panel. */
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "draw/slide.h"
#include "draw/theme.h"
#include "model/util.h"

struct drawer {
    const theme_t *t;
    int w, h;
    TTF_Font *title, *body;
};

drawer_t *drawer_create(const theme_t *theme, int width, int height, diag_t *diag)
{
    (void)diag;
    TTF_Init();
    drawer_t *d = xcalloc(1, sizeof(*d));
    d->t = theme;
    d->w = width;
    d->h = height;
    const char *ft = theme->font_file[FONT_TITLE], *fb = theme->font_file[FONT_BODY];
    int u = width < height ? width : height;
    d->title = ft ? TTF_OpenFont(ft, u * 6 / 100) : NULL;
    d->body = fb ? TTF_OpenFont(fb, u * 3 / 100) : NULL;
    return d;
}

void drawer_free(drawer_t *d)
{
    if (!d)
        return;
    if (d->title)
        TTF_CloseFont(d->title);
    if (d->body)
        TTF_CloseFont(d->body);
    free(d);
    TTF_Quit();
}

static void text(SDL_Surface *s, TTF_Font *f, const char *str, int x, int y, int wrap,
                 uint32_t argb)
{
    if (!f || !str || !*str)
        return;
    SDL_Color c = {(argb >> 16) & 255, (argb >> 8) & 255, argb & 255, 255};
    SDL_Surface *t = TTF_RenderUTF8_Blended_Wrapped(f, str, c, (Uint32)wrap);
    if (!t)
        return;
    SDL_Rect dst = {x, y, t->w, t->h};
    SDL_BlitSurface(t, NULL, s, &dst);
    SDL_FreeSurface(t);
}

SDL_Surface *drawer_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                          const struct slide_ctx *ctx)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, d->t->c.panel | 0xff000000u);
    int pw = d->w * 62 / 100;
    if (it->image) {
        char *path = it->image[0] == '/' ? xstrdup(it->image)
                                         : xasprintf("%s/%s", feed_dir(feed), it->image);
        SDL_Surface *img = IMG_Load(path);
        free(path);
        if (img) {
            double k = SDL_max((double)pw / img->w, (double)d->h / img->h);
            int sw = (int)(pw / k), sh = (int)(d->h / k);
            SDL_Rect src = {(img->w - sw) / 2, (img->h - sh) / 2, sw, sh};
            SDL_Rect dst = {0, 0, pw, d->h};
            SDL_BlitScaled(img, &src, s, &dst);
            SDL_FreeSurface(img);
        }
    } else {
        pw = 0;
    }
    int m = d->h * 4 / 100;
    text(s, d->title, tr_get(&it->title, ctx->lang), pw + m, m, d->w - pw - 2 * m, d->t->c.text);
    text(s, d->body, tr_get(&it->subtitle, ctx->lang), pw + m, m + d->h / 4,
         d->w - pw - 2 * m, d->t->c.accent);
    text(s, d->body, tr_get(&it->body, ctx->lang), pw + m, m + d->h / 3, d->w - pw - 2 * m,
         d->t->c.text);
    return s;
}

SDL_Surface *drawer_agenda(drawer_t *d, const feed_t *feed, const struct item *const *events,
                           size_t n, const struct slide_ctx *ctx)
{
    (void)feed;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, d->t->c.panel | 0xff000000u);
    for (size_t i = 0; i < n; i++)
        text(s, d->body, tr_get(&events[i]->title, ctx->lang), d->w / 20,
             d->h / 10 + (int)i * d->h / 12, d->w, d->t->c.text);
    return s;
}

SDL_Surface *drawer_fallback(drawer_t *d, const feed_t *feed, const struct slide_ctx *ctx)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, d->t->c.panel | 0xff000000u);
    text(s, d->title, tr_get(&feed_settings(feed)->office, ctx->lang), d->w / 10, d->h / 3,
         d->w * 8 / 10, d->t->c.text);
    return s;
}
