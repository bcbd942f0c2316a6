#include <string.h>

#include "model/item.h"

static const char *const kind_names[KIND_COUNT] = {
    "provider", "event", "ticket", "place", "notice", "poster", "ticker",
};

const char *kind_name(enum item_kind k)
{
    return (unsigned)k < KIND_COUNT ? kind_names[k] : "?";
}

int kind_parse(const char *name, enum item_kind *out)
{
    for (int i = 0; i < KIND_COUNT; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (enum item_kind)i;
            return 0;
        }
    }
    return -1;
}

static const char *const status_names[EVENT_STATUS_COUNT] = {
    "scheduled", "cancelled", "postponed", "sold_out", "suspended",
};

const char *event_status_name(enum event_status s)
{
    return (unsigned)s < EVENT_STATUS_COUNT ? status_names[s] : "?";
}

int event_status_parse(const char *name, enum event_status *out)
{
    for (int i = 0; i < EVENT_STATUS_COUNT; i++) {
        if (strcmp(name, status_names[i]) == 0) {
            *out = (enum event_status)i;
            return 0;
        }
    }
    return -1;
}
