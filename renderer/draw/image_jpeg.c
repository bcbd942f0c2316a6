/* image_jpeg — JPEG decoding at a reduced size.
 *
 * A staff member's camera photo is often 4000x3000 for a photo box of about
 * 1200x1080. Decoding it whole takes 48 MB and most of a Pi's preparation
 * time; libjpeg can instead run its inverse DCT at 1/2, 1/4 or 1/8 of the
 * size, which costs a fraction of both. The area-average scaler then brings
 * the result to the exact size, so the quality is that of the full decode. */
#include "draw/image.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>

#include "draw/image_priv.h"

int image_jpeg_scale(uint32_t w, uint32_t h, double need_w, double need_h)
{
    for (int k = 8; k > 1; k /= 2) {
        /* libjpeg rounds the scaled size up */
        double sw = (double)((w + (uint32_t)k - 1) / (uint32_t)k);
        double sh = (double)((h + (uint32_t)k - 1) / (uint32_t)k);
        if (sw >= need_w && sh >= need_h)
            return k;
    }
    return 1;
}

struct jerr {
    struct jpeg_error_mgr pub;
    jmp_buf jb;
    char msg[JMSG_LENGTH_MAX];
};

static void on_error(j_common_ptr c)
{
    struct jerr *e = (struct jerr *)c->err;
    c->err->format_message(c, e->msg);
    longjmp(e->jb, 1);
}

/* Warnings (a truncated file, extraneous bytes) are not worth a log line:
 * what could be decoded is shown, as browsers do. */
static void on_message(j_common_ptr c, int level)
{
    (void)c;
    (void)level;
}

SDL_Surface *image_jpeg_decode(const uint8_t *buf, size_t len, int k, char *err, size_t errsz)
{
    struct jpeg_decompress_struct ci;
    struct jerr je;
    SDL_Surface *volatile s = NULL;
    memset(&ci, 0, sizeof ci);
    ci.err = jpeg_std_error(&je.pub);
    je.pub.error_exit = on_error;
    je.pub.emit_message = on_message;
    je.msg[0] = '\0';
    if (setjmp(je.jb)) {
        image_err(err, errsz, "cannot decode this JPG: %s", je.msg);
        jpeg_destroy_decompress(&ci);
        SDL_FreeSurface(s);
        return NULL;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, buf, (unsigned long)len);
    jpeg_read_header(&ci, TRUE);
    ci.scale_num = 1;
    ci.scale_denom = (unsigned)(k == 2 || k == 4 || k == 8 ? k : 1);
    /* Bytes B, G, R, A in memory: SDL's BGRA32 on any byte order. */
    ci.out_color_space = JCS_EXT_BGRA;
    jpeg_start_decompress(&ci);
    s = SDL_CreateRGBSurfaceWithFormat(0, (int)ci.output_width, (int)ci.output_height, 32,
                                       SDL_PIXELFORMAT_BGRA32);
    if (!s) {
        snprintf(je.msg, sizeof je.msg, "%s", SDL_GetError());
        longjmp(je.jb, 1);
    }
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = (JSAMPROW)((uint8_t *)s->pixels + (size_t)ci.output_scanline * s->pitch);
        if (jpeg_read_scanlines(&ci, &row, 1) != 1)
            break; /* cannot happen with a memory source; never loop forever */
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    return s;
}
