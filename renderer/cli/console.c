/* vitrine console — the staff console service: parses options, manages
 * accounts (--add-user, --remove-user) and serves (renderer/console/). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "console/auth.h"
#include "console/console.h"
#include "model/config.h"
#include "model/util.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine console [OPTIONS]\n"
          "Serves the staff console: editing, previews, publishing (docs/console.md).\n"
          "  --content DIR        the content folder the player watches (default content)\n"
          "  --feed FILE          the feed (default DIR/feed.xml, or DIR/feed.json)\n"
          "  --state DIR          the player's state folder (default: from -c, else state)\n"
          "  --data DIR           the console's own folder: accounts, history (default console)\n"
          "  --theme DIR          the theme previews use (default: from -c, else themes/default)\n"
          "  -c, --config FILE    the player's vitrine.conf (screen, languages, drop folder)\n"
          "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080; port 0: any free)\n"
          "  --cert FILE --key FILE   serve HTTPS with this PEM certificate and key\n"
          "  --max-upload BYTES   largest uploaded file (default 25 MB)\n"
          "  --max-body BYTES     largest JSON request (default 1 MB)\n"
          "  --max-connections N  connections at once (default 64)\n"
          "  --request-timeout S  a request must arrive within S seconds (default 30)\n"
          "  --preview-cache BYTES  largest size of the preview cache (default 64 MB)\n"
          "  --add-user NAME      add an account, or set its password (asked twice;\n"
          "                       read as two lines from stdin when it is not a terminal)\n"
          "  --remove-user NAME   remove an account\n"
          "  --fleet FILE         the collector's configuration (vitrine collect -c FILE): the\n"
          "                       console lists every screen of its database and sends them\n"
          "                       commands with its [fleet] account (docs/fleet.md)\n"
          "  --fleet-db FILE      the collector's database (default: the --fleet\n"
          "                       configuration's STATE/fleet.db, else STATE/fleet.db if any)\n",
          out);
}

/* Reads one line of password from stdin, without echo on a terminal. */
static int read_password(const char *prompt, char *buf, size_t size)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fputs(prompt, stderr);
        fflush(stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *r = fgets(buf, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!r)
        return -1;
    buf[strcspn(buf, "\r\n")] = 0;
    return 0;
}

static int manage_user(const char *data, const char *add, const char *remove)
{
    char err[300];
    char *path = xasprintf("%s/accounts", data);
    if (mkdir(data, 0700) < 0 && errno != EEXIST) {
        fprintf(stderr, "vitrine console: cannot create %s: %s\n", data, strerror(errno));
        free(path);
        return 1;
    }
    auth_t *a = auth_load(path, err, sizeof err);
    int status = 1;
    if (!a) {
        fprintf(stderr, "vitrine console: %s\n", err);
        goto out;
    }
    if (remove) {
        int rc = auth_remove(a, remove, err, sizeof err);
        if (rc == 1)
            fprintf(stderr, "vitrine console: there is no account '%s' in %s\n", remove, path);
        else if (rc < 0)
            fprintf(stderr, "vitrine console: %s\n", err);
        else
            fprintf(stderr, "vitrine console: removed the account '%s'\n", remove);
        status = rc == 0 ? 0 : 1;
        goto out;
    }
    if (!auth_name_ok(add, err, sizeof err)) {
        fprintf(stderr, "vitrine console: %s\n", err);
        goto out;
    }
    char p1[AUTH_PASSWORD_MAX + 2], p2[AUTH_PASSWORD_MAX + 2];
    if (read_password("Mot de passe : ", p1, sizeof p1) < 0 ||
        read_password("Encore une fois : ", p2, sizeof p2) < 0) {
        fprintf(stderr, "vitrine console: no password given (type it twice)\n");
        goto out;
    }
    if (strcmp(p1, p2)) {
        fprintf(stderr, "vitrine console: the two passwords differ; nothing changed\n");
    } else if (auth_set(a, add, p1, err, sizeof err) < 0) {
        fprintf(stderr, "vitrine console: %s\n", err);
    } else {
        fprintf(stderr, "vitrine console: the account '%s' is ready (%s)\n", add, path);
        status = 0;
    }
    memset(p1, 0, sizeof p1);
    memset(p2, 0, sizeof p2);
out:
    auth_free(a);
    free(path);
    return status;
}

static size_t parse_size(const char *opt, const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || !*s || v == 0 || v > (1ull << 32))
        die("console: %s takes a number of bytes, not '%s'", opt, s);
    return (size_t)v;
}

static int parse_int(const char *opt, const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || !*s || v <= 0 || v > 100000)
        die("console: %s takes a positive number, not '%s'", opt, s);
    return (int)v;
}

enum {
    O_CONTENT = 256,
    O_FEED,
    O_STATE,
    O_DATA,
    O_THEME,
    O_LISTEN,
    O_CERT,
    O_KEY,
    O_MAX_UPLOAD,
    O_MAX_BODY,
    O_MAX_CONN,
    O_REQ_TIMEOUT,
    O_PREVIEW_CACHE,
    O_ADD_USER,
    O_REMOVE_USER,
    O_FLEET,
    O_FLEET_DB,
    O_HELP
};

int cmd_console(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"content", required_argument, NULL, O_CONTENT},
        {"feed", required_argument, NULL, O_FEED},
        {"state", required_argument, NULL, O_STATE},
        {"data", required_argument, NULL, O_DATA},
        {"theme", required_argument, NULL, O_THEME},
        {"config", required_argument, NULL, 'c'},
        {"listen", required_argument, NULL, O_LISTEN},
        {"cert", required_argument, NULL, O_CERT},
        {"key", required_argument, NULL, O_KEY},
        {"max-upload", required_argument, NULL, O_MAX_UPLOAD},
        {"max-body", required_argument, NULL, O_MAX_BODY},
        {"max-connections", required_argument, NULL, O_MAX_CONN},
        {"request-timeout", required_argument, NULL, O_REQ_TIMEOUT},
        {"preview-cache", required_argument, NULL, O_PREVIEW_CACHE},
        {"add-user", required_argument, NULL, O_ADD_USER},
        {"remove-user", required_argument, NULL, O_REMOVE_USER},
        {"fleet", required_argument, NULL, O_FLEET},
        {"fleet-db", required_argument, NULL, O_FLEET_DB},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    struct console_opts o;
    console_opts_default(&o);
    const char *add = NULL, *remove = NULL, *state = NULL, *theme = NULL;
    const char *fleet = NULL, *fleet_db = NULL;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
        switch (ch) {
        case O_CONTENT:
            o.content = optarg;
            break;
        case O_FEED:
            o.feed = optarg;
            break;
        case O_STATE:
            state = optarg;
            break;
        case O_DATA:
            o.data = optarg;
            break;
        case O_THEME:
            theme = optarg;
            break;
        case 'c':
            o.config = optarg;
            break;
        case O_LISTEN:
            o.listen = optarg;
            break;
        case O_CERT:
            o.cert = optarg;
            break;
        case O_KEY:
            o.key = optarg;
            break;
        case O_MAX_UPLOAD:
            o.max_upload = parse_size("--max-upload", optarg);
            break;
        case O_PREVIEW_CACHE:
            o.preview_cache = parse_size("--preview-cache", optarg);
            break;
        case O_MAX_BODY:
            o.max_body = parse_size("--max-body", optarg);
            break;
        case O_MAX_CONN:
            o.max_connections = parse_int("--max-connections", optarg);
            break;
        case O_REQ_TIMEOUT:
            o.request_timeout_s = parse_int("--request-timeout", optarg);
            break;
        case O_ADD_USER:
            add = optarg;
            break;
        case O_REMOVE_USER:
            remove = optarg;
            break;
        case O_FLEET:
            fleet = optarg;
            break;
        case O_FLEET_DB:
            fleet_db = optarg;
            break;
        case 'h':
        case O_HELP:
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return 2;
    }
    if (add || remove)
        return manage_user(o.data, add, remove);

    /* The player's configuration gives the defaults it shares with us. */
    struct config *cfg = config_defaults();
    if (o.config) {
        diag_t *d = diag_create();
        if (config_read(cfg, o.config, d) > 0) {
            diag_print(d, stderr);
            diag_free(d);
            config_free(cfg);
            return 1;
        }
        diag_free(d);
    }
    o.state = state ? state : cfg->state_dir;
    o.theme = theme ? theme : cfg->theme;
    /* Without the player's configuration, the drop folder is the one in
     * the content folder, as in the default configuration. */
    char drop[4096];
    snprintf(drop, sizeof drop, "%s/drop", o.content);
    o.drop = o.config ? cfg->drop : drop;
    o.cfg = cfg;
    /* The fleet: the collector's settings and database, when given or when
     * the collector runs beside the player (the same state folder). */
    struct config *fcfg = NULL;
    char *db = NULL;
    int status = 1;
    if (fleet) {
        fcfg = config_defaults();
        diag_t *d = diag_create();
        int problems = config_read(fcfg, fleet, d);
        if (problems || !fcfg->fleet.broker || !fcfg->fleet.broker[0]) {
            diag_print(d, stderr);
            if (!problems)
                fprintf(stderr,
                        "vitrine console: --fleet %s: no broker: set broker = HOST:PORT in its "
                        "[fleet] section (docs/fleet.md)\n",
                        fleet);
            diag_free(d);
            goto out;
        }
        diag_free(d);
    }
    if (fleet_db)
        db = xstrdup(fleet_db);
    else if (fcfg)
        db = xasprintf("%s/fleet.db", fcfg->state_dir);
    else {
        db = xasprintf("%s/fleet.db", o.state);
        if (access(db, F_OK) != 0) {
            free(db);
            db = NULL;
        }
    }
    o.fleet_db = db;
    o.fleet_cfg = fcfg;
    char err[512];
    console_t *c = console_create(&o, err, sizeof err);
    if (!c)
        fprintf(stderr, "vitrine console: %s\n", err);
    else
        status = console_serve(c);
    console_free(c);
out:
    free(db);
    config_free(fcfg);
    config_free(cfg);
    return status;
}
