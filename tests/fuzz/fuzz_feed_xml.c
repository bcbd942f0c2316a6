/* libFuzzer target: the XML feed loader (libxml2 SAX with DOCTYPE refused,
 * then the builder's rules). Inputs not starting with '<' are left to the
 * JSON target. */
#include <stddef.h>
#include <stdint.h>

#include "model/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i < len && data[i] != '<')
        return -1; /* not for this target: keep it out of the corpus */
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem((const char *)data, len, "fuzz.xml", "/nonexistent", d);
    if (f) {
        FILE *out = fopen("/dev/null", "w");
        feed_dump(f, out);
        fclose(out);
    }
    feed_free(f);
    diag_free(d);
    return 0;
}
