/* command — the player's inbox: one queue of staff commands for the main
 * loop, fed by two sources that speak the same JSON:
 *   - files dropped into STATE/inbox/ (written as a dot file, then renamed to
 *     NAME.json): a thread watches the folder (inotify), reads each file in
 *     name order, queues its command and deletes it; a bad file is logged once
 *     and deleted;
 *   - the fleet's MQTT client (fleet/), through cmd_push.
 * The commands (docs/fleet.md):
 *   {"cmd":"show","id":"ITEM"}      that item next, at once, then the rotation
 *   {"cmd":"reload"}                read every source again now
 *   {"cmd":"screenshot"}            save STATE/screenshot.png
 *   {"cmd":"notice","text":{"fr":"…","en":"…"},"until":"2026-12-07T18:00"}
 *                                   an urgent notice, a takeover until then
 *                                   (an empty text clears it)
 *   {"cmd":"power","on":false}      screen off (blank) until "on":true
 * Pushing is thread-safe; taking is for the render thread. */
#ifndef VITRINE_PLAY_COMMAND_H
#define VITRINE_PLAY_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/civil.h"
#include "model/lang.h"

enum cmd_kind { CMD_SHOW, CMD_RELOAD, CMD_SCREENSHOT, CMD_NOTICE, CMD_POWER };

#define CMD_ID_MAX    80
#define CMD_MAX_BYTES 65536 /* a bigger command is refused */

struct cmd {
    enum cmd_kind kind;
    char id[CMD_ID_MAX];    /* show: the item's id */
    char *text[LANG_COUNT]; /* notice: the text in each language (heap; NULL: none) */
    civil_t until;          /* notice: the expiry as written (wall clock) */
    bool until_has_offset;  /* the expiry named its offset ("Z", "+02:00") */
    int until_offset_s;     /* that offset, east positive */
    bool on;                /* power */
    char *json;             /* the command's text, as received (heap) */
    char from[24];          /* where it came from, for the log: "inbox", "mqtt" */
};

/* Parses one command. On success fills out (release with cmd_clear) and
 * returns 0; otherwise returns -1 with a one-line message in err naming the
 * member and the fix. */
int cmd_parse(const char *json, size_t len, struct cmd *out, char *err, size_t errsize);

/* Frees what a parsed command holds and zeroes it. */
void cmd_clear(struct cmd *c);

/* A deep copy of src into dst (release with cmd_clear). */
void cmd_copy(struct cmd *dst, const struct cmd *src);

/* The command's name ("show", "notice"...). */
const char *cmd_name(enum cmd_kind k);

/* The expiry of a notice as a UTC instant, the wall clock being read with
 * utc_offset_s when the command named no offset. */
int64_t cmd_until_utc(const struct cmd *c, int utc_offset_s);

typedef struct cmd_queue cmd_queue_t;

/* Called (from any thread) when a command was queued, e.g. to wake the loop. */
typedef void (*cmd_wake_fn)(void *ctx);

/* A queue; when state_dir is not NULL, also watches state_dir/inbox (created
 * if missing) on a thread of its own, after taking the files already there.
 * Returns NULL, logged, when the folder cannot be made or watched: the player
 * then runs without an inbox. */
cmd_queue_t *cmd_create(const char *state_dir, cmd_wake_fn wake, void *ctx);

/* Stops the watcher and frees every command still queued. NULL is a no-op. */
void cmd_free(cmd_queue_t *q);

/* Queues a copy of c (which keeps its own strings: the caller still clears
 * it). Thread-safe. */
void cmd_push(cmd_queue_t *q, const struct cmd *c);

/* Takes the oldest command into out (the caller clears it); false when the
 * queue is empty. */
bool cmd_take(cmd_queue_t *q, struct cmd *out);

#endif
