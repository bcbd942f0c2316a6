/* vitrine collect — the fleet's collector: stores every screen's plays and
 * status from the MQTT broker in a SQLite database (fleet/collect), which
 * `vitrine report --db` and the console read. --screens prints what the
 * database knows of each screen and exits. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "fleet/collect.h"
#include "fleet/store.h"
#include "model/config.h"
#include "model/util.h"
#include "play/command.h"

/* Set by SIGTERM/SIGINT: a handler may only set a flag. */
static volatile sig_atomic_t stop_asked;

static void on_stop(int sig)
{
    (void)sig;
    stop_asked = 1;
}

static void usage(FILE *out)
{
    fputs("usage: vitrine collect [-c FILE] [--set KEY=VALUE] [--db FILE] [--client-id ID]\n"
          "                       [--stats FILE] [--screens] [--send TARGET JSON]\n"
          "Stores every screen's plays and status, from the MQTT broker of the [fleet]\n"
          "section (broker, tls, ca_file, username, password_file; docs/fleet.md), in a\n"
          "SQLite database (default STATE/fleet.db). Runs until SIGTERM.\n"
          "  --screens          print each screen's last status from the database, and exit\n"
          "  --send TARGET JSON send a command (docs/fleet.md) to SITE/SCREEN, to every\n"
          "                     screen of SITE, or to all, and exit\n"
          "  --commit-ms MS     plays wait at most MS ms to be written (default 0: each\n"
          "                     play is committed before the next is read; docs/fleet.md)\n"
          "  --stats FILE       a line of figures each second (benchmarks)\n",
          out);
}

static void print_screen(void *ctx, const char *site, const char *screen, int online,
                         const char *status, int64_t seen)
{
    (void)ctx;
    char when[UTC_STAMP_SIZE] = "never";
    if (seen)
        utc_stamp(seen, when);
    printf("%s/%s\t%s\t%s\t%s\n", site, screen, online ? "online" : "offline", when,
           status ? status : "{}");
}

int cmd_collect(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"set", required_argument, NULL, 'S'},
        {"db", required_argument, NULL, 'd'},     {"client-id", required_argument, NULL, 'i'},
        {"stats", required_argument, NULL, 's'},  {"screens", no_argument, NULL, 'l'},
        {"send", required_argument, NULL, 'T'},   {"commit-ms", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *conf = NULL, *db = NULL, *client_id = "vitrine-collector", *stats = NULL;
    const char *send = NULL;
    bool list = false;
    int commit_ms = 0;
    struct config *cfg = config_defaults();
    diag_t *d = diag_create();
    int problems = 0, c, status = 2;
    char *sets[32];
    int nsets = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            conf = optarg;
            break;
        case 'S':
            if (nsets < 32)
                sets[nsets++] = optarg;
            break;
        case 'd':
            db = optarg;
            break;
        case 'i':
            client_id = optarg;
            break;
        case 's':
            stats = optarg;
            break;
        case 'l':
            list = true;
            break;
        case 'T':
            send = optarg;
            break;
        case 'm': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 10000) {
                fprintf(stderr, "vitrine collect: --commit-ms '%s': write 0 to 10000\n", optarg);
                goto out;
            }
            commit_ms = (int)v;
            break;
        }
        case 'h':
            usage(stdout);
            status = 0;
            goto out;
        default:
            usage(stderr);
            goto out;
        }
    }
    if (optind != argc - (send != NULL)) {
        usage(stderr);
        goto out;
    }
    const char *path = config_find(conf);
    if (path)
        problems += config_read(cfg, path, d);
    for (int i = 0; i < nsets; i++) {
        char *eq = strchr(sets[i], '=');
        if (!eq) {
            diag_add(d, "--set", 0, "'%s': write KEY=VALUE", sets[i]);
            problems++;
            continue;
        }
        *eq = 0;
        problems += config_set(cfg, sets[i], eq + 1, "--set", 0, d) < 0;
        *eq = '=';
    }
    status = 1;
    if (problems) {
        diag_print(d, stderr);
        goto out;
    }
    char *db_default = xasprintf("%s/fleet.db", cfg->state_dir);
    if (!db)
        db = db_default;
    if (list) {
        char err[600];
        store_t *s = store_open(db, true, err, sizeof err);
        if (s) {
            store_screens(s, print_screen, NULL);
            store_close(s);
            status = 0;
        } else {
            fprintf(stderr, "vitrine collect: %s\n", err);
        }
        free(db_default);
        goto out;
    }
    if (send) {
        struct cmd cmd;
        char err[300];
        const char *json = argv[optind];
        if (cmd_parse(json, strlen(json), &cmd, err, sizeof err) != 0) {
            fprintf(stderr, "vitrine collect: --send: %s\n", err);
            free(db_default);
            goto out;
        }
        cmd_clear(&cmd);
    }
    if (!*cfg->fleet.broker) {
        fprintf(stderr, "vitrine collect: no broker: set broker = HOST:PORT in the [fleet] "
                        "section (docs/fleet.md)\n");
        free(db_default);
        goto out;
    }
    FILE *sf = stats ? fopen(stats, "w") : NULL;
    if (stats && !sf) {
        fprintf(stderr, "vitrine collect: --stats %s: %m\n", stats);
        free(db_default);
        goto out;
    }
    if (send) {
        struct collect_opts so = {.cfg = &cfg->fleet, .db_path = db};
        status = collect_send(&so, send, argv[optind], stdout);
        free(db_default);
        if (sf)
            fclose(sf);
        goto out;
    }
    struct sigaction sa = {.sa_handler = on_stop};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct collect_opts o = {
        .cfg = &cfg->fleet,
        .db_path = db,
        .client_id = client_id,
        .commit_ms = commit_ms,
        .stats = sf,
        .stop = &stop_asked,
    };
    status = collect_run(&o);
    if (sf)
        fclose(sf);
    free(db_default);
out:
    diag_free(d);
    config_free(cfg);
    return status;
}
