/* feed_load — the front door of loading: reads a feed file or buffer,
 * checks its size, detects the format from its first character and hands it
 * to the XML or JSON loader, then finishes the builder. A JSON document
 * that is not a vitrine feed is offered to the importers from here, so that
 * the JSON loader knows no importer and the importers no loader; feed.c
 * below them all knows none, so nothing loops. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/feed_priv.h"
#include "model/import.h"
#include "model/util.h"

/* The reader feed_json_fill offers JSON documents that are not vitrine
 * feeds: a tourism-database export (DATAtourisme, Apidae, Tourinsoft) is
 * imported, dates as of now; anything else is left to the JSON loader to
 * report. */
static int import_other(fb_t *b, const cJSON *root, const char *buf, size_t len)
{
    enum import_format sit = import_detect(root);
    if (sit == IMPORT_NATIVE || sit == IMPORT_UNKNOWN)
        return -1;
    import_fill(b, root, buf, len, sit, CIVIL_NONE);
    return 0;
}

feed_t *feed_load_mem(const char *buf, size_t len, const char *name, const char *base_dir,
                      diag_t *diag)
{
    if (!name)
        name = "feed";
    if (len > FEED_MAX_BYTES) {
        diag_add(diag, name, 0,
                 "the feed is %zu bytes, more than the limit of %u MiB; "
                 "split it or remove old items",
                 len, FEED_MAX_BYTES >> 20);
        return NULL;
    }
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    int line = 1;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        line += buf[i++] == '\n';
    if (i == len) {
        diag_add(diag, name, 1,
                 "the file is empty: a feed starts with <feed version=\"1\"> "
                 "(XML) or {\"version\": 1, ...} (JSON)");
        return NULL;
    }
    fb_t *b = fb_create(name, base_dir, diag);
    if (buf[i] == '<') {
        feed_xml_fill(b, buf, len);
    } else if (buf[i] == '{' || buf[i] == '[') {
        feed_json_fill(b, buf, len, import_other);
    } else {
        fb_error(b, line,
                 "this is neither an XML feed (starting with <) nor a JSON feed "
                 "(starting with {); check that it is the right file");
        fb_abort(b);
        return NULL;
    }
    return fb_finish(b);
}

feed_t *feed_load(const char *path, diag_t *diag)
{
    size_t len = 0;
    char *buf = read_file(path, FEED_MAX_BYTES, &len);
    if (!buf) {
        if (errno == EFBIG)
            diag_add(diag, path, 0,
                     "the feed is larger than the limit of %u MiB; split it "
                     "or remove old items",
                     FEED_MAX_BYTES >> 20);
        else
            diag_add(diag, path, 0, "cannot read the file: %s", strerror(errno));
        return NULL;
    }
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        strcpy(dir, ".");
    feed_t *f = feed_load_mem(buf, len, path, dir, diag);
    free(dir);
    free(buf);
    return f;
}
