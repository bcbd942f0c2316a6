/* What the memory tests of feed loading (test_feed_memory, test_feed_peak)
 * share: the lean feed that scripts/bench-load.sh measures, in XML or JSON. */
#ifndef VITRINE_TESTS_FEED_GEN_H
#define VITRINE_TESTS_FEED_GEN_H

#include <stdbool.h>
#include <stdio.h>

#include "model/util.h"

/* Lean items: events with a title, a start and a venue, ids prefix-N. */
static char *lean_ids(size_t n, bool xml, const char *prefix)
{
    size_t cap = n * 200 + 400, len = 0;
    char *doc = xmalloc(cap);
    len += (size_t)snprintf(
        doc, cap, xml ? "<feed version=\"1\"><items>\n" : "{\"version\": 1, \"items\": [\n");
    for (size_t i = 0; i < n; i++) {
        int mo = (int)(i % 12) + 1, d = (int)(i % 28) + 1;
        if (xml)
            len += (size_t)snprintf(doc + len, cap - len,
                                    "<event id=\"%s-%zu\"><title>Concert du chœur numéro %zu"
                                    "</title><start>2026-%02d-%02dT20:30</start><venue>Église "
                                    "Saint-Laurent</venue></event>\n",
                                    prefix, i, i, mo, d);
        else
            len += (size_t)snprintf(doc + len, cap - len,
                                    "{\"kind\": \"event\", \"id\": \"%s-%zu\", \"title\": "
                                    "\"Concert du chœur numéro %zu\", \"start\": "
                                    "\"2026-%02d-%02dT20:30\", \"venue\": \"Église "
                                    "Saint-Laurent\"}%s\n",
                                    prefix, i, i, mo, d, i + 1 < n ? "," : "");
    }
    snprintf(doc + len, cap - len, xml ? "</items></feed>\n" : "]}\n");
    return doc;
}

static char *lean(size_t n, bool xml)
{
    return lean_ids(n, xml, "ev");
}

#endif
