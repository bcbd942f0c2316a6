/* problem — the staff's words for what the player's loader and scheduler
 * find: one table from each stable code (model/feed.h enum feed_problem,
 * sched_why_codes) to a French sentence that says the fix in plain words.
 * The loader and the scheduler keep their technician's English for
 * `vitrine check` and `vitrine schedule`; the console shows these. */
#ifndef VITRINE_CONSOLE_PROBLEM_H
#define VITRINE_CONSOLE_PROBLEM_H

#include <stddef.h>

#include "model/diag.h"
#include "model/item.h"
#include "sched/sched.h"

/* The French sentence of a code, with its {value}, {min}, {max}... still to
 * fill, or NULL when the table has none. Codes: the names of feed_problem_name
 * ("end_before_start"), "why." and a name of sched_why_codes ("why.expired"),
 * and the console's own: "other" (a problem without a code), "not_object",
 * "override_value", "why.no_room". */
const char *problem_words(const char *code);

/* The code's name for a loader problem (info may be NULL): "other" when it
 * has no code. */
const char *problem_code(const struct diag_info *info);

/* The French message for a loader problem (info may be NULL: "other"); the
 * caller frees. */
char *problem_feed_fr(const struct diag_info *info);

/* The French reason why item it does not play ("why.no_room" when w is
 * NULL: eligible but never picked); the caller frees. */
char *problem_why_fr(const struct sched_why *w, const struct item *it);

#endif
