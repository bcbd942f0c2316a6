/* check_video — what `vitrine check` says about films (docs/video.md). */
#ifndef VITRINE_CLI_CHECK_VIDEO_H
#define VITRINE_CLI_CHECK_VIDEO_H

#include <stddef.h>

#include "model/diag.h"
#include "model/feed.h"

/* Probes the film at path. A film the player cannot show goes to diag as
 * where:line (returns -1); one that Raspberry Pi model pi (4, 5; 0: none)
 * would decode on its CPU gets a warning on stdout. what (may be NULL)
 * receives "h264 1920x1080 12.0 s, mp4". */
int check_video_file(const char *path, const char *where, int line, int pi, diag_t *diag,
                     char *what, size_t size);

/* Probes every item's film in f (relative to f's folder). Returns 0 or -1. */
int check_feed_videos(const feed_t *f, int pi, diag_t *diag);

#endif
