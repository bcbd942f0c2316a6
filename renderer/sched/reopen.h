/* reopen — the office after hours: whether it is closed now by its opening
 * hours, and the sentence that tells passers-by when it opens again
 * ("Réouverture demain à 9 h 30"), in the slide's language. Pure; the moment
 * comes in through the rule context. */
#ifndef VITRINE_SCHED_REOPEN_H
#define VITRINE_SCHED_REOPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/item.h"
#include "model/tz.h"
#include "sched/rules.h"

/* Whether opening hours h (the office's, from the feed's settings) are
 * closed at c's moment, public holidays included. False without hours:
 * an office that gave none is never "after hours". */
bool office_closed(const struct rule_ctx *c, const struct week_hours *h, bool has_hours);

/* Writes when hours h open next after c's moment, in l:
 * fr "Réouverture aujourd’hui à 14 h", "Réouverture demain à 9 h 30",
 * "Réouverture mardi 2 janvier à 9 h"; eu "Berriro irekiko dugu: bihar, 9:30";
 * es "Reabrimos mañana a las 9:30"; en "Reopens tomorrow at 9:30".
 * "" when they do not open within 8 days (a long closure: the slide then
 * says only "Fermé"). z is the feed's zone. */
void label_reopen(const tz_t *z, const struct rule_ctx *c, const struct week_hours *h, enum lang l,
                  char *buf, size_t size);

#endif
