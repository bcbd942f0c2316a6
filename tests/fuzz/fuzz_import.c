/* libFuzzer target: the SIT importers' pruned parse against the whole one.
 * - jprune_skip never accepts what cJSON refuses, and ends where cJSON ends;
 * - importing through the pruner (import_add_mem) gives the same feed and
 *   the same messages as parsing the whole document (import_add_json), or
 *   the same error when it is broken. Any difference aborts. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/feed_write.h"
#include "model/import.h"
#include "model/jprune.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* The feed as --out writes it, then the errors and warnings. */
static char *fi_outcome(importer_t *im, diag_t *diag, diag_t *warn)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        abort();
    feed_t *f = import_finish(im);
    if (f)
        feed_write_json(f, out);
    feed_free(f);
    fputs("--\n", out);
    diag_print(diag, out);
    fputs("--\n", out);
    diag_print(warn, out);
    fclose(out);
    return text;
}

static char *fi_import_once(const char *buf, size_t len, bool whole)
{
    diag_t *diag = diag_create(), *warn = diag_create();
    importer_t *im =
        import_create("fuzz", "/nonexistent", civil_make(2026, 1, 1, 0, 0, 0), diag, warn);
    cJSON *root = whole ? cJSON_ParseWithLength(buf, len) : NULL;
    if (root)
        import_add_json(im, root, buf, len, "fuzz.json", IMPORT_UNKNOWN);
    else /* pruned, or broken: then both report the error */
        import_add_mem(im, buf, len, "fuzz.json", IMPORT_UNKNOWN);
    cJSON_Delete(root);
    char *text = fi_outcome(im, diag, warn);
    diag_free(diag);
    diag_free(warn);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    /* NUL-terminated, as read_file gives it */
    char *buf = malloc(len + 1);
    if (!buf)
        abort();
    memcpy(buf, data, len);
    buf[len] = '\0';

    size_t end = jprune_skip(buf, len);
    if (end) {
        const char *cend = NULL;
        cJSON *c = cJSON_ParseWithLengthOpts(buf, len, &cend, false);
        /* A number at the root may run on for cJSON ("01"): no container
         * ends there, so that only has to be no shorter. */
        size_t at = 0;
        while (at < len && (unsigned char)buf[at] <= ' ')
            at++;
        bool number = buf[at] == '-' || (buf[at] >= '0' && buf[at] <= '9');
        if (!c || (number ? (size_t)(cend - buf) < end : (size_t)(cend - buf) != end)) {
            fprintf(stderr, "jprune_skip accepted %zu bytes, cJSON %s at %td\n", end,
                    c ? "ends" : "fails", cend ? cend - buf : -1);
            abort();
        }
        cJSON_Delete(c);
    }

    char *pruned = fi_import_once(buf, len, false);
    char *whole = fi_import_once(buf, len, true);
    if (strcmp(pruned, whole) != 0) {
        fprintf(stderr, "pruned import:\n%s\nwhole import:\n%s\n", pruned, whole);
        abort();
    }
    free(pruned);
    free(whole);
    free(buf);
    return 0;
}
