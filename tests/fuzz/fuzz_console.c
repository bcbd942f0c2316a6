/* libFuzzer target: what the console makes of a request body — the JSON
 * parsed, checked as an item by the player's loader through the draft's
 * line-mapped printer (errors attached to fields), previewed as a model,
 * and applied as an override ({"hide","pin","fields":{"title.fr": ...}}),
 * then forgotten. libmicrohttpd parses the HTTP and multipart framing. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "console/draft.h"
#include "fuzz_util.h"
#include "model/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static draft_t *open_draft(void)
{
    static draft_t *d;
    if (!d) {
        char feed[512], dir[512], err[256];
        snprintf(feed, sizeof feed, "%s/feed.json", fuzz_dir());
        snprintf(dir, sizeof dir, "%s/console", fuzz_dir());
        FILE *f = fopen(feed, "w");
        if (!f)
            abort();
        fputs("{\"version\":1,\"items\":[{\"kind\":\"notice\",\"id\":\"a\",\"title\":\"A\"}]}", f);
        fclose(f);
        mkdir(dir, 0700);
        d = draft_open(feed, fuzz_dir(), dir, 100, err, sizeof err);
        if (!d)
            abort();
    }
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    (void)fuzz_write;
    draft_t *d = open_draft();
    cJSON *v = cJSON_ParseWithLength((const char *)data, len);
    if (!v)
        return 0;
    cJSON *errs = draft_check_item(d, v, NULL);
    cJSON_Delete(errs);
    errs = draft_check_item(d, v, "a");
    cJSON_Delete(errs);
    feed_t *f = draft_model_with(d, v, NULL, &errs);
    feed_free(f);
    cJSON_Delete(errs);
    cJSON *audit = NULL;
    errs = draft_override(d, "a", v, NULL, &audit);
    cJSON_Delete(errs);
    cJSON_Delete(audit);
    draft_discard(d);
    cJSON_Delete(v);
    return 0;
}
