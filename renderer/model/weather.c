/* weather — Open-Meteo and Météo-France forecast answers into one value
 * type. Every value is checked: a service that answers garbage must leave
 * the weather out, never show a wrong sky. */
#include "model/weather.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/civil.h"

static const char *const source_names[WEATHER_SOURCE_COUNT] = {"open-meteo", "meteo-france"};

const char *weather_source_name(enum weather_source s)
{
    return (unsigned)s < WEATHER_SOURCE_COUNT ? source_names[s] : "?";
}

int weather_source_parse(const char *name, enum weather_source *out)
{
    for (int s = 0; s < WEATHER_SOURCE_COUNT; s++)
        if (name && strcmp(name, source_names[s]) == 0) {
            *out = (enum weather_source)s;
            return 0;
        }
    return -1;
}

/* One word per sky and language, reviewed once: the band, the weather slide
 * and the after-hours slide all say it the same way. */
static const char *const sky_words[SKY_COUNT][LANG_COUNT] = {
    [SKY_UNKNOWN] = {"", "", "", ""},
    [SKY_CLEAR] = {"Ensoleillé", "Eguzkitsu", "Soleado", "Sunny"},
    [SKY_PARTLY] = {"Éclaircies", "Ostarteak", "Intervalos nubosos", "Sunny spells"},
    [SKY_CLOUDY] = {"Nuageux", "Hodeitsu", "Nublado", "Cloudy"},
    [SKY_FOG] = {"Brouillard", "Lainoa", "Niebla", "Fog"},
    [SKY_DRIZZLE] = {"Bruine", "Zirimiria", "Llovizna", "Drizzle"},
    [SKY_RAIN] = {"Pluie", "Euria", "Lluvia", "Rain"},
    [SKY_SHOWERS] = {"Averses", "Zaparradak", "Chubascos", "Showers"},
    [SKY_SNOW] = {"Neige", "Elurra", "Nieve", "Snow"},
    [SKY_STORM] = {"Orages", "Ekaitzak", "Tormentas", "Thunderstorms"},
};

const char *sky_word(enum sky s, enum lang l)
{
    if ((unsigned)s >= SKY_COUNT)
        s = SKY_UNKNOWN;
    if ((unsigned)l >= LANG_COUNT)
        l = LANG_FR;
    return sky_words[s][l];
}

/* WMO 4677 present-weather codes as Open-Meteo reports them. */
enum sky sky_from_wmo(int code)
{
    if (code == 0)
        return SKY_CLEAR;
    if (code == 1 || code == 2)
        return SKY_PARTLY;
    if (code == 3)
        return SKY_CLOUDY;
    if (code == 45 || code == 48)
        return SKY_FOG;
    if (code >= 51 && code <= 57)
        return SKY_DRIZZLE;
    if ((code >= 61 && code <= 67))
        return SKY_RAIN;
    if ((code >= 71 && code <= 77) || code == 85 || code == 86)
        return SKY_SNOW;
    if (code >= 80 && code <= 82)
        return SKY_SHOWERS;
    if (code >= 95 && code <= 99)
        return SKY_STORM;
    return SKY_UNKNOWN;
}

/* Météo-France describes the sky in French words ("Eclaircies", "Averses
 * orageuses", "Pluie et neige"): the first keyword found, in this order,
 * decides, so that the stronger weather wins. Matched without case and
 * without the accent of "é" (the service writes both). */
static const struct {
    const char *key;
    enum sky sky;
} mf_words[] = {
    {"orag", SKY_STORM},       {"neig", SKY_SNOW},         {"grêle", SKY_STORM},
    {"averse", SKY_SHOWERS},   {"bruine", SKY_DRIZZLE},    {"pluie", SKY_RAIN},
    {"brouillard", SKY_FOG},   {"brume", SKY_FOG},         {"peu nuageux", SKY_PARTLY},
    {"eclaircie", SKY_PARTLY}, {"voil", SKY_PARTLY},       {"nuageux", SKY_CLOUDY},
    {"couvert", SKY_CLOUDY},   {"ensoleill", SKY_CLEAR},   {"soleil", SKY_CLEAR},
    {"ciel clair", SKY_CLEAR}, {"nuit claire", SKY_CLEAR},
};

/* Lower-cases ASCII and folds "é"/"É" to "e", into buf. */
static void fold(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    while (*s && n + 1 < size) {
        unsigned char c = (unsigned char)*s;
        if (c == 0xc3 && ((unsigned char)s[1] == 0xa9 || (unsigned char)s[1] == 0x89)) {
            buf[n++] = 'e';
            s += 2;
            continue;
        }
        buf[n++] = (char)tolower(c);
        s++;
    }
    buf[n] = '\0';
}

static enum sky sky_from_mf(const char *desc)
{
    if (!desc)
        return SKY_UNKNOWN;
    char f[160];
    fold(desc, f, sizeof f);
    for (size_t i = 0; i < sizeof mf_words / sizeof mf_words[0]; i++)
        if (strstr(f, mf_words[i].key))
            return mf_words[i].sky;
    return SKY_UNKNOWN;
}

/* ---- checked reading ------------------------------------------------------ */

struct rd {
    const char *src;
    char *err;
    size_t errsz;
};

static int fail(struct rd *r, const char *fmt, const char *what)
{
    char msg[200];
    snprintf(msg, sizeof msg, fmt, what);
    snprintf(r->err, r->errsz, "%s: %s", r->src, msg);
    return -1;
}

static int temperature(struct rd *r, const cJSON *v, const char *what, int *out)
{
    if (!cJSON_IsNumber(v))
        return fail(r, "'%s' is missing or not a number", what);
    double t = v->valuedouble;
    if (!(t >= -60 && t <= 60))
        return fail(r, "'%s' is not a plausible temperature in °C", what);
    *out = (int)lround(t);
    return 0;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" as the service's wall clock. */
static int wall_time(struct rd *r, const cJSON *v, const char *what, civil_t *out)
{
    char e[160];
    bool date_only;
    if (!cJSON_IsString(v) || civil_parse(v->valuestring, out, &date_only, e, sizeof e) < 0)
        return fail(r, "'%s' is not a date and time", what);
    return 0;
}

static int instant(struct rd *r, const cJSON *v, const char *what, int64_t *out)
{
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e11)
        return fail(r, "'%s' is not a time stamp", what);
    *out = (int64_t)v->valuedouble;
    return 0;
}

/* ---- Open-Meteo ------------------------------------------------------------ */

/* A member under its current name or the one older answers used. */
static const cJSON *member2(const cJSON *o, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
    return v ? v : cJSON_GetObjectItemCaseSensitive(o, b);
}

static int parse_open_meteo(struct rd *r, const cJSON *root, struct weather *w)
{
    const cJSON *off = cJSON_GetObjectItemCaseSensitive(root, "utc_offset_seconds");
    int64_t offset = cJSON_IsNumber(off) ? (int64_t)off->valuedouble : 0;
    if (offset < -14 * 3600 || offset > 14 * 3600)
        return fail(r, "'%s' is out of range", "utc_offset_seconds");

    const cJSON *cur = member2(root, "current", "current_weather");
    if (!cJSON_IsObject(cur))
        return fail(r, "no '%s' member: ask for current=temperature_2m,weather_code", "current");
    {
        civil_t t;
        const cJSON *tv = cJSON_GetObjectItemCaseSensitive(cur, "time");
        if (cJSON_IsNumber(tv)) { /* timeformat=unixtime */
            if (instant(r, tv, "current.time", &w->at) < 0)
                return -1;
        } else if (wall_time(r, tv, "current.time", &t) < 0) {
            return -1;
        } else {
            w->at = t - offset;
        }
        if (temperature(r, member2(cur, "temperature_2m", "temperature"), "current.temperature_2m",
                        &w->temp) < 0)
            return -1;
        const cJSON *code = member2(cur, "weather_code", "weathercode");
        w->sky = cJSON_IsNumber(code) ? sky_from_wmo(code->valueint) : SKY_UNKNOWN;
        w->has_now = true;
    }

    const cJSON *daily = cJSON_GetObjectItemCaseSensitive(root, "daily");
    if (!cJSON_IsObject(daily))
        return fail(r,
                    "no '%s' member: not a forecast answer (ask for daily=weather_code,"
                    "temperature_2m_max,temperature_2m_min)",
                    "daily");
    const cJSON *time = cJSON_GetObjectItemCaseSensitive(daily, "time");
    const cJSON *codes = member2(daily, "weather_code", "weathercode");
    const cJSON *tmax = cJSON_GetObjectItemCaseSensitive(daily, "temperature_2m_max");
    const cJSON *tmin = cJSON_GetObjectItemCaseSensitive(daily, "temperature_2m_min");
    if (!cJSON_IsArray(time) || !cJSON_IsArray(tmax) || !cJSON_IsArray(tmin))
        return fail(r, "'%s' needs the arrays time, temperature_2m_max and temperature_2m_min",
                    "daily");
    int n = cJSON_GetArraySize(time);
    if (cJSON_GetArraySize(tmax) < n || cJSON_GetArraySize(tmin) < n)
        return fail(r, "the arrays of '%s' have different lengths", "daily");
    for (int i = 0; i < n && w->ndays < WEATHER_DAYS; i++) {
        struct weather_day *d = &w->days[w->ndays];
        civil_t t;
        if (wall_time(r, cJSON_GetArrayItem(time, i), "daily.time", &t) < 0 ||
            temperature(r, cJSON_GetArrayItem(tmax, i), "daily.temperature_2m_max", &d->tmax) <
                0 ||
            temperature(r, cJSON_GetArrayItem(tmin, i), "daily.temperature_2m_min", &d->tmin) < 0)
            return -1;
        struct civil_fields f = civil_split(t);
        d->year = f.year;
        d->month = f.month;
        d->day = f.day;
        const cJSON *c = cJSON_IsArray(codes) ? cJSON_GetArrayItem(codes, i) : NULL;
        d->sky = cJSON_IsNumber(c) ? sky_from_wmo(c->valueint) : SKY_UNKNOWN;
        w->ndays++;
    }
    return 0;
}

/* ---- Météo-France ------------------------------------------------------------ */

static const char *desc_of(const cJSON *o, const char *member)
{
    const cJSON *wx = cJSON_GetObjectItemCaseSensitive(o, member);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(wx, "desc");
    return cJSON_IsString(d) ? d->valuestring : NULL;
}

static int parse_meteo_france(struct rd *r, const cJSON *root, int64_t now, struct weather *w)
{
    const cJSON *hourly = cJSON_GetObjectItemCaseSensitive(root, "forecast");
    const cJSON *daily = cJSON_GetObjectItemCaseSensitive(root, "daily_forecast");
    if (!cJSON_IsArray(hourly) && !cJSON_IsArray(daily))
        return fail(r, "no '%s' nor 'daily_forecast' member: not a forecast answer", "forecast");

    /* Now: the latest hourly forecast that has begun. */
    const cJSON *best = NULL;
    int64_t best_dt = 0;
    const cJSON *h;
    cJSON_ArrayForEach(h, hourly)
    {
        int64_t dt;
        if (instant(r, cJSON_GetObjectItemCaseSensitive(h, "dt"), "forecast.dt", &dt) < 0)
            return -1;
        if (dt <= now && (!best || dt > best_dt)) {
            best = h;
            best_dt = dt;
        }
    }
    if (best) {
        const cJSON *T = cJSON_GetObjectItemCaseSensitive(best, "T");
        if (temperature(r, cJSON_GetObjectItemCaseSensitive(T, "value"), "forecast.T.value",
                        &w->temp) < 0)
            return -1;
        w->sky = sky_from_mf(desc_of(best, "weather"));
        w->at = best_dt;
        w->has_now = true;
    }

    const cJSON *d;
    cJSON_ArrayForEach(d, daily)
    {
        if (w->ndays >= WEATHER_DAYS)
            break;
        struct weather_day *day = &w->days[w->ndays];
        int64_t dt;
        const cJSON *T = cJSON_GetObjectItemCaseSensitive(d, "T");
        if (instant(r, cJSON_GetObjectItemCaseSensitive(d, "dt"), "daily_forecast.dt", &dt) < 0 ||
            temperature(r, cJSON_GetObjectItemCaseSensitive(T, "min"), "daily_forecast.T.min",
                        &day->tmin) < 0 ||
            temperature(r, cJSON_GetObjectItemCaseSensitive(T, "max"), "daily_forecast.T.max",
                        &day->tmax) < 0)
            return -1;
        /* dt is the local midnight starting the day; half a day later is
         * that same date in UTC for every European zone. */
        struct civil_fields f = civil_split((civil_t)dt + 12 * 3600);
        day->year = f.year;
        day->month = f.month;
        day->day = f.day;
        day->sky = sky_from_mf(desc_of(d, "weather12H"));
        w->ndays++;
    }
    if (!w->has_now) {
        const cJSON *up = cJSON_GetObjectItemCaseSensitive(root, "updated_on");
        if (instant(r, up, "updated_on", &w->at) < 0)
            return -1;
    }
    if (!w->has_now && w->ndays == 0)
        return fail(r, "'%s' holds no forecast for now or for any day", "forecast");
    return 0;
}

int weather_parse(enum weather_source src, const char *json, size_t len, int64_t now,
                  struct weather *out, char *err, size_t errsz)
{
    struct rd r = {weather_source_name(src), err, errsz};
    memset(out, 0, sizeof *out);
    cJSON *root = json ? cJSON_ParseWithLength(json, len) : NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return fail(&r, "the answer is not a JSON object%s", "");
    }
    int rc = src == WEATHER_OPEN_METEO ? parse_open_meteo(&r, root, out)
                                       : parse_meteo_france(&r, root, now, out);
    cJSON_Delete(root);
    if (rc < 0)
        memset(out, 0, sizeof *out);
    return rc;
}

bool weather_fresh(const struct weather *w, int64_t now)
{
    return w && (w->has_now || w->ndays > 0) && now - w->at <= WEATHER_MAX_AGE_S &&
           w->at - now <= 3600;
}
