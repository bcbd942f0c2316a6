/* www — the console's pages (every file under renderer/console/www/),
 * binary at build time by scripts/embed-www.sh, looked up by URL path. */
#ifndef VITRINE_CONSOLE_WWW_H
#define VITRINE_CONSOLE_WWW_H

#include <stdbool.h>
#include <stddef.h>

struct www_file {
    const char *path; /* "/login.html", "/css/console.css" */
    const unsigned char *data;
    size_t len;
};

/* The generated table, ended by a row whose path is NULL. */
extern const struct www_file www_files[];

/* The page at URL path ("/" is "/index.html"), or NULL. Paths with "..",
 * a backslash or a NUL never match. */
const struct www_file *www_find(const char *path);

/* The MIME type for a file name, from its extension ("text/html;
 * charset=utf-8"...); "application/octet-stream" when unknown. */
const char *www_mime(const char *name);

/* True for the pages that need no session: the login page and what it
 * loads (its CSS, JS, word table, icons). */
bool www_public(const char *path);

#endif
