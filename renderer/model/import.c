/* import — the import run: its creation and end, per-object warnings and
 * the summary, and the hand-over of a parsed document to its format's
 * mapper (see import.h and docs/importers.md). The rest of the importers:
 * import_detect.c (formats), import_read.c (files), import_draft.c and
 * import_emit.c (an object to an item), import_folder.c, import_clean.c and
 * the three mappers. */
#include "model/import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/import_priv.h"
#include "model/util.h"

importer_t *import_create(const char *name, const char *base_dir, civil_t ref, diag_t *diag,
                          diag_t *warn)
{
    importer_t *im = xcalloc(1, sizeof *im);
    im->b = fb_create(name, base_dir, diag);
    im->name = xstrdup(name);
    im->diag = diag;
    im->warn = warn;
    im->ref = ref == CIVIL_NONE ? import_now() : ref;
    im->diag_start = diag_count(diag);
    return im;
}

void import_abort(importer_t *im)
{
    if (!im)
        return;
    if (im->b)
        fb_abort(im->b);
    free(im->d.periods);
    free(im->seen.v);
    free(im->sigs.v);
    jprune_free(im->jp);
    tz_free(im->zone);
    free(im->filebuf);
    free(im->docname);
    free(im->name);
    free(im);
}

void import_get_stats(const importer_t *im, struct import_stats *out)
{
    *out = im->st;
}

int imp_line_of(struct importer *im, const char *needle)
{
    if (!im->buf || !needle || !*needle)
        return im->cursor_line;
    const char *from = im->buf + im->cursor;
    const char *hit = memmem(from, im->len - im->cursor, needle, strlen(needle));
    if (!hit)
        return im->cursor_line;
    for (const char *p = from; (p = memchr(p, '\n', (size_t)(hit - p))) != NULL; p++)
        im->cursor_line++;
    im->cursor = (size_t)(hit - im->buf);
    return im->cursor_line;
}

void imp_warn(struct importer *im, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    char *full = im->d.id ? xasprintf("object %s: %s", im->d.id, msg) : xstrdup(msg);
    if (im->warn)
        diag_add(im->warn, im->doc, line, "%s", full);
    else if (line > 0)
        log_msg(LV_WARN, "%s:%d: %s", im->doc, line, full);
    else
        log_msg(LV_WARN, "%s: %s", im->doc, full);
    free(full);
    free(msg);
}

void imp_skip_type(struct importer *im, const char *type)
{
    im->st.skipped++;
    im->nskipped_types++;
    if (!type)
        type = "(no type)";
    for (int i = 0; i < im->nunknown; i++) {
        if (strcmp(im->unknown[i].name, type) == 0) {
            im->unknown[i].n++;
            return;
        }
    }
    if (im->nunknown < (int)(sizeof im->unknown / sizeof im->unknown[0])) {
        snprintf(im->unknown[im->nunknown].name, sizeof im->unknown[0].name, "%s", type);
        im->unknown[im->nunknown++].n = 1;
    }
}

int import_add_json(importer_t *im, const cJSON *root, const char *buf, size_t len,
                    const char *name, enum import_format fmt)
{
    enum import_format found = import_detect(root);
    if (fmt == IMPORT_UNKNOWN)
        fmt = found;
    if (fmt == IMPORT_NATIVE || fmt == IMPORT_UNKNOWN) {
        diag_add(im->diag, name, 0,
                 fmt == IMPORT_NATIVE
                     ? "this is a vitrine feed, not a SIT export; use it as a feed directly"
                     : "not a DATAtourisme, Apidae or Tourinsoft export: expected JSON-LD "
                       "objects with @type, an Apidae objetsTouristiques list, or a Tourinsoft "
                       "{\"d\":{\"results\":[...]}} or {\"value\":[...]} document");
        return -1;
    }
    if (found != fmt && found != IMPORT_UNKNOWN) {
        diag_add(im->diag, name, 0, "declared as %s but looks like %s; check --from",
                 import_format_name(fmt), import_format_name(found));
        return -1;
    }
    if (found == IMPORT_UNKNOWN) {
        diag_add(im->diag, name, 0, "does not look like a %s export; check --from",
                 import_format_name(fmt));
        return -1;
    }
    size_t before = im->st.items;
    free(im->docname);
    im->docname = xstrdup(name);
    im->doc = im->docname;
    im->buf = buf;
    im->len = buf ? len : 0;
    im->cursor = 0;
    im->cursor_line = 1;
    if (fmt == IMPORT_DATATOURISME)
        import_datatourisme(im, root);
    else if (fmt == IMPORT_APIDAE)
        import_apidae(im, root);
    else
        import_tourinsoft(im, root);
    im->buf = NULL;
    return (int)(im->st.items - before);
}

static void summary(importer_t *im)
{
    char extra[512] = "";
    size_t o = 0;
    for (int i = 0; i < im->nunknown && o < sizeof extra; i++)
        o += (size_t)snprintf(extra + o, sizeof extra - o, "%s%s ×%d", i ? ", " : " (",
                              im->unknown[i].name, im->unknown[i].n);
    if (im->nunknown && o < sizeof extra)
        snprintf(extra + o, sizeof extra - o, ")");
    log_msg(LV_INFO,
            "%s: imported %zu items from %zu objects; %zu skipped%s; %zu replaced by a later "
            "copy; %zu duplicates left out; %zu events already over",
            im->name, im->st.items, im->st.objects, im->st.skipped, extra, im->st.replaced,
            im->st.duplicates, im->st.past);
    if (im->nunknown)
        log_msg(LV_WARN, "%s: %zu objects of types vitrine does not show were skipped%s", im->name,
                im->nskipped_types, extra);
}

feed_t *import_finish(importer_t *im)
{
    summary(im);
    bool failed = diag_count(im->diag) > im->diag_start;
    feed_t *f = fb_finish(im->b);
    im->b = NULL;
    import_abort(im);
    if (failed && f) {
        feed_free(f);
        f = NULL;
    }
    return f;
}

int import_fill(fb_t *b, const cJSON *root, const char *buf, size_t len, enum import_format fmt,
                civil_t ref)
{
    diag_t *diag = diag_create();
    importer_t *im = xcalloc(1, sizeof *im);
    im->b = b;
    im->diag = diag;
    const char *name = fb_name(b);
    im->name = xstrdup(name);
    im->ref = ref == CIVIL_NONE ? import_now() : ref;
    int n = import_add_json(im, root, buf, len, name, fmt);
    if (n >= 0)
        summary(im);
    size_t skip = strlen(name) + 2; /* "NAME: " is the builder's to add */
    for (size_t i = 0; i < diag_count(diag) && diag_get(diag, i); i++)
        fb_error(b, 0, "%s", strlen(diag_get(diag, i)) > skip ? diag_get(diag, i) + skip : "?");
    im->b = NULL; /* the loader's */
    import_abort(im);
    diag_free(diag);
    return n;
}

feed_t *import_load_json(const cJSON *root, const char *buf, size_t len, const char *name,
                         const char *base_dir, enum import_format fmt, civil_t ref, diag_t *diag)
{
    importer_t *im = import_create(name, base_dir, ref, diag, NULL);
    if (import_add_json(im, root, buf, len, name, fmt) < 0) {
        import_abort(im);
        return NULL;
    }
    return import_finish(im);
}
