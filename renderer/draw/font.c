#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "draw/font.h"
#include "model/util.h"

#define FONT_DEFAULT_FAMILY "DejaVu Sans"
#define FONT_LAST_RESORT    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* Matches pattern; returns the file and whether the family is the asked one. */
static char *match(FcPattern *pat, bool *family_ok)
{
    char *path = NULL;
    FcChar8 *want = NULL, *got = NULL, *file = NULL;
    FcResult res;
    FcPattern *m = NULL;
    FcPattern *p = FcPatternDuplicate(pat);
    if (!p)
        goto out;
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    m = FcFontMatch(NULL, p, &res);
    if (!m || FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
        goto out;
    if (access((const char *)file, R_OK) != 0)
        goto out;
    path = xstrdup((const char *)file);
    *family_ok = true;
    if (FcPatternGetString(pat, FC_FAMILY, 0, &want) == FcResultMatch) {
        *family_ok = false;
        for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &got) == FcResultMatch; i++)
            if (strcasecmp((const char *)want, (const char *)got) == 0)
                *family_ok = true;
    }
out:
    if (m)
        FcPatternDestroy(m);
    if (p)
        FcPatternDestroy(p);
    return path;
}

char *font_resolve(const char *name, char *warn, size_t warnsz, char *err, size_t errsz)
{
    char *path = NULL;
    bool ok = false;
    warn[0] = 0;
    err[0] = 0;
    FcPattern *pat = NULL;
    if (!FcInit()) {
        snprintf(err, errsz, "fontconfig cannot start; install %s", FONT_PACKAGE);
        goto last_resort;
    }
    pat = FcNameParse((const FcChar8 *)(name && *name ? name : FONT_DEFAULT_FAMILY));
    if (!pat) {
        snprintf(warn, warnsz, "font '%s' is not a valid fontconfig name; using %s", name,
                 FONT_DEFAULT_FAMILY);
        pat = FcNameParse((const FcChar8 *)FONT_DEFAULT_FAMILY);
        if (!pat)
            goto last_resort;
    }
    path = match(pat, &ok);
    if (path && ok)
        goto done;
    /* Not installed: keep weight and slant, change the family to DejaVu. */
    free(path);
    path = NULL;
    FcPatternDel(pat, FC_FAMILY);
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)FONT_DEFAULT_FAMILY);
    path = match(pat, &ok);
    if (path) {
        if (!warn[0])
            snprintf(warn, warnsz, "font '%s' is not installed; using %s instead", name,
                     ok ? FONT_DEFAULT_FAMILY : path);
        goto done;
    }
last_resort:
    if (access(FONT_LAST_RESORT, R_OK) == 0) {
        path = xstrdup(FONT_LAST_RESORT);
        goto done;
    }
    snprintf(err, errsz,
             "no usable font found for '%s'; install the package %s "
             "(apt-get install %s)",
             name ? name : "", FONT_PACKAGE, FONT_PACKAGE);
done:
    if (pat)
        FcPatternDestroy(pat);
    return path;
}
