#include "play/power.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "model/util.h"

#define HOOK_TIMEOUT_MS 30000

extern char **environ;

struct power {
    char *on_cmd, *off_cmd;
    bool on, known;
    pid_t pid;           /* the hook running, or 0 */
    const char *running; /* its name, for messages */
    int64_t started_ms;  /* 0 until power_poll first sees it */
};

power_t *power_create(const char *on_cmd, const char *off_cmd)
{
    power_t *p = xcalloc(1, sizeof(*p));
    p->on_cmd = on_cmd && *on_cmd ? xstrdup(on_cmd) : NULL;
    p->off_cmd = off_cmd && *off_cmd ? xstrdup(off_cmd) : NULL;
    p->on = true;
    return p;
}

static void reap(power_t *p, bool block)
{
    if (!p->pid)
        return;
    int st;
    pid_t r = waitpid(p->pid, &st, block ? 0 : WNOHANG);
    if (r == 0)
        return;
    if (r == p->pid) {
        if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
            log_msg(LV_WARN,
                    "screen power: the %s hook exited with status %d; the "
                    "screen may not have switched (check the command in the configuration)",
                    p->running, WEXITSTATUS(st));
        else if (WIFSIGNALED(st))
            log_msg(LV_WARN, "screen power: the %s hook was killed by signal %d", p->running,
                    WTERMSIG(st));
    }
    p->pid = 0;
    p->started_ms = 0;
}

void power_free(power_t *p)
{
    if (!p)
        return;
    if (p->pid) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        for (int i = 0; i < 20 && p->pid; i++) {
            reap(p, false);
            if (p->pid)
                nanosleep(&ts, NULL);
        }
        if (p->pid) {
            kill(p->pid, SIGKILL);
            reap(p, true);
        }
    }
    free(p->on_cmd);
    free(p->off_cmd);
    free(p);
}

static void run(power_t *p, const char *cmd, const char *name)
{
    if (!cmd)
        return;
    /* One hook at a time: the newer decision wins over a hook still running. */
    if (p->pid) {
        kill(p->pid, SIGTERM);
        reap(p, true);
    }
    char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
    if (rc != 0) {
        log_msg(LV_WARN, "screen power: cannot run the %s hook '%s': %s", name, cmd, strerror(rc));
        return;
    }
    log_msg(LV_INFO, "screen power: %s (%s)", name, cmd);
    p->pid = pid;
    p->running = name;
}

void power_set(power_t *p, bool on)
{
    if (p->known && p->on == on)
        return;
    bool first = !p->known;
    p->known = true;
    p->on = on;
    if (on && !first)
        run(p, p->on_cmd, "display_on");
    else if (!on)
        run(p, p->off_cmd, "display_off");
}

bool power_is_on(const power_t *p)
{
    return p->on;
}

int64_t power_poll(power_t *p, int64_t now_ms)
{
    if (!p->pid)
        return INT64_MAX;
    reap(p, false);
    if (!p->pid)
        return INT64_MAX;
    if (!p->started_ms) {
        p->started_ms = now_ms;
    } else if (now_ms - p->started_ms > HOOK_TIMEOUT_MS) {
        log_msg(LV_WARN, "screen power: the %s hook still runs after %d s; stopping it",
                p->running, HOOK_TIMEOUT_MS / 1000);
        kill(p->pid, SIGKILL);
        reap(p, true);
        return INT64_MAX;
    }
    return now_ms + 200; /* reap it soon after it ends */
}
