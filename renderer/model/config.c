#include "model/config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "model/util.h"
#include "model/weather.h"

enum ktype { K_STR, K_LIST, K_INT, K_MS, K_DOUBLE, K_SIZE, K_BOOL, K_LANGS, K_POLICY, K_HOURS };

/* Every key, its default and its meaning: the one place to read what a screen
 * does when nothing says otherwise. Defaults let `vitrine play` run from the
 * source tree with no configuration file. docs/config.md mirrors this table. */
static const struct key {
    const char *section, *name;
    enum ktype type;
    size_t off;
    const char *def;
    long min, max; /* for numbers: accepted range (seconds for K_MS) */
    const char *meaning;
} keys[] = {
#define O(f)    offsetof(struct config, f)
#define STR_(x) #x
#define STR(x)  STR_(x)
    {"content", "feed", K_LIST, O(sources), "content/feed.xml", 0, 0,
     "a feed: a file path or an http(s) URL; repeat the key for several feeds"},
    {"content", "drop", K_STR, O(drop), "content/drop", 0, 0,
     "the staff drop folder: images become posters; empty = none"},
    {"content", "theme", K_STR, O(theme), "themes/default", 0, 0, "the theme folder"},
    {"screen", "id", K_STR, O(screen), "", 0, 0,
     "this screen's id: items with screens= and drop sub-folders target it"},
    {"screen", "languages", K_LANGS, O(langs), "", 0, 0,
     "languages shown, e.g. 'fr eu es en'; empty = the feed's"},
    {"screen", "language_policy", K_POLICY, O(lang_policy), "cycle", 0, 0,
     "cycle (a full rotation per language), alternate (per slide), dual (two per slide)"},
    {"screen", "hours", K_HOURS, O(hours), "", 0, 0,
     "when the screen is on, as opening hours; empty = always"},
    {"screen", "display_on", K_STR, O(display_on), "", 0, 0,
     "shell command run when the screen hours start; empty = none"},
    {"screen", "display_off", K_STR, O(display_off), "", 0, 0,
     "shell command run when the screen hours end; empty = none"},
    {"screen", "min_duration", K_MS, O(min_duration_ms), STR(CONFIG_MIN_DURATION_S), 1, 600,
     "shortest computed slide duration, seconds"},
    {"screen", "max_duration", K_MS, O(max_duration_ms), STR(CONFIG_MAX_DURATION_S), 1, 600,
     "longest computed slide duration, seconds"},
    {"screen", "reading_speed", K_DOUBLE, O(words_per_sec), STR(CONFIG_READING_SPEED), 0, 20,
     "words per second used to compute a slide's duration"},
    {"screen", "screenshot_interval", K_INT, O(screenshot_s), "0", 0, 86400,
     "save state/screenshot.png every N seconds; 0 = never"},
    {"screen", "playlog", K_BOOL, O(playlog), "true", 0, 0,
     "record every slide shown in state/playlog, for proof of play"},
    {"screen", "after_hours", K_BOOL, O(after_hours), "false", 0, 0,
     "a shop window: keep playing while the office is closed, with the after-hours rotation"},
    {"screen", "weather_slide", K_BOOL, O(weather_slide), "false", 0, 0,
     "a weather slide (the next three days) in the rotation while the weather is fresh"},
    {"screen", "band", K_STR, O(band), "off", 0, 0,
     "the information band (date, time, weather, next event): off, top or bottom"},
    {"weather", "source", K_STR, O(weather_source), "", 0, 0,
     "where the weather comes from: open-meteo or meteo-france; empty = no weather"},
    {"weather", "url", K_STR, O(weather_url), "", 0, 0,
     "the forecast URL; empty = Open-Meteo's, built from latitude and longitude"},
    {"weather", "latitude", K_DOUBLE, O(latitude), "43.36", -90, 90,
     "the office's latitude, in degrees (Cambo-les-Bains: 43.36)"},
    {"weather", "longitude", K_DOUBLE, O(longitude), "-1.38", -180, 180,
     "the office's longitude, in degrees east (Cambo-les-Bains: -1.38)"},
    {"weather", "refresh", K_INT, O(weather_poll_s), "1800", 300, 86400,
     "seconds between two weather updates"},
    {"network", "poll", K_INT, O(poll_s), "60", 1, 86400,
     "seconds between two checks of an http(s) feed (spread with jitter)"},
    {"network", "connect_timeout", K_INT, O(connect_timeout_s), "10", 1, 300,
     "seconds to wait for a server to answer"},
    {"network", "timeout", K_INT, O(timeout_s), "30", 1, 3600,
     "seconds a whole download may take"},
    {"network", "max_download", K_SIZE, O(max_download), "16M", 1024, 0,
     "largest feed or image accepted (K, M, G suffixes)"},
    {"paths", "cache", K_STR, O(cache_dir), "cache", 0, 0,
     "where downloaded feeds and images are kept"},
    {"paths", "state", K_STR, O(state_dir), "state", 0, 0,
     "where the status file and the play log are written"},
    {"paths", "cache_size", K_SIZE, O(cache_size), "256M", 1 << 20, 0,
     "bound on the image cache (K, M, G suffixes)"},
    {"fleet", "broker", K_STR, O(fleet.broker), "", 0, 0,
     "the MQTT broker, host or host:port (8883 with TLS, else 1883); empty = no fleet"},
    {"fleet", "tls", K_BOOL, O(fleet.tls), "true", 0, 0, "encrypt the connection to the broker"},
    {"fleet", "ca_file", K_STR, O(fleet.ca_file), "", 0, 0,
     "the authority that signed the broker's certificate (PEM); empty = the system's"},
    {"fleet", "site", K_STR, O(fleet.site), "", 0, 0,
     "the office (site) of this screen, in topics: vitrine/SITE/SCREEN/..."},
    {"fleet", "screen", K_STR, O(fleet.screen), "", 0, 0,
     "this screen's name in topics; empty = screen.id"},
    {"fleet", "username", K_STR, O(fleet.username), "", 0, 0,
     "the screen's broker account; empty = SITE/SCREEN"},
    {"fleet", "password_file", K_STR, O(fleet.password_file), "", 0, 0,
     "a file holding the account's password (first line), readable by the player only"},
    {"fleet", "keepalive", K_INT, O(fleet.keepalive_s), "30", 5, 3600,
     "seconds between keep-alives; the broker declares the screen offline after 1.5x"},
    {"fleet", "status_interval", K_INT, O(fleet.status_s), "60", 5, 3600,
     "seconds between two status messages when nothing changes"},
#undef O
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

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

static void *field(struct config *cfg, const struct key *k)
{
    return (char *)cfg + k->off;
}

/* Parses "16M", "512K", "2G", "1000" into bytes. */
static int parse_size(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0)
        return -1;
    while (*end == ' ')
        end++;
    double mul = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mul = 1024.0;
        end++;
        break;
    case 'm':
    case 'M':
        mul = 1024.0 * 1024;
        end++;
        break;
    case 'g':
    case 'G':
        mul = 1024.0 * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'B' || *end == 'b' || *end == 'o')
        end++;
    if (*end || !(v * mul <= 1e15)) /* written so that "nan" fails too */
        return -1;
    *out = (int64_t)(v * mul);
    return 0;
}

/* Applies one value to one key. Returns 0, or -1 after adding a message that
 * names the key, the value and what is expected. */
static int apply(struct config *cfg, const struct key *k, const char *value, bool first_list,
                 const char *where, int line, diag_t *diag)
{
    void *p = field(cfg, k);
    char *end;
    char err[200] = "";
    switch (k->type) {
    case K_STR: {
        char **s = p;
        free(*s);
        *s = xstrdup(value);
        return 0;
    }
    case K_LIST: {
        if (first_list) {
            for (int i = 0; i < cfg->nsources; i++)
                free(cfg->sources[i]);
            cfg->nsources = 0;
        }
        if (!*value) {
            diag_add(diag, where, line, "%s: empty value; give a feed file or an http(s) URL",
                     k->name);
            return -1;
        }
        if (cfg->nsources >= CONFIG_MAX_SOURCES) {
            diag_add(diag, where, line, "%s: at most %d feeds; remove one", k->name,
                     CONFIG_MAX_SOURCES);
            return -1;
        }
        if (strstr(value, "://") && !config_is_url(value)) {
            diag_add(diag, where, line,
                     "%s: '%s' is neither a file nor an http(s) URL; "
                     "only http:// and https:// are fetched",
                     k->name, value);
            return -1;
        }
        cfg->sources[cfg->nsources++] = xstrdup(value);
        return 0;
    }
    case K_INT:
    case K_MS:
    case K_DOUBLE: {
        errno = 0;
        double v = strtod(value, &end);
        /* !(in range) rather than (out of range): strtod reads "nan", which
         * compares false with everything and must not slip through. */
        if (end == value || *end || errno || !(v >= k->min && v <= k->max) ||
            (k->type == K_INT && v != (long)v)) {
            diag_add(diag, where, line, "%s: '%s' is not valid; expected %s from %ld to %ld",
                     k->name, value, k->type == K_INT ? "a whole number" : "a number", k->min,
                     k->max);
            return -1;
        }
        if (k->type == K_INT)
            *(int *)p = (int)v;
        else if (k->type == K_MS)
            *(int *)p = (int)(v * 1000 + 0.5);
        else
            *(double *)p = v;
        return 0;
    }
    case K_SIZE: {
        int64_t v;
        if (parse_size(value, &v) < 0 || v < k->min) {
            diag_add(diag, where, line,
                     "%s: '%s' is not a valid size; expected a number of "
                     "bytes with K, M or G, at least %ldK",
                     k->name, value, k->min / 1024);
            return -1;
        }
        *(int64_t *)p = v;
        return 0;
    }
    case K_BOOL:
        if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1")) {
            *(bool *)p = true;
        } else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0")) {
            *(bool *)p = false;
        } else {
            diag_add(diag, where, line, "%s: '%s' is not valid; expected true or false", k->name,
                     value);
            return -1;
        }
        return 0;
    case K_LANGS: {
        enum lang tmp[LANG_COUNT] = {0};
        int n = 0;
        char *copy = xstrdup(value), *save = NULL;
        int rc = 0;
        for (char *w = strtok_r(copy, " ,\t", &save); w; w = strtok_r(NULL, " ,\t", &save)) {
            enum lang l;
            if (lang_parse(w, &l) < 0) {
                diag_add(diag, where, line,
                         "%s: unknown language '%s'; expected fr, eu, es "
                         "or en",
                         k->name, w);
                rc = -1;
                break;
            }
            bool dup = false;
            for (int i = 0; i < n; i++)
                dup |= tmp[i] == l;
            if (dup) {
                diag_add(diag, where, line, "%s: '%s' is listed twice", k->name, w);
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
    case K_POLICY:
        if (lang_policy_parse(value, &cfg->lang_policy) == 0)
            return 0;
        diag_add(diag, where, line, "%s: '%s' is not valid; expected cycle, alternate or dual",
                 k->name, value);
        return -1;
    case K_HOURS:
        if (!*value) {
            cfg->has_hours = false;
            return 0;
        }
        if (hours_parse(value, &cfg->hours, err, sizeof err) < 0) {
            diag_add(diag, where, line, "%s: %s", k->name, err);
            return -1;
        }
        cfg->has_hours = true;
        return 0;
    }
    return -1;
}

static const struct key *lookup(const char *section, const char *name, int *ambiguous)
{
    const struct key *found = NULL;
    *ambiguous = 0;
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].name, name) || (section && strcmp(keys[i].section, section)))
            continue;
        if (found)
            *ambiguous = 1;
        found = &keys[i];
    }
    return found;
}

struct config *config_defaults(void)
{
    struct config *cfg = xcalloc(1, sizeof *cfg);
    diag_t *d = diag_create();
    for (size_t i = 0; i < NKEYS; i++)
        if (apply(cfg, &keys[i], keys[i].def, true, "defaults", 0, d) < 0 &&
            keys[i].type != K_LIST)
            abort(); /* a bad default is a programming error */
    diag_free(d);
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
    int ambiguous;
    const struct key *k = lookup(*section ? section : NULL, name, &ambiguous);
    if (!k) {
        diag_add(diag, where, line, "unknown key '%s'; see docs/config.md for the keys", key);
        return -1;
    }
    if (ambiguous) {
        diag_add(diag, where, line, "'%s' is ambiguous; write it as section.%s", key, name);
        return -1;
    }
    return apply(cfg, k, value, true, where, line, diag);
}

/* libinih reads line by line through this reader, so that the handler knows
 * the line it is called for (Debian builds inih without INI_HANDLER_LINENO). */
struct ini_ctx {
    FILE *f;
    int line;
    struct config *cfg;
    const char *path;
    diag_t *diag;
    int problems;
    bool sources_seen;
};

static char *reader(char *str, int num, void *stream)
{
    struct ini_ctx *c = stream;
    char *r = fgets(str, num, c->f);
    if (r)
        c->line++;
    return r;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct ini_ctx *c = user;
    if (!name) /* a section header alone */
        return 1;
    if (!*section) {
        c->problems++;
        diag_add(c->diag, c->path, c->line,
                 "'%s' is outside any section; put it under "
                 "[content], [screen], [network] or [paths]",
                 name);
        return 1;
    }
    int ambiguous;
    const struct key *k = lookup(section, name, &ambiguous);
    if (!k) {
        const struct key *elsewhere = lookup(NULL, name, &ambiguous);
        c->problems++;
        if (elsewhere)
            diag_add(c->diag, c->path, c->line, "'%s' belongs in section [%s], not [%s]", name,
                     elsewhere->section, section);
        else
            diag_add(c->diag, c->path, c->line, "unknown key '%s' in [%s]; see docs/config.md",
                     name, section);
        return 1;
    }
    bool first = false;
    if (k->type == K_LIST && !c->sources_seen) {
        first = true;
        c->sources_seen = true;
    }
    if (apply(c->cfg, k, value, first, c->path, c->line, c->diag) < 0)
        c->problems++;
    return 1; /* keep going: staff see every problem at once */
}

int config_read(struct config *cfg, const char *path, diag_t *diag)
{
    struct ini_ctx c = {.cfg = cfg, .path = path, .diag = diag};
    c.f = fopen(path, "r");
    if (!c.f) {
        diag_add(diag, path, 0, "cannot read the configuration: %s", strerror(errno));
        return 1;
    }
    int rc = ini_parse_stream(reader, &c, handler, &c);
    /* inih stops at the first malformed line and returns its number. */
    if (rc > 0) {
        c.problems++;
        diag_add(diag, path, rc, "not a 'key = value' line nor a [section]");
    } else if (rc < 0) {
        c.problems++;
        diag_add(diag, path, 0, "cannot parse the configuration");
    }
    fclose(c.f);
    free(cfg->file);
    cfg->file = xstrdup(path);
    return c.problems;
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
    if (strcmp(cfg->band, "off") && strcmp(cfg->band, "top") && strcmp(cfg->band, "bottom")) {
        diag_add(diag, where, 0, "[screen] band '%.20s' must be off, top or bottom", cfg->band);
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

static void print_value(const struct config *cfg, const struct key *k, FILE *out)
{
    const void *p = (const char *)cfg + k->off;
    char buf[256];
    switch (k->type) {
    case K_STR:
        fprintf(out, "%s = %s\n", k->name, *(char *const *)p);
        break;
    case K_LIST:
        for (int i = 0; i < cfg->nsources; i++)
            fprintf(out, "%s = %s\n", k->name, cfg->sources[i]);
        break;
    case K_INT:
        fprintf(out, "%s = %d\n", k->name, *(const int *)p);
        break;
    case K_MS:
        fprintf(out, "%s = %g\n", k->name, *(const int *)p / 1000.0);
        break;
    case K_DOUBLE:
        fprintf(out, "%s = %g\n", k->name, *(const double *)p);
        break;
    case K_SIZE:
        fprintf(out, "%s = %" PRId64 "\n", k->name, *(const int64_t *)p);
        break;
    case K_BOOL:
        fprintf(out, "%s = %s\n", k->name, *(const bool *)p ? "true" : "false");
        break;
    case K_LANGS:
        fprintf(out, "%s =", k->name);
        for (int i = 0; i < cfg->nlangs; i++)
            fprintf(out, " %s", lang_code(cfg->langs[i]));
        fputc('\n', out);
        break;
    case K_POLICY:
        fprintf(out, "%s = %s\n", k->name, lang_policy_name(cfg->lang_policy));
        break;
    case K_HOURS:
        buf[0] = '\0';
        if (cfg->has_hours)
            hours_format(&cfg->hours, buf, sizeof buf);
        fprintf(out, "%s = %s\n", k->name, buf);
        break;
    }
}

void config_print(const struct config *cfg, FILE *out)
{
    const char *section = "";
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(section, keys[i].section)) {
            section = keys[i].section;
            fprintf(out, "%s[%s]\n", i ? "\n" : "", section);
        }
        fprintf(out, "; %s\n", keys[i].meaning);
        print_value(cfg, &keys[i], out);
    }
}

void config_free(struct config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < NKEYS; i++)
        if (keys[i].type == K_STR)
            free(*(char **)field(cfg, &keys[i]));
    for (int i = 0; i < cfg->nsources; i++)
        free(cfg->sources[i]);
    free(cfg->file);
    free(cfg);
}
