#include "play/notify.h"

#include <stdbool.h>
#include <stdlib.h>

#include <systemd/sd-daemon.h>

#include "model/util.h"

struct notifier {
    bool enabled; /* NOTIFY_SOCKET is set */
    bool ready_sent;
    int interval_ms; /* half the watchdog period; -1 without watchdog */
    int64_t last_ping_ms;
};

notifier_t *notify_create(void)
{
    notifier_t *n = xcalloc(1, sizeof(*n));
    n->enabled = getenv("NOTIFY_SOCKET") != NULL;
    n->interval_ms = -1;
    n->last_ping_ms = INT64_MIN / 2;
    uint64_t usec = 0;
    if (n->enabled && sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        n->interval_ms = (int)(usec / 2000);
    return n;
}

void notify_free(notifier_t *n)
{
    free(n);
}

void notify_ready(notifier_t *n)
{
    if (!n->enabled || n->ready_sent)
        return;
    sd_notify(0, "READY=1");
    n->ready_sent = true;
}

int64_t notify_watchdog(notifier_t *n, int64_t now_ms)
{
    if (n->interval_ms < 0)
        return INT64_MAX;
    if (now_ms - n->last_ping_ms >= n->interval_ms) {
        sd_notify(0, "WATCHDOG=1");
        n->last_ping_ms = now_ms;
    }
    return n->last_ping_ms + n->interval_ms;
}

void notify_status(notifier_t *n, const char *text)
{
    if (n->enabled)
        sd_notifyf(0, "STATUS=%s", text);
}

void notify_stopping(notifier_t *n)
{
    if (n->enabled)
        sd_notify(0, "STOPPING=1");
}
