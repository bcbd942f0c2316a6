/* www — lookup in the embedded page table. */
#include "console/www.h"

#include <string.h>

#include "model/util.h"

const struct www_file *www_find(const char *path)
{
    if (!path || path[0] != '/' || strstr(path, "..") || strchr(path, '\\'))
        return NULL;
    if (!strcmp(path, "/"))
        path = "/index.html";
    for (const struct www_file *f = www_files; f->path; f++)
        if (!strcmp(f->path, path))
            return f;
    return NULL;
}

static const struct {
    const char *ext, *mime;
} mimes[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".webp", "image/webp"},
    {".gif", "image/gif"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".csv", "text/csv; charset=utf-8"},
    {".xml", "application/xml; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

const char *www_mime(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (dot)
        for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
            if (!strcasecmp(dot, mimes[i].ext))
                return mimes[i].mime;
    return "application/octet-stream";
}

bool www_public(const char *path)
{
    /* The login page and the files any page needs before a session exists:
     * styles, scripts, the word table, icons. Pages (.html) other than the
     * login page need a session. */
    if (!strcmp(path, "/login.html"))
        return true;
    if (str_ends(path, ".html") || !strcmp(path, "/"))
        return false;
    return str_starts(path, "/css/") || str_starts(path, "/js/") || str_starts(path, "/i18n/") ||
           str_starts(path, "/img/") || str_starts(path, "/fonts/") ||
           !strcmp(path, "/favicon.ico");
}
