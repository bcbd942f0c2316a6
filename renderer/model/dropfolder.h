/* dropfolder — the staff drop folder: every complete image or film (.mp4, .mkv,
 * .webm, .mov; docs/video.md) in it becomes a
 * poster item. A sidecar with the same base name (.xml or .json, with the
 * fields of a feed item) adds a caption and a schedule; a name starting with
 * dates ("2026-07-01_2026-07-15 Fête.jpg", or one date for "from") sets the
 * dates; a sub-folder named after a screen targets that screen only.
 * Files still being written are left out until they are complete, so the
 * scan remembers what it saw last time. No SDL; the clock is passed in. */
#ifndef VITRINE_MODEL_DROPFOLDER_H
#define VITRINE_MODEL_DROPFOLDER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/diag.h"
#include "model/feed.h"

typedef struct drop drop_t;

/* A file must look unchanged (same size and time, not open for writing) for
 * this long before it is used; the watcher adds its own quiet second. */
#define DROP_SETTLE_MS 500

/* True for names that are never content: dot files, "~$" Office locks,
 * ".part", ".tmp", ".crdownload", ".swp" and "name~" backups. */
bool drop_ignored_name(const char *name);

/* A scanner for the folder dir, for the screen with id screen ("" or NULL:
 * no screen sub-folder applies). Both strings are copied. */
drop_t *drop_create(const char *dir, const char *screen);
void drop_free(drop_t *d);

/* Scans the folder at wall-clock time now_ms (milliseconds since the epoch,
 * compared with file times). Returns a feed of poster items, one per complete
 * image, sorted by file name (an empty feed when the folder is missing or
 * empty); the caller frees it. A poster whose sidecar has a problem is left
 * out and the problem goes to diag as "FILE:LINE: message". *pending is set
 * when some file is still settling: scan again DROP_SETTLE_MS later. */
feed_t *drop_scan(drop_t *d, int64_t now_ms, bool *pending, diag_t *diag);

/* For `vitrine check`: when path is a sidecar (an image with the same base
 * name sits beside it), checks it as the drop folder would, adding problems
 * to diag, and returns 0 (valid) or -1. Returns 1 when path is no sidecar. */
int drop_check_sidecar(const char *path, diag_t *diag);

/* The sub-folder for this screen ("DIR/SCREEN"), or NULL when no screen is set. */
const char *drop_screen_dir(const drop_t *d);

#endif
