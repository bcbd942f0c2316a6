/* vitrine status [-c FILE] [--json] [STATUS_FILE] — prints the running
 * player's status file (STATE/status.json) for humans: what is on screen,
 * each source with the age of its last good copy and its last error. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "model/config.h"
#include "model/util.h"
#include "play/status.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine status [-c FILE] [--json] [STATUS_FILE]\n"
          "Shows what the running player reports: the slide on screen, each feed with\n"
          "the age of its last good copy and its last error, the last reload.\n"
          "  -c FILE   configuration to find the state folder (default: ./vitrine.conf,\n"
          "            /etc/vitrine/vitrine.conf, else ./state)\n"
          "  --json    print the file as it is\n",
          out);
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Prints label and a string from the file on a line, with control characters
 * escaped (a file name in a message may hold a terminal escape). */
static void put_line(const char *label, const char *s)
{
    char buf[2048];
    log_escape(s ? s : "", buf, sizeof buf);
    printf("%s%s\n", label, buf);
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* "42 s", "12 min", "3 h 05", "2 days"; a time in the future (the clock
 * was set back) reads "0 s" rather than a negative age. */
static void age(double s, char *buf, size_t size)
{
    if (s < 0)
        s = 0;
    if (s < 120)
        snprintf(buf, size, "%.0f s", s);
    else if (s < 7200)
        snprintf(buf, size, "%.0f min", s / 60);
    else if (s < 172800)
        snprintf(buf, size, "%d h %02d", (int)(s / 3600), (int)(s / 60) % 60);
    else
        snprintf(buf, size, "%.0f days", s / 86400);
}

/* The status file the configuration points to (STATE/status.json), as a
 * heap string; NULL after printing the configuration's problems. */
static char *status_path(const char *conf)
{
    char *path = NULL;
    struct config *cfg = config_defaults();
    diag_t *d = diag_create();
    const char *cf = config_find(conf);
    if (cf && config_read(cfg, cf, d)) {
        diag_print(d, stderr);
        goto out;
    }
    path = xasprintf("%s/status.json", cfg->state_dir);
out:
    diag_free(d);
    config_free(cfg);
    return path;
}

/* Whether the player that wrote root still runs: NULL when it does and keeps
 * the file fresh; otherwise why not, and *dead tells a process that ended
 * from one that lives but cannot rewrite its file (a full or read-only state
 * folder). */
static const char *stale(const cJSON *root, double now, bool *dead)
{
    double pid = num(root, "pid");
    *dead = pid > 0 && pid < 1e9 && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
    if (*dead)
        return "its process has ended";
    if (now - num(root, "written_unix") > STATUS_GONE_S)
        return "it has not rewritten its status file for a while";
    return NULL;
}

/* Prints the status document root for people. Returns 0, or 1 when the
 * player is gone (then everything below is the last thing it said). */
static int print_status(const cJSON *root, const char *path)
{
    double now = (double)time(NULL);
    char a[32];
    double written = num(root, "written_unix");
    age(now - written, a, sizeof a);
    printf("status file   %s (written %s ago, player pid %.0f)\n", path, a, num(root, "pid"));
    if (written > now + 60)
        printf("warning       the file was written in the future: the clock was set back; "
               "check the time (timedatectl)\n");
    bool dead;
    const char *why = stale(root, now, &dead);
    if (why && dead)
        printf("PLAYER GONE   the player is not running: %s; what follows is the last it "
               "reported. Start it (systemctl start vitrine) and read its log "
               "(journalctl -u vitrine)\n",
               why);
    if (str(root, "state_error"))
        put_line("STATE ERROR   ", str(root, "state_error"));
    else if (why && !dead)
        printf("STALE         the player runs but cannot rewrite this file: the state folder "
               "is full or read-only; free space there (df) and read its log "
               "(journalctl -u vitrine)\n");
    const cJSON *show = cJSON_GetObjectItemCaseSensitive(root, "showing");
    if (show) {
        const char *id = str(show, "item");
        age(now - num(show, "since_unix"), a, sizeof a);
        printf("on screen     %s %s (%s) for %s\n", str(show, "kind") ? str(show, "kind") : "",
               id && *id ? id : "-", str(show, "lang") ? str(show, "lang") : "", a);
    }
    const cJSON *pl = cJSON_GetObjectItemCaseSensitive(root, "player");
    if (pl) {
        age(num(pl, "uptime_s"), a, sizeof a);
        printf("player        up %s", a);
        if (str(pl, "display_mode"))
            printf(", %s on %s", str(pl, "display_mode"),
                   str(pl, "backend") ? str(pl, "backend") : "?");
        const cJSON *on = cJSON_GetObjectItemCaseSensitive(pl, "screen_on");
        if (cJSON_IsBool(on))
            printf(", screen %s", cJSON_IsTrue(on) ? "on" : "asleep (outside screen hours)");
        printf("\n");
        if (str(pl, "display_mode") && num(pl, "frames") > 0) {
            printf("frames        %.0f drawn, %.0f late", num(pl, "frames"),
                   num(pl, "late_frames"));
            if (num(pl, "p99_frame_ms") > 0)
                printf(", p99 %.1f ms in transitions", num(pl, "p99_frame_ms"));
            printf("\n");
        }
        if (str(pl, "screenshot")) {
            const char *slash = strrchr(path, '/');
            int dir = slash ? (int)(slash - path) : 1;
            printf("screenshot    %.*s/screenshot.png (%s)\n", dir, slash ? path : ".",
                   str(pl, "screenshot"));
        }
    }
    const cJSON *feed = cJSON_GetObjectItemCaseSensitive(root, "feed");
    if (feed) {
        age(now - num(feed, "last_reload_unix"), a, sizeof a);
        printf("content       %.0f items, last reload %s ago (model %.0f on screen)\n",
               num(feed, "items"), a, num(feed, "generation"));
        const cJSON *left = cJSON_GetObjectItemCaseSensitive(feed, "left_out"), *m;
        cJSON_ArrayForEach(m, left)
        {
            if (cJSON_IsString(m))
                put_line("  problem     ", m->valuestring);
        }
    }
    if (str(root, "network"))
        put_line("network       ", str(root, "network"));
    const cJSON *srcs = cJSON_GetObjectItemCaseSensitive(root, "sources");
    const cJSON *s;
    cJSON_ArrayForEach(s, srcs)
    {
        double good = num(s, "last_good_unix");
        if (good > 0)
            age(now - good, a, sizeof a);
        else
            snprintf(a, sizeof a, "never");
        printf("source        %s\n", str(s, "source") ? str(s, "source") : "?");
        printf("  last good   %s%s, %.0f items\n", a, good > 0 ? " ago" : "", num(s, "items"));
        if (str(s, "last_error"))
            put_line("  last error  ", str(s, "last_error"));
    }
    const cJSON *wx = cJSON_GetObjectItemCaseSensitive(root, "weather");
    if (wx) {
        const cJSON *shown = cJSON_GetObjectItemCaseSensitive(wx, "shown");
        double at = num(wx, "describes_unix");
        if (at > 0)
            age(now - at, a, sizeof a);
        if (cJSON_IsTrue(shown))
            printf("weather       %s, shown (describes %s ago)\n", str(wx, "source"), a);
        else
            printf("weather       %s, left out: %s\n", str(wx, "source"),
                   at > 0 ? "older than 3 h" : "no answer yet");
        if (str(wx, "last_error"))
            put_line("  last error  ", str(wx, "last_error"));
    }
    return why || str(root, "state_error") ? 1 : 0;
}

int cmd_status(int argc, char **argv)
{
    const char *conf = NULL, *file = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") && i + 1 < argc) {
            conf = argv[++i];
        } else if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] != '-' && !file) {
            file = argv[i];
        } else {
            fprintf(stderr, "vitrine status: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    int status = 1;
    char *text = NULL;
    cJSON *root = NULL;
    char *path = file ? xstrdup(file) : status_path(conf);
    if (!path)
        goto out;
    size_t len;
    text = read_file(path, 1 << 20, &len);
    if (!text) {
        fprintf(stderr,
                "vitrine status: %s: no status file; is the player running with "
                "this configuration?\n",
                path);
        goto out;
    }
    if (json) {
        fputs(text, stdout);
        status = 0;
        goto out;
    }
    root = cJSON_Parse(text);
    if (!root) {
        fprintf(stderr, "vitrine status: %s: not valid JSON\n", path);
        goto out;
    }
    status = print_status(root, path);
out:
    cJSON_Delete(root);
    free(text);
    free(path);
    return status;
}
