/* sched_feed — sched_set_feed, the thin layer between a loaded feed and the
 * rotation, kept apart so that the rotation links without the loaders. */
#include <stdlib.h>

#include "model/util.h"
#include "sched/sched_int.h"

void sched_set_feed(sched_t *s, const feed_t *feed)
{
    size_t n = feed ? feed_count(feed) : 0;
    const struct item **v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = feed_item(feed, i);
    sched_set_items_owned(s, v, n, feed ? feed_settings(feed) : NULL);
}
