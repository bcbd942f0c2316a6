/* api_upload — pictures from a phone or a PC: received into a dot file
 * beside where they will live (the player ignores dot files), probed by the
 * player's own image code, turned upright when EXIF says so, and stored
 * under their content's hash, so a photo sent twice is kept once and no
 * name from the client ever reaches the disk. Also the drop folder's
 * posters. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <jpeglib.h>

#include "console/console_priv.h"
#include "console/problem.h"
#include "console/www.h"
#include "draw/image.h"
#include "model/dropfolder.h"
#include "model/path.h"
#include "model/util.h"

#define UPRIGHT_MAX_SIDE 4096 /* a turned photo is re-encoded at most this large */

struct upload {
    char *tmp;
    int fd;
};

static char *images_dir(const console_t *c)
{
    return xasprintf("%s/images", c->o.content);
}

int upload_begin(struct rq *q, const char *dir)
{
    mkdir(dir, 0755);
    struct upload *u = xcalloc(1, sizeof *u);
    u->tmp = xasprintf("%s/.upload-XXXXXX", dir);
    u->fd = mkostemp(u->tmp, O_CLOEXEC);
    if (u->fd < 0) {
        log_msg(LV_ERR, "console: cannot create %s: %s", u->tmp, strerror(errno));
        free(u->tmp);
        free(u);
        reply_error(q, 500,
                    "Le fichier ne peut pas être reçu : le dossier %s n'est pas "
                    "accessible en écriture",
                    dir);
        return -1;
    }
    fchmod(u->fd, 0644);
    q->upload = u;
    http_accept_body(q->r, HTTP_BODY_MULTIPART, q->c->o.max_upload, u->fd);
    return 0;
}

void upload_end(struct rq *q)
{
    struct upload *u = q->upload;
    if (!u)
        return;
    if (u->fd >= 0)
        close(u->fd);
    if (u->tmp)
        unlink(u->tmp);
    free(u->tmp);
    free(u);
    q->upload = NULL;
}

static const char *ext_of(const char *type)
{
    if (!strcmp(type, "JPG"))
        return "jpg";
    if (!strcmp(type, "PNG"))
        return "png";
    if (!strcmp(type, "WEBP"))
        return "webp";
    if (!strcmp(type, "GIF"))
        return "gif";
    return NULL;
}

/* Writes s as a JPEG (quality 90) to fd. Returns 0 or -1. */
static int jpeg_write(SDL_Surface *s, int fd)
{
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    FILE *f = fdopen(dup(fd), "wb");
    if (!rgb || !f) {
        if (f)
            fclose(f);
        SDL_FreeSurface(rgb);
        return -1;
    }
    struct jpeg_compress_struct ci;
    struct jpeg_error_mgr je;
    ci.err = jpeg_std_error(&je);
    jpeg_create_compress(&ci);
    jpeg_stdio_dest(&ci, f);
    ci.image_width = (JDIMENSION)rgb->w;
    ci.image_height = (JDIMENSION)rgb->h;
    ci.input_components = 3;
    ci.in_color_space = JCS_RGB;
    jpeg_set_defaults(&ci);
    jpeg_set_quality(&ci, 90, TRUE);
    jpeg_start_compress(&ci, TRUE);
    while (ci.next_scanline < ci.image_height) {
        JSAMPROW row = (JSAMPROW)((Uint8 *)rgb->pixels + (size_t)ci.next_scanline * rgb->pitch);
        jpeg_write_scanlines(&ci, &row, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    SDL_FreeSurface(rgb);
    int rc = fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
    fclose(f);
    return rc;
}

/* Hex digits of the content hash that names a stored file. */
#define STORED_HASH_LEN 32

/* True for a name store() gave: <hash>.<ext>, which means nothing to staff. */
static bool stored_name(const char *name)
{
    for (int i = 0; i < STORED_HASH_LEN; i++)
        if (!isxdigit((unsigned char)name[i]) || isupper((unsigned char)name[i]))
            return false;
    return name[STORED_HASH_LEN] == '.';
}

/* Checks the received file, turns it upright, and moves it to
 * DIR/<hash>.<ext>. Returns the stored name (heap) with its oriented size,
 * or NULL after replying. */
static char *store(struct rq *q, const char *dir, int *w, int *h)
{
    struct upload *u = q->upload;
    if (http_form_file_error(q->r)) {
        reply_error(q, 500, "Le fichier n'a pas pu être écrit sur le disque (plein ?)");
        return NULL;
    }
    if (!http_form_file_size(q->r)) {
        reply_error(q, 400, "Aucun fichier reçu : envoyez-le dans le champ « file »");
        return NULL;
    }
    char err[300];
    struct image_info info;
    if (image_probe_info(u->tmp, &info, err, sizeof err) != 0) {
        reply_error(q, 415, "Ce fichier n'est pas une image JPEG, PNG ou WebP lisible (%s)", err);
        return NULL;
    }
    const char *ext = ext_of(info.type);
    *w = info.orientation >= 5 ? info.h : info.w;
    *h = info.orientation >= 5 ? info.w : info.h;
    if (info.orientation != 1) {
        /* Phones store photos sideways with an EXIF note; screens and
         * browsers then disagree. Store the pixels upright instead. */
        int bw = *w, bh = *h;
        if (bw > UPRIGHT_MAX_SIDE || bh > UPRIGHT_MAX_SIDE) {
            double k = (double)UPRIGHT_MAX_SIDE / (bw > bh ? bw : bh);
            bw = (int)(bw * k);
            bh = (int)(bh * k);
        }
        SDL_Surface *s = image_load_fit(u->tmp, bw, bh, FIT_CONTAIN, err, sizeof err);
        if (!s) {
            reply_error(q, 415, "Cette image ne se décode pas (%s)", err);
            return NULL;
        }
        if (ftruncate(u->fd, 0) != 0 || lseek(u->fd, 0, SEEK_SET) != 0 || jpeg_write(s, u->fd)) {
            SDL_FreeSurface(s);
            reply_error(q, 500, "L'image redressée n'a pas pu être écrite");
            return NULL;
        }
        *w = s->w;
        *h = s->h;
        SDL_FreeSurface(s);
        ext = "jpg";
    }
    size_t len;
    char *bytes = read_file(u->tmp, (size_t)q->c->o.max_upload * 2 + 1, &len);
    if (!bytes) {
        reply_error(q, 500, "Le fichier reçu a disparu");
        return NULL;
    }
    char hash[65];
    content_hash(bytes, len, hash);
    free(bytes);
    hash[STORED_HASH_LEN] = 0;
    char *name = xasprintf("%s.%s", hash, ext);
    char *dest = xasprintf("%s/%s", dir, name);
    struct stat st;
    if (stat(dest, &st) != 0) { /* the same picture already there: keep that one */
        fsync(u->fd);
        if (rename(u->tmp, dest) != 0) {
            reply_error(q, 500, "L'image n'a pas pu être rangée dans %s", dir);
            free(dest);
            free(name);
            return NULL;
        }
    }
    free(dest);
    return name;
}

void api_upload(struct rq *q)
{
    int w, h;
    char *dir = images_dir(q->c);
    char *name = store(q, dir, &w, &h);
    free(dir);
    if (!name)
        return;
    char *path = xasprintf("images/%s", name);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", path);
    cJSON_AddNumberToObject(o, "width", w);
    cJSON_AddNumberToObject(o, "height", h);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "path", path);
    audit(q->c, q->se->user, "upload", NULL, d);
    reply_json(q, 201, o);
    free(path);
    free(name);
}

/* ---- posters: the drop folder ---- */

static bool drop_on(const console_t *c)
{
    return c->o.drop && c->o.drop[0];
}

/* A date field of the poster form: "" or YYYY-MM-DD. */
static bool date_ok(const char *s)
{
    if (!s || !s[0])
        return true;
    int y, m, d;
    char end;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && m >= 1 &&
           m <= 12 && d >= 1 && d <= 31;
}

void api_posters_list(struct rq *q)
{
    cJSON *arr = cJSON_CreateArray();
    if (drop_on(q->c)) {
        drop_t *dr = drop_create(q->c->o.drop, NULL);
        bool pending;
        diag_t *diag = diag_create();
        /* A scanner keeps a file out until it has looked unchanged across
         * two scans; the console's view is of every file already there. */
        int64_t now = wall_ms();
        feed_free(drop_scan(dr, now, &pending, diag));
        feed_t *f = drop_scan(dr, now + DROP_SETTLE_MS + 1000, &pending, diag);
        for (size_t i = 0; f && i < feed_count(f); i++) {
            const struct item *it = feed_item(f, i);
            cJSON *o = cJSON_CreateObject();
            const char *slash = it->image ? strrchr(it->image, '/') : NULL;
            const char *name = slash ? slash + 1 : it->image ? it->image : it->id;
            cJSON_AddStringToObject(o, "name", name);
            cJSON_AddBoolToObject(o, "uploaded", stored_name(name)); /* sent from the console */
            char buf[32];
            civil_t span[2] = {it->sched.from, it->sched.until};
            static const char *const names[2] = {"from", "until"};
            for (int k = 0; k < 2; k++) {
                if (span[k] == CIVIL_NONE) {
                    cJSON_AddNullToObject(o, names[k]);
                    continue;
                }
                struct civil_fields cf = civil_split(span[k]);
                snprintf(buf, sizeof buf, "%04d-%02d-%02d", cf.year, cf.month, cf.day);
                cJSON_AddStringToObject(o, names[k], buf);
            }
            cJSON_AddStringToObject(o, "caption",
                                    it->title.s[LANG_FR] ? it->title.s[LANG_FR] : "");
            char *e = url_escape(name);
            char *thumb = xasprintf("/api/posters/%s", e);
            cJSON_AddStringToObject(o, "thumb", thumb);
            free(thumb);
            free(e);
            cJSON_AddItemToArray(arr, o);
        }
        feed_free(f);
        diag_free(diag);
        drop_free(dr);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "posters", arr);
    reply_json(q, 200, o);
}

void api_poster_add(struct rq *q)
{
    const char *from = http_form(q->r, "from"), *until = http_form(q->r, "until"),
               *caption = http_form(q->r, "caption");
    cJSON *errs = cJSON_CreateArray();
    if (!date_ok(from) || !date_ok(until)) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", !date_ok(from) ? "from" : "until");
        struct diag_info info = {.code = FP_DATE, .value = !date_ok(from) ? from : until};
        cJSON_AddStringToObject(e, "code", problem_code(&info));
        char *words = problem_feed_fr(&info);
        cJSON_AddStringToObject(e, "message", words);
        free(words);
        cJSON_AddItemToArray(errs, e);
        reply_field_errors(q, errs);
        return;
    }
    cJSON_Delete(errs);
    int w, h;
    char *name = store(q, q->c->o.drop, &w, &h);
    if (!name)
        return;
    /* The sidecar: same base name, item fields in JSON. */
    cJSON *side = cJSON_CreateObject();
    if (caption && caption[0])
        cJSON_AddStringToObject(side, "title", caption);
    if (from && from[0])
        cJSON_AddStringToObject(side, "from", from);
    if (until && until[0])
        cJSON_AddStringToObject(side, "until", until);
    char *base = xstrdup(name);
    *strrchr(base, '.') = 0;
    char *sp = xasprintf("%s/%s.json", q->c->o.drop, base);
    char *text = cJSON_Print(side);
    char *tmp = xasprintf("%s/.%s.json.tmp", q->c->o.drop, base);
    FILE *f = fopen(tmp, "w");
    bool ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = false;
    ok = ok && rename(tmp, sp) == 0;
    if (!ok)
        unlink(tmp);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddNumberToObject(o, "width", w);
    cJSON_AddNumberToObject(o, "height", h);
    audit(q->c, q->se->user, "poster-add", name, side);
    reply_json(q, ok ? 201 : 500, o);
    free(text);
    free(tmp);
    free(sp);
    free(base);
    free(name);
}

void api_poster_delete(struct rq *q)
{
    const char *name = q->seg[0];
    if (!drop_on(q->c) || name[0] == '.' || strchr(name, '/') || drop_ignored_name(name)) {
        reply_error(q, 404, "Aucune affiche « %s »", name);
        return;
    }
    char *p = xasprintf("%s/%s", q->c->o.drop, name);
    struct stat st;
    if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode) || unlink(p) != 0) {
        reply_error(q, 404, "Aucune affiche « %s »", name);
        free(p);
        return;
    }
    char *dot = strrchr(p, '.');
    if (dot) { /* its sidecar, whichever syntax */
        static const char *const exts[] = {"json", "xml"};
        for (size_t i = 0; i < 2; i++) {
            char *side = xasprintf("%.*s.%s", (int)(dot - p), p, exts[i]);
            unlink(side);
            free(side);
        }
    }
    free(p);
    audit(q->c, q->se->user, "poster-delete", name, NULL);
    reply_empty(q, 204);
}

void api_poster_get(struct rq *q)
{
    const char *name = q->seg[0];
    char *real = NULL, err[300];
    int fd = -1;
    struct stat st;
    if (drop_on(q->c) && name[0] != '.' && !drop_ignored_name(name) &&
        path_contain(q->c->o.drop, name, &real, err, sizeof err) == PATH_OK)
        fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    free(real);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        reply_error(q, 404, "Aucune affiche « %s »", name);
        return;
    }
    http_add_header(q->r, "Cache-Control", "private, no-cache");
    http_reply_fd(q->r, 200, www_mime(name), fd, (uint64_t)st.st_size);
}
