/* path — keeps file names that come from content (a feed's images and logo,
 * drop-folder files and their sidecars) inside the folder they belong to.
 * A name may be lexically clean and still lead out through a symbolic link,
 * so the check is made on the canonical path (realpath), after every link is
 * followed. See docs/security.md. No SDL. */
#ifndef VITRINE_MODEL_PATH_H
#define VITRINE_MODEL_PATH_H

#include <stddef.h>

/* Results of path_contain. */
enum path_result {
    PATH_OK,      /* inside the folder; *out is the canonical path */
    PATH_MISSING, /* the file (or the folder) does not exist (yet) */
    PATH_OUTSIDE, /* it exists but lies outside the folder: refused */
};

/* Resolves ref (relative to root, or absolute) and checks that the file it
 * finally names lies inside root. On PATH_OK *out is a heap string the
 * caller frees; otherwise *out is NULL and err holds a one-line reason for
 * staff, naming ref, where it leads and the fix, e.g. "'affiche.jpg' is a
 * link to /etc/passwd, outside content/: copy the file itself into the
 * folder". root NULL or "" means the current directory. */
enum path_result path_contain(const char *root, const char *ref, char **out, char *err,
                              size_t errsz);

#endif
