/* args — option values that several subcommands take, parsed one way so
 * that `--size 1920x1080` or `--from 2026-07-01` mean the same everywhere.
 * Each parser returns 0, or -1 with a message for staff in err (no prefix:
 * the caller adds "vitrine COMMAND: --option: "). */
#ifndef VITRINE_CLI_ARGS_H
#define VITRINE_CLI_ARGS_H

#include <stddef.h>

#include "model/civil.h"
#include "model/config.h"
#include "model/diag.h"
#include "model/feed.h"

/* Parses "WxH" (or "WXH") into *w and *h, each from ARGS_SIZE_MIN to max
 * pixels. *w and *h are left alone on error. */
#define ARGS_SIZE_MIN 64
int args_size(const char *s, int max, int *w, int *h, char *err, size_t errsz);

/* Parses a date alone, "YYYY-MM-DD", into its midnight (a civil time).
 * A date with a time is refused. *out is left alone on error. */
int args_date(const char *s, civil_t *out, char *err, size_t errsz);

/* The configuration as the player reads it, for every subcommand that must
 * agree with it (play, schedule, render): the defaults, then file (as
 * config_find picks it: -c, ./vitrine.conf, /etc/vitrine/vitrine.conf),
 * then each "KEY=VALUE" of sets[0..nsets), then theme, screen and feed when
 * not NULL. Returns it (free with config_free), or NULL after printing every
 * problem to stderr, with how to check the file, prefixed "vitrine cmd". */
struct config *args_config(const char *cmd, const char *file, char *const *sets, int nsets,
                           const char *theme, const char *screen, const char *feed);

/* What the player configured by cfg shows, loaded at once (model/content.h):
 * its sources (URLs from the copies the player downloaded into its cache),
 * its drop folder for cfg's screen, its overlays, merged. Problems go to
 * diag; *failed counts the sources that did not load. Never NULL. */
feed_t *args_content(const struct config *cfg, diag_t *diag, size_t *failed);

/* "content/feed.xml + drop folder content/drop": what args_content read,
 * for headers. A heap string. */
char *args_content_name(const struct config *cfg);

#endif
