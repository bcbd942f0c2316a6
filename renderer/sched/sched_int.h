/* sched_int — the scheduler's entry points below sched_set_feed, so that tests
 * and tools can schedule plain arrays of struct item without building a
 * feed. Internal to sched/ and tests. */
#ifndef VITRINE_SCHED_SCHED_INT_H
#define VITRINE_SCHED_SCHED_INT_H

#include <stddef.h>

#include "model/item.h"
#include "sched/sched.h"

/* Schedules items[0..n) with settings st (all borrowed: keep them alive until
 * the next call or sched_free). The rotation keeps its place for items whose
 * id is still present. Switches the zone to st->timezone when it names a
 * different one; an unknown zone is logged and the current one kept. */
void sched_set_items(sched_t *s, const struct item *const *items, size_t n,
                     const struct feed_settings *st);

/* Same, but the scheduler takes ownership of the heap array items (the items
 * themselves stay borrowed) and frees it with the next call or sched_free. */
void sched_set_items_owned(sched_t *s, const struct item **items, size_t n,
                           const struct feed_settings *st);

/* The settings a feed has when it gives none (as docs/feed-format.md lists). */
void sched_default_settings(struct feed_settings *st);

#endif
