/* notice — the urgent notice staff send to one screen or to all (the command
 * "notice" of play/command): one takeover slide of kind notice whose title is
 * the text, until its expiry. It is kept in STATE/notice.json, so that a
 * player restarted before the expiry shows it again. The loader (play/reload)
 * merges it after every other source. */
#ifndef VITRINE_PLAY_NOTICE_H
#define VITRINE_PLAY_NOTICE_H

#include "model/feed.h"
#include "play/command.h"

/* The id of the notice's item in the merged feed. */
#define NOTICE_ID "vitrine-notice"

/* The one-item feed of notice c (a CMD_NOTICE), its expiry read in the
 * office's time zone zone (e.g. "Europe/Paris") when it names no offset.
 * NULL when c has no text (the notice is cleared). */
feed_t *notice_feed(const struct cmd *c, const char *zone);

/* Keeps c as STATE/notice.json (atomically), or removes the file when c has
 * no text. Returns 0, or -1 after logging. */
int notice_save(const char *state_dir, const struct cmd *c);

/* The notice kept in STATE/notice.json into out (release with cmd_clear).
 * Returns 0, or -1 when there is none (a damaged file is logged and
 * removed). */
int notice_restore(const char *state_dir, struct cmd *out);

#endif
