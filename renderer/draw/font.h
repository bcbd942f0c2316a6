/* font — fontconfig names ("DejaVu Sans:bold") to font files. */
#ifndef VITRINE_DRAW_FONT_H
#define VITRINE_DRAW_FONT_H

#include <stddef.h>

/* The package that provides the default font, named in start-up errors. */
#define FONT_PACKAGE "fonts-dejavu-core"

/* Resolves a fontconfig pattern to a font file. When the pattern's family is
 * not installed, falls back to DejaVu Sans (same weight and slant) and says
 * so in warn (warn[0] == 0 otherwise). Returns a heap path the caller frees,
 * or NULL when no font at all can be found (err says which package to
 * install). */
char *font_resolve(const char *name, char *warn, size_t warnsz, char *err, size_t errsz);

#endif
