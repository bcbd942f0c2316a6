/* tz — TZif reader and POSIX TZ rules (RFC 8536). The table of transitions
 * from the file is extended with the footer rule up to TZ_LAST_YEAR at load
 * time, so every conversion afterwards is a binary search in one array. */
#include "model/tz.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

#define TZ_LAST_YEAR 2200 /* civil_parse accepts years up to 2200 */
#define TZ_MAX_FILE  (1u << 20)
#define TZ_ABBR      12
#define DAY          86400

struct seg {
    int64_t at;  /* first instant of the segment; INT64_MIN for the first */
    int32_t off; /* seconds east of UTC */
    char abbr[TZ_ABBR];
};

struct tz {
    char name[64];
    struct seg *seg;
    size_t n, cap;
};

/* One rule date of a POSIX TZ string: Jn, n or Mm.w.d, plus a time. */
struct prule {
    char type; /* 'J', 'D', 'M' */
    int a, b, c;
    int32_t time;
};

struct posix {
    char std[TZ_ABBR], dst[TZ_ABBR];
    int32_t stdoff, dstoff; /* east positive */
    bool has_dst;
    struct prule start, end;
};

static void push(tz_t *z, int64_t at, int32_t off, const char *abbr)
{
    if (z->n == z->cap) {
        z->cap = z->cap ? z->cap * 2 : 64;
        z->seg = xrealloc(z->seg, z->cap * sizeof *z->seg);
    }
    struct seg *s = &z->seg[z->n++];
    s->at = at;
    s->off = off;
    snprintf(s->abbr, sizeof s->abbr, "%s", abbr ? abbr : "");
}

/* ---- POSIX TZ strings ---- */

static const char *parse_name(const char *p, char *out)
{
    size_t n = 0;
    if (*p == '<') {
        p++;
        while (*p && *p != '>') {
            if (n + 1 < TZ_ABBR)
                out[n++] = *p;
            p++;
        }
        if (*p != '>')
            return NULL;
        p++;
    } else {
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
            if (n + 1 < TZ_ABBR)
                out[n++] = *p;
            p++;
        }
        if (n < 3)
            return NULL;
    }
    out[n] = '\0';
    return p;
}

/* [+-]hh[:mm[:ss]], hours up to max_h; returns seconds. */
static const char *parse_hms(const char *p, int max_h, int32_t *out)
{
    int sign = 1, h = 0, m = 0, s = 0;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (*p < '0' || *p > '9')
        return NULL;
    while (*p >= '0' && *p <= '9') {
        h = h * 10 + (*p++ - '0');
        if (h > max_h)
            return NULL;
    }
    if (*p == ':') {
        p++;
        if (p[0] < '0' || p[0] > '5' || p[1] < '0' || p[1] > '9')
            return NULL;
        m = (p[0] - '0') * 10 + (p[1] - '0');
        p += 2;
        if (*p == ':') {
            p++;
            if (p[0] < '0' || p[0] > '5' || p[1] < '0' || p[1] > '9')
                return NULL;
            s = (p[0] - '0') * 10 + (p[1] - '0');
            p += 2;
        }
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return p;
}

static const char *parse_int(const char *p, int lo, int hi, int *out)
{
    int v = 0;
    if (*p < '0' || *p > '9')
        return NULL;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > hi)
            return NULL;
    }
    if (v < lo)
        return NULL;
    *out = v;
    return p;
}

static const char *parse_rule(const char *p, struct prule *r)
{
    if (*p == 'J') {
        r->type = 'J';
        p = parse_int(p + 1, 1, 365, &r->a);
    } else if (*p == 'M') {
        r->type = 'M';
        p = parse_int(p + 1, 1, 12, &r->a);
        if (!p || *p != '.')
            return NULL;
        p = parse_int(p + 1, 1, 5, &r->b);
        if (!p || *p != '.')
            return NULL;
        p = parse_int(p + 1, 0, 6, &r->c);
    } else {
        r->type = 'D';
        p = parse_int(p, 0, 365, &r->a);
    }
    if (!p)
        return NULL;
    r->time = 7200;
    if (*p == '/')
        p = parse_hms(p + 1, 167, &r->time);
    return p;
}

static int posix_parse(const char *s, struct posix *px)
{
    memset(px, 0, sizeof *px);
    const char *p = parse_name(s, px->std);
    int32_t v;
    if (!p || !(p = parse_hms(p, 24, &v)))
        return -1;
    px->stdoff = -v;
    if (!*p)
        return 0;
    if (!(p = parse_name(p, px->dst)))
        return -1;
    px->has_dst = true;
    px->dstoff = px->stdoff + 3600;
    if (*p && *p != ',') {
        if (!(p = parse_hms(p, 24, &v)))
            return -1;
        px->dstoff = -v;
    }
    if (!*p) { /* no rule: the historical US default */
        p = ",M3.2.0,M11.1.0";
    }
    if (*p != ',' || !(p = parse_rule(p + 1, &px->start)) || *p != ',' ||
        !(p = parse_rule(p + 1, &px->end)) || *p)
        return -1;
    return 0;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds since the epoch (on the wall clock in force before the
 * change) at which rule r fires in year y. */
static int64_t rule_local(const struct prule *r, int y)
{
    int64_t d = days_from_civil(y, 1, 1);
    if (r->type == 'J') {
        d += r->a - 1 + (is_leap(y) && r->a >= 60);
    } else if (r->type == 'D') {
        d += r->a;
    } else {
        int64_t first = days_from_civil(y, r->a, 1);
        int wd1 = (int)(((first % 7) + 7 + 4) % 7); /* 0 = Sunday; 1970-01-01 was a Thursday */
        int day = 1 + (r->c - wd1 + 7) % 7 + 7 * (r->b - 1);
        while (day > civil_month_days(y, r->a))
            day -= 7;
        d = first + day - 1;
    }
    return d * DAY + r->time;
}

/* Appends the transitions of the rule after instant after, up to TZ_LAST_YEAR. */
static void posix_extend(tz_t *z, const struct posix *px, int from_year, int64_t after)
{
    if (!px->has_dst)
        return;
    for (int y = from_year; y <= TZ_LAST_YEAR; y++) {
        int64_t on = rule_local(&px->start, y) - px->stdoff;
        int64_t off = rule_local(&px->end, y) - px->dstoff;
        int64_t a = on < off ? on : off, b = on < off ? off : on;
        bool a_is_on = on < off;
        if (a > after) {
            push(z, a, a_is_on ? px->dstoff : px->stdoff, a_is_on ? px->dst : px->std);
            after = a;
        }
        if (b > after) {
            push(z, b, a_is_on ? px->stdoff : px->dstoff, a_is_on ? px->std : px->dst);
            after = b;
        }
    }
}

tz_t *tz_posix(const char *rule, char *err, size_t errsz)
{
    struct posix px;
    if (posix_parse(rule, &px) < 0) {
        snprintf(err, errsz, "time zone rule '%.60s' is not a valid POSIX TZ string", rule);
        return NULL;
    }
    tz_t *z = xcalloc(1, sizeof *z);
    snprintf(z->name, sizeof z->name, "%s", rule);
    if (!px.has_dst) {
        push(z, INT64_MIN, px.stdoff, px.std);
        return z;
    }
    /* Before 1900 (no zone had DST then), standard time. */
    push(z, INT64_MIN, px.stdoff, px.std);
    posix_extend(z, &px, 1900, INT64_MIN);
    return z;
}

/* ---- TZif ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_hdr {
    int version;
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int read_hdr(const unsigned char *p, size_t len, struct tzif_hdr *h)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    h->version = p[4] ? p[4] - '0' : 1;
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    if (h->typecnt == 0 || h->typecnt > 256 || h->charcnt == 0 || h->timecnt > 100000 ||
        h->leapcnt > 10000 || h->charcnt > 10000 || (h->isutcnt && h->isutcnt != h->typecnt) ||
        (h->isstdcnt && h->isstdcnt != h->typecnt))
        return -1;
    return 0;
}

static size_t body_size(const struct tzif_hdr *h, int tsize)
{
    return (size_t)h->timecnt * (size_t)tsize + h->timecnt + h->typecnt * 6u + h->charcnt +
           (size_t)h->leapcnt * (size_t)(tsize + 4) + h->isstdcnt + h->isutcnt;
}

/* Copies the abbreviation of local time type t (NUL-terminated in chars). */
static int type_abbr(const unsigned char *types, const unsigned char *chars, uint32_t charcnt,
                     unsigned t, char *abbr)
{
    uint32_t di = types[t * 6 + 5];
    size_t k = 0;
    if (di >= charcnt)
        return -1;
    while (di + k < charcnt && chars[di + k] && k + 1 < TZ_ABBR) {
        abbr[k] = (char)chars[di + k];
        k++;
    }
    abbr[k] = '\0';
    return 0;
}

tz_t *tz_parse(const unsigned char *buf, size_t len, const char *name, char *err, size_t errsz)
{
    struct tzif_hdr h;
    const unsigned char *p = buf, *end = buf + len;
    int tsize = 4;
    tz_t *z = NULL;
    if (read_hdr(p, len, &h) < 0)
        goto bad;
    if (h.version >= 2) {
        size_t skip = 44 + body_size(&h, 4);
        if (skip > len)
            goto bad;
        p += skip;
        if (read_hdr(p, (size_t)(end - p), &h) < 0)
            goto bad;
        tsize = 8;
    }
    p += 44;
    if (body_size(&h, tsize) > (size_t)(end - p))
        goto bad;
    const unsigned char *times = p;
    const unsigned char *idx = times + (size_t)h.timecnt * (size_t)tsize;
    const unsigned char *types = idx + h.timecnt;
    const unsigned char *chars = types + h.typecnt * 6u;
    const unsigned char *footer = p + body_size(&h, tsize);

    z = xcalloc(1, sizeof *z);
    snprintf(z->name, sizeof z->name, "%s", name);

    char abbr[TZ_ABBR];

    if (type_abbr(types, chars, h.charcnt, 0, abbr) < 0)
        goto bad;
    push(z, INT64_MIN, (int32_t)be32(types), abbr);
    int64_t prev = INT64_MIN;
    for (uint32_t i = 0; i < h.timecnt; i++) {
        int64_t at = tsize == 8 ? be64(times + (size_t)i * 8)
                                : (int64_t)(int32_t)be32(times + (size_t)i * 4);
        unsigned t = idx[i];
        if (t >= h.typecnt || (i > 0 && at <= prev))
            goto bad;
        prev = at;
        if (type_abbr(types, chars, h.charcnt, t, abbr) < 0)
            goto bad;
        push(z, at, (int32_t)be32(types + t * 6), abbr);
    }

    if (h.version >= 2 && footer < end && *footer == '\n') {
        const unsigned char *q = footer + 1;
        while (q < end && *q != '\n')
            q++;
        if (q < end && q > footer + 1 && q - footer < 128) {
            char rule[128];
            memcpy(rule, footer + 1, (size_t)(q - footer - 1));
            rule[q - footer - 1] = '\0';
            struct posix px;
            if (posix_parse(rule, &px) < 0)
                goto bad;
            if (h.timecnt == 0) {
                /* The rule alone describes the zone. */
                z->seg[0].off = px.stdoff;
                snprintf(z->seg[0].abbr, TZ_ABBR, "%s", px.std);
                posix_extend(z, &px, 1900, INT64_MIN);
            } else {
                int64_t last = z->seg[z->n - 1].at;
                int y, mo, d;
                civil_from_days(last / DAY, &y, &mo, &d);
                posix_extend(z, &px, y, last);
            }
        }
    }
    return z;

bad:
    snprintf(err, errsz,
             "time zone '%s': the file is not a valid TZif file; reinstall the "
             "tzdata package",
             name);
    tz_free(z);
    return NULL;
}

static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 60 || name[0] == '/' || strstr(name, ".."))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+' || c == '.'))
            return false;
    }
    return true;
}

tz_t *tz_load(const char *name, char *err, size_t errsz)
{
    if (!name_ok(name)) {
        snprintf(err, errsz,
                 "time zone '%.60s' is not a valid zone name: expected a tz "
                 "database name such as Europe/Paris",
                 name);
        return NULL;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/%s", TZ_DIR, name);
    size_t len;
    char *buf = read_file(path, TZ_MAX_FILE, &len);
    if (!buf) {
        snprintf(err, errsz,
                 "time zone '%s' is unknown (%s: %s): expected a tz database "
                 "name such as Europe/Paris",
                 name, path, strerror(errno));
        return NULL;
    }
    tz_t *z = tz_parse((const unsigned char *)buf, len, name, err, errsz);
    free(buf);
    return z;
}

void tz_free(tz_t *z)
{
    if (!z)
        return;
    free(z->seg);
    free(z);
}

const char *tz_name(const tz_t *z)
{
    return z->name;
}

/* Index of the segment in force at instant t. */
static size_t find(const tz_t *z, int64_t t)
{
    size_t lo = 0, hi = z->n; /* seg[lo].at <= t < seg[hi].at */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->seg[mid].at <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int tz_offset(const tz_t *z, int64_t t, const char **abbr)
{
    const struct seg *s = &z->seg[find(z, t)];
    if (abbr)
        *abbr = s->abbr;
    return s->off;
}

civil_t tz_civil(const tz_t *z, int64_t t)
{
    return t + z->seg[find(z, t)].off;
}

/* Wall-clock c to an instant, looking only at segments lo..hi (which must
 * cover every instant within 26 hours of c). */
static int64_t instant_in(const tz_t *z, size_t lo, size_t hi, civil_t c, enum tz_match *how)
{
    int found = 0;
    int64_t first = 0;
    for (size_t i = lo; i <= hi; i++) {
        int64_t u = c - z->seg[i].off;
        if (u >= z->seg[i].at && (i + 1 >= z->n || u < z->seg[i + 1].at)) {
            if (!found)
                first = u;
            found++;
        }
    }
    if (found) {
        if (how)
            *how = found > 1 ? TZ_AMBIGUOUS : TZ_UNIQUE;
        return first;
    }
    if (how)
        *how = TZ_GAP;
    for (size_t i = lo + 1; i <= hi; i++) {
        const struct seg *s = &z->seg[i];
        if (c >= s->at + z->seg[i - 1].off && c < s->at + s->off)
            return s->at;
    }
    return c - z->seg[lo].off; /* not reached with a well-formed table */
}

#define SPAN (26 * 3600)

int64_t tz_instant(const tz_t *z, civil_t c, enum tz_match *how)
{
    if (c == CIVIL_NONE)
        return c;
    int64_t a = c > INT64_MIN + SPAN ? c - SPAN : INT64_MIN;
    int64_t b = c < INT64_MAX - SPAN ? c + SPAN : INT64_MAX;
    return instant_in(z, find(z, a), find(z, b), c, how);
}

void tz_near_init(struct tz_near *n, const tz_t *z, int64_t t)
{
    n->z = z;
    /* Segments over t +- 5 days convert exactly every wall-clock time within
     * t +- (3 days + 26 h), which holds every wall-clock time within 3 days
     * of the wall clock at t, whatever the offset. */
    n->lo = find(z, t - 5 * DAY);
    n->hi = find(z, t + 5 * DAY);
    n->civil_lo = t - 3 * DAY - SPAN;
    n->civil_hi = t + 3 * DAY + SPAN;
}

int64_t tz_near_instant(const struct tz_near *n, civil_t c, enum tz_match *how)
{
    if (c >= n->civil_lo && c <= n->civil_hi)
        return instant_in(n->z, n->lo, n->hi, c, how);
    return tz_instant(n->z, c, how);
}
