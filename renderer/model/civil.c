#include "model/civil.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days algorithms. */
int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

civil_t civil_make(int y, int mo, int d, int h, int mi, int s)
{
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

struct civil_fields civil_split(civil_t t)
{
    struct civil_fields f;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    civil_from_days(days, &f.year, &f.month, &f.day);
    f.hour = (int)(secs / 3600);
    f.min = (int)(secs / 60 % 60);
    f.sec = (int)(secs % 60);
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    f.wday = (int)(((days % 7) + 7 + 3) % 7);
    return f;
}

int civil_month_days(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int civil_parse(const char *s, civil_t *out, bool *date_only, char *err, size_t errsz)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    size_t n = strlen(s);
    bool has_time = n > 10;
    if (n < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d)) {
        snprintf(err, errsz,
                 "'%.40s' is not a date: expected YYYY-MM-DD (for example 2026-07-14)"
                 " or YYYY-MM-DDTHH:MM",
                 s);
        return -1;
    }
    if (has_time) {
        if ((s[10] != 'T' && s[10] != ' ') || (n != 16 && n != 19) || digits(s + 11, 2, &h) ||
            s[13] != ':' || digits(s + 14, 2, &mi) ||
            (n == 19 && (s[16] != ':' || digits(s + 17, 2, &sec)))) {
            snprintf(err, errsz,
                     "'%.40s' is not a date and time: expected YYYY-MM-DDTHH:MM "
                     "(for example 2026-07-14T20:30)",
                     s);
            return -1;
        }
    }
    if (mo < 1 || mo > 12) {
        snprintf(err, errsz,
                 "date '%.40s' is not a valid date: month %d does not exist; "
                 "expected YYYY-MM-DD",
                 s, mo);
        return -1;
    }
    if (d < 1 || d > civil_month_days(y, mo)) {
        snprintf(err, errsz,
                 "date '%.40s' is not a valid date: %04d-%02d has %d days; "
                 "expected YYYY-MM-DD",
                 s, y, mo, civil_month_days(y, mo));
        return -1;
    }
    if (y < 1970 || y > 2200) {
        snprintf(err, errsz,
                 "date '%.40s' is out of range: the year must be between 1970 "
                 "and 2200",
                 s);
        return -1;
    }
    if (h > 23 || mi > 59 || sec > 59) {
        snprintf(err, errsz,
                 "time in '%.40s' is not valid: hours go from 00 to 23 and "
                 "minutes from 00 to 59",
                 s);
        return -1;
    }
    *out = civil_make(y, mo, d, h, mi, sec);
    if (date_only)
        *date_only = !has_time;
    return 0;
}

int civil_parse_hhmm(const char *s, int *minutes, char *err, size_t errsz)
{
    int h, m;
    size_t n = strlen(s);
    if ((n != 5 && n != 4) ||
        (n == 5 && (digits(s, 2, &h) || s[2] != ':' || digits(s + 3, 2, &m))) ||
        (n == 4 && (digits(s, 1, &h) || s[1] != ':' || digits(s + 2, 2, &m)))) {
        snprintf(err, errsz, "'%.20s' is not a time: expected HH:MM (for example 09:30)", s);
        return -1;
    }
    if (h > 24 || m > 59 || (h == 24 && m != 0)) {
        snprintf(err, errsz,
                 "'%.20s' is not a valid time: hours go from 00 to 24 and "
                 "minutes from 00 to 59",
                 s);
        return -1;
    }
    *minutes = h * 60 + m;
    return 0;
}

void civil_format(civil_t t, bool date_only, char *buf, size_t size)
{
    struct civil_fields f = civil_split(t);
    if (date_only)
        snprintf(buf, size, "%04d-%02d-%02d", f.year, f.month, f.day);
    else
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", f.year, f.month, f.day, f.hour, f.min,
                 f.sec);
}

void civil_human(civil_t t, bool date_only, char *buf, size_t size)
{
    struct civil_fields f = civil_split(t);
    if (date_only)
        snprintf(buf, size, "%04d-%02d-%02d", f.year, f.month, f.day);
    else
        snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", f.year, f.month, f.day, f.hour, f.min);
}
