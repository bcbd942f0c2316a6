/* qr — a QR code for a URL, as a surface, made with libqrencode. */
#ifndef VITRINE_DRAW_QR_H
#define VITRINE_DRAW_QR_H

#include <stdint.h>

#include <SDL.h>

/* Encodes text (error correction level M) as a square ARGB8888 surface of at
 * most size x size pixels: whole-pixel modules, a 4-module quiet zone, fg
 * modules on bg (0xAARRGGBB). Returns NULL when the text cannot be encoded
 * or size is too small for one pixel per module. The caller frees it. */
SDL_Surface *qr_render(const char *text, int size, uint32_t fg, uint32_t bg);

/* The smallest size in pixels whose modules are at least module_px wide. */
int qr_min_size(const char *text, int module_px);

/* The surface size to pass to qr_render so that the code itself (its
 * modules, without the quiet zone around them) is as close to code_px as
 * whole-pixel modules allow: a theme's QR size is the size of what phones
 * read. 0 when the text cannot be encoded. */
int qr_size_for(const char *text, int code_px);

#endif
