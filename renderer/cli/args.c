#include "cli/args.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/content.h"
#include "model/diag.h"
#include "model/util.h"
#include "play/cache.h"

int args_size(const char *s, int max, int *w, int *h, char *err, size_t errsz)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end != s && (*end == 'x' || *end == 'X')) {
        const char *p = end + 1;
        long b = strtol(p, &end, 10);
        if (end != p && !*end && a >= ARGS_SIZE_MIN && b >= ARGS_SIZE_MIN && a <= max &&
            b <= max) {
            *w = (int)a;
            *h = (int)b;
            return 0;
        }
    }
    snprintf(err, errsz,
             "'%.40s' should be WIDTHxHEIGHT in pixels, each from %d to %d "
             "(e.g. 1920x1080)",
             s, ARGS_SIZE_MIN, max);
    return -1;
}

int args_date(const char *s, civil_t *out, char *err, size_t errsz)
{
    civil_t t;
    bool date_only = false;
    if (civil_parse(s, &t, &date_only, err, errsz) < 0)
        return -1;
    if (!date_only) {
        snprintf(err, errsz, "'%.40s': expected a date YYYY-MM-DD, without a time", s);
        return -1;
    }
    *out = t;
    return 0;
}

struct config *args_config(const char *cmd, const char *file, char *const *sets, int nsets,
                           const char *theme, const char *screen, const char *feed)
{
    struct config *cfg = config_defaults();
    diag_t *d = diag_create();
    const char *path = config_find(file);
    int problems = path ? config_read(cfg, path, d) : 0;
    for (int i = 0; i < nsets; i++) {
        const char *eq = strchr(sets[i], '=');
        if (!eq) {
            diag_add(d, "--set", 0, "'%s': write KEY=VALUE", sets[i]);
            problems++;
            continue;
        }
        char *key = strndup(sets[i], (size_t)(eq - sets[i]));
        problems += config_set(cfg, key, eq + 1, "--set", 0, d) < 0;
        free(key);
    }
    if (theme)
        problems += config_set(cfg, "theme", theme, "--theme", 0, d) < 0;
    if (screen)
        problems += config_set(cfg, "screen.id", screen, "--screen", 0, d) < 0;
    if (feed)
        problems += config_set(cfg, "feed", feed, "command line", 0, d) < 0;
    if (!problems)
        problems = config_validate(cfg, d);
    if (problems) {
        diag_print(d, stderr);
        fprintf(stderr,
                "vitrine %s: the configuration has problems (above); fix them, then check "
                "with 'vitrine check %s'\n",
                cmd, path ? path : "vitrine.conf");
        config_free(cfg);
        cfg = NULL;
    }
    diag_free(d);
    return cfg;
}

/* content_url_fn: the player's cached copy of a URL feed, when there is one. */
static char *cached_copy(void *ctx, const char *url)
{
    const struct config *cfg = ctx;
    char *path = cache_feed_file(cfg->cache_dir, url);
    if (access(path, R_OK) == 0)
        return path;
    free(path);
    return NULL;
}

feed_t *args_content(const struct config *cfg, diag_t *diag, size_t *failed)
{
    return content_load(cfg, wall_ms(), cached_copy, (void *)cfg, diag, failed);
}

char *args_content_name(const struct config *cfg)
{
    char *s = xstrdup("");
    for (int i = 0; i < cfg->nsources; i++) {
        char *t = xasprintf("%s%s%s", s, i ? ", " : "", cfg->sources[i]);
        free(s);
        s = t;
    }
    if (cfg->drop && *cfg->drop && is_dir(cfg->drop)) {
        char *t = xasprintf("%s + drop folder %s", s, cfg->drop);
        free(s);
        s = t;
    }
    return s;
}
