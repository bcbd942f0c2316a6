#include "play/clocksync.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "model/util.h"

#define ASK_EVERY_S     60
#define REPEAT_LOST_S   3600 /* how often "cannot check" is said again */
#define DBUS_TIMEOUT_US 2000000

/* timedated's answer, or -1 with why in how. */
static int ask_timedated(char *how, size_t size)
{
    sd_bus *bus = NULL;
    sd_bus_error err = SD_BUS_ERROR_NULL;
    int v = 0;
    int rc = sd_bus_open_system(&bus);
    if (rc >= 0)
        rc = sd_bus_set_method_call_timeout(bus, DBUS_TIMEOUT_US);
    if (rc >= 0)
        rc = sd_bus_get_property_trivial(bus, "org.freedesktop.timedate1",
                                         "/org/freedesktop/timedate1", "org.freedesktop.timedate1",
                                         "NTPSynchronized", &err, 'b', &v);
    if (rc < 0)
        snprintf(how, size, "D-Bus timedate1: %s", err.message ? err.message : strerror(-rc));
    sd_bus_error_free(&err);
    sd_bus_flush_close_unref(bus);
    return rc < 0 ? -1 : v != 0;
}

enum clock_sync clocksync_probe(const char *timesync_dir, bool dbus, char *how, size_t size)
{
    struct timex tx = {0}; /* modes 0: only reads */
    int st = adjtimex(&tx);
    if (st >= 0) {
        snprintf(how, size, "adjtimex");
        return st != TIME_ERROR && !(tx.status & STA_UNSYNC) ? CLOCK_SYNCED : CLOCK_UNSYNCED;
    }
    char why[300];
    int n = snprintf(why, sizeof why, "adjtimex: %s", strerror(errno));
    if (is_dir(timesync_dir)) {
        char *flag = xasprintf("%s/synchronized", timesync_dir);
        bool synced = access(flag, F_OK) == 0;
        snprintf(how, size, "systemd-timesyncd (%s)", flag);
        free(flag);
        return synced ? CLOCK_SYNCED : CLOCK_UNSYNCED;
    }
    n += snprintf(why + n, sizeof why - (size_t)n, "; no %s (systemd-timesyncd)", timesync_dir);
    if (dbus) {
        char d[200];
        int v = ask_timedated(d, sizeof d);
        if (v >= 0) {
            snprintf(how, size, "D-Bus timedate1 NTPSynchronized");
            return v ? CLOCK_SYNCED : CLOCK_UNSYNCED;
        }
        snprintf(why + n, sizeof why - (size_t)n, "; %s", d);
    }
    snprintf(how, size, "%s", why);
    return CLOCK_UNKNOWN;
}

struct clocksync {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    bool synced; /* under lock */
};

static void *run(void *arg)
{
    clocksync_t *c = arg;
    enum clock_sync last = CLOCK_SYNCED;
    time_t lost_said = 0;
    pthread_mutex_lock(&c->lock);
    while (!c->stop) {
        pthread_mutex_unlock(&c->lock);
        char how[512];
        enum clock_sync s = clocksync_probe(CLOCKSYNC_TIMESYNC_DIR, true, how, sizeof how);
        time_t now = time(NULL);
        if (s == CLOCK_UNKNOWN && (last != CLOCK_UNKNOWN || now - lost_said >= REPEAT_LOST_S)) {
            log_msg(LV_ERR,
                    "the clock check cannot run (%s): the clock is trusted as it reads; "
                    "run systemd-timesyncd or let the player read the clock state "
                    "(docs/security.md)",
                    how);
            lost_said = now;
        } else if (s != CLOCK_UNKNOWN && last == CLOCK_UNKNOWN) {
            log_msg(LV_INFO, "the clock check works again, through %s", how);
        }
        last = s;
        pthread_mutex_lock(&c->lock);
        /* unknown: trust the clock (the feed's generated date still guards) */
        c->synced = s != CLOCK_UNSYNCED;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += ASK_EVERY_S;
        while (!c->stop && pthread_cond_timedwait(&c->wake, &c->lock, &ts) == 0)
            ;
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

clocksync_t *clocksync_start(void)
{
    clocksync_t *c = xcalloc(1, sizeof *c);
    /* the quick ways at once, so the first slide already knows; D-Bus, which
     * may take a moment, on the thread */
    char how[512];
    c->synced = clocksync_probe(CLOCKSYNC_TIMESYNC_DIR, false, how, sizeof how) != CLOCK_UNSYNCED;
    pthread_mutex_init(&c->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        log_msg(LV_ERR, "the clock check cannot run (no thread): the clock is trusted");
        pthread_cond_destroy(&c->wake);
        pthread_mutex_destroy(&c->lock);
        free(c);
        return NULL;
    }
    return c;
}

bool clocksync_synced(clocksync_t *c)
{
    if (!c)
        return true;
    pthread_mutex_lock(&c->lock);
    bool s = c->synced;
    pthread_mutex_unlock(&c->lock);
    return s;
}

void clocksync_stop(clocksync_t *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    c->stop = true;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->lock);
    free(c);
}
