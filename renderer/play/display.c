#include "play/display.h"

#include <stdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

#include <SDL.h>

#include "model/util.h"

struct dimage {
    SDL_Texture *tex; /* gpu backend */
    SDL_Surface *s;   /* surface backend: ARGB8888/RGB888, 32 bpp */
    int w, h;
    unsigned fbo; /* a film's target: its framebuffer, in the films' GL context */
    bool target;  /* tex is a render target (a slide that a film is pasted into) */
};

/* The few OpenGL calls made here, looked up at run time (SDL loads GL). */
typedef unsigned int gl_enum;
struct gl_fns {
    void (*GenFramebuffers)(int, unsigned *);
    void (*DeleteFramebuffers)(int, const unsigned *);
    void (*BindFramebuffer)(gl_enum, unsigned);
    void (*FramebufferTexture2D)(gl_enum, gl_enum, gl_enum, unsigned, int);
    gl_enum (*CheckFramebufferStatus)(gl_enum);
    void (*GetIntegerv)(gl_enum, int *);
    void (*Finish)(void);
    void (*Flush)(void);
    void *(*FenceSync)(gl_enum, unsigned);                  /* optional (GL 3.2, GLES 3) */
    void (*WaitSync)(void *, unsigned, unsigned long long); /* optional */
    void (*DeleteSync)(void *);                             /* optional */
};
#define GL_FRAMEBUFFER_                0x8D40
#define GL_COLOR_ATTACHMENT0_          0x8CE0
#define GL_FRAMEBUFFER_COMPLETE_       0x8CD5
#define GL_TEXTURE_2D_                 0x0DE1
#define GL_TEXTURE_BINDING_2D_         0x8069
#define GL_SYNC_GPU_COMMANDS_COMPLETE_ 0x9117
#define GL_TIMEOUT_IGNORED_            0xFFFFFFFFFFFFFFFFull

struct display {
    SDL_Window *win;
    SDL_Renderer *ren;   /* gpu backend, else NULL */
    SDL_Surface *target; /* surface backend: where we draw (window surface or shadow) */
    SDL_Surface *shadow; /* when the window's format is not 32-bit xRGB */
    bool lost_said;      /* a failed resize was logged */
    int w, h;            /* frame size */
    int max_side;
    double hz;
    bool vsync;
    bool go_fullscreen; /* after the first present */
    bool resized;       /* the size changed before its event came */
    char name[64];
    /* OpenGL for films (display_gl): the renderer's context, and one of
     * their own that shares its textures; gl_tried: made (or failed) once. */
    SDL_GLContext gl_ren, gl_film;
    bool gl_tried;
    struct gl_fns gl;
};

/* ---- pixel kernels (surface backend) ---------------------------------- */

void display_mix_row(uint32_t *dst, const uint32_t *a, const uint32_t *b, int n, int t)
{
    int i = 0;
#if defined(__SSE2__)
    const __m128i wa = _mm_set1_epi16((short)(256 - t)), wb = _mm_set1_epi16((short)t);
    const __m128i z = _mm_setzero_si128();
    for (; i + 4 <= n; i += 4) {
        __m128i va = _mm_loadu_si128((const __m128i *)(a + i));
        __m128i vb = _mm_loadu_si128((const __m128i *)(b + i));
        /* 255 * (256 - t) + 255 * t = 65280: the sum fits 16 bits unsigned. */
        __m128i lo = _mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(va, z), wa),
                                   _mm_mullo_epi16(_mm_unpacklo_epi8(vb, z), wb));
        __m128i hi = _mm_add_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(va, z), wa),
                                   _mm_mullo_epi16(_mm_unpackhi_epi8(vb, z), wb));
        __m128i r = _mm_packus_epi16(_mm_srli_epi16(lo, 8), _mm_srli_epi16(hi, 8));
        if (((uintptr_t)(dst + i) & 15) == 0)
            _mm_stream_si128((__m128i *)(dst + i), r); /* no read-for-ownership */
        else
            _mm_storeu_si128((__m128i *)(dst + i), r);
    }
    _mm_sfence();
#elif defined(__ARM_NEON)
    const uint16x8_t wa = vdupq_n_u16((uint16_t)(256 - t)), wb = vdupq_n_u16((uint16_t)t);
    for (; i + 4 <= n; i += 4) {
        uint8x16_t va = vld1q_u8((const uint8_t *)(a + i));
        uint8x16_t vb = vld1q_u8((const uint8_t *)(b + i));
        uint16x8_t lo =
            vmlaq_u16(vmulq_u16(vmovl_u8(vget_low_u8(va)), wa), vmovl_u8(vget_low_u8(vb)), wb);
        uint16x8_t hi =
            vmlaq_u16(vmulq_u16(vmovl_u8(vget_high_u8(va)), wa), vmovl_u8(vget_high_u8(vb)), wb);
        vst1q_u8((uint8_t *)(dst + i), vcombine_u8(vshrn_n_u16(lo, 8), vshrn_n_u16(hi, 8)));
    }
#endif
    const uint32_t ua = (uint32_t)(256 - t), ub = (uint32_t)t;
    for (; i < n; i++) {
        uint32_t x = a[i], y = b[i];
        uint32_t rb = ((x & 0xff00ffu) * ua + (y & 0xff00ffu) * ub) >> 8;
        uint32_t ag = ((x >> 8) & 0xff00ffu) * ua + ((y >> 8) & 0xff00ffu) * ub;
        dst[i] = (rb & 0xff00ffu) | (ag & 0xff00ff00u);
    }
}

static void over_row(uint32_t *dst, const uint32_t *src, int n)
{
    for (int i = 0; i < n; i++) {
        uint32_t s = src[i], al = s >> 24;
        if (al == 0)
            continue;
        if (al == 255) {
            dst[i] = s;
            continue;
        }
        uint32_t ua = al + (al >> 7), ub = 256 - ua, x = s, y = dst[i];
        uint32_t rb = ((x & 0xff00ffu) * ua + (y & 0xff00ffu) * ub) >> 8;
        uint32_t ag = ((x >> 8) & 0xff00ffu) * ua + ((y >> 8) & 0xff00ffu) * ub;
        dst[i] = (rb & 0xff00ffu) | (ag & 0xff00ff00u) | 0xff000000u;
    }
}

static inline uint32_t *px(SDL_Surface *s, int x, int y)
{
    return (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch) + x;
}

static bool clip_to(const display_t *d, const SDL_Rect *clip, SDL_Rect *r)
{
    if (!d->ren && !d->target)
        return false; /* no framebuffer since a failed resize: nothing to draw on */
    SDL_Rect frame = {0, 0, d->w, d->h};
    if (!SDL_IntersectRect(r, &frame, r))
        return false;
    return !clip || SDL_IntersectRect(r, clip, r);
}

/* ---- creation --------------------------------------------------------- */

static bool is_xrgb32(const SDL_Surface *s)
{
    const SDL_PixelFormat *f = s->format;
    return f->BytesPerPixel == 4 && f->Rmask == 0xff0000u && f->Gmask == 0xff00u &&
           f->Bmask == 0xffu;
}

static int open_surface(display_t *d, char *err, size_t errsz)
{
    SDL_Surface *ws = SDL_GetWindowSurface(d->win);
    if (!ws) {
        snprintf(err, errsz, "cannot get the window's framebuffer: %s", SDL_GetError());
        return -1;
    }
    SDL_FreeSurface(d->shadow);
    d->shadow = NULL;
    if (!is_xrgb32(ws)) {
        d->shadow = SDL_CreateRGBSurfaceWithFormat(0, ws->w, ws->h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!d->shadow) {
            snprintf(err, errsz, "no memory for a %dx%d frame: %s", ws->w, ws->h, SDL_GetError());
            return -1;
        }
    }
    d->target = d->shadow ? d->shadow : ws;
    d->w = ws->w;
    d->h = ws->h;
    d->max_side = 1 << 15;
    d->vsync = false;
    snprintf(d->name, sizeof(d->name), "surface %s%s", SDL_GetCurrentVideoDriver(),
             d->shadow ? " (converted)" : "");
    return 0;
}

typedef const unsigned char *(*gl_get_string_fn)(unsigned int);

/* True when the renderer draws with a CPU rasteriser (llvmpipe, softpipe,
 * swrast): then the window framebuffer is cheaper than OpenGL. */
static bool renderer_is_software(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(ren, &info) != 0 || !strcmp(info.name, "software"))
        return true;
    if (strncmp(info.name, "opengl", 6) != 0)
        return false;
    gl_get_string_fn get = (gl_get_string_fn)SDL_GL_GetProcAddress("glGetString");
    const char *r = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
    if (!r)
        return false;
    log_msg(LV_DEBUG, "OpenGL renderer: %s", r);
    return strstr(r, "llvmpipe") || strstr(r, "softpipe") || strstr(r, "Software") ||
           strstr(r, "SWR");
}

/* Sizes the frame to the renderer's output, within the largest texture: a 4K
 * screen on a GPU limited to 2048 gets a smaller frame, scaled up. */
static void fit_frame(display_t *d)
{
    int sw, sh;
    SDL_GetRendererOutputSize(d->ren, &sw, &sh);
    d->w = sw;
    d->h = sh;
    if (d->w > d->max_side || d->h > d->max_side) {
        double k = (double)d->max_side / SDL_max(d->w, d->h);
        d->w = (int)(d->w * k);
        d->h = (int)(d->h * k);
    }
    SDL_RenderSetLogicalSize(d->ren, d->w, d->h);
}

static int open_gpu(display_t *d, bool allow_software)
{
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "1");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!d->ren)
        return -1;
    if (!allow_software && renderer_is_software(d->ren)) {
        SDL_DestroyRenderer(d->ren);
        d->ren = NULL;
        return -1;
    }
    SDL_RendererInfo info;
    SDL_GetRendererInfo(d->ren, &info);
    d->max_side = info.max_texture_width && info.max_texture_height
                      ? SDL_min(info.max_texture_width, info.max_texture_height)
                      : 1 << 15;
    fit_frame(d);
    d->vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    /* The renderer's context, current now that it is made. */
    if (!strcmp(info.name, "opengl") || !strcmp(info.name, "opengles2"))
        d->gl_ren = SDL_GL_GetCurrentContext();
    snprintf(d->name, sizeof(d->name), "gpu %s %s", info.name, SDL_GetCurrentVideoDriver());
    return 0;
}

display_t *display_create(const struct display_opts *o, char *err, size_t errsz)
{
    /* SDL would otherwise back the window surface with an OpenGL texture,
     * which on llvmpipe costs several times the plain framebuffer. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "1");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errsz,
                 "no display: %s (is a desktop running, or the console free "
                 "for KMSDRM?)",
                 SDL_GetError());
        return NULL;
    }
    /* SDL falls back to an invisible offscreen surface when nothing else
     * opens: playing there unasked looks like a hang, so say it */
    const char *chosen = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (chosen && (!strcmp(chosen, "offscreen") || !strcmp(chosen, "dummy")) && !(asked && *asked))
        log_msg(LV_WARN,
                "no display: DISPLAY and WAYLAND_DISPLAY are unset and no console is free for "
                "KMSDRM, so the slides play on an invisible %s surface. To see them: run from "
                "a desktop session, or under Xvfb (xvfb-run -a ...), or on a free console "
                "(SDL_VIDEODRIVER=KMSDRM); SDL_VIDEODRIVER=offscreen says it is on purpose",
                chosen);
    display_t *d = xcalloc(1, sizeof(*d));
    Uint32 flags = SDL_WINDOW_SHOWN;
    int w = o->win_w, h = o->win_h;
    if (w <= 0 || h <= 0) {
        /* A borderless window the size of the desktop shows at once; going
         * fullscreen waits up to 100 ms for a window manager (none under
         * Xvfb), so that happens after the first frame is on screen. */
        flags |= SDL_WINDOW_BORDERLESS;
        d->go_fullscreen = true;
        w = h = 0;
        SDL_DisplayMode dm;
        if (SDL_GetDesktopDisplayMode(0, &dm) == 0) {
            w = dm.w;
            h = dm.h;
        }
        if (w <= 0 || h <= 0)
            w = 1920, h = 1080;
    } else {
        flags |= SDL_WINDOW_RESIZABLE;
    }
    int pos = d->go_fullscreen ? 0 : SDL_WINDOWPOS_CENTERED;
    d->win = SDL_CreateWindow("vitrine", pos, pos, w, h, flags);
    if (!d->win) {
        snprintf(err, errsz, "cannot open a %dx%d window: %s", w, h, SDL_GetError());
        goto fail;
    }
    SDL_ShowCursor(SDL_DISABLE);
    SDL_DisableScreenSaver();

    const char *drv = SDL_GetCurrentVideoDriver();
    /* No DRM device at all means OpenGL would run on the CPU (llvmpipe):
     * skip the costly probe (about 300 ms) and take the framebuffer. */
    bool nogpu =
        drv &&
        (!strcmp(drv, "dummy") || !strcmp(drv, "offscreen") ||
         ((!strcmp(drv, "x11") || !strcmp(drv, "wayland")) && access("/dev/dri", F_OK) != 0));
    int rc = -1;
    switch (o->backend) {
    case DISPLAY_GPU:
        rc = open_gpu(d, true);
        break;
    case DISPLAY_SURFACE:
        break;
    case DISPLAY_AUTO:
        rc = nogpu ? -1 : open_gpu(d, false);
        break;
    }
    if (rc != 0 && open_surface(d, err, errsz) != 0) {
        /* KMSDRM has no plain framebuffer: take any renderer rather than nothing. */
        if (open_gpu(d, true) != 0)
            goto fail;
    }
    SDL_DisplayMode dm;
    int idx = SDL_GetWindowDisplayIndex(d->win);
    d->hz = (SDL_GetCurrentDisplayMode(idx < 0 ? 0 : idx, &dm) == 0 && dm.refresh_rate > 0)
                ? dm.refresh_rate
                : 60.0;
    log_msg(LV_INFO, "display: %dx%d at %.0f Hz, %s%s", d->w, d->h, d->hz, d->name,
            d->vsync ? ", vsync" : "");
    return d;
fail:
    display_free(d);
    return NULL;
}

void display_free(display_t *d)
{
    if (!d)
        return;
    if (d->gl_film)
        SDL_GL_DeleteContext(d->gl_film);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    SDL_FreeSurface(d->shadow);
    if (d->win)
        SDL_DestroyWindow(d->win);
    free(d);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void display_size(const display_t *d, int *w, int *h)
{
    *w = d->w;
    *h = d->h;
}

int display_max_side(const display_t *d)
{
    return d->max_side;
}

const char *display_name(const display_t *d)
{
    return d->name;
}

double display_refresh_hz(const display_t *d)
{
    return d->hz;
}

bool display_vsync(const display_t *d)
{
    return d->vsync;
}

bool display_retains(const display_t *d)
{
    return d->ren == NULL;
}

/* Takes the window's framebuffer again after a resize. When SDL cannot give
 * one (no memory for the new size), the player keeps running with nothing to
 * draw on, says so once, and tries again at the next window event or frame
 * (docs/security.md, "Out of memory"). Returns true when the size changed. */
static bool reopen(display_t *d)
{
    int ow = d->w, oh = d->h;
    char err[256];
    if (open_surface(d, err, sizeof(err)) != 0) {
        if (!d->lost_said)
            log_msg(LV_ERR, "%s; the player goes on and draws again once the window allows", err);
        d->lost_said = true;
        d->target = NULL;
        d->w = ow; /* the layout keeps its size until a framebuffer comes */
        d->h = oh;
        return false;
    }
    if (d->lost_said)
        log_msg(LV_INFO, "drawing again on a %dx%d framebuffer", d->w, d->h);
    d->lost_said = false;
    return d->w != ow || d->h != oh;
}

int display_event(display_t *d, const SDL_Event *ev)
{
    if (ev->type == SDL_RENDER_DEVICE_RESET)
        return DISPLAY_LOST | DISPLAY_EXPOSED;
    if (ev->type == SDL_RENDER_TARGETS_RESET)
        return DISPLAY_EXPOSED;
    if (ev->type != SDL_WINDOWEVENT)
        return 0;
    switch (ev->window.event) {
    case SDL_WINDOWEVENT_SIZE_CHANGED: {
        int ow = d->w, oh = d->h;
        bool changed = false;
        if (d->ren) {
            SDL_RenderSetLogicalSize(d->ren, 0, 0);
            fit_frame(d);
        } else {
            changed = reopen(d);
        }
        changed = changed || d->resized || d->w != ow || d->h != oh;
        d->resized = false;
        return (changed ? DISPLAY_RESIZED : 0) | DISPLAY_EXPOSED;
    }
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_RESTORED:
        return DISPLAY_EXPOSED;
    default:
        return 0;
    }
}

/* ---- images ----------------------------------------------------------- */

dimage_t *display_upload(display_t *d, SDL_Surface *s)
{
    if (!s)
        return NULL;
    dimage_t *img = xcalloc(1, sizeof(*img));
    img->w = s->w;
    img->h = s->h;
    if (d->ren) {
        img->tex = SDL_CreateTextureFromSurface(d->ren, s);
        SDL_FreeSurface(s);
        if (!img->tex) {
            log_msg(LV_ERR, "cannot upload a %dx%d image: %s", img->w, img->h, SDL_GetError());
            free(img);
            return NULL;
        }
        return img;
    }
    if (s->format->format != SDL_PIXELFORMAT_ARGB8888 &&
        s->format->format != SDL_PIXELFORMAT_RGB888) {
        SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        s = c;
        if (!s) {
            free(img);
            return NULL;
        }
    }
    img->s = s;
    return img;
}

dimage_t *display_stream(display_t *d, int w, int h)
{
    dimage_t *img = xcalloc(1, sizeof(*img));
    img->w = w;
    img->h = h;
    if (d->ren) {
        img->tex =
            SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
        if (!img->tex) {
            free(img);
            return NULL;
        }
    } else {
        img->s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!img->s) {
            log_msg(LV_WARN, "no memory for a %dx%d overlay: %s; it is left out", w, h,
                    SDL_GetError());
            free(img);
            return NULL;
        }
    }
    return img;
}

void display_stream_update(display_t *d, dimage_t *img, SDL_Surface *s)
{
    (void)d;
    if (img->tex)
        SDL_UpdateTexture(img->tex, NULL, s->pixels, s->pitch);
    else
        for (int y = 0; y < img->h && y < s->h; y++)
            memcpy(px(img->s, 0, y), px(s, 0, y), (size_t)SDL_min(img->w, s->w) * 4);
}

void display_image_update(display_t *d, dimage_t *img, const SDL_Rect *r, const SDL_Surface *src)
{
    (void)d;
    if (img->tex) {
        SDL_UpdateTexture(img->tex, r, src->pixels, src->pitch);
        return;
    }
    SDL_Rect c = {0, 0, img->w, img->h};
    if (!SDL_IntersectRect(&c, r, &c))
        return;
    for (int y = 0; y < c.h && y < src->h; y++)
        memcpy(px(img->s, c.x, c.y + y), (const uint8_t *)src->pixels + (size_t)y * src->pitch,
               (size_t)SDL_min(c.w, src->w) * 4);
}

SDL_Surface *display_image_surface(dimage_t *img)
{
    return img->tex ? NULL : img->s;
}

SDL_Surface *display_frame(display_t *d)
{
    return d->ren ? NULL : d->target;
}

/* ---- OpenGL for films --------------------------------------------------- */

static bool gl_load(struct gl_fns *g)
{
#define GL_LOAD(f) (*(void **)&g->f = SDL_GL_GetProcAddress("gl" #f))
    GL_LOAD(FenceSync);
    GL_LOAD(WaitSync);
    GL_LOAD(DeleteSync);
    if (!g->FenceSync || !g->WaitSync || !g->DeleteSync)
        g->FenceSync = NULL;
    return GL_LOAD(GenFramebuffers) && GL_LOAD(DeleteFramebuffers) && GL_LOAD(BindFramebuffer) &&
           GL_LOAD(FramebufferTexture2D) && GL_LOAD(CheckFramebufferStatus) &&
           GL_LOAD(GetIntegerv) && GL_LOAD(Finish) && GL_LOAD(Flush);
#undef GL_LOAD
}

bool display_gl(display_t *d)
{
    if (d->gl_tried)
        return d->gl_film != NULL;
    d->gl_tried = true;
    if (!d->ren || !d->gl_ren || !gl_load(&d->gl))
        return false;
    /* The films' context shares the renderer's textures; the attributes
     * SDL set for its own (version, profile) still hold. */
    SDL_RenderFlush(d->ren);
    SDL_GL_MakeCurrent(d->win, d->gl_ren);
    SDL_GL_SetAttribute(SDL_GL_SHARE_WITH_CURRENT_CONTEXT, 1);
    d->gl_film = SDL_GL_CreateContext(d->win);
    SDL_GL_SetAttribute(SDL_GL_SHARE_WITH_CURRENT_CONTEXT, 0);
    if (!d->gl_film)
        log_msg(LV_WARN, "films: no OpenGL context for them (%s); they are converted by the CPU",
                SDL_GetError());
    SDL_GL_MakeCurrent(d->win, d->gl_ren);
    return d->gl_film != NULL;
}

void *display_gl_proc(void *d, const char *name)
{
    (void)d;
    return SDL_GL_GetProcAddress(name);
}

void display_gl_begin(display_t *d)
{
    SDL_RenderFlush(d->ren); /* SDL's queued drawing goes first, in its context */
    SDL_GL_MakeCurrent(d->win, d->gl_film);
}

void display_gl_end(display_t *d)
{
    /* What the films' context drew must be done before the renderer's
     * context reads it: a fence the GPU waits on where GL has them, else
     * glFinish (GL's rule for objects shared between contexts). */
    void *sync = d->gl.FenceSync ? d->gl.FenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE_, 0) : NULL;
    if (sync)
        d->gl.Flush();
    else
        d->gl.Finish();
    SDL_GL_MakeCurrent(d->win, d->gl_ren);
    if (sync) {
        d->gl.WaitSync(sync, 0, GL_TIMEOUT_IGNORED_);
        d->gl.DeleteSync(sync);
    }
}

dimage_t *display_gl_target(display_t *d, int w, int h, int *fbo)
{
    if (!display_gl(d))
        return NULL;
    /* ABGR8888 is R, G, B, A in memory: what GL draws, on both of SDL's GL
     * renderers (opengles2 swizzles ARGB8888 in its shaders). */
    SDL_Texture *t =
        SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_TARGET, w, h);
    if (!t)
        return NULL;
    float tw = 0, th = 0;
    int name = 0;
    if (SDL_GL_BindTexture(t, &tw, &th) == 0) {
        d->gl.GetIntegerv(GL_TEXTURE_BINDING_2D_, &name);
        SDL_GL_UnbindTexture(t);
    }
    if (name <= 0 || tw != 1.0f || th != 1.0f) { /* a rectangle or padded texture */
        SDL_DestroyTexture(t);
        return NULL;
    }
    dimage_t *img = xcalloc(1, sizeof(*img));
    img->tex = t;
    img->w = w;
    img->h = h;
    display_gl_begin(d);
    d->gl.GenFramebuffers(1, &img->fbo);
    d->gl.BindFramebuffer(GL_FRAMEBUFFER_, img->fbo);
    d->gl.FramebufferTexture2D(GL_FRAMEBUFFER_, GL_COLOR_ATTACHMENT0_, GL_TEXTURE_2D_,
                               (unsigned)name, 0);
    bool ok = d->gl.CheckFramebufferStatus(GL_FRAMEBUFFER_) == GL_FRAMEBUFFER_COMPLETE_;
    d->gl.BindFramebuffer(GL_FRAMEBUFFER_, 0);
    display_gl_end(d);
    if (!ok) {
        display_image_free(d, img);
        return NULL;
    }
    *fbo = (int)img->fbo;
    return img;
}

void display_image_paste(display_t *d, dimage_t *img, const SDL_Rect *r, dimage_t *src)
{
    if (!img->target) { /* first paste: the slide becomes a render target, on the card */
        SDL_Texture *t = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888,
                                           SDL_TEXTUREACCESS_TARGET, img->w, img->h);
        if (!t || SDL_SetRenderTarget(d->ren, t) != 0) {
            if (t)
                SDL_DestroyTexture(t);
            return;
        }
        SDL_SetTextureBlendMode(img->tex, SDL_BLENDMODE_NONE);
        SDL_SetTextureAlphaMod(img->tex, 255);
        SDL_RenderCopy(d->ren, img->tex, NULL, NULL);
        SDL_DestroyTexture(img->tex);
        img->tex = t;
        img->target = true;
    } else if (SDL_SetRenderTarget(d->ren, img->tex) != 0) {
        return;
    }
    SDL_SetTextureBlendMode(src->tex, SDL_BLENDMODE_NONE);
    SDL_RenderCopy(d->ren, src->tex, NULL, r);
    SDL_SetRenderTarget(d->ren, NULL);
}

void display_image_free(display_t *d, dimage_t *img)
{
    if (!img)
        return;
    if (img->fbo) {
        display_gl_begin(d);
        d->gl.DeleteFramebuffers(1, &img->fbo);
        display_gl_end(d);
    }
    if (img->tex)
        SDL_DestroyTexture(img->tex);
    SDL_FreeSurface(img->s);
    free(img);
}

void display_image_size(const dimage_t *img, int *w, int *h)
{
    *w = img->w;
    *h = img->h;
}

/* ---- drawing ---------------------------------------------------------- */

void display_fill(display_t *d, const SDL_Rect *r, uint32_t argb)
{
    SDL_Rect c = r ? *r : (SDL_Rect){0, 0, d->w, d->h};
    if (!clip_to(d, NULL, &c))
        return;
    if (d->ren) {
        SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(d->ren, (argb >> 16) & 255, (argb >> 8) & 255, argb & 255, 255);
        SDL_RenderFillRect(d->ren, &c);
        return;
    }
    for (int y = c.y; y < c.y + c.h; y++) {
        uint32_t *p = px(d->target, c.x, y);
        for (int x = 0; x < c.w; x++)
            p[x] = argb | 0xff000000u;
    }
}

void display_copy(display_t *d, dimage_t *img, int x, int y, const SDL_Rect *clip)
{
    if (!img)
        return;
    SDL_Rect r = {x, y, img->w, img->h};
    if (!clip_to(d, clip, &r))
        return;
    SDL_Rect src = {r.x - x, r.y - y, r.w, r.h};
    if (d->ren) {
        SDL_SetTextureBlendMode(img->tex, SDL_BLENDMODE_NONE);
        SDL_SetTextureAlphaMod(img->tex, 255);
        SDL_RenderCopy(d->ren, img->tex, &src, &r);
        return;
    }
    size_t n = (size_t)r.w * 4;
    for (int j = 0; j < r.h; j++)
        memcpy(px(d->target, r.x, r.y + j), px(img->s, src.x, src.y + j), n);
}

/* One pixel of s at (x, y) in 16.16 fixed point, bilinear, clamped at the
 * edges. */
static inline uint32_t bilinear(SDL_Surface *s, int32_t x, int32_t y)
{
    int x0 = x >> 16, y0 = y >> 16;
    uint32_t fx = (uint32_t)(x >> 8) & 0xff, fy = (uint32_t)(y >> 8) & 0xff;
    if (x0 < 0) {
        x0 = 0;
        fx = 0;
    }
    if (y0 < 0) {
        y0 = 0;
        fy = 0;
    }
    int x1 = x0 + 1 < s->w ? x0 + 1 : s->w - 1, y1 = y0 + 1 < s->h ? y0 + 1 : s->h - 1;
    if (x0 > s->w - 1)
        x0 = s->w - 1;
    if (y0 > s->h - 1)
        y0 = s->h - 1;
    uint32_t a = *px(s, x0, y0), b = *px(s, x1, y0), c = *px(s, x0, y1), e = *px(s, x1, y1);
    uint32_t out = 0xff000000u;
    for (int sh = 0; sh < 24; sh += 8) {
        uint32_t top = ((a >> sh) & 0xff) * (256 - fx) + ((b >> sh) & 0xff) * fx;
        uint32_t bot = ((c >> sh) & 0xff) * (256 - fx) + ((e >> sh) & 0xff) * fx;
        out |= ((top * (256 - fy) + bot * fy) >> 16) << sh;
    }
    return out;
}

void display_copy_scaled(display_t *d, dimage_t *img, const SDL_FRect *dst, const SDL_Rect *clip)
{
    if (!img || dst->w <= 0 || dst->h <= 0)
        return;
    SDL_Rect r = {(int)floorf(dst->x), (int)floorf(dst->y), (int)ceilf(dst->w) + 1,
                  (int)ceilf(dst->h) + 1};
    if (!clip_to(d, clip, &r))
        return;
    if (d->ren) {
        SDL_SetTextureBlendMode(img->tex, SDL_BLENDMODE_NONE);
        SDL_SetTextureAlphaMod(img->tex, 255);
        SDL_SetTextureScaleMode(img->tex, SDL_ScaleModeLinear);
        SDL_RenderSetClipRect(d->ren, &r);
        SDL_RenderCopyF(d->ren, img->tex, NULL, dst);
        SDL_RenderSetClipRect(d->ren, NULL);
        return;
    }
    /* The centre of each frame pixel, mapped into the image (16.16). */
    double kx = img->w / (double)dst->w, ky = img->h / (double)dst->h;
    int32_t sx0 = (int32_t)(((r.x + 0.5 - dst->x) * kx - 0.5) * 65536.0);
    int32_t step = (int32_t)(kx * 65536.0);
    for (int j = 0; j < r.h; j++) {
        int32_t sy = (int32_t)(((r.y + j + 0.5 - dst->y) * ky - 0.5) * 65536.0);
        uint32_t *o = px(d->target, r.x, r.y + j);
        int32_t sx = sx0;
        for (int i = 0; i < r.w; i++, sx += step)
            o[i] = bilinear(img->s, sx, sy);
    }
}

void display_mix(display_t *d, dimage_t *a, dimage_t *b, int t, const SDL_Rect *r)
{
    if (t <= 0 || !b) {
        display_copy(d, a, r->x, r->y, r);
        return;
    }
    if (t >= 256 || !a) {
        display_copy(d, b, r->x, r->y, r);
        return;
    }
    if (d->ren) {
        display_copy(d, a, r->x, r->y, r);
        SDL_SetTextureBlendMode(b->tex, SDL_BLENDMODE_BLEND);
        SDL_SetTextureAlphaMod(b->tex, (Uint8)SDL_min(t, 255));
        SDL_Rect dst = {r->x, r->y, b->w, b->h};
        SDL_RenderCopy(d->ren, b->tex, NULL, &dst);
        return;
    }
    SDL_Rect c = *r;
    c.w = SDL_min(SDL_min(c.w, a->w), b->w);
    c.h = SDL_min(SDL_min(c.h, a->h), b->h);
    if (!clip_to(d, NULL, &c))
        return;
    int ox = c.x - r->x, oy = c.y - r->y;
    for (int j = 0; j < c.h; j++)
        display_mix_row(px(d->target, c.x, c.y + j), px(a->s, ox, oy + j), px(b->s, ox, oy + j),
                        c.w, t);
}

void display_over(display_t *d, dimage_t *img, int x, int y)
{
    if (!img)
        return;
    SDL_Rect r = {x, y, img->w, img->h};
    if (d->ren) {
        SDL_SetTextureBlendMode(img->tex, SDL_BLENDMODE_BLEND);
        SDL_SetTextureAlphaMod(img->tex, 255);
        SDL_RenderCopy(d->ren, img->tex, NULL, &r);
        return;
    }
    if (!clip_to(d, NULL, &r))
        return;
    for (int j = 0; j < r.h; j++)
        over_row(px(d->target, r.x, r.y + j), px(img->s, r.x - x, r.y - y + j), r.w);
}

void display_settle(display_t *d)
{
    if (!d->go_fullscreen)
        return;
    d->go_fullscreen = false;
    if (SDL_SetWindowFullscreen(d->win, SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
        log_msg(LV_WARN, "cannot go fullscreen: %s", SDL_GetError());
    if (!d->ren) /* the window surface may have been replaced */
        d->resized = reopen(d);
}

void display_present(display_t *d, const SDL_Rect *rects, int n)
{
    if (d->ren) {
        SDL_RenderPresent(d->ren);
        return;
    }
    if (!d->target) {
        if (reopen(d) || d->target)
            d->resized = true; /* the next event or frame redraws all */
        return;
    }
    if (d->shadow) {
        SDL_Surface *ws = SDL_GetWindowSurface(d->win);
        if (!ws)
            return;
        if (n == 0) {
            SDL_BlitSurface(d->shadow, NULL, ws, NULL);
        } else {
            for (int i = 0; i < n; i++) {
                SDL_Rect r = rects[i];
                SDL_BlitSurface(d->shadow, &r, ws, &r);
            }
        }
    }
    if (n == 0)
        SDL_UpdateWindowSurface(d->win);
    else
        SDL_UpdateWindowSurfaceRects(d->win, rects, n);
}

SDL_Surface *display_read(display_t *d)
{
    if (!d->ren)
        return d->target ? SDL_ConvertSurfaceFormat(d->target, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    int w, h;
    SDL_GetRendererOutputSize(d->ren, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s &&
        SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        SDL_FreeSurface(s);
        s = NULL;
    }
    return s;
}
