/* libFuzzer target: the theme loader (theme.ini through libinih, colours,
 * sizes, words, portrait overrides). theme_load takes a folder, so the
 * input is written as theme.ini in a private folder. */
#include <stddef.h>
#include <stdint.h>

#include "draw/slide.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    fuzz_write("theme.ini", data, len);
    diag_t *d = diag_create();
    theme_t *t = theme_load(fuzz_dir(), d);
    theme_free(t);
    diag_free(d);
    return 0;
}
