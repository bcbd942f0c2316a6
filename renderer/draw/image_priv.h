/* image_priv — what the files of the image module share (not for other modules).
 * image_probe.c reads headers, image_scale.c scales and turns, image_gif.c
 * decodes GIF, image_jpeg.c decodes JPEG at a reduced size, image.c loads
 * under the limits and the budget. */
#ifndef VITRINE_DRAW_IMAGE_PRIV_H
#define VITRINE_DRAW_IMAGE_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <SDL.h>

/* Either a memory buffer or an open file, of known length. */
struct src {
    const uint8_t *mem;
    FILE *f;
    uint64_t len;
};

/* What a header says, before any decoding. */
struct probe {
    const char *type; /* SDL_image type name: "PNG", "JPG", "WEBP", "GIF" */
    uint32_t w, h;    /* the picture's stored size */
    uint32_t dw, dh;  /* the largest buffer the decoder will allocate */
    int orientation;  /* EXIF orientation 1..8 (JPEG), else 1 */
};

static inline uint32_t be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[1] << 8 | p[0];
}

static inline uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint32_t le24(const uint8_t *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Copies n bytes at off into dst; -1 (and nothing read) past the end. */
int image_src_get(const struct src *s, uint64_t off, void *dst, size_t n);

/* Writes a reason for staff into err (which may be NULL). */
void image_err(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reads the header of s into p; -1 with a reason when it is not a picture
 * we decode or its header is damaged. */
int image_probe_src(const struct src *s, struct probe *p, char *err, size_t errsz);

/* Opens path as a regular file (O_NONBLOCK so that a FIFO cannot hang the
 * thread); returns the descriptor and its size, or -1 with a reason. */
int image_open_regular(const char *path, uint64_t *size, char *err, size_t errsz);

/* Scales the crop (cx, cy, cw, ch) of src to dw x dh (see image_scale). */
SDL_Surface *image_scale_region(SDL_Surface *src, int cx, int cy, int cw, int ch, int dw, int dh);

/* Applies EXIF orientation o (2..8) to an ARGB8888 surface; returns a new
 * surface (the input is freed) or NULL. */
SDL_Surface *image_orient(SDL_Surface *s, int o);

/* A point of the picture as seen (fractions fx, fy of its width and height)
 * in the stored picture of EXIF orientation o. */
void image_orient_point(int o, double *fx, double *fy);

/* Decodes the first frame of the GIF in s (probed as p) into a new ARGB8888
 * surface, or NULL with a reason. */
SDL_Surface *image_gif_decode(const struct src *s, const struct probe *p, char *err, size_t errsz);

/* The largest k of 1, 2, 4 and 8 for which a w x h JPEG decoded at 1/k still
 * has need_w x need_h pixels or more, so that scaling it down loses nothing. */
int image_jpeg_scale(uint32_t w, uint32_t h, double need_w, double need_h);

/* Decodes the JPEG of len bytes at buf at 1/k of its size (k = 1, 2, 4 or 8)
 * into a new surface, or NULL with a reason (a CMYK JPEG among them). */
SDL_Surface *image_jpeg_decode(const uint8_t *buf, size_t len, int k, char *err, size_t errsz);

#endif
