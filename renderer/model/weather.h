/* weather — the weather the information band and the weather slide show,
 * read from an open forecast service's JSON answer. Two adapters fill one
 * small value type: Open-Meteo's /v1/forecast answer and Météo-France's
 * forecast answer (position, updated_on, forecast, daily_forecast). Pure: no
 * I/O and no clock; the fetch thread hands over the bytes, and whoever shows
 * the weather asks weather_fresh() with the time it has. */
#ifndef VITRINE_MODEL_WEATHER_H
#define VITRINE_MODEL_WEATHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/lang.h"

/* Weather older than this is never shown: a stale sky is worse than none. */
#define WEATHER_MAX_AGE_S (3 * 3600)
#define WEATHER_DAYS      7

enum weather_source { WEATHER_OPEN_METEO, WEATHER_METEO_FRANCE, WEATHER_SOURCE_COUNT };

/* The sky, in as many kinds as a visitor tells apart from 3 m (one icon and
 * one word each). */
enum sky {
    SKY_UNKNOWN,
    SKY_CLEAR,   /* ensoleillé */
    SKY_PARTLY,  /* éclaircies */
    SKY_CLOUDY,  /* nuageux, couvert */
    SKY_FOG,     /* brouillard */
    SKY_DRIZZLE, /* bruine */
    SKY_RAIN,    /* pluie */
    SKY_SHOWERS, /* averses */
    SKY_SNOW,    /* neige */
    SKY_STORM,   /* orages */
    SKY_COUNT
};

struct weather_day {
    int year, month, day; /* the forecast's local date */
    enum sky sky;
    int tmin, tmax; /* °C, rounded */
};

struct weather {
    int64_t at; /* UTC instant the figures describe (or were issued): their age */
    bool has_now;
    int temp; /* °C now, rounded */
    enum sky sky;
    int ndays; /* today first */
    struct weather_day days[WEATHER_DAYS];
};

/* "open-meteo", "meteo-france"; weather_source_parse returns -1 when unknown. */
const char *weather_source_name(enum weather_source s);
int weather_source_parse(const char *name, enum weather_source *out);

/* Reads a forecast answer of source src (len bytes, need not be
 * NUL-terminated); now (UTC) picks the hourly figures that describe the
 * present where a service sends only a series. Returns 0 and fills out, or -1 with the reason in
 * err
 * ("open-meteo: no 'daily' member: not a forecast answer"), for the log
 * and `vitrine status`. Never trusts the answer: a missing, mistyped or
 * absurd value (a temperature outside -60..60 °C) is an error. */
int weather_parse(enum weather_source src, const char *json, size_t len, int64_t now,
                  struct weather *out, char *err, size_t errsz);

/* Whether w may be shown at UTC instant now: not older than
 * WEATHER_MAX_AGE_S, and not from the future by more than an hour (a wrong
 * clock, or a wrong answer). */
bool weather_fresh(const struct weather *w, int64_t now);

/* The sky's word in l ("Ensoleillé", "Eguzkitsua", "Soleado", "Sunny"). */
const char *sky_word(enum sky s, enum lang l);

/* The sky for a WMO weather code (Open-Meteo's weather_code). */
enum sky sky_from_wmo(int code);

#endif
