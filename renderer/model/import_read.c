/* import_read — documents into the import run: a buffer or a file is
 * pruned to the members the mappers read (jprune), parsed and handed to
 * import_add_json; many files are read and pruned ahead on a second
 * thread while the caller maps them, in order (see import.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/import_priv.h"
#include "model/util.h"

/* cJSON gives only the offset where parsing stopped: turn it into a line. */
static void json_error(diag_t *diag, const char *name, const char *buf, size_t len,
                       const char *end)
{
    int line = 1;
    if (end && end >= buf && end <= buf + len)
        for (const char *p = buf; p < end; p++)
            line += *p == '\n';
    diag_add(diag, name, line, "not valid JSON near here; the export is cut or damaged");
}

static const struct jprune_key *const import_keys[] = {
    imp_detect_keys,
    imp_datatourisme_keys,
    imp_apidae_keys,
    NULL,
};

/* Parse only what the mappers read (a DATAtourisme object is mostly labels
 * in seven languages and graphs of agents that nobody shows). A Tourinsoft
 * document would be kept whole: no use pruning it. Returns the pruned text
 * or NULL. Thread-safe for distinct pruners. */
static const char *prune(jprune_t *jp, const char *buf, size_t len, enum import_format fmt,
                         size_t *plen)
{
    if (fmt == IMPORT_TOURINSOFT)
        return NULL;
    return jprune_run(jp, buf, len, import_keys, plen);
}

/* Imports a document from its pruned text (may be NULL) and its original:
 * the original gives the line numbers, and is parsed whole when the pruned
 * text is missing or does not parse, which also reports a broken one. */
static int add_pruned(importer_t *im, const char *pruned, size_t plen, const char *buf, size_t len,
                      const char *name, enum import_format fmt)
{
    cJSON *root = pruned ? cJSON_ParseWithLength(pruned, plen) : NULL;
    if (!root) {
        const char *end = NULL; /* not cJSON_GetErrorPtr: a global */
        root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
        if (!root) {
            json_error(im->diag, name, buf, len, end);
            return -1;
        }
    }
    int n = import_add_json(im, root, buf, len, name, fmt);
    cJSON_Delete(root);
    return n;
}

int import_add_mem(importer_t *im, const char *buf, size_t len, const char *name,
                   enum import_format fmt)
{
    if (!im->jp)
        im->jp = jprune_create();
    size_t plen = 0;
    const char *pruned = prune(im->jp, buf, len, fmt, &plen);
    return add_pruned(im, pruned, plen, buf, len, name, fmt);
}

/* Reads path into *buf (of *cap bytes, grown as needed and reused from file
 * to file: a flux of 5,000 files would otherwise map and fault in 5,000
 * fresh buffers). Returns 0, or -1 with errno set (EFBIG when larger than
 * max). Thread-safe. */
static int read_into(const char *path, size_t max, char **buf, size_t *cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct stat st;
    int rc = -1;
    if (fstat(fileno(f), &st) < 0)
        goto fail;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) /* a pipe or /proc: no size to trust */
        goto slow;
    if ((size_t)st.st_size > max) {
        errno = EFBIG;
        goto fail;
    }
    /* One byte more than the size, to see a file that grows under us. */
    size_t want = (size_t)st.st_size + 2;
    if (want > *cap) {
        free(*buf);
        *buf = xmalloc(want);
        *cap = want;
    }
    size_t n = fread(*buf, 1, want - 1, f);
    if (ferror(f))
        goto fail;
    if (n > (size_t)st.st_size)
        goto slow;
    (*buf)[n] = '\0';
    *len = n;
    rc = 0;
fail:
    fclose(f);
    return rc;
slow: /* read_file copes with files that do not tell their size */
    fclose(f);
    free(*buf);
    *buf = read_file(path, max, len);
    *cap = *buf ? *len + 1 : 0;
    return *buf ? 0 : -1;
}

static void read_error(importer_t *im, const char *path, int err)
{
    if (err == EFBIG)
        diag_add(im->diag, path, 0, "larger than %u MiB; split the export",
                 IMPORT_MAX_BYTES >> 20);
    else
        diag_add(im->diag, path, 0, "cannot read: %s", strerror(err));
}

int import_add_file(importer_t *im, const char *path, enum import_format fmt)
{
    size_t len;
    if (read_into(path, IMPORT_MAX_BYTES, &im->filebuf, &im->filecap, &len) < 0) {
        read_error(im, path, errno);
        return -1;
    }
    return import_add_mem(im, im->filebuf, len, path, fmt);
}

/* --- many files: read and pruned on two threads ------------------------ */

/* Files read ahead of the one being mapped: enough to keep both threads
 * busy, few enough to bound memory (each holds its file); and the bytes
 * that may wait in them, beyond the next file to map. */
#define AHEAD       8
#define AHEAD_BYTES (64u << 20)
/* A slot's buffer bigger than this is given back once its file is done. */
#define KEEP_BYTES (16u << 20)

struct slot {
    char *buf; /* the file (reused) */
    size_t cap, len;
    jprune_t *jp;       /* its pruner (reused) */
    const char *pruned; /* NULL: parse buf whole */
    size_t plen;
    int err; /* errno of a failed read, else 0 */
    bool ready;
};

/* The files of one import_add_files call. Any thread claims the next file
 * to read and prune (in order, within AHEAD of the next to map); only the
 * calling thread parses and maps them, in order, and it reads ahead itself
 * rather than wait. Guarded by lock: next, mapped, held, ready. */
struct reader {
    const char *const *paths;
    size_t n;
    enum import_format fmt;
    struct slot slot[AHEAD];
    size_t next;   /* next file to claim */
    size_t mapped; /* files mapped (their slots are free) */
    size_t held;   /* bytes read, not yet mapped */
    pthread_mutex_t lock;
    pthread_cond_t cond; /* a slot became ready, or free */
};

/* With the lock held: claims the next file when allowed, else returns n. */
static size_t claim(struct reader *r)
{
    size_t i = r->next;
    if (i >= r->n || i >= r->mapped + AHEAD || (r->held >= AHEAD_BYTES && i != r->mapped))
        return r->n;
    r->next++;
    return i;
}

/* Reads and prunes file i into its slot, the lock released meanwhile. */
static void load(struct reader *r, size_t i)
{
    struct slot *s = &r->slot[i % AHEAD];
    pthread_mutex_unlock(&r->lock);
    s->err = 0;
    s->pruned = NULL;
    s->len = 0;
    if (read_into(r->paths[i], IMPORT_MAX_BYTES, &s->buf, &s->cap, &s->len) < 0)
        s->err = errno ? errno : EIO;
    else
        s->pruned = prune(s->jp, s->buf, s->len, r->fmt, &s->plen);
    pthread_mutex_lock(&r->lock);
    s->ready = true;
    r->held += s->len;
    pthread_cond_broadcast(&r->cond);
}

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    pthread_mutex_lock(&r->lock);
    while (r->next < r->n) {
        size_t i = claim(r);
        if (i < r->n)
            load(r, i);
        else
            pthread_cond_wait(&r->cond, &r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

int import_add_files(importer_t *im, const char *const *paths, size_t n, enum import_format fmt)
{
    if (n < 2) /* nothing to overlap */
        return n ? import_add_file(im, paths[0], fmt) : 0;
    size_t before = im->st.items;
    bool failed = false;
    struct reader *r = xcalloc(1, sizeof *r);
    r->paths = paths;
    r->n = n;
    r->fmt = fmt;
    for (int k = 0; k < AHEAD; k++)
        r->slot[k].jp = jprune_create();
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, reader_main, r) == 0;
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < n; i++) {
        struct slot *s = &r->slot[i % AHEAD];
        while (!s->ready) {
            size_t j = claim(r);
            if (j < n)
                load(r, j); /* rather than wait */
            else
                pthread_cond_wait(&r->cond, &r->lock);
        }
        pthread_mutex_unlock(&r->lock);
        if (s->err) {
            read_error(im, paths[i], s->err);
            failed = true;
        } else {
            failed |= add_pruned(im, s->pruned, s->plen, s->buf, s->len, paths[i], fmt) < 0;
        }
        if (s->cap > KEEP_BYTES) {
            free(s->buf);
            s->buf = NULL;
            s->cap = 0;
        }
        pthread_mutex_lock(&r->lock);
        s->ready = false;
        r->held -= s->len;
        r->mapped = i + 1;
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
    if (threaded)
        pthread_join(th, NULL);
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    for (int k = 0; k < AHEAD; k++) {
        jprune_free(r->slot[k].jp);
        free(r->slot[k].buf);
    }
    free(r);
    return failed ? -1 : (int)(im->st.items - before);
}
