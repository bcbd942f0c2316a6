/* libFuzzer target: the image header probe (PNG, JPEG with its segments and
 * EXIF, WebP VP8/VP8L/VP8X, GIF), which reads untrusted headers before any
 * decoder sees the file. It must never read outside the buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draw/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    /* an exact-size copy, so that ASan catches a read one past the end */
    uint8_t *copy = malloc(len ? len : 1);
    if (len)
        memcpy(copy, data, len);
    int w = -1, h = -1;
    char err[256];
    if (image_probe_mem(copy, len, &w, &h, err, sizeof err) == 0 && (w <= 0 || h <= 0))
        abort(); /* a successful probe always gives a positive size */
    free(copy);
    return 0;
}
