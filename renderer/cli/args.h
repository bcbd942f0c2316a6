/* args — option values that several subcommands take, parsed one way so
 * that `--size 1920x1080` or `--from 2026-07-01` mean the same everywhere.
 * Each parser returns 0, or -1 with a message for staff in err (no prefix:
 * the caller adds "vitrine COMMAND: --option: "). */
#ifndef VITRINE_CLI_ARGS_H
#define VITRINE_CLI_ARGS_H

#include <stddef.h>

#include "model/civil.h"

/* Parses "WxH" (or "WXH") into *w and *h, each from ARGS_SIZE_MIN to max
 * pixels. *w and *h are left alone on error. */
#define ARGS_SIZE_MIN 64
int args_size(const char *s, int max, int *w, int *h, char *err, size_t errsz);

/* Parses a date alone, "YYYY-MM-DD", into its midnight (a civil time).
 * A date with a time is refused. *out is left alone on error. */
int args_date(const char *s, civil_t *out, char *err, size_t errsz);

#endif
