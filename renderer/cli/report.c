/* vitrine report — proof of play: plays and seconds on screen per partner,
 * item or day, from the play logs in the state directory. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "fleet/store.h"
#include "play/playlog.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine report [--from DATE] [--to DATE] [--screen ID] [--partner ID]\n"
          "                      [--by partner|item|day|screen] [--csv]\n"
          "                      [--state DIR | --db FILE]\n"
          "Sums plays and seconds on screen from the play logs (STATE/playlog-*.jsonl),\n"
          "or, with --db, from the collector's database: every screen together.\n"
          "Dates are YYYY-MM-DD, inclusive, in the screen's wall-clock time.\n"
          "The default state directory is ./state.\n",
          out);
}

static int parse_day(const char *opt, const char *s, int64_t *day)
{
    civil_t t;
    char err[200];
    if (args_date(s, &t, err, sizeof err) < 0) {
        fprintf(stderr, "vitrine report: %s: %s\n", opt, err);
        return -1;
    }
    *day = t / 86400;
    return 0;
}

static void add_row(void *ctx, const char *key, long plays, double seconds)
{
    report_add(ctx, key, plays, seconds);
}

/* The same report from the collector's database, for every screen. */
static int report_db(const char *path, const struct report_filter *f, enum report_by by, bool csv)
{
    char err[600];
    store_t *s = store_open(path, true, err, sizeof err);
    if (!s) {
        fprintf(stderr, "vitrine report: %s\n", err);
        return 1;
    }
    static const enum store_by map[] = {
        [REPORT_PARTNER] = STORE_PARTNER,
        [REPORT_ITEM] = STORE_ITEM,
        [REPORT_DAY] = STORE_DAY,
        [REPORT_SCREEN] = STORE_SCREEN,
    };
    struct store_query q = {map[by], f->from_day, f->to_day, f->partner, NULL, f->screen};
    report_t *r = report_new(by);
    int n = store_report(s, &q, add_row, r);
    store_close(s);
    if (n >= 0)
        report_print(r, csv, stdout);
    report_free(r);
    return n >= 0 ? 0 : 1;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},   {"to", required_argument, NULL, 't'},
        {"screen", required_argument, NULL, 's'}, {"by", required_argument, NULL, 'b'},
        {"csv", no_argument, NULL, 'c'},          {"state", required_argument, NULL, 'd'},
        {"db", required_argument, NULL, 'D'},     {"partner", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct report_filter f = {INT64_MIN, INT64_MAX, NULL, NULL};
    enum report_by by = REPORT_PARTNER;
    bool csv = false;
    const char *dir = "state", *db = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (parse_day("--from", optarg, &f.from_day) < 0)
                return 2;
            break;
        case 't':
            if (parse_day("--to", optarg, &f.to_day) < 0)
                return 2;
            break;
        case 's':
            f.screen = optarg;
            break;
        case 'b':
            if (!strcmp(optarg, "partner"))
                by = REPORT_PARTNER;
            else if (!strcmp(optarg, "item"))
                by = REPORT_ITEM;
            else if (!strcmp(optarg, "day"))
                by = REPORT_DAY;
            else if (!strcmp(optarg, "screen"))
                by = REPORT_SCREEN;
            else {
                fprintf(stderr, "vitrine report: --by takes partner, item, day or screen\n");
                return 2;
            }
            break;
        case 'c':
            csv = true;
            break;
        case 'd':
            dir = optarg;
            break;
        case 'D':
            db = optarg;
            break;
        case 'p':
            f.partner = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    if (f.from_day > f.to_day) {
        fprintf(stderr, "vitrine report: --from is after --to; give the earlier day to "
                        "--from\n");
        return 2;
    }
    if (db)
        return report_db(db, &f, by, csv);
    report_t *r = report_build(dir, &f, by);
    if (!r) {
        fprintf(stderr, "vitrine report: cannot read the state directory %s: %m\n", dir);
        return 1;
    }
    report_print(r, csv, stdout);
    report_free(r);
    return 0;
}
