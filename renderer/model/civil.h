/* civil — wall-clock dates and times, as written in a feed, with no time zone
 * attached. A civil_t counts seconds from 1970-01-01T00:00:00 on the wall
 * clock; turning it into a real instant is the scheduler's job (sched/tz). */
#ifndef VITRINE_MODEL_CIVIL_H
#define VITRINE_MODEL_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t civil_t;
#define CIVIL_NONE INT64_MIN

struct civil_fields {
    int year, month, day; /* 1..12, 1..31 */
    int hour, min, sec;
    int wday; /* 0 = Monday .. 6 = Sunday */
};

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), and back. */
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t days, int *y, int *m, int *d);

/* Builds a civil time; fields are not checked. */
civil_t civil_make(int y, int mo, int d, int h, int mi, int s);

/* Splits t into its fields. */
struct civil_fields civil_split(civil_t t);

/* Days in month m of year y. */
int civil_month_days(int y, int m);

/* Parses "YYYY-MM-DD" (date_only set true) or "YYYY-MM-DDTHH:MM[:SS]" (a
 * space may replace the T). Returns 0, or -1 with a message for staff in err,
 * e.g. "'2026-13-01' is not a valid date: month 13 does not exist; expected
 * YYYY-MM-DD". */
int civil_parse(const char *s, civil_t *out, bool *date_only, char *err, size_t errsz);

/* Parses "HH:MM" into minutes since midnight; "24:00" gives 1440. */
int civil_parse_hhmm(const char *s, int *minutes, char *err, size_t errsz);

/* Formats as "YYYY-MM-DD" when date_only, else "YYYY-MM-DDTHH:MM:SS". */
void civil_format(civil_t t, bool date_only, char *buf, size_t size);

/* Formats for people reading a report: "2026-09-13" when date_only, else
 * "2026-09-13 18:00" (no seconds, a space for the T). */
void civil_human(civil_t t, bool date_only, char *buf, size_t size);

#endif
