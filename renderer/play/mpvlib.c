/* mpvlib — libmpv through dlopen (see mpvlib.h). */
#include "play/mpvlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mpvlib_load(struct mpvlib *L, char *err, size_t errsz)
{
    memset(L, 0, sizeof *L);
    const char *name = getenv("VITRINE_TEST_LIBMPV");
    if (!name || !name[0])
        name = MPVLIB_SONAME;
    L->dl = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!L->dl) {
        const char *why = dlerror();
        snprintf(err, errsz,
                 "libmpv cannot be loaded (%s): install the package %s (scripts/deps.sh)",
                 why ? why : name, MPVLIB_PACKAGE);
        return -1;
    }
    const char *missing = NULL;
    /* A void * from dlsym stored into a function pointer: POSIX allows it,
     * ISO C has no word for it, hence the memcpy. */
#define MPVLIB_RESOLVE(fn)                                                                        \
    {                                                                                             \
        void *p = dlsym(L->dl, "mpv_" #fn);                                                       \
        if (!p && !missing)                                                                       \
            missing = "mpv_" #fn;                                                                 \
        memcpy(&L->fn, &p, sizeof p);                                                             \
    }
    MPVLIB_FUNCS(MPVLIB_RESOLVE)
#undef MPVLIB_RESOLVE
    if (missing) {
        snprintf(err, errsz,
                 "%s lacks %s (too old a libmpv): install the package %s of Debian 12 or later "
                 "(scripts/deps.sh)",
                 name, missing, MPVLIB_PACKAGE);
        mpvlib_unload(L);
        return -1;
    }
    return 0;
}

void mpvlib_unload(struct mpvlib *L)
{
    if (L->dl)
        dlclose(L->dl);
    memset(L, 0, sizeof *L);
}
