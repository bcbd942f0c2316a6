/* labels — words computed at play time, in the slide's language: an event's
 * relative date ("Demain", "Dans 3 jours") and a partner's opening state
 * ("Ouvert · ferme à 18 h"). Pure; internal to sched/. */
#ifndef VITRINE_SCHED_LABELS_H
#define VITRINE_SCHED_LABELS_H

#include <stddef.h>

#include "model/item.h"
#include "sched/rules.h"

/* Writes the relative date of event start (wall-clock) seen from c's moment:
 * "Aujourd'hui", "En ce moment" (begun on an earlier day, not ended), "Ce
 * soir" (today from 18:00), "Demain",
 * "Ce week-end" (Saturday or Sunday of this week), "Dans N jours" (up to 6),
 * else "". end is the event's derived end (see event_end). */
void label_when(const struct rule_ctx *c, civil_t start, bool date_only, civil_t end, enum lang l,
                char *buf, size_t size);

/* Writes an item's relative date ("" unless it is an event). An event under
 * way on some weekdays only (its schedule's days) says its next day:
 * "Demain" for a Tuesday market seen on a Monday. */
void label_item_when(const struct rule_ctx *c, const struct item *it, enum lang l, char *buf,
                     size_t size);

/* Writes a partner's state from its opening hours: "Ouvert · ferme à 18 h",
 * "Fermé · ouvre à 14 h" when it reopens later today, else "Fermé"; "" for
 * an item without opening hours. */
void label_status(const struct rule_ctx *c, const struct item *it, enum lang l, char *buf,
                  size_t size);

#endif
