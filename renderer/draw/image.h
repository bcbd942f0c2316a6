/* image — pictures from files into surfaces: header probe without decoding,
 * limits against decompression bombs, EXIF orientation, and area-averaging
 * scaling so that a 4000-pixel photo in a 1000-pixel box does not alias. */
#ifndef VITRINE_DRAW_IMAGE_H
#define VITRINE_DRAW_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#define IMAGE_MAX_BYTES    (32u << 20) /* 32 MiB file */
#define IMAGE_MAX_PIXELS   (40u << 20) /* 40 megapixels decoded */
#define IMAGE_MAX_SIDE     16384
#define IMAGE_BUDGET_BYTES (256u << 20) /* decoded pixels held at once, per budget */

/* A bound on the memory that decoded (not yet scaled) pictures take at the
 * same time, shared by every thread that loads through it. Each load
 * reserves width x height x 4 bytes, read from the header, before decoding
 * and gives it back when done. Thread-safe. */
typedef struct image_budget image_budget_t;
image_budget_t *image_budget_create(uint64_t bytes);
void image_budget_free(image_budget_t *b);

/* Bytes reserved right now (for tests and the status). */
uint64_t image_budget_used(const image_budget_t *b);

enum image_fit {
    FIT_COVER,   /* fill the box exactly, cropping the overflow around the centre
                  * (or a focal point, image_load_focus) */
    FIT_CONTAIN, /* fit inside the box, keeping the whole picture */
};

/* Reads the pixel size of a PNG, JPEG, WebP or GIF file from its header
 * only, without decoding. Returns 0, or -1 with a reason in err. */
int image_probe(const char *path, int *w, int *h, char *err, size_t errsz);

/* What image_probe reads, plus the format ("PNG", "JPG", "WEBP", "GIF",
 * a static string) and the EXIF orientation (1..8; 1 when none). w and h
 * are the stored size, before the orientation turns it. */
struct image_info {
    int w, h;
    int orientation;
    const char *type;
};
int image_probe_info(const char *path, struct image_info *out, char *err, size_t errsz);

/* The same on len bytes in memory (for fuzzing and for downloads not yet
 * written to disk). Never reads outside [data, data + len). */
int image_probe_mem(const void *data, size_t len, int *w, int *h, char *err, size_t errsz);

/* Loads a picture honouring its EXIF orientation, refuses files and sizes
 * over the limits above (checked with image_probe before decoding), and
 * scales it with area averaging for a w x h box: FIT_COVER gives exactly
 * w x h; FIT_CONTAIN gives the largest size that fits. Returns an ARGB8888
 * surface the caller frees, or NULL with a reason in err. Thread-safe once
 * IMG_Init(IMG_INIT_JPG | IMG_INIT_PNG | IMG_INIT_WEBP) has run on the main
 * thread (SDL_image initialises a codec lazily, without a lock, otherwise). */
SDL_Surface *image_load_fit(const char *path, int w, int h, enum image_fit fit, char *err,
                            size_t errsz);

/* The same, reserving the decoded size from budget (NULL: no budget) for the
 * time of the decode; a picture that would take the budget past its bound
 * is refused with a reason in err, and may load later. */
SDL_Surface *image_load_fit_budget(image_budget_t *budget, const char *path, int w, int h,
                                   enum image_fit fit, char *err, size_t errsz);

/* The same, cropping a FIT_COVER picture around the point (fx, fy) of the
 * picture as seen (fractions of its width and height; 0.5, 0.5 is the
 * centre): the crop keeps that point at the same fraction of itself, as
 * near as the picture's edges allow, so that a face high on the left stays
 * in view. FIT_CONTAIN ignores the point. */
SDL_Surface *image_load_focus(image_budget_t *budget, const char *path, int w, int h,
                              enum image_fit fit, double fx, double fy, char *err, size_t errsz);

/* Scales src (any format) to w x h with area averaging (box filter, exact
 * coverage weights); bilinear when enlarging. Returns a new ARGB8888 surface. */
SDL_Surface *image_scale(SDL_Surface *src, int w, int h);

#endif
