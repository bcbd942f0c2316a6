/* display — the window and the cheapest way to put pixels in it.
 *
 * Two backends behind one small drawing API:
 * - "gpu": an accelerated SDL_Renderer with vsync (a Raspberry Pi on KMSDRM,
 *   a desktop with a real GPU). Images are textures; every frame is drawn
 *   whole and presentation is paced by vsync.
 * - "surface": the window's own framebuffer (SDL_GetWindowSurface, MIT-SHM
 *   under X11) when there is no GPU (Xvfb, llvmpipe, a VM, SDL's dummy and
 *   offscreen drivers). Images are CPU surfaces in the window's format; the
 *   frame is kept between presents, so only what changed is redrawn and only
 *   dirty rectangles are pushed; crossfades use a SIMD integer blend.
 *
 * Every call is for the render (main) thread only. */
#ifndef VITRINE_PLAY_DISPLAY_H
#define VITRINE_PLAY_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

typedef struct display display_t;
typedef struct dimage dimage_t;

enum display_backend { DISPLAY_AUTO, DISPLAY_SURFACE, DISPLAY_GPU };

struct display_opts {
    int win_w, win_h;             /* > 0: a window of this size; 0: fullscreen desktop */
    enum display_backend backend; /* DISPLAY_AUTO: measure what the machine has */
};

/* Opens the window (borderless fullscreen desktop, cursor hidden, screensaver
 * off) on whatever video driver SDL picks. Returns NULL with a message in
 * err when there is no usable display (a start-up error). */
display_t *display_create(const struct display_opts *o, char *err, size_t errsz);
void display_free(display_t *d);

/* The frame size: the screen in pixels, shrunk to the largest texture the
 * GPU accepts (the frame is then scaled up to fill the screen). */
void display_size(const display_t *d, int *w, int *h);

/* The largest image side the backend accepts. */
int display_max_side(const display_t *d);

/* "surface", "gpu opengles2" ... for logs and status; the refresh rate in Hz
 * (60 when the driver does not say); whether present waits for vsync. */
const char *display_name(const display_t *d);
double display_refresh_hz(const display_t *d);
bool display_vsync(const display_t *d);

/* True when the frame survives a present (surface backend): callers may then
 * redraw only dirty parts. False: every frame must be drawn whole. */
bool display_retains(const display_t *d);

enum {
    DISPLAY_RESIZED = 1, /* the window changed size: redo the layout */
    DISPLAY_LOST = 2,    /* every image is gone (device reset): rebuild them */
    DISPLAY_EXPOSED = 4, /* redraw the whole frame */
};

/* Reacts to a window or render event; returns DISPLAY_* flags for the app.
 * After DISPLAY_LOST the caller must free its images and make new ones. */
int display_event(display_t *d, const SDL_Event *ev);

/* Turns a finished ARGB8888 surface into something drawable; takes
 * ownership of s (the surface backend keeps it as is, the GPU one uploads
 * and frees it). Returns NULL when the upload fails (logged). */
dimage_t *display_upload(display_t *d, SDL_Surface *s);

/* A streaming image of w x h for overlays rewritten often (the ticker band). */
dimage_t *display_stream(display_t *d, int w, int h);
/* Replaces its pixels with an ARGB8888 surface of the same size. */
void display_stream_update(display_t *d, dimage_t *img, SDL_Surface *s);

/* Replaces the part r of img with the pixels of src (ARGB8888, r's size). */
void display_image_update(display_t *d, dimage_t *img, const SDL_Rect *r, const SDL_Surface *src);

/* The pixels of an image on the surface backend, to be written in place (a
 * film's frames); NULL on the GPU backend: use display_image_update. */
SDL_Surface *display_image_surface(dimage_t *img);

/* The frame's own pixels on the surface backend, to be written in place (a
 * film during its hold: one copy a frame); NULL on the GPU backend, or while
 * there is no framebuffer. Valid until the next resize. */
SDL_Surface *display_frame(display_t *d);

/* ---- OpenGL for films (GPU backend on SDL's opengl or opengles2) ----
 * libmpv's OpenGL renderer draws in a context of its own that shares the
 * renderer's textures, so that its GL state and SDL_Renderer's never meet
 * (libmpv wants GL's defaults, which SDL does not keep). */

/* True when films can be drawn with OpenGL: the GPU backend runs on OpenGL
 * (ES) and the films' context could be made (tried once, at the first call;
 * a failure is logged). False: convert films on the CPU. */
bool display_gl(display_t *d);
/* Looks an OpenGL function up (libmpv's get_proc_address; d unused). */
void *display_gl_proc(void *d, const char *name);
/* Makes the films' context current, after SDL's queued drawing; between
 * begin and end, only GL calls for films. end gives the renderer its
 * context back once the GPU has finished what the films' one drew. */
void display_gl_begin(display_t *d);
void display_gl_end(display_t *d);
/* A w x h image that OpenGL draws into (top row first, like any image):
 * *fbo receives its framebuffer object, valid in the films' context. NULL
 * when it cannot be made. display_image_free frees both. */
dimage_t *display_gl_target(display_t *d, int w, int h, int *fbo);
/* Copies src whole into the box r of img, on the card (GPU backend: a
 * film's frame into its slide). */
void display_image_paste(display_t *d, dimage_t *img, const SDL_Rect *r, dimage_t *src);

void display_image_free(display_t *d, dimage_t *img);
void display_image_size(const dimage_t *img, int *w, int *h);

/* Drawing, in frame coordinates. Opaque copies ignore alpha; dst clips. */
void display_fill(display_t *d, const SDL_Rect *r, uint32_t argb);
/* Copies img, placed with its top-left at (x, y), into the clip rectangle. */
void display_copy(display_t *d, dimage_t *img, int x, int y, const SDL_Rect *clip);
/* Draws img scaled into dst, a rectangle of the frame at sub-pixel
 * position and size, bilinear, within the clip rectangle (slow motion). */
void display_copy_scaled(display_t *d, dimage_t *img, const SDL_FRect *dst, const SDL_Rect *clip);

/* Mixes a and b (both placed at r's top-left, both r's size):
 * (a * (256 - t) + b * t) / 256, t in 0..256. */
void display_mix(display_t *d, dimage_t *a, dimage_t *b, int t, const SDL_Rect *r);
/* Composites img (straight alpha) over the frame at (x, y). */
void display_over(display_t *d, dimage_t *img, int x, int y);

/* Shows the frame. rects (n > 0) say which parts changed; n == 0: all. */
void display_present(display_t *d, const SDL_Rect *rects, int n);

/* Finishes opening the window once the first frame is on screen: switches
 * to fullscreen, which may wait up to 100 ms for a window manager. */
void display_settle(display_t *d);

/* Reads the frame back as an ARGB8888 surface (tests, screenshots); NULL on
 * failure. The caller frees it. */
SDL_Surface *display_read(display_t *d);

/* The blend kernel, exposed for tests: dst = (a * (256 - t) + b * t) >> 8
 * per 8-bit channel, n pixels. */
void display_mix_row(uint32_t *dst, const uint32_t *a, const uint32_t *b, int n, int t);

#endif
