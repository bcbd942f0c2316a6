/* mpvlib — libmpv loaded when the first film needs it (dlopen), so that the
 * processes that never show one (console, check without films, collect, a
 * player whose feed has none) do not map libmpv and ffmpeg's libraries at
 * start-up (docs/performance.md).
 *
 * MPVLIB_FUNCS is the one list of the mpv_* functions vitrine calls: the
 * table below gets one pointer per entry, each of the type the header
 * declares, and mpvlib_load() resolves them all or none. The library stays
 * mapped once loaded (RTLD_NODELETE): mpv's threads may outlive a handle.
 *
 * VITRINE_TEST_LIBMPV, for tests only, names another file to load instead
 * of libmpv.so.2 (docs/video.md). */
#ifndef VITRINE_PLAY_MPVLIB_H
#define VITRINE_PLAY_MPVLIB_H

#include <stddef.h>

#include <mpv/client.h>
#include <mpv/render.h>
#include <mpv/render_gl.h>

/* Debian 12's libmpv2 (the runtime package of libmpv-dev). */
#define MPVLIB_SONAME  "libmpv.so.2"
#define MPVLIB_PACKAGE "libmpv2"

#define MPVLIB_FUNCS(X)                                                                           \
    X(command)                                                                                    \
    X(create)                                                                                     \
    X(error_string)                                                                               \
    X(free)                                                                                       \
    X(get_property)                                                                               \
    X(get_property_string)                                                                        \
    X(hook_add)                                                                                   \
    X(hook_continue)                                                                              \
    X(initialize)                                                                                 \
    X(observe_property)                                                                           \
    X(render_context_create)                                                                      \
    X(render_context_free)                                                                        \
    X(render_context_render)                                                                      \
    X(render_context_set_update_callback)                                                         \
    X(render_context_update)                                                                      \
    X(set_option_string)                                                                          \
    X(set_property_async)                                                                         \
    X(set_property_string)                                                                        \
    X(set_wakeup_callback)                                                                        \
    X(terminate_destroy)                                                                          \
    X(wait_event)

/* The functions, named without their mpv_ prefix: L->create() calls
 * mpv_create(). */
struct mpvlib {
    void *dl;
#define MPVLIB_FIELD(name) __typeof__(mpv_##name) *name;
    MPVLIB_FUNCS(MPVLIB_FIELD)
#undef MPVLIB_FIELD
};

/* Loads libmpv and fills L. Returns 0, or -1 with L zeroed and, in err, a
 * line for the technician naming the library and the package to install.
 * Any thread; cheap once the library is loaded. */
int mpvlib_load(struct mpvlib *L, char *err, size_t errsz);
/* Drops L's reference (the library itself stays mapped). L may be zeroed. */
void mpvlib_unload(struct mpvlib *L);

#endif
