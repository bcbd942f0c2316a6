/* spool — proof of play waiting to be sent, on disk: the play logs
 * themselves (STATE/playlog-YYYY-MM.jsonl, append-only, one JSON line per
 * showing) read from a cursor kept in STATE/fleet-spool.json. A record is
 * handed out to be published; the cursor moves past it only once the broker
 * acknowledged it (and every record before it), and is saved atomically, so
 * a power cut, a kill -9 or a broker outage of days loses nothing: what was
 * not acknowledged is handed out again, with the same id, and the
 * collector's table drops the copies.
 *
 * A record's id is "EPOCH-YYYY-MM-OFFSET": the line's place in its month's
 * file. Should a power cut leave a play log shorter than the cursor (lines
 * written but not yet on the card), the epoch goes up, so that the new lines
 * written at those offsets get new ids. Lines that are not complete JSON
 * objects yet (being written) wait; torn ones (a power cut) are skipped.
 * One thread only (the fleet client's). */
#ifndef VITRINE_FLEET_SPOOL_H
#define VITRINE_FLEET_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct spool spool_t;

struct spool_rec {
    uint64_t seq; /* the handle for spool_ack */
    char rid[48]; /* the record's id, unique for this screen */
    char *line;   /* the play log line, without its newline (heap, freed by the spool) */
    size_t len;
};

/* Opens the spool of the play logs in dir; the cursor starts where the saved
 * one says, or at the start of the oldest play log. Returns NULL (logged) when
 * dir cannot be read. */
spool_t *spool_open(const char *dir);

/* Saves the cursor if it moved, then frees. NULL is a no-op. */
void spool_close(spool_t *s);

/* The next record after the last one handed out, in out (valid until the
 * next call); false when there is none yet. Reads at most one line. */
bool spool_next(spool_t *s, struct spool_rec *out);

/* Record seq was acknowledged. The cursor moves over the acknowledged prefix
 * and is saved at most every save_ms milliseconds (spool_save forces). */
void spool_ack(spool_t *s, uint64_t seq);

/* Everything handed out and not acknowledged will be handed out again (after
 * a reconnection). */
void spool_rewind(spool_t *s);

/* Writes the cursor now if it moved since the last save. Returns 0, or -1
 * (logged once). */
int spool_save(spool_t *s);

/* Records handed out and not acknowledged. */
size_t spool_inflight(const spool_t *s);

/* Acknowledged records since the spool was opened; bytes of play log not yet
 * acknowledged (the backlog), for the status. */
uint64_t spool_acked(const spool_t *s);
int64_t spool_backlog(spool_t *s);

#endif
