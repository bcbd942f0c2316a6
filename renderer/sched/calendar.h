/* calendar — French public holidays (jours fériés), computed from the rules
 * rather than read from a table: the fixed dates plus the movable feasts
 * that follow Easter (Gregorian computus). Metropolitan France; the extra
 * Alsace-Moselle days (Good Friday, 26 December) are not included.
 * Internal to sched/. */
#ifndef VITRINE_SCHED_CALENDAR_H
#define VITRINE_SCHED_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#define CAL_HOLIDAYS 11 /* public holidays per year */

struct cal_holiday {
    int month, day;
    const char *name; /* French name: "Lundi de Pâques" */
};

/* Easter Sunday of year y (Gregorian, years 1583 onwards). */
void cal_easter(int y, int *month, int *day);

/* Fills out with the year's CAL_HOLIDAYS public holidays in date order. */
void cal_holidays(int y, struct cal_holiday out[CAL_HOLIDAYS]);

/* The French name of the public holiday on y-m-d, or NULL on a working day. */
const char *cal_holiday_name(int y, int m, int d);

/* Same, for a day counted from 1970-01-01 (as days_from_civil gives). */
const char *cal_holiday_on(int64_t days);

#endif
