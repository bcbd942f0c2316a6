/* fleet_sim — many simulated screens for scripts/bench-fleet.sh: the MQTT
 * side of the player only (no SDL), one connection per screen, all on one
 * thread with poll(2).
 *
 *   fleet_sim run --port P [--host H] [--cafile CA] [--screens N] [--seconds S]
 *                 [--play-every SEC] [--status-every SEC]
 *       each screen connects as SITE/SCREEN (sites of 10 screens), publishes
 *       its retained status every status-every seconds and a play record
 *       (QoS 1, unique id, the player's format) every play-every seconds,
 *       phases spread at random; prints what it sent and what was
 *       acknowledged.
 *   fleet_sim gen DB [--screens N] [--days D] [--hours H] [--play-every SEC]
 *       fills the collector's database (fleet/store's tables) with a month
 *       of plays: N screens, H opening hours a day, a play every SEC
 *       seconds, items of 40 partners; then the daily sums.
 */
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>
#include <sqlite3.h>

#include "fleet/store.h"
#include "model/util.h"

struct screen {
    struct mosquitto *m;
    char site[16], name[16], t_status[64], t_play[64];
    double next_play, next_status; /* seconds since start */
    bool up;
    unsigned seq;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t acked, sent_plays, sent_status, refused;
static int64_t run_id; /* in the record ids: each run sends new records */

static void on_publish(struct mosquitto *m, void *obj, int mid)
{
    (void)m;
    (void)obj;
    (void)mid;
    acked++;
}

static void on_connect(struct mosquitto *m, void *obj, int rc)
{
    (void)m;
    struct screen *s = obj;
    if (rc == 0)
        s->up = true;
    else
        refused++;
}

static void publish_play(struct screen *s)
{
    char msg[600];
    int64_t end = wall_ms();
    int dur = 10000;
    int64_t t = end - dur;
    time_t ts = (time_t)(t / 1000);
    struct tm tm;
    gmtime_r(&ts, &tm);
    char when[40];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    int item = (int)((s->seq * 7 + (unsigned)s->name[1]) % 200);
    char partner[24] = "null";
    if (item % 2 == 0)
        snprintf(partner, sizeof partner, "\"partner-%02d\"", item / 2 % 40);
    int n = snprintf(msg, sizeof msg,
                     "{\"rid\":\"%lld-%u\",\"play\":{\"start\":\"%s.%03d+00:00\",\"t\":%lld,"
                     "\"duration\":%.3f,\"id\":\"item-%03d\",\"partner\":%s,\"screen\":\"%s\","
                     "\"lang\":\"fr\",\"kind\":\"event\"}}",
                     (long long)run_id, s->seq, when, (int)(t % 1000), (long long)t, dur / 1000.0,
                     item, partner, s->name);
    s->seq++;
    if (mosquitto_publish(s->m, NULL, s->t_play, n, msg, 1, false) == MOSQ_ERR_SUCCESS)
        sent_plays++;
}

static void publish_status(struct screen *s)
{
    char msg[700];
    int n =
        snprintf(msg, sizeof msg,
                 "{\"site\":\"%s\",\"screen\":\"%s\",\"online\":true,\"showing\":{\"item\":"
                 "\"item-001\",\"kind\":\"event\",\"lang\":\"fr\",\"since\":null},\"feed\":{"
                 "\"version\":3,\"items\":120,\"last_reload\":null,\"age_s\":40},\"errors\":[],"
                 "\"screen_on\":true,\"display\":\"1920x1080\",\"uptime_s\":1000,"
                 "\"memory_kb\":60000,\"spool\":{\"backlog_bytes\":0,\"sent\":10},\"at\":%lld}",
                 s->site, s->name, (long long)(wall_ms() / 1000));
    if (mosquitto_publish(s->m, NULL, s->t_status, n, msg, 1, true) == MOSQ_ERR_SUCCESS)
        sent_status++;
}

static int run(int argc, char **argv)
{
    const char *host = "127.0.0.1", *cafile = NULL;
    int port = 1883, n = 500;
    double seconds = 60, play_every = 10, status_every = 60;
    static const struct option opts[] = {
        {"host", required_argument, NULL, 'h'},
        {"port", required_argument, NULL, 'p'},
        {"cafile", required_argument, NULL, 'c'},
        {"screens", required_argument, NULL, 'n'},
        {"seconds", required_argument, NULL, 's'},
        {"play-every", required_argument, NULL, 'P'},
        {"status-every", required_argument, NULL, 'S'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            host = optarg;
            break;
        case 'p':
            port = atoi(optarg);
            break;
        case 'c':
            cafile = optarg;
            break;
        case 'n':
            n = atoi(optarg);
            break;
        case 's':
            seconds = atof(optarg);
            break;
        case 'P':
            play_every = atof(optarg);
            break;
        case 'S':
            status_every = atof(optarg);
            break;
        default:
            return 2;
        }
    }
    mosquitto_lib_init();
    srand((unsigned)time(NULL));
    run_id = wall_ms();
    struct screen *sc = calloc((size_t)n, sizeof *sc);
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        struct screen *s = &sc[i];
        snprintf(s->site, sizeof s->site, "site%02d", i / 10);
        snprintf(s->name, sizeof s->name, "s%03d", i);
        snprintf(s->t_status, sizeof s->t_status, "vitrine/%s/%s/status", s->site, s->name);
        snprintf(s->t_play, sizeof s->t_play, "vitrine/%s/%s/play", s->site, s->name);
        char id[48], user[40];
        snprintf(id, sizeof id, "sim-%s-%s", s->site, s->name);
        snprintf(user, sizeof user, "%s/%s", s->site, s->name);
        s->m = mosquitto_new(id, true, s);
        if (cafile)
            mosquitto_tls_set(s->m, cafile, NULL, NULL, NULL, NULL);
        mosquitto_username_pw_set(s->m, user, NULL);
        mosquitto_connect_callback_set(s->m, on_connect);
        mosquitto_publish_callback_set(s->m, on_publish);
        mosquitto_max_inflight_messages_set(s->m, 64);
        if (mosquitto_connect(s->m, host, port, 60) != MOSQ_ERR_SUCCESS) {
            fprintf(stderr, "fleet_sim: screen %d cannot connect\n", i);
            return 1;
        }
        s->next_play = play_every * rand() / (RAND_MAX + 1.0);
        s->next_status = status_every * rand() / (RAND_MAX + 1.0);
    }
    double connected = now_s() - t0;
    double start = now_s(), last_misc = 0;
    while (now_s() - start < seconds) {
        double t = now_s() - start;
        for (int i = 0; i < n; i++) {
            struct screen *s = &sc[i];
            if (s->up && t >= s->next_play) {
                publish_play(s);
                s->next_play += play_every;
            }
            if (s->up && t >= s->next_status) {
                publish_status(s);
                s->next_status += status_every;
            }
            pf[i].fd = mosquitto_socket(s->m);
            pf[i].events = POLLIN | (mosquitto_want_write(s->m) ? POLLOUT : 0);
            pf[i].revents = 0;
        }
        poll(pf, (nfds_t)n, 20);
        for (int i = 0; i < n; i++) {
            if (pf[i].revents & (POLLIN | POLLERR | POLLHUP))
                mosquitto_loop_read(sc[i].m, 1);
            if (pf[i].revents & POLLOUT)
                mosquitto_loop_write(sc[i].m, 1);
        }
        if (t - last_misc >= 1) {
            last_misc = t;
            for (int i = 0; i < n; i++)
                mosquitto_loop_misc(sc[i].m);
        }
    }
    /* the last acknowledgements */
    double end = now_s() + 3;
    while (acked < sent_plays + sent_status && now_s() < end) {
        for (int i = 0; i < n; i++) {
            pf[i].fd = mosquitto_socket(sc[i].m);
            pf[i].events = POLLIN | (mosquitto_want_write(sc[i].m) ? POLLOUT : 0);
        }
        poll(pf, (nfds_t)n, 20);
        for (int i = 0; i < n; i++) {
            if (pf[i].revents & POLLIN)
                mosquitto_loop_read(sc[i].m, 1);
            if (pf[i].revents & POLLOUT)
                mosquitto_loop_write(sc[i].m, 1);
        }
    }
    int up = 0;
    for (int i = 0; i < n; i++) {
        up += sc[i].up;
        mosquitto_disconnect(sc[i].m);
        mosquitto_destroy(sc[i].m);
    }
    printf("screens=%d up=%d refused=%llu connect_s=%.1f plays=%llu status=%llu acked=%llu\n", n,
           up, (unsigned long long)refused, connected, (unsigned long long)sent_plays,
           (unsigned long long)sent_status, (unsigned long long)acked);
    free(sc);
    free(pf);
    mosquitto_lib_cleanup();
    return 0;
}

static int gen(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    const char *path = argv[1];
    int n = 500, days = 30;
    double hours = 10, every = 10;
    static const struct option opts[] = {
        {"screens", required_argument, NULL, 'n'},
        {"days", required_argument, NULL, 'd'},
        {"hours", required_argument, NULL, 'H'},
        {"play-every", required_argument, NULL, 'P'},
        {NULL, 0, NULL, 0},
    };
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            n = atoi(optarg);
            break;
        case 'd':
            days = atoi(optarg);
            break;
        case 'H':
            hours = atof(optarg);
            break;
        case 'P':
            every = atof(optarg);
            break;
        default:
            return 2;
        }
    }
    char err[300];
    store_t *st = store_open(path, false, err, sizeof err); /* the schema */
    if (!st) {
        fprintf(stderr, "fleet_sim: %s\n", err);
        return 1;
    }
    store_close(st);
    sqlite3 *db;
    sqlite3_open(path, &db);
    /* One big transaction: through a rollback journal rather than the WAL,
     * which would hold a second copy of the whole month until the end. */
    sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; BEGIN", NULL, NULL,
                 NULL);
    sqlite3_stmt *scr, *ins, *sum;
    sqlite3_prepare_v2(db,
                       "INSERT INTO screens(id, site, screen, online, seen) VALUES(?1,?2,?3,1,0)",
                       -1, &scr, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO plays VALUES(?1,?2,?3,?4,?5,?6,?7,'fr','event')", -1, &ins,
                       NULL);
    /* The daily sums, as store_play keeps them, made per screen and day. */
    sqlite3_prepare_v2(db, "INSERT INTO daily VALUES(?1,?2,?3,?4,?5,?6)", -1, &sum, NULL);
    const int64_t day0 = 20758; /* 2026-11-01 */
    int per_day = (int)(hours * 3600 / every);
    int64_t rows = 0;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        char site[16], name[16];
        snprintf(site, sizeof site, "site%02d", i / 10);
        snprintf(name, sizeof name, "s%03d", i);
        sqlite3_bind_int(scr, 1, i + 1);
        sqlite3_bind_text(scr, 2, site, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(scr, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_step(scr);
        sqlite3_reset(scr);
        unsigned seq = 0;
        for (int d = 0; d < days; d++) {
            long count[200] = {0};
            for (int k = 0; k < per_day; k++, seq++) {
                int64_t start_ms =
                    ((day0 + d) * 86400 + 9 * 3600 - 3600) * 1000LL + (int64_t)(k * every * 1000);
                char rid[32], item[16], partner[16] = "";
                snprintf(rid, sizeof rid, "0-2026-11-%u", seq * 200);
                int it = (int)((seq * 7 + (unsigned)i) % 200);
                snprintf(item, sizeof item, "item-%03d", it);
                if (it % 2 == 0)
                    snprintf(partner, sizeof partner, "partner-%02d", it / 2 % 40);
                sqlite3_bind_int(ins, 1, i + 1);
                sqlite3_bind_text(ins, 2, rid, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(ins, 3, start_ms);
                sqlite3_bind_int64(ins, 4, day0 + d);
                sqlite3_bind_int(ins, 5, (int)(every * 1000));
                sqlite3_bind_text(ins, 6, item, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(ins, 7, partner, -1, SQLITE_TRANSIENT);
                sqlite3_step(ins);
                sqlite3_reset(ins);
                count[it]++;
                rows++;
            }
            for (int it = 0; it < 200; it++) {
                if (!count[it])
                    continue;
                char item[16], partner[16] = "";
                snprintf(item, sizeof item, "item-%03d", it);
                if (it % 2 == 0)
                    snprintf(partner, sizeof partner, "partner-%02d", it / 2 % 40);
                sqlite3_bind_text(sum, 1, partner, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(sum, 2, day0 + d);
                sqlite3_bind_int(sum, 3, i + 1);
                sqlite3_bind_text(sum, 4, item, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(sum, 5, count[it]);
                sqlite3_bind_int64(sum, 6, (int64_t)(count[it] * every * 1000));
                sqlite3_step(sum);
                sqlite3_reset(sum);
            }
        }
    }
    sqlite3_finalize(scr);
    sqlite3_finalize(ins);
    sqlite3_finalize(sum);
    sqlite3_exec(db, "COMMIT; PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    sqlite3_close(db);
    printf("rows=%lld seconds=%.1f\n", (long long)rows, now_s() - t0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "run"))
        return run(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "gen"))
        return gen(argc - 1, argv + 1);
    fprintf(stderr, "usage: fleet_sim run|gen ... (see the top of tests/tools/fleet_sim.c)\n");
    return 2;
}
