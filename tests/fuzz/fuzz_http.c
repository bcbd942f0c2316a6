/* libFuzzer target: the handling of an HTTP response (status line, header
 * lines such as ETag and Last-Modified, the body under its size cap), then
 * what the fetcher does with a 200: load the body as a feed. The first byte
 * picks the size cap so that both sides of it are explored. */
#include <stddef.h>
#include <stdint.h>

#include "model/feed.h"
#include "play/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    if (len < 1)
        return 0;
    int64_t cap = (int64_t)data[0] * 64;
    struct fetch_result r;
    fetch_parse_response((const char *)data + 1, len - 1, cap, &r);
    if (r.body) {
        diag_t *d = diag_create();
        feed_free(feed_load_mem(r.body, r.len, "http://fuzz/feed", NULL, d));
        diag_free(d);
    }
    fetch_result_clear(&r);
    return 0;
}
