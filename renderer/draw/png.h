/* png — writes surfaces as PNG files, fast and atomically. Slides and
 * screenshots are opaque, so they are stored as RGB; the compression level is
 * chosen for speed (render writes dozens of full-HD slides per run, the
 * player a screenshot while it plays). */
#ifndef VITRINE_DRAW_PNG_H
#define VITRINE_DRAW_PNG_H

#include <stddef.h>

#include <SDL.h>

/* Writes s (any pixel format; alpha is dropped) to path through a temporary
 * file in the same folder, fsync'ed and renamed, so that readers never see
 * half a file. The bytes depend only on the pixels. Returns 0, or -1 with a
 * reason in err (disk full, no such folder...). Thread-safe. */
int png_save(SDL_Surface *s, const char *path, char *err, size_t errsz);

#endif
