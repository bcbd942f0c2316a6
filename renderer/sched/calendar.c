#include "sched/calendar.h"

#include <stddef.h>

#include "model/civil.h"

/* Anonymous Gregorian algorithm (Meeus, Jones, Butcher). */
void cal_easter(int y, int *month, int *day)
{
    int a = y % 19, b = y / 100, c = y % 100;
    int d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    *month = (h + l - 7 * m + 114) / 31;
    *day = (h + l - 7 * m + 114) % 31 + 1;
}

void cal_holidays(int y, struct cal_holiday out[CAL_HOLIDAYS])
{
    int em, ed;
    cal_easter(y, &em, &ed);
    int64_t easter = days_from_civil(y, em, ed);
    struct dated {
        int64_t days;
        const char *name;
    } h[CAL_HOLIDAYS] = {
        {days_from_civil(y, 1, 1), "Jour de l'an"},
        {easter + 1, "Lundi de Pâques"},
        {days_from_civil(y, 5, 1), "Fête du Travail"},
        {days_from_civil(y, 5, 8), "Victoire 1945"},
        {easter + 39, "Ascension"},
        {easter + 50, "Lundi de Pentecôte"},
        {days_from_civil(y, 7, 14), "Fête nationale"},
        {days_from_civil(y, 8, 15), "Assomption"},
        {days_from_civil(y, 11, 1), "Toussaint"},
        {days_from_civil(y, 11, 11), "Armistice 1918"},
        {days_from_civil(y, 12, 25), "Noël"},
    };
    /* Ascension may fall on 1 or 8 May (it did in 2008): sort by date. */
    for (int i = 1; i < CAL_HOLIDAYS; i++)
        for (int j = i; j > 0 && h[j].days < h[j - 1].days; j--) {
            struct dated t = h[j];
            h[j] = h[j - 1];
            h[j - 1] = t;
        }
    for (int i = 0; i < CAL_HOLIDAYS; i++) {
        int yy;
        civil_from_days(h[i].days, &yy, &out[i].month, &out[i].day);
        out[i].name = h[i].name;
    }
}

const char *cal_holiday_name(int y, int m, int d)
{
    switch (m * 100 + d) {
    case 101:
        return "Jour de l'an";
    case 501:
        return "Fête du Travail";
    case 508:
        return "Victoire 1945";
    case 714:
        return "Fête nationale";
    case 815:
        return "Assomption";
    case 1101:
        return "Toussaint";
    case 1111:
        return "Armistice 1918";
    case 1225:
        return "Noël";
    }
    if (m < 3 || m > 6)
        return NULL;
    int em, ed;
    cal_easter(y, &em, &ed);
    int64_t diff = days_from_civil(y, m, d) - days_from_civil(y, em, ed);
    if (diff == 1)
        return "Lundi de Pâques";
    if (diff == 39)
        return "Ascension";
    if (diff == 50)
        return "Lundi de Pentecôte";
    return NULL;
}

const char *cal_holiday_on(int64_t days)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    return cal_holiday_name(y, m, d);
}
