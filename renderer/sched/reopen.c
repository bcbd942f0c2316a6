#include "sched/reopen.h"

#include <stdio.h>

#include "model/locale.h"

#define APOS "\xe2\x80\x99"

bool office_closed(const struct rule_ctx *c, const struct week_hours *h, bool has_hours)
{
    return has_hours && !hours_open_now(c, h, NULL, NULL);
}

/* The sentence's frame per language: the words for today and tomorrow
 * inside a sentence, and the pattern with the day (%1) and the time (%2). */
static const struct {
    const char *today, *tomorrow;
    const char *fmt; /* printf: day, then time */
} frames[LANG_COUNT] = {
    [LANG_FR] = {"aujourd" APOS "hui", "demain", "Réouverture %s à %s"},
    [LANG_EU] = {"gaur", "bihar", "Berriro irekiko dugu: %s, %s"},
    [LANG_ES] = {"hoy", "mañana", "Reabrimos %s a las %s"},
    [LANG_EN] = {"today", "tomorrow", "Reopens %s at %s"},
};

void label_reopen(const tz_t *z, const struct rule_ctx *c, const struct week_hours *h, enum lang l,
                  char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if ((unsigned)l >= LANG_COUNT)
        l = LANG_FR;
    int64_t at = hours_next_open(z, h, c->now);
    if (at < 0)
        return;
    civil_t wall = tz_civil(z, at);
    struct civil_fields f = civil_split(wall);
    int64_t days = days_from_civil(f.year, f.month, f.day) - c->today;
    char day[96], time[32];
    if (days == 0)
        snprintf(day, sizeof day, "%s", frames[l].today);
    else if (days == 1)
        snprintf(day, sizeof day, "%s", frames[l].tomorrow);
    else if (l == LANG_EN)
        snprintf(day, sizeof day, "on "), loc_date(wall, l, 0, day + 3, sizeof day - 3);
    else if (l == LANG_ES)
        snprintf(day, sizeof day, "el "), loc_date(wall, l, 0, day + 3, sizeof day - 3);
    else
        loc_date(wall, l, 0, day, sizeof day);
    loc_time(f.hour, f.min, l, time, sizeof time);
    snprintf(buf, size, frames[l].fmt, day, time);
}
