/* qr — QR codes with libqrencode: level M, 8-bit mode, case sensitive, so a
 * URL is encoded byte for byte. Modules are whole pixels (no scaling blur,
 * which phone scanners dislike) and the 4-module quiet zone the standard
 * asks for is always inside the surface. */
#include "draw/qr.h"

#include <qrencode.h>

#define QUIET 4 /* modules of blank margin on each side (ISO/IEC 18004) */

static QRcode *encode(const char *text)
{
    if (!text || !*text)
        return NULL;
    return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

/* Returns 0 when the text cannot be encoded (empty, or too long for any
 * QR version at level M). */
int qr_min_size(const char *text, int module_px)
{
    QRcode *qr = encode(text);
    if (!qr)
        return 0;
    int n = (qr->width + 2 * QUIET) * (module_px > 0 ? module_px : 1);
    QRcode_free(qr);
    return n;
}

int qr_size_for(const char *text, int code_px)
{
    int n1 = qr_min_size(text, 1);
    if (n1 <= 0)
        return 0;
    int width = n1 - 2 * QUIET;
    int px = (code_px + width / 2) / width;
    return qr_min_size(text, px < 1 ? 1 : px);
}

/* The surface is exactly size x size, filled with bg; the code and its quiet
 * zone are centred in it with the largest whole-pixel module that fits, so
 * any leftover pixels only widen the quiet zone. */
SDL_Surface *qr_render(const char *text, int size, uint32_t fg, uint32_t bg)
{
    SDL_Surface *s = NULL;
    QRcode *qr = encode(text);
    if (!qr || size <= 0)
        goto done;
    int total = qr->width + 2 * QUIET;
    int px = size / total;
    if (px < 1)
        goto done;
    s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        goto done;
    int off = (size - qr->width * px) / 2;
    for (int y = 0; y < size; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch);
        int my = (y - off) / px;
        int inside_y = y >= off && my < qr->width;
        for (int x = 0; x < size; x++) {
            uint32_t c = bg;
            if (inside_y && x >= off) {
                int mx = (x - off) / px;
                if (mx < qr->width && (qr->data[my * qr->width + mx] & 1))
                    c = fg;
            }
            row[x] = c;
        }
    }
done:
    if (qr)
        QRcode_free(qr);
    return s;
}
