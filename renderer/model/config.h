/* config — the screen's configuration: one table of keys and defaults
 * (config.c, read by model/keytab), then an INI file, then the command
 * line. Read-only once the player starts. Every problem is reported as
 * "FILE:LINE: message". docs/config.md documents every key. */
#ifndef VITRINE_MODEL_CONFIG_H
#define VITRINE_MODEL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/diag.h"
#include "model/item.h"
#include "model/lang.h"

#define CONFIG_MAX_SOURCES 16

/* Computed slide durations when the configuration says nothing: the one
 * home of these defaults, for the table in config.c and the scheduler. */
#define CONFIG_MIN_DURATION_S 6
#define CONFIG_MAX_DURATION_S 20
#define CONFIG_READING_SPEED  2.5

struct config {
    char *file; /* the file read, or NULL: defaults only */

    /* [content] */
    char *sources[CONFIG_MAX_SOURCES]; /* feed paths or http(s) URLs, in order */
    int nsources;
    char *drop;  /* drop folder; "" = none */
    char *theme; /* theme folder */

    /* [screen] */
    char *screen;                /* this screen's id; "" = none */
    enum lang langs[LANG_COUNT]; /* 0 languages: the feed's own */
    int nlangs;
    enum lang_policy lang_policy;
    struct week_hours hours;              /* when the screen is on */
    bool has_hours;                       /* false: always on */
    char *display_on, *display_off;       /* hook commands run through /bin/sh; "" = none */
    int min_duration_ms, max_duration_ms; /* clamp for reading-time durations */
    double words_per_sec;                 /* reading speed for computed durations */
    int screenshot_s;                     /* save a screenshot every N s; 0 = never */
    bool playlog;                         /* record what played, for proof of play */
    int video_volume;                     /* films' sound, 0..100; 0 = muted */
    int pi_model;                         /* 4, 5: check's video advice; 0 = not a Pi */
    bool after_hours;   /* a shop window: keeps playing while the office is closed */
    bool weather_slide; /* a weather slide in the rotation while the weather is fresh */
    char *band;         /* the information band: "off", "top" or "bottom" */

    /* [weather] */
    char *weather_source; /* "open-meteo", "meteo-france"; "" = no weather */
    char *weather_url;    /* the forecast URL; "" = built from the coordinates */
    double latitude, longitude;
    int weather_poll_s;

    /* [network] */
    int poll_s; /* how often an http(s) feed is asked for changes */
    int connect_timeout_s, timeout_s;
    int64_t max_download; /* bytes, per feed or image download */

    /* [fleet]: MQTT (fleet/, docs/fleet.md); broker "" = none */
    struct config_fleet {
        char *broker, *ca_file, *site, *screen, *username, *password_file;
        bool tls;
        int keepalive_s, status_s;
    } fleet;

    /* [paths] */
    char *cache_dir;    /* downloaded feeds and images */
    char *state_dir;    /* status file, play log */
    int64_t cache_size; /* bound on the image cache, bytes */
};

/* Returns the configuration file to read: explicit (from -c) when non-NULL,
 * else ./vitrine.conf, else /etc/vitrine/vitrine.conf when they exist, else
 * NULL (defaults only). The result is a static string or explicit itself. */
const char *config_find(const char *explicit_path);

/* A configuration holding the defaults only. Free with config_free. */
struct config *config_defaults(void);

/* Reads an INI file on top of cfg. Every problem goes to diag as
 * "FILE:LINE: message"; returns the number of problems (0: all good). A
 * missing or unreadable file is one problem. */
int config_read(struct config *cfg, const char *path, diag_t *diag);

/* Sets one key ("section.key" or a bare key when unique, e.g. "theme") from
 * its text form, as a command-line override. where and line name the origin
 * in messages (line <= 0: none). Returns 0, or -1 with a message in diag. */
int config_set(struct config *cfg, const char *key, const char *value, const char *where, int line,
               diag_t *diag);

/* Checks what a file cannot: at least one source. Returns problems found. */
int config_validate(const struct config *cfg, diag_t *diag);

/* Writes every key with its value as an INI file (for `vitrine check -v` and
 * tests); the output reads back to the same configuration. */
void config_print(const struct config *cfg, FILE *out);

/* The URL the weather is asked at: weather_url, or for Open-Meteo the one
 * built from the coordinates; NULL when there is no weather. The caller
 * frees it. */
char *config_weather_url(const struct config *cfg);

/* True when a source is an http:// or https:// URL rather than a path. */
bool config_is_url(const char *source);

/* The table of keys (model/keytab.h): for tests and documentation checks. */
struct keytab;
const struct keytab *config_keytab(void);

/* Frees cfg and its strings. NULL is a no-op. */
void config_free(struct config *cfg);

#endif
