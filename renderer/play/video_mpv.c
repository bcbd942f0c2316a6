/* video through libmpv's OpenGL or software render API (see video.h), whose
 * functions each video reaches through its own reference to play/mpvlib's
 * table (L->create() for mpv_create()): libmpv is loaded by the first film. */
#include "play/video.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "model/util.h"
#include "play/mpvlib.h"

/* A playing film that shows no new frame for this long has stalled. */
#define STALL_US 3000000u

/* The pictures one decoding thread is given per second. Each more thread of
 * ffmpeg's frame threading holds about three more pictures (9 MB at 1080p),
 * so a film gets as many threads as its picture rate needs, not mpv's one a
 * core plus one. A PC's core decodes 1080p at 30 images/s in H.264, HEVC or
 * VP9 several times over; a Pi 5's A76 core about twice (70 images/s in
 * H.264), a Pi 4's A72 barely once: on ARM a thread gets half as many
 * (docs/video.md). */
#if defined(__aarch64__) || defined(__arm__)
#define THREAD_PIXELS_PER_S (1920.0 * 1088.0 * 15.0)
#else
#define THREAD_PIXELS_PER_S (1920.0 * 1088.0 * 30.0)
#endif

enum { OBS_EOF = 1, HOOK_PRELOADED = 2 };

struct video {
    struct mpvlib lib; /* libmpv, loaded by video_open */
    display_t *d;
    mpv_handle *mpv;
    mpv_render_context *rc;
    dimage_t *img;    /* where frames go (borrowed), NULL: nowhere yet */
    SDL_Rect box;     /* the film's box in img (in the frame when to_frame) */
    bool to_frame;    /* software: frames go into the display's frame */
    display_t *gl;    /* OpenGL: the display whose films' context draws */
    dimage_t *film;   /* OpenGL: the texture it draws into, the box's size */
    int fbo;          /* its framebuffer object */
    bool redraw;      /* a new target: draw the current frame again */
    bool have_frame;  /* mpv has decoded a first frame */
    SDL_Surface *buf; /* a frame before its copy, unless drawn in place */
    struct video_opts o;
    enum video_state state;
    char err[200];
    char *path;
    double duration;
    uint64_t opened_us, last_frame_us;
    bool loaded;
    int film_w, film_h; /* its picture as shown (turned), once loaded */
    int zimg;           /* software: converter last asked of mpv (-1: none yet) */
};

bool video_available(char *why, size_t size)
{
    struct mpvlib lib;
    if (mpvlib_load(&lib, why, size) < 0)
        return false;
    mpvlib_unload(&lib);
    return true;
}

/* From mpv's threads: only wakes the render thread. */
static void on_mpv_news(void *ctx)
{
    struct video *v = ctx;
    SDL_Event ev = {.type = v->o.wake};
    SDL_PushEvent(&ev);
}

static void fail(video_t *v, const char *fmt, const char *detail)
{
    if (v->state == VIDEO_FAILED)
        return;
    v->state = VIDEO_FAILED;
    snprintf(v->err, sizeof v->err, fmt, detail);
}

static void set(const struct mpvlib *L, mpv_handle *m, const char *name, const char *value)
{
    L->set_option_string(m, name, value); /* an option this mpv lacks is no harm */
}

/* The options every handle gets: no terminal, no config, no scripts, no
 * subtitles nor on-screen display, a small demuxer cache. */
static mpv_handle *new_handle(const struct mpvlib *L)
{
    mpv_handle *m = L->create();
    if (!m)
        return NULL;
    set(L, m, "config", "no");
    set(L, m, "terminal", "no");
    set(L, m, "load-scripts", "no");
    set(L, m, "ytdl", "no");
    set(L, m, "osc", "no");
    set(L, m, "input-default-bindings", "no");
    set(L, m, "input-vo-keyboard", "no");
    set(L, m, "sid", "no");
    set(L, m, "sub-auto", "no");
    set(L, m, "audio-display", "no");
    set(L, m, "osd-level", "0");
    set(L, m, "demuxer-max-bytes", "16MiB");
    set(L, m, "demuxer-max-back-bytes", "0");
    return m;
}

static double get_double(const struct mpvlib *L, mpv_handle *m, const char *name)
{
    double x = 0;
    return L->get_property(m, name, MPV_FORMAT_DOUBLE, &x) >= 0 ? x : 0;
}

static int64_t get_int(const struct mpvlib *L, mpv_handle *m, const char *name)
{
    int64_t x = 0;
    return L->get_property(m, name, MPV_FORMAT_INT64, &x) >= 0 ? x : 0;
}

static void get_str(const struct mpvlib *L, mpv_handle *m, const char *name, char *out,
                    size_t size)
{
    char *s = L->get_property_string(m, name);
    snprintf(out, size, "%s", s ? s : "");
    L->free(s);
}

/* libmpv's OpenGL renderer, in the display's films' context. False: the
 * software one instead (logged by the caller's status). */
static bool open_gl(video_t *v)
{
    const struct mpvlib *L = &v->lib;
    mpv_opengl_init_params gp = {.get_proc_address = display_gl_proc,
                                 .get_proc_address_ctx = v->o.gl};
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_API_TYPE, (void *)MPV_RENDER_API_TYPE_OPENGL},
        {MPV_RENDER_PARAM_OPENGL_INIT_PARAMS, &gp},
        {MPV_RENDER_PARAM_INVALID, NULL},
    };
    display_gl_begin(v->o.gl);
    int rc = L->render_context_create(&v->rc, v->mpv, params);
    display_gl_end(v->o.gl);
    if (rc < 0) {
        v->rc = NULL;
        return false;
    }
    v->gl = v->o.gl;
    return true;
}

video_t *video_open(const char *path, const struct video_opts *o)
{
    video_t *v = xcalloc(1, sizeof *v);
    v->o = *o;
    v->path = xstrdup(path);
    v->state = VIDEO_LOADING;
    v->opened_us = mono_us();
    if (access(path, R_OK) != 0) {
        fail(v, "%s", "is missing or unreadable: copy the film into the feed's folder");
        return v;
    }
    char err[sizeof v->err - 20];
    if (mpvlib_load(&v->lib, err, sizeof err) < 0) {
        fail(v, "cannot be played: %s", err);
        return v;
    }
    const struct mpvlib *L = &v->lib;
    v->mpv = new_handle(L);
    if (!v->mpv) {
        fail(v, "%s", "libmpv cannot start");
        return v;
    }
    char num[16];
    set(L, v->mpv, "vo", "libmpv");
    set(L, v->mpv, "pause", "yes");
    set(L, v->mpv, "keep-open", "yes");
    /* OpenGL takes the decoder's pictures as they are (V4L2/DRM PRIME on
     * a Pi, VA-API...); software needs them copied back to memory. */
    set(L, v->mpv, "hwdec", o->gl ? "auto-safe" : o->hwdec ? "auto-copy-safe" : "no");
    /* Software conversion (see pick_converter): swscale's fast paths when
     * the film is shown at its size, zimg when it is scaled. */
    set(L, v->mpv, "sws-fast", "yes");
    set(L, v->mpv, "sws-scaler", "bilinear");
    set(L, v->mpv, "zimg-dither", "no");
    set(L, v->mpv, "zimg-scaler", "bilinear");
    v->zimg = -1;
    snprintf(num, sizeof num, "%d", o->rotate);
    set(L, v->mpv, "video-rotate", num);
    if (o->loops > 1) {
        snprintf(num, sizeof num, "%d", o->loops - 1);
        set(L, v->mpv, "loop-file", num);
    }
    if (o->volume > 0) {
        snprintf(num, sizeof num, "%d", o->volume > 100 ? 100 : o->volume);
        set(L, v->mpv, "volume", num);
    } else {
        set(L, v->mpv, "aid", "no");
        set(L, v->mpv, "ao", "null");
    }
    if (L->initialize(v->mpv) < 0) {
        fail(v, "%s", "libmpv cannot start");
        return v;
    }
    L->hook_add(v->mpv, HOOK_PRELOADED, "on_preloaded", 0);
    if (o->gl && !open_gl(v))
        L->set_property_string(v->mpv, "hwdec", o->hwdec ? "auto-copy-safe" : "no");
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_API_TYPE, (void *)MPV_RENDER_API_TYPE_SW},
        {MPV_RENDER_PARAM_INVALID, NULL},
    };
    if (!v->rc && L->render_context_create(&v->rc, v->mpv, params) < 0) {
        v->rc = NULL;
        fail(v, "%s", "libmpv has no software renderer");
        return v;
    }
    L->render_context_set_update_callback(v->rc, on_mpv_news, v);
    L->set_wakeup_callback(v->mpv, on_mpv_news, v);
    L->observe_property(v->mpv, OBS_EOF, "eof-reached", MPV_FORMAT_FLAG);
    const char *cmd[] = {"loadfile", path, NULL};
    if (L->command(v->mpv, cmd) < 0)
        fail(v, "%s", "libmpv refused to open it");
    return v;
}

struct doomed {
    struct mpvlib lib;
    mpv_handle *mpv;
    mpv_render_context *rc;
};

static int destroy_main(void *arg)
{
    struct doomed *d = arg;
    if (d->rc)
        d->lib.render_context_free(d->rc);
    d->lib.terminate_destroy(d->mpv);
    mpvlib_unload(&d->lib);
    free(d);
    /* mpv's threads allocate from arenas of their own, which glibc keeps
     * when they are freed: give the pages back, or the resident size would
     * climb with every film for a while. */
    malloc_trim(0);
    return 0;
}

void video_free(video_t *v)
{
    if (!v)
        return;
    const struct mpvlib *L = &v->lib;
    if (v->rc)
        L->render_context_set_update_callback(v->rc, NULL, NULL);
    if (v->gl) { /* its GL objects go with its context current, on this thread */
        if (v->rc) {
            display_gl_begin(v->gl);
            L->render_context_free(v->rc);
            display_gl_end(v->gl);
            v->rc = NULL;
        }
        display_image_free(v->gl, v->film);
    }
    if (v->mpv) {
        L->set_wakeup_callback(v->mpv, NULL, NULL);
        /* Stopping mpv's threads takes tens of ms: not on the render thread
         * (the software renderer needs no context of ours to be freed, the
         * OpenGL one is gone already). */
        struct doomed *d = xmalloc(sizeof *d);
        d->lib = v->lib; /* its reference goes with the handle */
        v->lib = (struct mpvlib){0};
        d->mpv = v->mpv;
        d->rc = v->rc;
        SDL_Thread *t = SDL_CreateThread(destroy_main, "mpv-stop", d);
        if (t)
            SDL_DetachThread(t);
        else
            destroy_main(d);
    } else if (v->rc) {
        L->render_context_free(v->rc);
    }
    mpvlib_unload(&v->lib);
    SDL_FreeSurface(v->buf);
    free(v->path);
    free(v);
}

/* Checks the film once mpv has opened it: a picture, of a size we can show. */
static void on_loaded(video_t *v)
{
    const struct mpvlib *L = &v->lib;
    v->loaded = true;
    v->duration = get_double(L, v->mpv, "duration");
    char vid[16];
    get_str(L, v->mpv, "vid", vid, sizeof vid);
    if (!strcmp(vid, "no") || !vid[0]) {
        fail(v, "%s", "holds no picture (sound only?): give a film with a video track");
        return;
    }
    int64_t w = get_int(L, v->mpv, "current-tracks/video/demux-w");
    int64_t h = get_int(L, v->mpv, "current-tracks/video/demux-h");
    bool turned = v->o.rotate == 90 || v->o.rotate == 270;
    v->film_w = (int)(turned ? h : w);
    v->film_h = (int)(turned ? w : h);
    if (w > VIDEO_MAX_W || h > VIDEO_MAX_H) {
        char what[64];
        snprintf(what, sizeof what, "%lldx%lld", (long long)w, (long long)h);
        fail(v, "is %s, larger than 4K: convert it to 1920x1080 (docs/video.md)", what);
    }
}

/* mpv has opened the file and not yet made its decoder: gives the decoder
 * the threads its picture rate needs (THREAD_PIXELS_PER_S), at most one a
 * core; one a core after a film fell behind (every_core). */
static void on_preloaded(video_t *v)
{
    const struct mpvlib *L = &v->lib;
    int64_t n = get_int(L, v->mpv, "track-list/count");
    for (int64_t i = 0; i < n; i++) {
        char key[64], type[16];
        snprintf(key, sizeof key, "track-list/%lld/type", (long long)i);
        get_str(L, v->mpv, key, type, sizeof type);
        if (strcmp(type, "video") != 0)
            continue;
        snprintf(key, sizeof key, "track-list/%lld/demux-w", (long long)i);
        double w = (double)get_int(L, v->mpv, key);
        snprintf(key, sizeof key, "track-list/%lld/demux-h", (long long)i);
        double h = (double)get_int(L, v->mpv, key);
        snprintf(key, sizeof key, "track-list/%lld/demux-fps", (long long)i);
        double fps = get_double(L, v->mpv, key);
        if (fps <= 0 || fps > 240)
            fps = 30;
        int threads = (int)ceil(w * h * fps / THREAD_PIXELS_PER_S);
        int cores = SDL_GetCPUCount();
        threads = v->o.every_core || threads > cores ? cores : threads < 1 ? 1 : threads;
        threads = threads > 16 ? 16 : threads;
        char num[16];
        snprintf(num, sizeof num, "%d", threads);
        L->set_property_string(v->mpv, "vd-lavc-threads", num);
        log_msg(LV_DEBUG, "film %s: %.0fx%.0f at %.3g images/s, decoded on %d thread%s", v->path,
                w, h, fps, threads, threads > 1 ? "s" : "");
        return;
    }
}

static void on_end(video_t *v, const mpv_event_end_file *ef)
{
    const struct mpvlib *L = &v->lib;
    if (ef->reason == MPV_END_FILE_REASON_ERROR)
        fail(v,
             "cannot be played (%s): check that it opens on a computer, or convert it "
             "(docs/video.md)",
             L->error_string(ef->error));
    else if (!v->have_frame)
        fail(v, "%s", "holds no picture: the file is empty or cut short");
    else if (v->state != VIDEO_FAILED)
        v->state = VIDEO_ENDED;
}

static bool has_target(const video_t *v)
{
    return v->to_frame || v->img;
}

static void take_events(video_t *v)
{
    const struct mpvlib *L = &v->lib;
    for (;;) {
        mpv_event *ev = L->wait_event(v->mpv, 0);
        if (ev->event_id == MPV_EVENT_NONE)
            return;
        switch (ev->event_id) {
        case MPV_EVENT_FILE_LOADED:
            on_loaded(v);
            break;
        case MPV_EVENT_END_FILE:
            on_end(v, ev->data);
            break;
        case MPV_EVENT_HOOK: {
            const mpv_event_hook *h = ev->data;
            if (ev->reply_userdata == HOOK_PRELOADED)
                on_preloaded(v);
            L->hook_continue(v->mpv, h->id);
            break;
        }
        case MPV_EVENT_PROPERTY_CHANGE: {
            const mpv_event_property *p = ev->data;
            if (ev->reply_userdata == OBS_EOF && p->format == MPV_FORMAT_FLAG && *(int *)p->data &&
                has_target(v) && v->state == VIDEO_PLAYING)
                v->state = VIDEO_ENDED;
            break;
        }
        default:
            break;
        }
    }
}

/* OpenGL: mpv draws into the film's texture, which the GPU pastes into the
 * slide. */
static bool render_gl(video_t *v)
{
    const struct mpvlib *L = &v->lib;
    if (!v->film)
        return false;
    mpv_opengl_fbo fbo = {.fbo = v->fbo, .w = v->box.w, .h = v->box.h};
    int flip = 0, no_block = 0; /* the texture is read top row first, as drawn */
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_OPENGL_FBO, &fbo},
        {MPV_RENDER_PARAM_FLIP_Y, &flip},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &no_block},
        {MPV_RENDER_PARAM_INVALID, NULL},
    };
    display_gl_begin(v->gl);
    int rc = L->render_context_render(v->rc, params);
    display_gl_end(v->gl);
    if (rc < 0)
        return false;
    display_image_paste(v->d, v->img, &v->box, v->film);
    return true;
}

/* Software: swscale converts a picture shown at its own size for about a
 * quarter of zimg's CPU (zimg goes through planar RGB and a byte-by-byte
 * repack), but scales one for about twice zimg's (docs/performance.md,
 * "Films: the converter and the decoding threads"). mpv reads the option
 * again at its next conversion. */
static void pick_converter(video_t *v)
{
    int zimg = v->box.w != v->film_w || v->box.h != v->film_h;
    if (zimg == v->zimg)
        return;
    v->zimg = zimg;
    const struct mpvlib *L = &v->lib;
    int flag = zimg;
    L->set_property_async(v->mpv, 0, "sws-allow-zimg", MPV_FORMAT_FLAG, &flag);
}

/* Software: draws mpv's current frame into the target box, in place when
 * the box spans whole rows of a surface (mpv may write a row's padding),
 * else through a buffer of the box's size. */
static bool render(video_t *v)
{
    const struct mpvlib *L = &v->lib;
    if (v->gl)
        return render_gl(v);
    pick_converter(v);
    SDL_Surface *t = v->to_frame ? display_frame(v->d) : display_image_surface(v->img), *s = t;
    if (v->to_frame && (!t || v->box.x + v->box.w > t->w || v->box.y + v->box.h > t->h))
        return false; /* no framebuffer (a failed resize), or a stale box */
    uint8_t *px = NULL;
    int size[2] = {v->box.w, v->box.h};
    if (t && v->box.x == 0 && v->box.w == t->w) {
        px = (uint8_t *)t->pixels + (size_t)v->box.y * (size_t)t->pitch;
    } else {
        if (v->buf && (v->buf->w != v->box.w || v->buf->h != v->box.h)) {
            SDL_FreeSurface(v->buf);
            v->buf = NULL;
        }
        if (!v->buf)
            v->buf = SDL_CreateRGBSurfaceWithFormat(0, v->box.w, v->box.h, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
        if (!v->buf)
            die("out of memory for a %dx%d film", v->box.w, v->box.h);
        s = v->buf;
        px = s->pixels;
    }
    size_t stride = (size_t)s->pitch;
    int no_block = 0;
    /* ARGB8888 in memory, little-endian: B, G, R, then a byte nobody reads. */
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_SW_SIZE, size},
        {MPV_RENDER_PARAM_SW_FORMAT, "bgr0"},
        {MPV_RENDER_PARAM_SW_STRIDE, &stride},
        {MPV_RENDER_PARAM_SW_POINTER, px},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &no_block},
        {MPV_RENDER_PARAM_INVALID, NULL},
    };
    if (L->render_context_render(v->rc, params) < 0)
        return false;
    if (s != v->buf)
        return true;
    if (!t) {
        display_image_update(v->d, v->img, &v->box, v->buf);
        return true;
    }
    for (int y = 0; y < v->box.h; y++) /* rows of the box's width only */
        memcpy((uint8_t *)t->pixels + (size_t)(v->box.y + y) * (size_t)t->pitch +
                   (size_t)v->box.x * 4,
               (const uint8_t *)s->pixels + (size_t)y * stride, (size_t)v->box.w * 4);
    return true;
}

void video_target(video_t *v, display_t *d, dimage_t *img, SDL_Rect box)
{
    v->d = d;
    v->img = box.w > 1 && box.h > 1 ? img : NULL;
    v->box = box;
    v->to_frame = false;
    v->redraw = v->img != NULL;
    if (!v->gl || !v->img)
        return;
    int w = 0, h = 0;
    if (v->film)
        display_image_size(v->film, &w, &h);
    if (w == box.w && h == box.h)
        return;
    display_image_free(v->gl, v->film);
    v->film = display_gl_target(v->gl, box.w, box.h, &v->fbo);
    if (!v->film)
        fail(v, "%s", "gets no texture on the GPU (out of video memory?)");
}

bool video_target_frame(video_t *v, display_t *d, SDL_Rect box)
{
    if (v->gl || box.w <= 1 || box.h <= 1)
        return false;
    v->d = d;
    v->img = NULL;
    v->box = box;
    v->to_frame = true;
    v->redraw = true;
    return true;
}

bool video_redraw(video_t *v)
{
    if (!v->rc || !v->have_frame || !v->loaded || !has_target(v) || v->state == VIDEO_FAILED)
        return false;
    v->redraw = false;
    return render(v);
}

const char *video_renderer(const video_t *v)
{
    return v->gl ? "opengl" : "software";
}

bool video_update(video_t *v, uint64_t now)
{
    const struct mpvlib *L = &v->lib;
    if (!v->mpv || !v->rc || v->state == VIDEO_FAILED)
        return false;
    take_events(v);
    bool drawn = false;
    if (v->state != VIDEO_FAILED && (L->render_context_update(v->rc) & MPV_RENDER_UPDATE_FRAME))
        v->have_frame = v->redraw = true;
    if (v->redraw) {
        drawn = video_redraw(v);
        if (drawn) {
            v->last_frame_us = now;
            if (v->state == VIDEO_LOADING)
                v->state = VIDEO_READY;
        }
    }
    uint64_t first = (uint64_t)(v->o.first_frame_s > 0 ? v->o.first_frame_s : 5) * 1000000u;
    if (!v->have_frame && now > v->opened_us + first)
        fail(v, "%s", "shows no picture after several seconds: convert it (docs/video.md)");
    if (v->state == VIDEO_PLAYING && now > v->last_frame_us + STALL_US &&
        v->duration > STALL_US / 1e6)
        fail(v, "%s", "stopped showing pictures while playing (a decoding error?)");
    return drawn;
}

enum video_state video_state(const video_t *v)
{
    return v->state;
}

const char *video_error(const video_t *v)
{
    return v->err;
}

double video_duration(const video_t *v)
{
    return v->duration;
}

void video_play(video_t *v)
{
    const struct mpvlib *L = &v->lib;
    if (v->state != VIDEO_READY)
        return;
    int no = 0; /* asynchronous: the core may be busy, the render thread must not wait */
    L->set_property_async(v->mpv, 0, "pause", MPV_FORMAT_FLAG, &no);
    v->state = VIDEO_PLAYING;
    v->last_frame_us = mono_us();
}

long video_dropped(const video_t *v)
{
    const struct mpvlib *L = &v->lib;
    return v->mpv ? (long)get_int(L, v->mpv, "frame-drop-count") : 0;
}

int video_probe(const char *path, struct video_info *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    struct mpvlib lib;
    if (mpvlib_load(&lib, err, errsz) < 0)
        return -1;
    const struct mpvlib *L = &lib;
    mpv_handle *m = new_handle(L);
    int rc = -1;
    if (!m) {
        snprintf(err, errsz, "libmpv cannot start");
        mpvlib_unload(&lib);
        return -1;
    }
    set(L, m, "vo", "null");
    set(L, m, "ao", "null");
    set(L, m, "pause", "yes");
    set(L, m, "hwdec", "no");
    if (L->initialize(m) < 0) {
        snprintf(err, errsz, "libmpv cannot start");
        goto done;
    }
    const char *cmd[] = {"loadfile", path, NULL};
    if (L->command(m, cmd) < 0) {
        snprintf(err, errsz, "libmpv refused to open it");
        goto done;
    }
    for (;;) {
        mpv_event *ev = L->wait_event(m, 10);
        if (ev->event_id == MPV_EVENT_NONE) {
            snprintf(err, errsz, "not opened after 10 s");
            goto done;
        }
        if (ev->event_id == MPV_EVENT_END_FILE) {
            const mpv_event_end_file *ef = ev->data;
            snprintf(err, errsz, "cannot be played (%s)",
                     ef->reason == MPV_END_FILE_REASON_ERROR ? L->error_string(ef->error)
                                                             : "empty or cut short");
            goto done;
        }
        if (ev->event_id == MPV_EVENT_FILE_LOADED)
            break;
    }
    get_str(L, m, "file-format", out->container, sizeof out->container);
    get_str(L, m, "current-tracks/video/codec", out->codec, sizeof out->codec);
    out->w = (int)get_int(L, m, "current-tracks/video/demux-w");
    out->h = (int)get_int(L, m, "current-tracks/video/demux-h");
    out->duration_s = get_double(L, m, "duration");
    char aid[16];
    get_str(L, m, "current-tracks/audio/id", aid, sizeof aid);
    out->audio = aid[0] != 0;
    if (!out->codec[0]) {
        snprintf(err, errsz, "holds no picture (sound only?)");
        goto done;
    }
    rc = 0;
done:
    L->terminate_destroy(m);
    mpvlib_unload(&lib);
    return rc;
}
