#include "fleet/client.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <mosquitto.h>

#include "fleet/spool.h"
#include "model/util.h"
#include "model/version.h"

#define WINDOW       64    /* play records published and not yet acknowledged */
#define TICK_MS      500   /* the thread's longest sleep */
#define SHOT_WAIT_MS 15000 /* a screenshot not written by then is given up */
#define BACKOFF_MAX  60    /* seconds between two connection attempts, at most */
#define SHOT_MAX     (16 << 20)

struct pending {
    int mid;
    uint64_t seq;
};

struct fleet {
    struct fleet_opts o;
    char site[128], screen[128], user[260];
    char *password;
    char host[256];
    int port;
    char *t_status, *t_online, *t_play, *t_shot, *t_cmd;

    pthread_t thread;
    atomic_bool stop;
    atomic_int_least64_t shot_wanted_ms; /* wall-clock ms of a screenshot command, 0: none */

    /* the client's thread only */
    struct mosquitto *mosq;
    bool connected;
    int backoff_s;
    int64_t retry_ms;
    spool_t *spool;
    struct pending pend[WINDOW];
    int npend;
    unsigned long status_version;
    char *status_key; /* what the last status said, less what always moves */
    int64_t status_sent_ms;
    bool status_due;
    bool refused_logged;
};

char *fleet_topic(const char *site, const char *screen, const char *leaf)
{
    return xasprintf("vitrine/%s/%s/%s", site, screen, leaf);
}

int fleet_topic_split(const char *topic, char *site, char *screen, char *leaf, size_t n)
{
    if (!str_starts(topic, "vitrine/"))
        return -1;
    const char *a = topic + 8, *b = strchr(a, '/');
    const char *c = b ? strchr(b + 1, '/') : NULL;
    if (!b || !c || strchr(c + 1, '/') || (size_t)(b - a) >= n || (size_t)(c - b - 1) >= n ||
        strlen(c + 1) >= n || b == a || c == b + 1)
        return -1;
    memcpy(site, a, (size_t)(b - a));
    site[b - a] = 0;
    memcpy(screen, b + 1, (size_t)(c - b - 1));
    screen[c - b - 1] = 0;
    snprintf(leaf, n, "%s", c + 1);
    return 0;
}

int fleet_broker_addr(const struct config_fleet *cfg, char *host, size_t n, int *port)
{
    const char *b = cfg->broker;
    *port = cfg->tls ? 8883 : 1883;
    const char *colon = strrchr(b, ':');
    size_t hl = colon ? (size_t)(colon - b) : strlen(b);
    if (!hl || hl >= n)
        return -1;
    memcpy(host, b, hl);
    host[hl] = 0;
    if (colon) {
        char *end;
        long p = strtol(colon + 1, &end, 10);
        if (*end || p <= 0 || p > 65535)
            return -1;
        *port = (int)p;
    }
    return 0;
}

int fleet_mosq_setup(void *m, const struct config_fleet *cfg, const char *username, char *err,
                     size_t errsize)
{
    struct mosquitto *mosq = m;
    if (cfg->tls) {
        const char *ca = *cfg->ca_file ? cfg->ca_file : NULL;
        int rc = mosquitto_tls_set(mosq, ca, ca ? NULL : "/etc/ssl/certs", NULL, NULL, NULL);
        if (rc == MOSQ_ERR_SUCCESS)
            rc = mosquitto_tls_opts_set(mosq, 1, "tlsv1.2", NULL);
        if (rc != MOSQ_ERR_SUCCESS) {
            snprintf(err, errsize,
                     "fleet.ca_file '%s': %s; give the PEM file of the authority "
                     "that signed the broker's certificate",
                     cfg->ca_file, mosquitto_strerror(rc));
            return -1;
        }
    }
    char *password = NULL;
    if (*cfg->password_file) {
        size_t len;
        password = read_file(cfg->password_file, 4096, &len);
        if (!password) {
            snprintf(err, errsize, "fleet.password_file '%s': %s", cfg->password_file,
                     strerror(errno));
            return -1;
        }
        password[strcspn(password, "\r\n")] = 0;
    }
    int rc = mosquitto_username_pw_set(mosq, username, password);
    free(password);
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(err, errsize, "fleet.username: %s", mosquitto_strerror(rc));
        return -1;
    }
    return 0;
}

/* ---- status --------------------------------------------------------------- */

static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The SoC's temperature where the machine has a sensor (a Pi does). */
static bool temperature(double *c)
{
    FILE *f = fopen("/sys/class/thermal/thermal_zone0/temp", "r");
    long milli;
    bool ok = f && fscanf(f, "%ld", &milli) == 1;
    if (f)
        fclose(f);
    if (ok)
        *c = milli / 1000.0;
    return ok;
}

static cJSON *pick(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return v ? cJSON_Duplicate(v, true) : cJSON_CreateNull();
}

/* The status message from the player's status file's JSON; *key gets what
 * counts as a change (not the uptime, ages, memory). */
static char *status_message(fleet_t *f, const char *player_json, char **key)
{
    cJSON *in = cJSON_Parse(player_json);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "site", f->site);
    cJSON_AddStringToObject(m, "screen", f->screen);
    cJSON_AddBoolToObject(m, "online", true);
    cJSON_AddStringToObject(m, "vitrine", vitrine_version);
    const cJSON *show = cJSON_GetObjectItemCaseSensitive(in, "showing");
    cJSON *s = cJSON_AddObjectToObject(m, "showing");
    cJSON_AddItemToObject(s, "item", pick(show, "item"));
    cJSON_AddItemToObject(s, "kind", pick(show, "kind"));
    cJSON_AddItemToObject(s, "lang", pick(show, "lang"));
    cJSON_AddItemToObject(s, "since", pick(show, "since"));
    const cJSON *feed = cJSON_GetObjectItemCaseSensitive(in, "feed");
    cJSON *fd = cJSON_AddObjectToObject(m, "feed");
    cJSON_AddItemToObject(fd, "version", pick(feed, "generation"));
    cJSON_AddItemToObject(fd, "items", pick(feed, "items"));
    cJSON_AddItemToObject(fd, "last_reload", pick(feed, "last_reload"));
    /* The feed's age: the oldest last good copy among the sources. */
    double age = -1;
    cJSON *errors = cJSON_CreateArray();
    const cJSON *src;
    cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(in, "sources"))
    {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(src, "age_s");
        if (cJSON_IsNumber(a) && a->valuedouble > age)
            age = a->valuedouble;
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(src, "last_error");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(src, "source");
        if (cJSON_IsString(e)) {
            char *line =
                xasprintf("%s: %s", cJSON_IsString(n) ? n->valuestring : "?", e->valuestring);
            cJSON_AddItemToArray(errors, cJSON_CreateString(line));
            free(line);
        }
    }
    if (age >= 0)
        cJSON_AddNumberToObject(fd, "age_s", age);
    else
        cJSON_AddNullToObject(fd, "age_s");
    cJSON_AddItemToObject(m, "errors", errors);
    const cJSON *pl = cJSON_GetObjectItemCaseSensitive(in, "player");
    cJSON_AddItemToObject(m, "screen_on", pick(pl, "screen_on"));
    cJSON_AddItemToObject(m, "display", pick(pl, "display_mode"));

    cJSON *k = cJSON_Duplicate(m, true);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(k, "feed"), "age_s");
    *key = cJSON_PrintUnformatted(k);
    cJSON_Delete(k);

    cJSON_AddItemToObject(m, "uptime_s", pick(pl, "uptime_s"));
    cJSON_AddNumberToObject(m, "memory_kb", (double)rss_kb());
    double c;
    if (temperature(&c))
        cJSON_AddNumberToObject(m, "temperature_c", c);
    cJSON *sp = cJSON_AddObjectToObject(m, "spool");
    cJSON_AddNumberToObject(sp, "backlog_bytes", f->spool ? (double)spool_backlog(f->spool) : 0);
    cJSON_AddNumberToObject(sp, "sent", f->spool ? (double)spool_acked(f->spool) : 0);
    cJSON_AddNumberToObject(m, "at", (double)(wall_ms() / 1000));
    char *text = cJSON_PrintUnformatted(m);
    cJSON_Delete(m);
    cJSON_Delete(in);
    return text;
}

static void publish_status(fleet_t *f, int64_t now)
{
    char *player = f->o.status ? f->o.status(f->o.ctx, &f->status_version) : NULL;
    bool periodic = now - f->status_sent_ms >= f->o.cfg->status_s * 1000LL;
    if (!player && !periodic && !f->status_due)
        return;
    if (!player && f->o.status) { /* unchanged: ask for the text anyway */
        unsigned long none = f->status_version - 1;
        player = f->o.status(f->o.ctx, &none);
    }
    char *key = NULL;
    char *msg = status_message(f, player ? player : "{}", &key);
    free(player);
    bool changed = !f->status_key || strcmp(key, f->status_key) != 0;
    if (changed || periodic || f->status_due) {
        int rc = mosquitto_publish(f->mosq, NULL, f->t_status, (int)strlen(msg), msg, 1, true);
        if (rc == MOSQ_ERR_SUCCESS) {
            free(f->status_key);
            f->status_key = key;
            key = NULL;
            f->status_sent_ms = now;
            f->status_due = false;
        }
    }
    free(key);
    free(msg);
}

/* ---- plays ---------------------------------------------------------------- */

static void publish_plays(fleet_t *f)
{
    struct spool_rec r;
    while (f->npend < WINDOW && spool_next(f->spool, &r)) {
        char *msg = xasprintf("{\"rid\":\"%s\",\"play\":%s}", r.rid, r.line);
        int mid = 0;
        int rc = mosquitto_publish(f->mosq, &mid, f->t_play, (int)strlen(msg), msg, 1, false);
        free(msg);
        if (rc != MOSQ_ERR_SUCCESS) {
            spool_rewind(f->spool); /* handed out again after reconnecting */
            f->npend = 0;
            return;
        }
        f->pend[f->npend++] = (struct pending){mid, r.seq};
    }
}

static void on_publish(struct mosquitto *mosq, void *obj, int mid)
{
    (void)mosq;
    fleet_t *f = obj;
    for (int i = 0; i < f->npend; i++) {
        if (f->pend[i].mid == mid) {
            spool_ack(f->spool, f->pend[i].seq);
            f->pend[i] = f->pend[--f->npend];
            return;
        }
    }
}

/* ---- screenshots ---------------------------------------------------------- */

static void publish_screenshot(fleet_t *f)
{
    int64_t want = atomic_load(&f->shot_wanted_ms);
    if (!want)
        return;
    char *path = xasprintf("%s/screenshot.png", f->o.state_dir);
    struct stat st;
    bool fresh = stat(path, &st) == 0 &&
                 st.st_mtim.tv_sec * 1000LL + st.st_mtim.tv_nsec / 1000000 >= want - 1000;
    if (fresh) {
        size_t len;
        char *png = read_file(path, SHOT_MAX, &len);
        if (png && mosquitto_publish(f->mosq, NULL, f->t_shot, (int)len, png, 1, true) ==
                       MOSQ_ERR_SUCCESS)
            atomic_store(&f->shot_wanted_ms, 0);
        free(png);
    } else if (wall_ms() - want > SHOT_WAIT_MS) {
        log_msg(LV_WARN, "fleet: no screenshot within %d s of the command; not sent",
                SHOT_WAIT_MS / 1000);
        atomic_store(&f->shot_wanted_ms, 0);
    }
    free(path);
}

/* ---- connection ----------------------------------------------------------- */

static void on_connect(struct mosquitto *mosq, void *obj, int rc)
{
    fleet_t *f = obj;
    if (rc != 0) {
        if (!f->refused_logged)
            log_msg(LV_ERR,
                    "fleet: the broker %s:%d refused the screen's account '%s': %s; check "
                    "fleet.username and fleet.password_file",
                    f->host, f->port, f->user, mosquitto_connack_string(rc));
        f->refused_logged = true;
        return;
    }
    log_msg(LV_INFO, "fleet: connected to %s:%d as %s", f->host, f->port, f->user);
    f->connected = true;
    f->refused_logged = false;
    f->backoff_s = 1;
    mosquitto_subscribe(mosq, NULL, f->t_cmd, 1);
    const char *on = "{\"online\":true}";
    mosquitto_publish(mosq, NULL, f->t_online, (int)strlen(on), on, 1, true);
    f->status_due = true;
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *m)
{
    (void)mosq;
    fleet_t *f = obj;
    if (!m->payloadlen || strcmp(m->topic, f->t_cmd) != 0)
        return;
    /* A screenshot asked for here is published back once written. */
    cJSON *o = cJSON_ParseWithLength(m->payload, (size_t)m->payloadlen);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "cmd");
    if (cJSON_IsString(c) && !strcmp(c->valuestring, "screenshot"))
        atomic_store(&f->shot_wanted_ms, wall_ms());
    cJSON_Delete(o);
    if (f->o.command)
        f->o.command(f->o.ctx, m->payload, (size_t)m->payloadlen);
}

static void drop_connection(fleet_t *f)
{
    if (f->mosq)
        mosquitto_destroy(f->mosq);
    f->mosq = NULL;
    if (f->connected)
        log_msg(LV_WARN, "fleet: lost the broker %s:%d; proof of play waits on disk", f->host,
                f->port);
    f->connected = false;
    f->npend = 0;
    if (f->spool)
        spool_rewind(f->spool); /* what was not acknowledged goes again */
    f->retry_ms = mono_ms() + f->backoff_s * 1000LL;
    f->backoff_s = f->backoff_s * 2 > BACKOFF_MAX ? BACKOFF_MAX : f->backoff_s * 2;
}

/* A new client for each connection: nothing that libmosquitto kept from the
 * last one is sent again behind the spool's back. */
static void try_connect(fleet_t *f)
{
    char id[300];
    snprintf(id, sizeof id, "vitrine-%s-%s", f->site, f->screen);
    f->mosq = mosquitto_new(id, true, f);
    char err[400];
    if (!f->mosq || fleet_mosq_setup(f->mosq, f->o.cfg, f->user, err, sizeof err) != 0) {
        log_msg(LV_ERR, "fleet: %s", f->mosq ? err : "cannot create an MQTT client");
        drop_connection(f);
        return;
    }
    mosquitto_int_option(f->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_max_inflight_messages_set(f->mosq, WINDOW);
    const char *off = "{\"online\":false}";
    mosquitto_will_set(f->mosq, f->t_online, (int)strlen(off), off, 1, true);
    mosquitto_connect_callback_set(f->mosq, on_connect);
    mosquitto_publish_callback_set(f->mosq, on_publish);
    mosquitto_message_callback_set(f->mosq, on_message);
    int rc = mosquitto_connect(f->mosq, f->host, f->port, f->o.cfg->keepalive_s);
    if (rc != MOSQ_ERR_SUCCESS) {
        if (!f->refused_logged)
            log_msg(LV_WARN, "fleet: cannot reach the broker %s:%d (%s); trying again", f->host,
                    f->port, rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        f->refused_logged = true;
        drop_connection(f);
    }
}

static void *run(void *arg)
{
    fleet_t *f = arg;
    f->backoff_s = 1;
    int64_t last_tick = 0;
    while (!atomic_load(&f->stop)) {
        int64_t now = mono_ms();
        if (!f->mosq) {
            if (now < f->retry_ms) {
                int64_t left = f->retry_ms - now;
                struct timespec ts = {0, (long)((left < TICK_MS ? left : TICK_MS) * 1000000)};
                nanosleep(&ts, NULL);
                continue;
            }
            try_connect(f);
            continue;
        }
        int rc = mosquitto_loop(f->mosq, TICK_MS, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            drop_connection(f);
            continue;
        }
        if (!f->connected)
            continue;
        if (f->spool)
            publish_plays(f);
        now = mono_ms();
        if (now - last_tick >= 1000 || f->status_due) {
            last_tick = now;
            publish_status(f, now);
            publish_screenshot(f);
            if (f->spool)
                spool_save(f->spool);
        }
    }
    return NULL;
}

fleet_t *fleet_start(const struct fleet_opts *o)
{
    const struct config_fleet *c = o->cfg;
    if (!c->broker || !*c->broker)
        return NULL;
    fleet_t *f = xcalloc(1, sizeof *f);
    f->o = *o;
    const char *screen = *c->screen ? c->screen : o->screen_id ? o->screen_id : "";
    if (!*c->site || !*screen || strpbrk(c->site, "/+#") || strpbrk(screen, "/+#"))
        die("[fleet] needs site = and a screen name (screen.id or fleet.screen), without "
            "'/', '+' or '#': they name this screen's topics vitrine/SITE/SCREEN/...");
    snprintf(f->site, sizeof f->site, "%s", c->site);
    snprintf(f->screen, sizeof f->screen, "%s", screen);
    snprintf(f->user, sizeof f->user, "%s", *c->username ? c->username : "");
    if (!*f->user)
        snprintf(f->user, sizeof f->user, "%s/%s", f->site, f->screen);
    if (fleet_broker_addr(c, f->host, sizeof f->host, &f->port) != 0)
        die("fleet.broker '%s': write host or host:port", c->broker);
    if (*c->password_file && access(c->password_file, R_OK) != 0)
        die("fleet.password_file '%s' cannot be read:", c->password_file);
    if (c->tls && *c->ca_file && access(c->ca_file, R_OK) != 0)
        die("fleet.ca_file '%s' cannot be read:", c->ca_file);
    f->t_status = fleet_topic(f->site, f->screen, "status");
    f->t_online = fleet_topic(f->site, f->screen, "online");
    f->t_play = fleet_topic(f->site, f->screen, "play");
    f->t_shot = fleet_topic(f->site, f->screen, "screenshot");
    f->t_cmd = fleet_topic(f->site, f->screen, "cmd");
    f->spool = spool_open(o->state_dir);
    mosquitto_lib_init();
    if (pthread_create(&f->thread, NULL, run, f) != 0)
        die("cannot start the fleet thread:");
    pthread_setname_np(f->thread, "fleet"); /* for top -H and the benchmark */
    log_msg(LV_INFO, "fleet: screen %s/%s, broker %s:%d%s", f->site, f->screen, f->host, f->port,
            c->tls ? " (TLS)" : "");
    return f;
}

void fleet_stop(fleet_t *f)
{
    if (!f)
        return;
    atomic_store(&f->stop, true);
    /* A connection attempt to a host that does not answer blocks in
     * connect(2) for up to two minutes: the player does not wait for it. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 3;
    if (pthread_timedjoin_np(f->thread, NULL, &until) != 0) {
        log_msg(LV_WARN, "fleet: still connecting to %s:%d; left behind", f->host, f->port);
        return; /* the process ends: what the thread holds goes with it */
    }
    if (f->mosq && f->connected && f->spool) {
        /* The last plays (the one that just ended among them), for 2 s at most. */
        int64_t end = mono_ms() + 2000;
        do {
            publish_plays(f);
            if (mosquitto_loop(f->mosq, 50, 1) != MOSQ_ERR_SUCCESS)
                break;
        } while (f->npend && mono_ms() < end);
    }
    if (f->mosq && f->connected) {
        /* A clean goodbye sends no last will: say offline ourselves. */
        const char *off = "{\"online\":false}";
        int mid = 0;
        mosquitto_publish(f->mosq, &mid, f->t_online, (int)strlen(off), off, 1, true);
        int64_t end = mono_ms() + 2000;
        while (mono_ms() < end && mosquitto_want_write(f->mosq) &&
               mosquitto_loop(f->mosq, 100, 1) == MOSQ_ERR_SUCCESS)
            ;
        mosquitto_loop(f->mosq, 100, 1); /* the acknowledgements */
        mosquitto_disconnect(f->mosq);
    }
    if (f->mosq)
        mosquitto_destroy(f->mosq);
    spool_close(f->spool);
    mosquitto_lib_cleanup();
    free(f->status_key);
    free(f->t_status);
    free(f->t_online);
    free(f->t_play);
    free(f->t_shot);
    free(f->t_cmd);
    free(f);
}
