#include "fleet/collect.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <mosquitto.h>

#include "fleet/client.h"
#include "fleet/store.h"
#include "model/util.h"

#define BATCH_MAX 2000

struct collector {
    const struct collect_opts *o;
    store_t *store;
    bool in_tx;
    int batch;
    int64_t tx_start_ms;
    bool connected;
    /* figures, for --stats */
    uint64_t msgs, plays, copies, bad, statuses;
    double delay_sum_ms, delay_max_ms;
    uint64_t delay_n;
};

static void commit(struct collector *c)
{
    if (!c->in_tx)
        return;
    store_commit(c->store);
    c->in_tx = false;
    c->batch = 0;
}

/* From the end of the showing to now: how late the record arrived. */
static void note_delay(struct collector *c, const char *msg, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(msg, len);
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "play");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "t");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(p, "duration");
    if (cJSON_IsNumber(t) && cJSON_IsNumber(d)) {
        double ms = (double)wall_ms() - (t->valuedouble + d->valuedouble * 1000);
        c->delay_sum_ms += ms;
        c->delay_n++;
        if (ms > c->delay_max_ms)
            c->delay_max_ms = ms;
    }
    cJSON_Delete(o);
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *m)
{
    (void)mosq;
    struct collector *c = obj;
    char site[128], screen[128], leaf[32];
    c->msgs++;
    if (fleet_topic_split(m->topic, site, screen, leaf, sizeof site) != 0)
        return;
    if (!c->in_tx) {
        store_begin(c->store);
        c->in_tx = true;
        c->tx_start_ms = mono_ms();
    }
    c->batch++;
    const char *payload = m->payload ? m->payload : "";
    size_t len = (size_t)m->payloadlen;
    if (!strcmp(leaf, "play")) {
        char err[200];
        int rc = store_play(c->store, site, screen, payload, len, err, sizeof err);
        if (rc == 1)
            c->plays++;
        else if (rc == 0)
            c->copies++;
        else if (c->bad++ < 10)
            log_msg(LV_WARN, "collector: %s: %s", m->topic, err);
        if (c->o->stats && rc >= 0)
            note_delay(c, payload, len);
    } else if (!strcmp(leaf, "status") && len) {
        char *text = xmalloc(len + 1);
        memcpy(text, payload, len);
        text[len] = 0;
        store_screen(c->store, site, screen, text, 1, time(NULL));
        free(text);
        c->statuses++;
    } else if (!strcmp(leaf, "screenshot") && len) {
        store_shot(c->store, site, screen, payload, len, time(NULL));
    } else if (!strcmp(leaf, "online") && len) {
        bool on = memmem(payload, len, "true", 4) != NULL;
        store_screen(c->store, site, screen, NULL, on, time(NULL));
    }
    /* libmosquitto has acknowledged the message before this callback (2.0
     * has no manual acknowledgement): until the commit, a crash of this
     * process loses it. commit_ms 0 keeps that to the message at hand. */
    if (c->batch >= BATCH_MAX || c->o->commit_ms == 0)
        commit(c);
}

static void on_connect(struct mosquitto *mosq, void *obj, int rc)
{
    struct collector *c = obj;
    if (rc != 0) {
        log_msg(LV_ERR,
                "collector: the broker refused the account: %s; check fleet.username "
                "and fleet.password_file",
                mosquitto_connack_string(rc));
        return;
    }
    log_msg(LV_INFO, "collector: connected");
    c->connected = true;
    const char *subs[] = {"vitrine/+/+/play", "vitrine/+/+/status", "vitrine/+/+/online",
                          "vitrine/+/+/screenshot"};
    for (int i = 0; i < 4; i++)
        mosquitto_subscribe(mosq, NULL, subs[i], 1);
}

static void write_stats(struct collector *c, double t)
{
    fprintf(c->o->stats,
            "t=%.1f msgs=%llu plays=%llu copies=%llu bad=%llu statuses=%llu "
            "delay_avg_ms=%.1f delay_max_ms=%.1f\n",
            t, (unsigned long long)c->msgs, (unsigned long long)c->plays,
            (unsigned long long)c->copies, (unsigned long long)c->bad,
            (unsigned long long)c->statuses, c->delay_n ? c->delay_sum_ms / c->delay_n : 0,
            c->delay_max_ms);
    fflush(c->o->stats);
    c->delay_sum_ms = c->delay_max_ms = 0;
    c->delay_n = 0;
}

struct sendlist {
    const char *target;
    char **topics;
    size_t n;
};

static void match_screen(void *ctx, const char *site, const char *screen, int online,
                         const char *status, int64_t seen)
{
    (void)online;
    (void)status;
    (void)seen;
    struct sendlist *l = ctx;
    char *name = xasprintf("%s/%s", site, screen);
    if (!strcmp(l->target, "all") || !strcmp(l->target, site) || !strcmp(l->target, name)) {
        l->topics = xrealloc(l->topics, (l->n + 1) * sizeof *l->topics);
        l->topics[l->n++] = fleet_topic(site, screen, "cmd");
    }
    free(name);
}

struct sending {
    size_t n, acked;
    int *mids;
    bool *acked_each;
    int refused; /* the CONNACK's code, when not 0 */
};

static void on_send_ack(struct mosquitto *mosq, void *obj, int mid)
{
    (void)mosq;
    struct sending *w = obj;
    for (size_t i = 0; i < w->n; i++)
        if (w->mids[i] == mid && !w->acked_each[i]) {
            w->acked_each[i] = true;
            w->acked++;
        }
}

static void on_send_connect(struct mosquitto *mosq, void *obj, int rc)
{
    (void)mosq;
    struct sending *w = obj;
    if (rc)
        w->refused = rc;
}

int collect_publish(const struct config_fleet *cfg, char *const *topics, size_t n,
                    const char *json, bool *acked, int wait_ms, char *err, size_t errsize)
{
    char host[256], why[600];
    int port, status = -1;
    struct sending w = {.n = n, .mids = xcalloc(n ? n : 1, sizeof(int)), .acked_each = acked};
    memset(acked, 0, n * sizeof *acked);
    struct mosquitto *mosq = NULL;
    if (fleet_broker_addr(cfg, host, sizeof host, &port) != 0) {
        snprintf(err, errsize, "fleet.broker '%s': write host or host:port", cfg->broker);
        goto out;
    }
    mosq = mosquitto_new(NULL, true, &w);
    const char *user = *cfg->username ? cfg->username : "collector";
    if (!mosq || fleet_mosq_setup(mosq, cfg, user, why, sizeof why) != 0) {
        snprintf(err, errsize, "%s", mosq ? why : "cannot create an MQTT client");
        goto out;
    }
    mosquitto_connect_callback_set(mosq, on_send_connect);
    mosquitto_publish_callback_set(mosq, on_send_ack);
    if (mosquitto_connect(mosq, host, port, 30) != MOSQ_ERR_SUCCESS) {
        snprintf(err, errsize, "cannot reach the broker %s:%d (fleet.broker): %s", host, port,
                 strerror(errno));
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        mosquitto_publish(mosq, &w.mids[i], topics[i], (int)strlen(json), json, 1, false);
    int64_t end = mono_ms() + wait_ms;
    while (w.acked < n && !w.refused && mono_ms() < end &&
           mosquitto_loop(mosq, 100, 1) == MOSQ_ERR_SUCCESS)
        ;
    mosquitto_disconnect(mosq);
    if (w.refused)
        snprintf(err, errsize,
                 "the broker refused the account '%s': %s; check fleet.username and "
                 "fleet.password_file",
                 user, mosquitto_connack_string(w.refused));
    else if (w.acked < n)
        snprintf(err, errsize, "the broker acknowledged %zu of %zu commands within %d s", w.acked,
                 n, wait_ms / 1000);
    else
        status = 0;
out:
    mosquitto_destroy(mosq);
    free(w.mids);
    return status;
}

int collect_send(const struct collect_opts *o, const char *target, const char *json, FILE *out)
{
    char err[600];
    store_t *s = store_open(o->db_path, true, err, sizeof err);
    if (!s) {
        log_msg(LV_ERR, "collector: %s", err);
        return 1;
    }
    struct sendlist l = {.target = target};
    store_screens(s, match_screen, &l);
    store_close(s);
    int status = 1;
    if (!l.n) {
        log_msg(LV_ERR,
                "'%s' names no screen the collector has heard of; see vitrine collect "
                "--screens",
                target);
        goto out;
    }
    bool *acked = xcalloc(l.n, sizeof *acked);
    mosquitto_lib_init();
    if (collect_publish(o->cfg, l.topics, l.n, json, acked, 10000, err, sizeof err) == 0)
        status = 0;
    else
        log_msg(LV_ERR, "%s", err);
    mosquitto_lib_cleanup();
    for (size_t i = 0; i < l.n; i++)
        if (acked[i])
            fprintf(out, "%s\n", l.topics[i]);
    free(acked);
out:
    for (size_t i = 0; i < l.n; i++)
        free(l.topics[i]);
    free(l.topics);
    return status;
}

int collect_run(const struct collect_opts *o)
{
    struct collector c = {.o = o};
    char err[600];
    c.store = store_open(o->db_path, false, err, sizeof err);
    if (!c.store) {
        log_msg(LV_ERR, "collector: %s", err);
        return 1;
    }
    char host[256];
    int port;
    if (fleet_broker_addr(o->cfg, host, sizeof host, &port) != 0) {
        log_msg(LV_ERR, "fleet.broker '%s': write host or host:port", o->cfg->broker);
        store_close(c.store);
        return 1;
    }
    mosquitto_lib_init();
    /* clean_session false: the broker keeps the collector's messages while it
     * is away (a restart, an upgrade) and hands them over on return. */
    struct mosquitto *mosq = mosquitto_new(o->client_id, false, &c);
    int status = 1;
    if (!mosq) {
        log_msg(LV_ERR, "collector: cannot create an MQTT client");
        goto out;
    }
    const char *user = *o->cfg->username ? o->cfg->username : "collector";
    if (fleet_mosq_setup(mosq, o->cfg, user, err, sizeof err) != 0) {
        log_msg(LV_ERR, "collector: %s", err);
        goto out;
    }
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_max_inflight_messages_set(mosq, 1000);
    mosquitto_connect_callback_set(mosq, on_connect);
    mosquitto_message_callback_set(mosq, on_message);
    int64_t start = mono_ms(), next_stats = start + 1000, retry = 0;
    int backoff = 1;
    bool socket_up = false;
    while (!*o->stop) {
        int64_t now = mono_ms();
        if (!socket_up) {
            if (now < retry) {
                struct timespec ts = {0, 100 * 1000000L};
                nanosleep(&ts, NULL);
            } else if (mosquitto_connect(mosq, host, port, o->cfg->keepalive_s) ==
                       MOSQ_ERR_SUCCESS) {
                socket_up = true;
                backoff = 1;
            } else {
                log_msg(LV_WARN, "collector: cannot reach the broker %s:%d (%s); trying again",
                        host, port, strerror(errno));
                retry = now + backoff * 1000;
                backoff = backoff * 2 > 30 ? 30 : backoff * 2;
            }
        } else {
            int timeout = c.in_tx ? o->commit_ms : 1000;
            if (mosquitto_loop(mosq, timeout, BATCH_MAX) != MOSQ_ERR_SUCCESS) {
                commit(&c);
                if (c.connected)
                    log_msg(LV_WARN, "collector: lost the broker; reconnecting");
                c.connected = false;
                socket_up = false;
                retry = mono_ms() + 1000;
            }
        }
        now = mono_ms();
        if (c.in_tx && now - c.tx_start_ms >= o->commit_ms)
            commit(&c);
        if (o->stats && now >= next_stats) {
            write_stats(&c, (now - start) / 1000.0);
            next_stats += 1000;
        }
    }
    commit(&c);
    if (socket_up)
        mosquitto_disconnect(mosq);
    log_msg(LV_INFO, "collector: %llu plays stored, %llu copies dropped",
            (unsigned long long)c.plays, (unsigned long long)c.copies);
    status = 0;
out:
    mosquitto_destroy(mosq);
    mosquitto_lib_cleanup();
    store_close(c.store);
    return status;
}
