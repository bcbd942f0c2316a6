#include "model/config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/keytab.h"
#include "model/util.h"
#include "model/weather.h"

_Static_assert(sizeof(enum lang_policy) == sizeof(int), "KT_ENUM stores an int");

static const char *policy_word(int v)
{
    return lang_policy_name((enum lang_policy)v);
}

static const char *band_word(int v)
{
    static const char *const words[] = {"off", "top", "bottom"};
    return words[v];
}

/* [content] feed: the first line of a file (or the command line) replaces
 * the default, the next ones add to it. */
static int set_feed(void *obj, const struct keytab_key *k, const char *value, bool first,
                    char *err, size_t errsize)
{
    struct config *cfg = obj;
    (void)k;
    if (first) {
        for (int i = 0; i < cfg->nsources; i++)
            free(cfg->sources[i]);
        cfg->nsources = 0;
    }
    if (!*value) {
        snprintf(err, errsize, "empty value; give a feed file or an http(s) URL");
        return -1;
    }
    if (cfg->nsources >= CONFIG_MAX_SOURCES) {
        snprintf(err, errsize, "at most %d feeds; remove one", CONFIG_MAX_SOURCES);
        return -1;
    }
    if (strstr(value, "://") && !config_is_url(value)) {
        snprintf(err, errsize,
                 "'%s' is neither a file nor an http(s) URL; only http:// and https:// are "
                 "fetched",
                 value);
        return -1;
    }
    cfg->sources[cfg->nsources++] = xstrdup(value);
    return 0;
}

static void print_feed(const void *obj, const struct keytab_key *k, FILE *out)
{
    const struct config *cfg = obj;
    for (int i = 0; i < cfg->nsources; i++)
        fprintf(out, "%s = %s\n", k->name, cfg->sources[i]);
}

static int set_langs(void *obj, const struct keytab_key *k, const char *value, bool first,
                     char *err, size_t errsize)
{
    struct config *cfg = obj;
    (void)k, (void)first;
    enum lang tmp[LANG_COUNT] = {0};
    int n = 0;
    char *copy = xstrdup(value), *save = NULL;
    int rc = 0;
    for (char *w = strtok_r(copy, " ,\t", &save); w; w = strtok_r(NULL, " ,\t", &save)) {
        enum lang l;
        if (lang_parse(w, &l) < 0) {
            snprintf(err, errsize, "unknown language '%s'; expected fr, eu, es or en", w);
            rc = -1;
            break;
        }
        bool dup = false;
        for (int i = 0; i < n; i++)
            dup |= tmp[i] == l;
        if (dup) {
            snprintf(err, errsize, "'%s' is listed twice", w);
            rc = -1;
            break;
        }
        tmp[n++] = l;
    }
    free(copy);
    if (rc == 0) {
        memcpy(cfg->langs, tmp, sizeof tmp);
        cfg->nlangs = n;
    }
    return rc;
}

static void print_langs(const void *obj, const struct keytab_key *k, FILE *out)
{
    const struct config *cfg = obj;
    fprintf(out, "%s =", k->name);
    for (int i = 0; i < cfg->nlangs; i++)
        fprintf(out, " %s", lang_code(cfg->langs[i]));
    fputc('\n', out);
}

static int set_hours(void *obj, const struct keytab_key *k, const char *value, bool first,
                     char *err, size_t errsize)
{
    struct config *cfg = obj;
    (void)k, (void)first;
    if (!*value) {
        cfg->has_hours = false;
        return 0;
    }
    if (hours_parse(value, &cfg->hours, err, errsize) < 0)
        return -1;
    cfg->has_hours = true;
    return 0;
}

static void print_hours(const void *obj, const struct keytab_key *k, FILE *out)
{
    const struct config *cfg = obj;
    char buf[256] = "";
    if (cfg->has_hours)
        hours_format(&cfg->hours, buf, sizeof buf);
    fprintf(out, "%s = %s\n", k->name, buf);
}

/* Every key, its default, its range and its meaning: the one place to read
 * what a screen does when nothing says otherwise. Defaults let `vitrine
 * play` run from the source tree with no configuration file. docs/config.md
 * mirrors this table (tests/test_keytab.c checks it). */
#define K(sec, nm, ty, f, d, lo, hi, h)                                                           \
    {                                                                                             \
        .section = sec, .name = nm, .type = ty, .off = offsetof(struct config, f), .def = d,      \
        .min = lo, .max = hi, .help = h                                                           \
    }
#define W(sec, nm, ty, f, d, words, hi, h)                                                        \
    {                                                                                             \
        .section = sec, .name = nm, .type = ty, .off = offsetof(struct config, f), .def = d,      \
        .max = hi, .word = words, .help = h                                                       \
    }
#define C(sec, nm, f, setter, printer, d, h)                                                      \
    {                                                                                             \
        .section = sec, .name = nm, .type = KT_CUSTOM, .off = offsetof(struct config, f),         \
        .def = d, .set = setter, .print = printer, .help = h                                      \
    }
#define STR_(x) #x
#define STR(x)  STR_(x)
static const struct keytab_key keys[] = {
    C("content", "feed", sources, set_feed, print_feed, "content/feed.xml",
      "a feed: a file path or an http(s) URL; repeat the key for several feeds"),
    K("content", "drop", KT_STR, drop, "content/drop", 0, 0,
      "the staff drop folder: images become posters; empty = none"),
    K("content", "theme", KT_STR, theme, "themes/default", 0, 0, "the theme folder"),
    K("screen", "id", KT_STR, screen, "", 0, 0,
      "this screen's id: items with screens= and drop sub-folders target it"),
    C("screen", "languages", langs, set_langs, print_langs, "",
      "languages shown, e.g. 'fr eu es en'; empty = the feed's"),
    W("screen", "language_policy", KT_ENUM, lang_policy, "cycle", policy_word,
      LANG_POLICY_COUNT - 1,
      "cycle (a full rotation per language), alternate (per slide), dual (two per slide)"),
    C("screen", "hours", hours, set_hours, print_hours, "",
      "when the screen is on, as opening hours; empty = always"),
    K("screen", "display_on", KT_STR, display_on, "", 0, 0,
      "shell command run when the screen hours start; empty = none"),
    K("screen", "display_off", KT_STR, display_off, "", 0, 0,
      "shell command run when the screen hours end; empty = none"),
    K("screen", "min_duration", KT_SECONDS, min_duration_ms, STR(CONFIG_MIN_DURATION_S), 1, 600,
      "shortest computed slide duration, seconds"),
    K("screen", "max_duration", KT_SECONDS, max_duration_ms, STR(CONFIG_MAX_DURATION_S), 1, 600,
      "longest computed slide duration, seconds"),
    K("screen", "reading_speed", KT_DOUBLE, words_per_sec, STR(CONFIG_READING_SPEED), 0, 20,
      "words per second used to compute a slide's duration"),
    K("screen", "screenshot_interval", KT_INT, screenshot_s, "0", 0, 86400,
      "save state/screenshot.png every N seconds; 0 = never"),
    K("screen", "playlog", KT_BOOL, playlog, "true", 0, 0,
      "record every slide shown in state/playlog, for proof of play"),
    K("screen", "pi_model", KT_INT, pi_model, "0", 0, 5,
      "the Raspberry Pi model (4, 5) for vitrine check's video advice; 0 = not a Pi"),
    K("screen", "video_volume", KT_INT, video_volume, "0", 0, 100,
      "films' sound volume, 0 to 100, within the screen hours; 0 = muted"),
    K("screen", "after_hours", KT_BOOL, after_hours, "false", 0, 0,
      "a shop window: keep playing while the office is closed, with the after-hours rotation"),
    K("screen", "weather_slide", KT_BOOL, weather_slide, "false", 0, 0,
      "a weather slide (the next three days) in the rotation while the weather is fresh"),
    W("screen", "band", KT_WORD, band, "off", band_word, 2,
      "the information band (date, time, weather, next event): off, top or bottom"),
    K("weather", "source", KT_STR, weather_source, "", 0, 0,
      "where the weather comes from: open-meteo or meteo-france; empty = no weather"),
    K("weather", "url", KT_STR, weather_url, "", 0, 0,
      "the forecast URL; empty = Open-Meteo's, built from latitude and longitude"),
    K("weather", "latitude", KT_DOUBLE, latitude, "43.36", -90, 90,
      "the office's latitude, in degrees (Cambo-les-Bains: 43.36)"),
    K("weather", "longitude", KT_DOUBLE, longitude, "-1.38", -180, 180,
      "the office's longitude, in degrees east (Cambo-les-Bains: -1.38)"),
    K("weather", "refresh", KT_INT, weather_poll_s, "1800", 300, 86400,
      "seconds between two weather updates"),
    K("network", "poll", KT_INT, poll_s, "60", 1, 86400,
      "seconds between two checks of an http(s) feed (spread with jitter)"),
    K("network", "connect_timeout", KT_INT, connect_timeout_s, "10", 1, 300,
      "seconds to wait for a server to answer"),
    K("network", "timeout", KT_INT, timeout_s, "30", 1, 3600, "seconds a whole download may take"),
    K("network", "max_download", KT_SIZE, max_download, "16M", 1024, 0,
      "largest feed or image accepted (K, M, G suffixes)"),
    K("paths", "cache", KT_STR, cache_dir, "cache", 0, 0,
      "where downloaded feeds and images are kept"),
    K("paths", "state", KT_STR, state_dir, "state", 0, 0,
      "where the status file and the play log are written"),
    K("paths", "cache_size", KT_SIZE, cache_size, "256M", 1 << 20, 0,
      "bound on the image cache (K, M, G suffixes)"),
    K("fleet", "broker", KT_STR, fleet.broker, "", 0, 0,
      "the MQTT broker, host or host:port (8883 with TLS, else 1883); empty = no fleet"),
    K("fleet", "tls", KT_BOOL, fleet.tls, "true", 0, 0, "encrypt the connection to the broker"),
    K("fleet", "ca_file", KT_STR, fleet.ca_file, "", 0, 0,
      "the authority that signed the broker's certificate (PEM); empty = the system's"),
    K("fleet", "site", KT_STR, fleet.site, "", 0, 0,
      "the office (site) of this screen, in topics: vitrine/SITE/SCREEN/..."),
    K("fleet", "screen", KT_STR, fleet.screen, "", 0, 0,
      "this screen's name in topics; empty = screen.id"),
    K("fleet", "username", KT_STR, fleet.username, "", 0, 0,
      "the screen's broker account; empty = SITE/SCREEN"),
    K("fleet", "password_file", KT_STR, fleet.password_file, "", 0, 0,
      "a file holding the account's password (first line), readable by the player only"),
    K("fleet", "keepalive", KT_INT, fleet.keepalive_s, "30", 5, 3600,
      "seconds between keep-alives; the broker declares the screen offline after 1.5x"),
    K("fleet", "status_interval", KT_INT, fleet.status_s, "60", 5, 3600,
      "seconds between two status messages when nothing changes"),
};
#undef K
#undef W
#undef C

static const struct keytab table = {
    .keys = keys, .n = sizeof keys / sizeof keys[0], .doc = "docs/config.md"};

const struct keytab *config_keytab(void)
{
    return &table;
}

const char *config_find(const char *explicit_path)
{
    if (explicit_path)
        return explicit_path;
    if (access("vitrine.conf", F_OK) == 0)
        return "vitrine.conf";
    if (access("/etc/vitrine/vitrine.conf", F_OK) == 0)
        return "/etc/vitrine/vitrine.conf";
    return NULL;
}

bool config_is_url(const char *s)
{
    return str_starts(s, "http://") || str_starts(s, "https://");
}

struct config *config_defaults(void)
{
    struct config *cfg = xcalloc(1, sizeof *cfg);
    keytab_defaults(&table, cfg);
    return cfg;
}

int config_set(struct config *cfg, const char *key, const char *value, const char *where, int line,
               diag_t *diag)
{
    char section[64] = "";
    const char *name = key;
    const char *dot = strchr(key, '.');
    if (dot && (size_t)(dot - key) < sizeof section) {
        memcpy(section, key, (size_t)(dot - key));
        section[dot - key] = '\0';
        name = dot + 1;
    }
    int matches;
    const struct keytab_key *k = keytab_find(&table, *section ? section : NULL, name, &matches);
    if (!k) {
        diag_add(diag, where, line, "unknown key '%s'; see docs/config.md for the keys", key);
        return -1;
    }
    if (matches > 1) {
        diag_add(diag, where, line, "'%s' is ambiguous; write it as section.%s", key, name);
        return -1;
    }
    return keytab_set(k, cfg, value, true, where, line, diag);
}

int config_read(struct config *cfg, const char *path, diag_t *diag)
{
    int problems = keytab_read(&table, cfg, path, diag, NULL);
    if (problems < 0) {
        diag_add(diag, path, 0, "cannot read the configuration: %s", strerror(errno));
        return 1;
    }
    free(cfg->file);
    cfg->file = xstrdup(path);
    return problems;
}

int config_validate(const struct config *cfg, diag_t *diag)
{
    const char *where = cfg->file ? cfg->file : "configuration";
    int problems = 0;
    if (cfg->nsources == 0 && !*cfg->drop) {
        diag_add(diag, where, 0,
                 "no feed and no drop folder: add 'feed = FILE' under "
                 "[content]");
        problems++;
    }
    if (cfg->min_duration_ms > cfg->max_duration_ms) {
        diag_add(diag, where, 0, "min_duration (%d s) is longer than max_duration (%d s)",
                 cfg->min_duration_ms / 1000, cfg->max_duration_ms / 1000);
        problems++;
    }
    if (cfg->has_hours && (!*cfg->display_on) != (!*cfg->display_off)) {
        diag_add(diag, where, 0, "set both display_on and display_off, or neither");
        problems++;
    }
    const char *fscreen = *cfg->fleet.screen ? cfg->fleet.screen : cfg->screen;
    if (*cfg->fleet.broker && (!*cfg->fleet.site || !*fscreen || strpbrk(cfg->fleet.site, "/+#") ||
                               strpbrk(fscreen, "/+#"))) {
        diag_add(diag, where, 0,
                 "[fleet] broker is set: give site = (and [screen] id or [fleet] screen), "
                 "without '/', '+' or '#': they name the topics vitrine/SITE/SCREEN/");
        problems++;
    }
    enum weather_source src;
    if (*cfg->weather_source && weather_source_parse(cfg->weather_source, &src) < 0) {
        diag_add(diag, where, 0,
                 "[weather] source '%.40s' is not known: use open-meteo or meteo-france, or "
                 "leave it empty for no weather",
                 cfg->weather_source);
        problems++;
    } else if (*cfg->weather_source && src == WEATHER_METEO_FRANCE && !*cfg->weather_url) {
        diag_add(diag, where, 0,
                 "[weather] source meteo-france needs url = the forecast address of the "
                 "office's account (docs/config.md)");
        problems++;
    }
    if (*cfg->weather_url && !config_is_url(cfg->weather_url)) {
        diag_add(diag, where, 0, "[weather] url '%.80s' must start with https:// or http://",
                 cfg->weather_url);
        problems++;
    }
    return problems;
}

char *config_weather_url(const struct config *cfg)
{
    enum weather_source src;
    if (!*cfg->weather_source || weather_source_parse(cfg->weather_source, &src) < 0)
        return NULL;
    if (*cfg->weather_url)
        return xstrdup(cfg->weather_url);
    if (src != WEATHER_OPEN_METEO)
        return NULL;
    return xasprintf("https://api.open-meteo.com/v1/forecast?latitude=%.4f&longitude=%.4f"
                     "&current=temperature_2m,weather_code"
                     "&daily=weather_code,temperature_2m_max,temperature_2m_min"
                     "&timezone=auto&forecast_days=4",
                     cfg->latitude, cfg->longitude);
}

void config_print(const struct config *cfg, FILE *out)
{
    keytab_print(&table, cfg, out);
}

void config_free(struct config *cfg)
{
    if (!cfg)
        return;
    keytab_free_strings(&table, cfg);
    for (int i = 0; i < cfg->nsources; i++)
        free(cfg->sources[i]);
    free(cfg->file);
    free(cfg);
}
