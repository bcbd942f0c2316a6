/* watch — tells when files in watched folders change, with inotify. Folders,
 * not files, are watched, since editors and copies replace files by rename.
 * Each folder carries a tag bit; changes are debounced: a tag becomes due once
 * its folder has been quiet for debounce_ms (or 3 debounce periods after the
 * first change, if it never goes quiet). Dot files and temporary files
 * (.part, .tmp, ~$..., ...~) are ignored. A watched folder that is moved,
 * deleted or replaced is followed by its name: the watch moves to whatever
 * folder has that name now (looked for every second while there is none),
 * and its tag becomes due. */
#ifndef VITRINE_PLAY_WATCH_H
#define VITRINE_PLAY_WATCH_H

#include <stdint.h>

typedef struct watch watch_t;

/* Returns a watcher, or NULL (logged) when inotify is unavailable. */
watch_t *watch_create(int debounce_ms);
void watch_free(watch_t *w);

/* Watches the folder dir; its changes mark the bits of tag. Watching the same
 * folder again adds the bits. Returns 0, or -1 (logged once per folder) when
 * the folder cannot be watched (e.g. it does not exist yet). */
int watch_add(watch_t *w, const char *dir, unsigned tag);

/* The file descriptor to poll for reading. */
int watch_fd(const watch_t *w);

/* Drains every pending event (until EAGAIN) and arms the debounce of the tags
 * concerned. now_ms is a monotonic clock. Returns the tags touched. */
unsigned watch_read(watch_t *w, int64_t now_ms);

/* Returns the tags whose debounce has expired at now_ms, and clears them. */
unsigned watch_due(watch_t *w, int64_t now_ms);

/* Milliseconds until the next tag is due (0 if one is due) or a lost folder
 * is looked for again, or -1 if none is armed. */
int watch_timeout(const watch_t *w, int64_t now_ms);

#endif
