/* tz — time zones read from the system tz database (TZif files under
 * /usr/share/zoneinfo), with the POSIX TZ footer rule extended over the years
 * the table does not list. Conversions are pure: they never look at the
 * process's TZ variable nor call localtime. In model/ because both the
 * scheduler and the importers (OData instants) need wall-clock times. */
#ifndef VITRINE_MODEL_TZ_H
#define VITRINE_MODEL_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "model/civil.h"

typedef struct tz tz_t;

#define TZ_DIR "/usr/share/zoneinfo"

/* Loads zone name ("Europe/Paris") from TZ_DIR. The name must be a relative
 * path without "..". Returns NULL with a message for staff in err when the
 * zone does not exist or its file is damaged. Free with tz_free. */
tz_t *tz_load(const char *name, char *err, size_t errsz);

/* Parses a TZif file (versions 1 to 4) held in memory; name is kept for
 * messages. Returns NULL with a message in err. */
tz_t *tz_parse(const unsigned char *buf, size_t len, const char *name, char *err, size_t errsz);

/* A zone described by a POSIX TZ rule alone ("CET-1CEST,M3.5.0,M10.5.0/3").
 * Returns NULL with a message in err when the rule does not parse. */
tz_t *tz_posix(const char *rule, char *err, size_t errsz);

/* Frees z. NULL is a no-op. */
void tz_free(tz_t *z);

/* The zone's name as loaded. */
const char *tz_name(const tz_t *z);

/* The offset from UTC in seconds (east positive) in force at instant t, and
 * its abbreviation ("CEST") when abbr is not NULL. */
int tz_offset(const tz_t *z, int64_t t, const char **abbr);

/* The wall-clock time at UTC instant t. */
civil_t tz_civil(const tz_t *z, int64_t t);

enum tz_match {
    TZ_UNIQUE,    /* the wall-clock time happens once */
    TZ_AMBIGUOUS, /* it happens twice (the hour repeated in autumn): the first is given */
    TZ_GAP,       /* it never happens (the hour skipped in spring): the instant the
                     clock jumps over it is given */
};

/* The UTC instant of wall-clock time c: the first one when c happens twice,
 * the instant of the jump when c is skipped. how (may be NULL) says which. */
int64_t tz_instant(const tz_t *z, civil_t c, enum tz_match *how);

/* A precomputed view of the few transitions around one instant, so that many
 * conversions near it (one scheduling decision) skip the binary search. */
struct tz_near {
    const tz_t *z;
    size_t lo, hi;              /* segment indexes covering [center - 5 days, center + 5 days] */
    civil_t civil_lo, civil_hi; /* wall-clock range the view converts exactly */
};

/* Prepares a view around instant t. */
void tz_near_init(struct tz_near *n, const tz_t *z, int64_t t);

/* Like tz_instant, for c inside the view's wall-clock range; outside it,
 * falls back to tz_instant. */
int64_t tz_near_instant(const struct tz_near *n, civil_t c, enum tz_match *how);

#endif
