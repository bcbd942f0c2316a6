#include "sched/labels.h"

#include <stdio.h>

#include "model/locale.h"

#define EVENING_MIN (18 * 60) /* an event starting from 18:00 today is "Ce soir" */

void label_when(const struct rule_ctx *c, civil_t start, bool date_only, civil_t end, enum lang l,
                char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (start == CIVIL_NONE)
        return;
    struct civil_fields f = civil_split(start);
    int64_t sday = days_from_civil(f.year, f.month, f.day);
    int64_t days = sday - c->today;
    if (days < 0) {
        /* Started on an earlier day: under way if it has not ended. */
        if (end != CIVIL_NONE && end > c->today * DAY_SECS)
            snprintf(buf, size, "%s", loc_string(LOC_NOW, l));
        return;
    }
    if (days == 0) {
        bool evening = !date_only && f.hour * 60 + f.min >= EVENING_MIN;
        snprintf(buf, size, "%s", loc_string(evening ? LOC_TONIGHT : LOC_TODAY, l));
    } else if (days == 1) {
        snprintf(buf, size, "%s", loc_string(LOC_TOMORROW, l));
    } else if (days <= 6) {
        /* Saturday or Sunday of the current week (c->wday + days stays <= 6). */
        if (f.wday >= 5 && c->wday + days <= 6)
            snprintf(buf, size, "%s", loc_string(LOC_THIS_WEEKEND, l));
        else
            snprintf(buf, size, loc_string(LOC_IN_DAYS, l), (int)days);
    }
}

void label_item_when(const struct rule_ctx *c, const struct item *it, enum lang l, char *buf,
                     size_t size)
{
    if (it->kind != KIND_EVENT) {
        if (size)
            buf[0] = '\0';
        return;
    }
    civil_t end = event_end(it);
    uint8_t days = it->sched.days & 0x7f;
    struct civil_fields f = civil_split(it->start);
    int64_t sday = days_from_civil(f.year, f.month, f.day);
    if (days && days != 0x7f && sday < c->today && end != CIVIL_NONE &&
        end > c->today * DAY_SECS) {
        /* Under way on some weekdays only: what matters is its next day. */
        int k = 0;
        while (k < 7 && !(days & (1u << ((c->wday + k) % 7))))
            k++;
        civil_t next = (c->today + k) * DAY_SECS + f.hour * 3600 + f.min * 60;
        label_when(c, next, it->start_date_only, CIVIL_NONE, l, buf, size);
        return;
    }
    label_when(c, it->start, it->start_date_only, end, l, buf, size);
}

void label_status(const struct rule_ctx *c, const struct item *it, enum lang l, char *buf,
                  size_t size)
{
    char t[32];
    int close_min = -1, open_min = -1;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (!item_opening(it))
        return;
    if (hours_open_now(c, item_opening(it), &close_min, &open_min)) {
        close_min %= 1440;
        loc_time(close_min / 60, close_min % 60, l, t, sizeof t);
        snprintf(buf, size, "%s · %s %s", loc_string(LOC_OPEN, l), loc_string(LOC_CLOSES_AT, l),
                 t);
    } else if (open_min >= 0) {
        loc_time(open_min / 60, open_min % 60, l, t, sizeof t);
        snprintf(buf, size, "%s · %s %s", loc_string(LOC_CLOSED, l), loc_string(LOC_OPENS_AT, l),
                 t);
    } else {
        snprintf(buf, size, "%s", loc_string(LOC_CLOSED, l));
    }
}
