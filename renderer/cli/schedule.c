/* vitrine schedule — what plays when, and why an item does not. Runs the
 * player's own scheduler (sched_next) over a feed: --day simulates a day,
 * --at explains one instant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "model/diag.h"
#include "model/feed.h"
#include "model/util.h"
#include "sched/sched.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine schedule [--day DATE | --at DATETIME] [-c FILE] [--set KEY=VALUE]\n"
          "                        [--screen ID] [--lang L] [--langs 'fr en']\n"
          "                        [--policy cycle|alternate|dual] [--hours HOURS|always]\n"
          "                        [--json] [FEED]\n"
          "\n"
          "Runs the player's scheduler over what the player shows: the feeds, drop folder\n"
          "and screen settings of its configuration (vitrine.conf, read as 'vitrine play'\n"
          "reads it), or FEED instead of the configured feeds.\n"
          "\n"
          "  --day DATE       simulate the rotation from 00:00 to 24:00 of DATE (YYYY-MM-DD)\n"
          "                   in the feed's time zone and print each slide:\n"
          "                   HH:MM:SS id kind language duration [label]\n"
          "                   then how often and how long each item played, and why the\n"
          "                   others did not.\n"
          "  --at DATETIME    list the items eligible at that moment (YYYY-MM-DDTHH:MM,\n"
          "                   feed's time zone) and, for every other item, why not;\n"
          "                   the default, at the current time\n"
          "  -c, --config FILE  the player's configuration (default ./vitrine.conf, else\n"
          "                   /etc/vitrine/vitrine.conf, else the defaults)\n"
          "  --set KEY=VALUE  override one configuration key, as for 'vitrine play'\n"
          "  --screen ID      schedule for the screen with this id/tag (items and drop\n"
          "                   sub-folders for other screens are left out); default: the\n"
          "                   configuration's [screen] id\n"
          "  --lang L         show only language L (fr, eu, es, en)\n"
          "  --langs 'L L'    the screen's languages; default: the configuration's, else\n"
          "                   the feed's\n"
          "  --policy P       how languages rotate: cycle (each full rotation), alternate\n"
          "                   (each slide), dual (two on one slide); default: the\n"
          "                   configuration's\n"
          "  --hours HOURS    the screen's hours, in opening-hours syntax\n"
          "                   ('Mo-Sa 08:30-19:00; Su off'), or 'always'. Default: the\n"
          "                   configuration's [screen] hours, else always on, as the\n"
          "                   player does\n"
          "  --json           print the same as JSON\n"
          "\n"
          "Exit status: 0 done, 1 a feed or the configuration has problems, 2 usage error.\n",
          out);
}

#define MAX_SETS 32

struct opts {
    const char *day, *at, *screen, *lang, *langs, *policy, *hours, *feed, *config;
    char *sets[MAX_SETS];
    int nsets;
    bool json;
    const char *what; /* what is scheduled, for headers */
};

static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
    static const char *const names[] = {"--day",   "--at",     "--screen", "--lang",
                                        "--langs", "--policy", "--hours",  "--config"};
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            o->json = true;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            return 1;
        if (!strcmp(a, "-c") && i + 1 < argc) {
            o->config = argv[++i];
            continue;
        }
        if (!strncmp(a, "--set", 5) && (a[5] == '=' || a[5] == '\0')) {
            const char *v = opt_value(argc, argv, &i, "--set");
            if (!v || o->nsets == MAX_SETS) {
                fprintf(stderr, "vitrine schedule: --set needs KEY=VALUE (at most %d)\n",
                        MAX_SETS);
                return -1;
            }
            o->sets[o->nsets++] = (char *)v;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            const char **slot[] = {&o->day,   &o->at,     &o->screen, &o->lang,
                                   &o->langs, &o->policy, &o->hours,  &o->config};
            bool found = false;
            for (size_t k = 0; k < sizeof names / sizeof names[0] && !found; k++) {
                size_t n = strlen(names[k]);
                if (strncmp(a, names[k], n) != 0 || (a[n] != '\0' && a[n] != '='))
                    continue;
                const char *v = opt_value(argc, argv, &i, names[k]);
                if (!v) {
                    fprintf(stderr, "vitrine schedule: %s needs a value\n", names[k]);
                    return -1;
                }
                *slot[k] = v;
                found = true;
            }
            if (!found) {
                fprintf(stderr, "vitrine schedule: unknown option '%s'\n", a);
                return -1;
            }
            continue;
        }
        if (o->feed) {
            fprintf(stderr, "vitrine schedule: one feed at a time ('%s' and '%s')\n", o->feed, a);
            return -1;
        }
        o->feed = a;
    }
    if (o->day && o->at) {
        fprintf(stderr, "vitrine schedule: --day and --at do not go together\n");
        return -1;
    }
    return 0;
}

/* The screen's side: the player's mapping of its configuration, then the
 * options that override it. */
static int make_config(const struct opts *o, const struct config *conf, struct sched_config *cfg,
                       char *hours_desc, size_t hsize)
{
    char err[256];
    sched_config_from(cfg, conf);
    if (o->lang) {
        if (lang_parse(o->lang, &cfg->langs[0]) < 0) {
            fprintf(stderr, "vitrine schedule: --lang '%s': expected fr, eu, es or en\n", o->lang);
            return -1;
        }
        cfg->nlangs = 1;
    } else if (o->langs) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", o->langs);
        cfg->nlangs = 0;
        for (char *save, *tok = strtok_r(buf, " ,", &save); tok;
             tok = strtok_r(NULL, " ,", &save)) {
            if (cfg->nlangs == LANG_COUNT || lang_parse(tok, &cfg->langs[cfg->nlangs]) < 0) {
                fprintf(stderr,
                        "vitrine schedule: --langs '%s': expected up to four of fr, "
                        "eu, es, en\n",
                        o->langs);
                return -1;
            }
            cfg->nlangs++;
        }
    }
    if (o->policy && lang_policy_parse(o->policy, &cfg->policy) < 0) {
        fprintf(stderr,
                "vitrine schedule: --policy '%s': expected cycle, alternate or "
                "dual\n",
                o->policy);
        return -1;
    }
    if (o->hours && !strcmp(o->hours, "always")) {
        cfg->has_screen_hours = false;
        snprintf(hours_desc, hsize, "always on (--hours)");
    } else if (o->hours) {
        if (hours_parse(o->hours, &cfg->screen_hours, err, sizeof err) < 0) {
            fprintf(stderr, "vitrine schedule: --hours: %s\n", err);
            return -1;
        }
        cfg->has_screen_hours = true;
        snprintf(hours_desc, hsize, "%s (--hours)", o->hours);
    } else if (cfg->has_screen_hours) {
        char h[200];
        hours_format(&cfg->screen_hours, h, sizeof h);
        snprintf(hours_desc, hsize, "%s ([screen] hours of %s)", h,
                 conf->file ? conf->file : "the configuration");
    } else {
        snprintf(hours_desc, hsize, "always on (the configuration sets no [screen] hours)");
    }
    return 0;
}

static const char *pick_id(const struct sched_pick *p)
{
    switch (p->type) {
    case SLIDE_ITEM:
        return p->item->id;
    case SLIDE_AGENDA:
        return "(agenda)";
    case SLIDE_FALLBACK:
        return "(fallback)";
    case SLIDE_BLANK:
        return "(blank)";
    case SLIDE_CLOSED:
        return "(closed)";
    case SLIDE_WEATHER:
        return "(weather)";
    }
    return "?";
}

static const char *pick_kind(const struct sched_pick *p)
{
    return p->type == SLIDE_ITEM ? kind_name(p->item->kind) : "-";
}

static void pick_lang(const struct sched_pick *p, char *buf, size_t size)
{
    if (p->type == SLIDE_BLANK)
        snprintf(buf, size, "-");
    else if ((unsigned)p->lang2 < LANG_COUNT)
        snprintf(buf, size, "%s+%s", lang_code(p->lang), lang_code(p->lang2));
    else
        snprintf(buf, size, "%s", lang_code(p->lang));
}

static void span(int64_t secs, char *buf, size_t size)
{
    if (secs >= 3600)
        snprintf(buf, size, "%dh%02dm%02ds", (int)(secs / 3600), (int)(secs / 60 % 60),
                 (int)(secs % 60));
    else if (secs >= 60)
        snprintf(buf, size, "%dm%02ds", (int)(secs / 60), (int)(secs % 60));
    else
        snprintf(buf, size, "%ds", (int)secs);
}

static void hms(civil_t wall, char *buf, size_t size)
{
    struct civil_fields f = civil_split(wall);
    snprintf(buf, size, "%02d:%02d:%02d", f.hour, f.min, f.sec);
}

/* "Demain · Complet": the labels the slide will carry, joined. */
static void labels(const struct sched_pick *p, char *buf, size_t size)
{
    const char *parts[3] = {p->when_label, p->status_label, p->sold_out ? "Complet" : ""};
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < 3 && n < size; i++)
        if (parts[i][0])
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " · " : "", parts[i]);
}

/* "fr eu es en (cycle)": the languages in effect and their policy. */
static void langs_desc(const struct sched_config *cfg, const struct feed_settings *st, char *buf,
                       size_t size)
{
    const enum lang *v = cfg->nlangs ? cfg->langs : st->languages;
    int n = cfg->nlangs ? cfg->nlangs : st->nlanguages;
    size_t k = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? " " : "", lang_code(v[i]));
    if (k == 0)
        k = (size_t)snprintf(buf, size, "fr");
    if (k < size)
        snprintf(buf + k, size - k, " (%s)", lang_policy_name(cfg->policy));
}

/* "3 events: id, id, id" for an agenda slide. */
static void agenda_label(const sched_t *s, time_t at, char *buf, size_t size)
{
    const struct item *ev[8];
    size_t n = sched_agenda(s, at, ev, 8), total = sched_agenda_count(s, at), k;
    k = (size_t)snprintf(buf, size, "%zu event%s:", total, total == 1 ? "" : "s");
    for (size_t i = 0; i < n && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s %s", i ? "," : "", ev[i]->id);
    if (total > n && k < size)
        snprintf(buf + k, size - k, ", +%zu", total - n);
}

/* ---- --day ---- */

struct slot {
    time_t at;
    struct sched_pick p;
};

struct day {
    struct slot *v;
    size_t n, cap;
};

static void collect(void *ud, time_t at, const struct sched_pick *p)
{
    struct day *d = ud;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 1024;
        d->v = xrealloc(d->v, d->cap * sizeof *d->v);
    }
    d->v[d->n].at = at;
    d->v[d->n].p = *p;
    d->n++;
}

struct tally {
    const struct item *it; /* NULL: a generated slide, by type */
    enum slide_type type;
    int plays;
    double secs;
};

static struct tally *tally_of(struct tally *t, size_t *nt, const struct sched_pick *p)
{
    for (size_t i = 0; i < *nt; i++)
        if (t[i].type == p->type && t[i].it == p->item)
            return &t[i];
    t[*nt] = (struct tally){.it = p->item, .type = p->type};
    return &t[(*nt)++];
}

static const char *never_reason(sched_t *s, const struct item *it, time_t noon, time_t first_on,
                                char *buf, size_t size)
{
    const char *why = sched_why_not(s, it, noon, buf, size);
    if (!why && first_on >= 0)
        why = sched_why_not(s, it, first_on, buf, size);
    if (!why)
        snprintf(buf, size, "eligible, but not at the times the screen was on");
    return buf;
}

static int run_day(sched_t *s, const feed_t *f, const struct opts *o, const char *hours_desc,
                   const char *langs)
{
    civil_t day;
    char err[256];
    if (args_date(o->day, &day, err, sizeof err) < 0) {
        fprintf(stderr, "vitrine schedule: --day: %s\n", err);
        return 2;
    }
    time_t from = sched_instant(s, day), to = sched_instant(s, day + 86400);
    time_t noon = sched_instant(s, day + 12 * 3600);
    struct day d = {0};
    sched_simulate(s, from, to, collect, &d);

    const char *abbr_from, *abbr_to;
    const char *zone = sched_zone(s, from, &abbr_from);
    sched_zone(s, to - 1, &abbr_to);
    bool dst_day = strcmp(abbr_from, abbr_to) != 0;
    size_t nitems = feed_count(f);
    struct tally *t = xcalloc(nitems + 4, sizeof *t);
    size_t nt = 0;
    time_t first_on = -1;
    char ds[16], when[24], lang[16], dur[24], lab[200];
    static const char *const wdays[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};
    civil_human(day, true, ds, sizeof ds);
    const char *wday = wdays[civil_split(day).wday];

    cJSON *root = NULL, *slides = NULL;
    if (o->json) {
        root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "feed", o->what);
        cJSON_AddStringToObject(root, "date", ds);
        cJSON_AddStringToObject(root, "zone", zone);
        cJSON_AddStringToObject(root, "screen", o->screen ? o->screen : "");
        cJSON_AddStringToObject(root, "screen_hours", hours_desc);
        cJSON_AddStringToObject(root, "languages", langs);
        slides = cJSON_AddArrayToObject(root, "slides");
    } else {
        printf("# %s: %s %s, %s; screen: %s; languages: %s%s\n", o->what, wday, ds, zone,
               o->screen ? o->screen : "any", langs, dst_day ? "; the clocks change today" : "");
        printf("# screen hours: %s\n", hours_desc);
        printf("# time      id                              kind      lang   duration  label\n");
    }
    for (size_t i = 0; i < d.n; i++) {
        const struct sched_pick *p = &d.v[i].p;
        struct tally *ty = tally_of(t, &nt, p);
        ty->plays++;
        ty->secs += p->duration_ms / 1000.0;
        if (p->type != SLIDE_BLANK && first_on < 0)
            first_on = d.v[i].at;
        const char *ab;
        sched_zone(s, d.v[i].at, &ab);
        hms(sched_civil(s, d.v[i].at), when, sizeof when);
        pick_lang(p, lang, sizeof lang);
        labels(p, lab, sizeof lab);
        double secs = p->duration_ms / 1000.0;
        time_t at = d.v[i].at;
        if (p->type == SLIDE_AGENDA)
            agenda_label(s, at, lab, sizeof lab);
        if (p->type == SLIDE_BLANK) {
            /* One entry for a run of blank slides. */
            size_t k = i;
            while (k + 1 < d.n && d.v[k + 1].p.type == SLIDE_BLANK)
                k++;
            time_t until = k + 1 < d.n ? d.v[k + 1].at : to;
            for (size_t m = i + 1; m <= k; m++) {
                struct tally *tb = tally_of(t, &nt, &d.v[m].p);
                tb->plays++;
                tb->secs += d.v[m].p.duration_ms / 1000.0;
            }
            secs = (double)(until - at);
            i = k;
        }
        if (o->json) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "time", when);
            cJSON_AddNumberToObject(j, "utc", (double)at);
            cJSON_AddStringToObject(j, "type", slide_type_name(p->type));
            if (p->type == SLIDE_ITEM) {
                cJSON_AddStringToObject(j, "id", p->item->id);
                cJSON_AddStringToObject(j, "kind", kind_name(p->item->kind));
            }
            cJSON_AddStringToObject(j, "lang", lang_code(p->lang));
            if ((unsigned)p->lang2 < LANG_COUNT)
                cJSON_AddStringToObject(j, "lang2", lang_code(p->lang2));
            cJSON_AddNumberToObject(j, "duration", secs);
            if (p->when_label[0])
                cJSON_AddStringToObject(j, "when", p->when_label);
            if (p->status_label[0])
                cJSON_AddStringToObject(j, "status", p->status_label);
            if (p->sold_out)
                cJSON_AddBoolToObject(j, "sold_out", true);
            if (p->type == SLIDE_AGENDA)
                cJSON_AddStringToObject(j, "agenda", lab);
            cJSON_AddItemToArray(slides, j);
            continue;
        }
        if (p->type == SLIDE_BLANK) {
            span((int64_t)secs, dur, sizeof dur);
            printf("%s%s%s  %-31s %-9s %-6s %9s  screen off\n", when, dst_day ? " " : "",
                   dst_day ? ab : "", "(blank)", "-", "-", dur);
            continue;
        }
        snprintf(dur, sizeof dur, "%.1fs", p->duration_ms / 1000.0);
        printf("%s%s%s  %-31s %-9s %-6s %9s  %s\n", when, dst_day ? " " : "", dst_day ? ab : "",
               pick_id(p), pick_kind(p), lang, dur, lab);
    }

    /* Summary: plays and screen time per item, then the items never shown. */
    cJSON *jsum = o->json ? cJSON_AddArrayToObject(root, "summary") : NULL;
    if (!o->json)
        printf("#\n# %zu slides; plays and screen time:\n", d.n);
    for (size_t i = 0; i < nt; i++) {
        const char *id = t[i].it                       ? t[i].it->id
                         : t[i].type == SLIDE_AGENDA   ? "(agenda)"
                         : t[i].type == SLIDE_FALLBACK ? "(fallback)"
                                                       : "(blank)";
        if (o->json) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "id", id);
            cJSON_AddStringToObject(j, "type", slide_type_name(t[i].type));
            cJSON_AddNumberToObject(j, "plays", t[i].plays);
            cJSON_AddNumberToObject(j, "seconds", t[i].secs);
            cJSON_AddItemToArray(jsum, j);
        } else {
            span((int64_t)(t[i].secs + 0.5), dur, sizeof dur);
            if (t[i].type == SLIDE_BLANK)
                printf("#   %-31s %-9s %11s %10s\n", id, "-", "screen off", dur);
            else
                printf("#   %-31s %-9s %5d plays %10s\n", id,
                       t[i].it ? kind_name(t[i].it->kind) : "-", t[i].plays, dur);
        }
    }
    cJSON *jnever = o->json ? cJSON_AddArrayToObject(root, "not_shown") : NULL;
    bool header = false;
    for (size_t i = 0; i < nitems; i++) {
        const struct item *it = feed_item(f, i);
        bool played = false;
        for (size_t k = 0; k < nt && !played; k++)
            played = t[k].it == it;
        if (played || it->kind == KIND_TICKER)
            continue;
        never_reason(s, it, noon, first_on, lab, sizeof lab);
        if (o->json) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "id", it->id);
            cJSON_AddStringToObject(j, "kind", kind_name(it->kind));
            cJSON_AddStringToObject(j, "reason", lab);
            cJSON_AddItemToArray(jnever, j);
        } else {
            if (!header)
                printf("# not shown this day:\n");
            header = true;
            printf("#   %-31s %-9s %s\n", it->id, kind_name(it->kind), lab);
        }
    }
    if (o->json) {
        char *out = cJSON_Print(root);
        puts(out);
        free(out);
        cJSON_Delete(root);
    }
    free(t);
    free(d.v);
    return 0;
}

/* ---- --at ---- */

static int run_at(sched_t *s, const feed_t *f, const struct opts *o, const char *hours_desc,
                  const char *langs)
{
    time_t now;
    char err[256], lab[200], why[256], ds[40], lang[16];
    if (o->at) {
        civil_t wall;
        if (civil_parse(o->at, &wall, NULL, err, sizeof err) < 0) {
            fprintf(stderr, "vitrine schedule: --at: %s\n", err);
            return 2;
        }
        now = sched_instant(s, wall);
    } else {
        now = time(NULL);
    }
    const char *abbr;
    const char *zone = sched_zone(s, now, &abbr);
    civil_human(sched_civil(s, now), false, ds, sizeof ds);
    time_t change;
    bool on = sched_screen_on(s, now, &change);
    char change_s[40] = "";
    if (change >= 0)
        civil_human(sched_civil(s, change), false, change_s, sizeof change_s);
    enum lang l = LANG_FR;
    if (o->lang)
        lang_parse(o->lang, &l);

    struct sched_pick next;
    sched_next(s, now, &next);

    size_t n = feed_count(f);
    cJSON *root = NULL, *jel = NULL, *jex = NULL, *jcrawl = NULL;
    if (o->json) {
        root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "feed", o->what);
        cJSON_AddStringToObject(root, "at", ds);
        cJSON_AddStringToObject(root, "zone", zone);
        cJSON_AddStringToObject(root, "abbreviation", abbr);
        cJSON_AddStringToObject(root, "screen", o->screen ? o->screen : "");
        cJSON_AddBoolToObject(root, "screen_on", on);
        if (change_s[0])
            cJSON_AddStringToObject(root, on ? "screen_off_at" : "screen_on_at", change_s);
        cJSON_AddStringToObject(root, "screen_hours", hours_desc);
        cJSON_AddStringToObject(root, "languages", langs);
        jel = cJSON_AddArrayToObject(root, "eligible");
        jex = cJSON_AddArrayToObject(root, "not_eligible");
        jcrawl = cJSON_AddArrayToObject(root, "crawl");
    } else {
        printf("# %s at %s %s (%s); screen: %s; languages: %s\n", o->what, ds, abbr, zone,
               o->screen ? o->screen : "any", langs);
        printf("# screen hours: %s: %s%s%s\n", hours_desc, on ? "on" : "off (blank, asleep)",
               change_s[0] ? " until " : "", change_s);
    }
    /* Eligible items, then the others with their reason, then the crawl. */
    for (int pass = 0; pass < 3; pass++) {
        size_t count = 0;
        for (size_t i = 0; i < n; i++) {
            const struct item *it = feed_item(f, i);
            bool ticker = it->kind == KIND_TICKER;
            const char *reason = sched_why_not(s, it, now, why, sizeof why);
            if ((pass == 2) != ticker || (pass == 0 && reason) || (pass == 1 && !reason))
                continue;
            count++;
            if (pass == 1 || (pass == 2 && reason)) {
                if (o->json) {
                    cJSON *j = cJSON_CreateObject();
                    cJSON_AddStringToObject(j, "id", it->id);
                    cJSON_AddStringToObject(j, "kind", kind_name(it->kind));
                    cJSON_AddBoolToObject(j, "running", false);
                    cJSON_AddStringToObject(j, "reason", reason);
                    cJSON_AddItemToArray(pass == 1 ? jex : jcrawl, j);
                } else {
                    if (count == 1)
                        printf(pass == 1 ? "not eligible:\n" : "crawl (ticker lines):\n");
                    printf("  %-31s %-9s %s\n", it->id, kind_name(it->kind), reason);
                }
                continue;
            }
            struct sched_pick p;
            sched_describe(s, it, now, l, &p);
            labels(&p, lab, sizeof lab);
            const char *prio = priority_name(it->sched.priority);
            if (o->json) {
                cJSON *j = cJSON_CreateObject();
                cJSON_AddStringToObject(j, "id", it->id);
                cJSON_AddStringToObject(j, "kind", kind_name(it->kind));
                if (pass == 2) {
                    cJSON_AddBoolToObject(j, "running", true);
                    cJSON_AddItemToArray(jcrawl, j);
                    continue;
                }
                cJSON_AddStringToObject(j, "priority", prio);
                cJSON_AddNumberToObject(j, "weight", it->sched.weight);
                cJSON_AddNumberToObject(j, "duration", p.duration_ms / 1000.0);
                if (p.when_label[0])
                    cJSON_AddStringToObject(j, "when", p.when_label);
                if (p.status_label[0])
                    cJSON_AddStringToObject(j, "status", p.status_label);
                if (p.sold_out)
                    cJSON_AddBoolToObject(j, "sold_out", true);
                cJSON_AddItemToArray(jel, j);
            } else {
                if (count == 1)
                    printf(pass == 0 ? "eligible:\n" : "crawl (ticker lines):\n");
                if (pass == 2) {
                    printf("  %-31s %-9s in the crawl\n", it->id, kind_name(it->kind));
                    continue;
                }
                char meta[64];
                snprintf(meta, sizeof meta, "%s%s weight %d, %.1fs",
                         it->sched.priority != PRIO_NORMAL ? prio : "",
                         it->sched.priority != PRIO_NORMAL ? "," : "", it->sched.weight,
                         p.duration_ms / 1000.0);
                printf("  %-31s %-9s %-24s %s\n", it->id, kind_name(it->kind), meta, lab);
            }
        }
        if (!o->json && count == 0 && pass == 0)
            printf("eligible: none (the fallback slide shows)\n");
    }
    pick_lang(&next, lang, sizeof lang);
    if (o->json) {
        cJSON *j = cJSON_AddObjectToObject(root, "next");
        cJSON_AddStringToObject(j, "type", slide_type_name(next.type));
        if (next.type == SLIDE_ITEM)
            cJSON_AddStringToObject(j, "id", next.item->id);
        cJSON_AddStringToObject(j, "lang", lang);
        cJSON_AddNumberToObject(j, "duration", next.duration_ms / 1000.0);
        char *out = cJSON_Print(root);
        puts(out);
        free(out);
        cJSON_Delete(root);
    } else {
        printf("next slide: %s %s %s %.1fs\n", pick_id(&next), pick_kind(&next), lang,
               next.duration_ms / 1000.0);
    }
    return 0;
}

int cmd_schedule(int argc, char **argv)
{
    struct opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        usage(rc > 0 ? stdout : stderr);
        return rc > 0 ? 0 : 2;
    }
    /* What the player would show: its configuration, its sources merged
     * with the drop folder, scheduled with its own mapping. */
    struct config *conf =
        args_config("schedule", o.config, o.sets, o.nsets, NULL, o.screen, o.feed);
    if (!conf)
        return 1;
    diag_t *diag = diag_create();
    size_t failed = 0;
    feed_t *f = args_content(conf, diag, &failed);
    char *what = args_content_name(conf);
    o.what = what;
    sched_t *s = NULL;
    int status = 1;
    diag_print(diag, stderr); /* problems of the sources and the drop folder */
    if (failed)
        goto done;
    struct sched_config cfg;
    char hours_desc[256];
    if (make_config(&o, conf, &cfg, hours_desc, sizeof hours_desc) < 0) {
        status = 2;
        goto done;
    }
    if (!(s = sched_create(&cfg)))
        goto done;
    sched_set_feed(s, f);
    /* The question is about a chosen date, which may precede the feed's
     * export: the player's clock-sanity checks do not apply here. */
    sched_trust_clock(s, true);
    char langs[64];
    langs_desc(&cfg, feed_settings(f), langs, sizeof langs);
    status = o.day ? run_day(s, f, &o, hours_desc, langs) : run_at(s, f, &o, hours_desc, langs);
done:
    sched_free(s);
    feed_free(f);
    free(what);
    diag_free(diag);
    config_free(conf);
    return status;
}
