/* hours — weekdays, daily time windows and opening hours (a subset of
 * OpenStreetMap's opening_hours), parsed from and formatted to text. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "model/feed_priv.h"
#include "model/item.h"

static const char *const day_abbr[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

/* Copies s[0..n) into buf without leading and trailing blanks. */
static void trimmed(const char *s, size_t n, char *buf, size_t size)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

static int day_index(const char *s)
{
    for (int d = 0; d < 7; d++)
        if (strcmp(s, day_abbr[d]) == 0)
            return d;
    return -1;
}

/* One part of a day list: "Mo" or "Mo-Fr" (a range may wrap: "Sa-Mo"). */
static int day_part(const char *part, uint8_t *mask, char *err, size_t errsz)
{
    char a[16], b[16];
    const char *dash = strchr(part, '-');
    if (dash) {
        trimmed(part, (size_t)(dash - part), a, sizeof a);
        trimmed(dash + 1, strlen(dash + 1), b, sizeof b);
    } else {
        trimmed(part, strlen(part), a, sizeof a);
        b[0] = '\0';
    }
    int from = day_index(a), to = dash ? day_index(b) : from;
    if (from < 0 || to < 0) {
        snprintf(err, errsz,
                 "'%.20s' is not a weekday: use Mo Tu We Th Fr Sa Su, in ranges "
                 "or lists (for example Mo-Fr or Sa,Su)",
                 from < 0 ? a : b);
        return -1;
    }
    for (int d = from;; d = (d + 1) % 7) {
        *mask |= (uint8_t)(1u << d);
        if (d == to)
            break;
    }
    return 0;
}

int days_parse(const char *s, uint8_t *mask, char *err, size_t errsz)
{
    uint8_t m = 0;
    char part[64];
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        trimmed(p, n, part, sizeof part);
        if (!part[0]) {
            snprintf(err, errsz,
                     "'%.40s' is not a list of weekdays: use Mo Tu We Th Fr Sa Su, "
                     "in ranges or lists (for example Mo-Fr or Sa,Su)",
                     s);
            return -1;
        }
        if (day_part(part, &m, err, errsz) < 0)
            return -1;
        if (!comma)
            break;
        p = comma + 1;
    }
    *mask = m;
    return 0;
}

int windows_parse(const char *s, struct time_window *out, int max, int *n, char *err, size_t errsz)
{
    int count = 0;
    const char *p = s;
    char part[64], a[16], b[16];
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        trimmed(p, len, part, sizeof part);
        const char *dash = strchr(part, '-');
        if (!dash) {
            snprintf(err, errsz,
                     "'%.40s' is not a time window: expected HH:MM-HH:MM, comma "
                     "separated (for example 09:00-12:00,14:00-18:00)",
                     part[0] ? part : s);
            return -1;
        }
        trimmed(part, (size_t)(dash - part), a, sizeof a);
        trimmed(dash + 1, strlen(dash + 1), b, sizeof b);
        int start, end;
        if (civil_parse_hhmm(a, &start, err, errsz) < 0 ||
            civil_parse_hhmm(b, &end, err, errsz) < 0)
            return -1;
        if (start == 1440) {
            snprintf(err, errsz, "time window '%s' starts at 24:00: write 00:00 instead", part);
            return -1;
        }
        if (start == end) {
            snprintf(err, errsz, "time window '%s' is empty: it starts when it ends", part);
            return -1;
        }
        if (count == max) {
            snprintf(err, errsz, "'%.60s' has more than %d time windows: merge some of them", s,
                     max);
            return -1;
        }
        out[count].start = (int16_t)start;
        out[count].end = (int16_t)end;
        count++;
        if (!comma)
            break;
        p = comma + 1;
    }
    *n = count;
    return 0;
}

/* One rule: "Mo-Fr 09:00-12:00", "Sa,PH off", "10:00-18:00", "24/7". */
static int hours_rule(const char *rule, struct week_hours *h, char *err, size_t errsz)
{
    uint8_t mask = 0;
    bool ph = false;
    const char *times = rule;
    struct time_window win[HOURS_MAX_WINDOWS];
    int n = 0;

    if (strcmp(rule, "24/7") == 0) {
        mask = 0x7f;
        win[0].start = 0;
        win[0].end = 1440;
        n = 1;
        goto apply;
    }
    if (!isdigit((unsigned char)rule[0]) && strcmp(rule, "off") != 0) {
        const char *sp = rule;
        while (*sp && !isspace((unsigned char)*sp))
            sp++;
        char sel[64];
        trimmed(rule, (size_t)(sp - rule), sel, sizeof sel);
        times = sp;
        while (isspace((unsigned char)*times))
            times++;
        char *save = NULL;
        for (char *tok = strtok_r(sel, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (strcmp(tok, "PH") == 0)
                ph = true;
            else if (day_part(tok, &mask, err, errsz) < 0)
                return -1;
        }
        if (!*times) {
            snprintf(err, errsz,
                     "'%.40s' gives days but no hours: add the hours (for example "
                     "'%.20s 09:00-18:00') or 'off'",
                     rule, rule);
            return -1;
        }
    } else {
        mask = 0x7f;
    }
    if (strcmp(times, "off") != 0 && strcmp(times, "closed") != 0 &&
        windows_parse(times, win, HOURS_MAX_WINDOWS, &n, err, errsz) < 0)
        return -1;
apply:
    for (int d = 0; d < 8; d++) {
        if (d < 7 ? !(mask & (1u << d)) : !ph)
            continue;
        h->count[d] = (uint8_t)n;
        memset(h->win[d], 0, sizeof h->win[d]);
        memcpy(h->win[d], win, (size_t)n * sizeof(win[0]));
    }
    if (ph)
        h->holiday_set = true;
    return 0;
}

int hours_parse(const char *s, struct week_hours *out, char *err, size_t errsz)
{
    struct week_hours h;
    memset(&h, 0, sizeof h);
    char rule[256];
    const char *p = s;
    int rules = 0;
    for (;;) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        if (n >= sizeof rule) {
            snprintf(err, errsz, "opening hours rule '%.40s...' is too long", p);
            return -1;
        }
        trimmed(p, n, rule, sizeof rule);
        if (rule[0]) {
            char why[200];
            if (hours_rule(rule, &h, why, sizeof why) < 0) {
                snprintf(err, errsz,
                         "opening hours '%.60s': %s; expected rules such as "
                         "'Mo-Sa 09:30-12:30,14:00-18:00; Su off'",
                         s, why);
                return -1;
            }
            rules++;
        }
        if (!semi)
            break;
        p = semi + 1;
    }
    if (!rules) {
        snprintf(err, errsz,
                 "opening hours are empty: write rules such as "
                 "'Mo-Sa 09:30-12:30,14:00-18:00; Su off'");
        return -1;
    }
    *out = h;
    return 0;
}

/* Appends to buf at *len, never overflowing. */
static void append(char *buf, size_t size, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n >= size)
        n = *len + 1 < size ? size - *len - 1 : 0;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

void days_format(uint8_t mask, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int d = 0; d < 7;) {
        if (!(mask & (1u << d))) {
            d++;
            continue;
        }
        int e = d;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        if (len)
            append(buf, size, &len, ",");
        if (e - d >= 2) {
            append(buf, size, &len, day_abbr[d]);
            append(buf, size, &len, "-");
            append(buf, size, &len, day_abbr[e]);
        } else {
            for (int i = d; i <= e; i++) {
                if (i > d)
                    append(buf, size, &len, ",");
                append(buf, size, &len, day_abbr[i]);
            }
        }
        d = e + 1;
    }
}

void windows_format(const struct time_window *w, int n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        char one[32];
        snprintf(one, sizeof one, "%s%02d:%02d-%02d:%02d", i ? "," : "", w[i].start / 60,
                 w[i].start % 60, w[i].end / 60, w[i].end % 60);
        append(buf, size, &len, one);
    }
}

static bool same_day(const struct week_hours *h, int a, int b)
{
    return h->count[a] == h->count[b] &&
           memcmp(h->win[a], h->win[b], h->count[a] * sizeof(h->win[a][0])) == 0;
}

void hours_format(const struct week_hours *h, char *buf, size_t size)
{
    size_t len = 0;
    uint8_t done = 0;
    char part[96];
    buf[0] = '\0';
    for (int d = 0; d < 7; d++) {
        if (done & (1u << d))
            continue;
        uint8_t mask = 0;
        for (int e = d; e < 7; e++)
            if (!(done & (1u << e)) && same_day(h, d, e))
                mask |= (uint8_t)(1u << e);
        done |= mask;
        char days[40], win[80];
        days_format(mask, days, sizeof days);
        if (h->count[d])
            windows_format(h->win[d], h->count[d], win, sizeof win);
        else
            strcpy(win, "off");
        snprintf(part, sizeof part, "%s%s %s", len ? "; " : "", days, win);
        append(buf, size, &len, part);
    }
    if (h->holiday_set) {
        char win[80];
        if (h->count[7])
            windows_format(h->win[7], h->count[7], win, sizeof win);
        else
            strcpy(win, "off");
        snprintf(part, sizeof part, "; PH %s", win);
        append(buf, size, &len, part);
    }
}
