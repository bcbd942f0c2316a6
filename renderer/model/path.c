/* path — realpath-based containment of content file names. */
#include "model/path.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/util.h"

/* True when the canonical path p is root itself or below it. */
static bool below(const char *p, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return true;
    return strncmp(p, root, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

/* True when some component of joined, below root, is a symbolic link. */
static bool through_link(const char *root, const char *joined)
{
    char *p = xstrdup(joined);
    bool link = false;
    size_t skip = root && *root ? strlen(root) : 0;
    for (char *s = p + strlen(p); !link && s > p + skip;) {
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
            link = true;
        s = strrchr(p, '/');
        if (!s)
            break;
        *s = '\0';
    }
    free(p);
    return link;
}

enum path_result path_contain(const char *root, const char *ref, char **out, char *err,
                              size_t errsz)
{
    enum path_result res = PATH_MISSING;
    const char *r = root && *root ? root : ".";
    char *joined = ref[0] == '/' ? xstrdup(ref) : xasprintf("%s/%s", r, ref);
    char *real_root = realpath(r, NULL);
    char *real = realpath(joined, NULL);
    *out = NULL;
    err[0] = '\0';
    if (!real_root) {
        snprintf(err, errsz, "folder %s: %s", r, strerror(errno));
        goto done;
    }
    if (!real) {
        snprintf(err, errsz, "'%s': %s", ref, strerror(errno));
        goto done;
    }
    if (below(real, real_root)) {
        *out = real;
        real = NULL;
        res = PATH_OK;
        goto done;
    }
    res = PATH_OUTSIDE;
    if (ref[0] == '/')
        snprintf(err, errsz,
                 "'%s' is outside the folder %s: refused; copy the file into "
                 "that folder and name it relative to it",
                 ref, r);
    else if (through_link(r, joined))
        snprintf(err, errsz,
                 "'%s' is a symbolic link to %s, outside the folder %s: "
                 "refused; copy the file itself into the folder",
                 ref, real, r);
    else
        snprintf(err, errsz,
                 "'%s' leads outside the folder %s (to %s): refused; name a "
                 "file inside the folder, without '..'",
                 ref, r, real);
done:
    free(joined);
    free(real_root);
    free(real);
    return res;
}
