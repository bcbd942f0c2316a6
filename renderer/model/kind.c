/* kind — the names of the model's enumerations, one list each: kinds of
 * item, transitions, priorities, holiday rules, event statuses. */
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

/* The index of name in names[0..n), skipping NULL entries; -1 if absent. */
static int find_name(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (names[i] && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static const char *const transition_names[] = {"default", "cut", "fade", "push", "wipe"};
static const char *const priority_names[] = {"normal", "high", "takeover"};
static const char *const holiday_names[] = {"any", "only", "except"};
static const char *const status_names[] = {"scheduled", "cancelled", "postponed", "sold_out",
                                           "suspended"};
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *transition_name(enum transition t)
{
    return (unsigned)t < (unsigned)N(transition_names) ? transition_names[t] : "default";
}

int transition_parse(const char *name, enum transition *out)
{
    int i = find_name(transition_names, N(transition_names), name);
    if (i <= 0) /* "default" is not written, it is the absence of one */
        return -1;
    *out = (enum transition)i;
    return 0;
}

const char *priority_name(enum priority p)
{
    return (unsigned)p < (unsigned)N(priority_names) ? priority_names[p] : "normal";
}

int priority_parse(const char *name, enum priority *out)
{
    int i = find_name(priority_names, N(priority_names), name);
    if (i < 0)
        return -1;
    *out = (enum priority)i;
    return 0;
}

const char *holiday_rule_name(enum holiday_rule h)
{
    return (unsigned)h < (unsigned)N(holiday_names) ? holiday_names[h] : "any";
}

int holiday_rule_parse(const char *name, enum holiday_rule *out)
{
    int i = find_name(holiday_names, N(holiday_names), name);
    if (i < 0)
        return -1;
    *out = (enum holiday_rule)i;
    return 0;
}

const char *event_status_name(enum event_status s)
{
    return (unsigned)s < (unsigned)N(status_names) ? status_names[s] : "scheduled";
}

int event_status_parse(const char *name, enum event_status *out)
{
    int i = find_name(status_names, N(status_names), name);
    if (i < 0)
        return -1;
    *out = (enum event_status)i;
    return 0;
}
