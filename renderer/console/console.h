/* console — the staff console service (`vitrine console`): owns the HTTP
 * server, the accounts, the sessions and the draft, and routes every
 * request. It works on the content folder the player watches and meets the
 * player only through files (docs/console.md). Depends on model, sched and
 * draw, never on play. */
#ifndef VITRINE_CONSOLE_CONSOLE_H
#define VITRINE_CONSOLE_CONSOLE_H

#include <stddef.h>

typedef struct console console_t;

/* Settings: defaults in console.c (console_opts_default), then the command
 * line. Strings are borrowed for the console's lifetime. */
struct config;

struct console_opts {
    const struct config *cfg; /* the player's configuration (screen, languages) */
    const char *content;      /* the content folder */
    const char *feed;         /* the feed file; default CONTENT/feed.xml or feed.json */
    const char *state;        /* the player's state folder (status, play log, inbox) */
    const char *data;         /* the console's own folder (accounts, history, audit) */
    const char *theme;        /* theme for previews */
    const char *config;       /* the player's vitrine.conf, or NULL */
    const char *drop;         /* the drop folder, or NULL / "" for none */
    const char *listen;       /* ADDRESS:PORT */
    const char *cert, *key;   /* PEM files for TLS, or NULL */
    int max_connections;
    int idle_timeout_s, request_timeout_s, session_idle_s;
    /* The fleet (fleet_routes.c): the collector's database, or NULL for no
     * view of the other screens; the collector's configuration, whose
     * [fleet] section (broker, account) sends commands, or NULL for none. */
    const char *fleet_db;
    const struct config *fleet_cfg;
    size_t max_body;      /* JSON bodies */
    size_t max_upload;    /* uploaded files */
    int history_keep;     /* published versions kept */
    size_t preview_cache; /* bytes the preview cache may take (console/pcache.h) */
};

void console_opts_default(struct console_opts *o);

/* Opens the console's folders and accounts. Returns NULL with a message for
 * the technician in err (no account yet: says how to add one). */
console_t *console_create(const struct console_opts *o, char *err, size_t errsz);
void console_free(console_t *c);

/* Serves until SIGTERM or SIGINT. Returns 0, or 1 when the server could not
 * start (message on stderr). */
int console_serve(console_t *c);

#endif
