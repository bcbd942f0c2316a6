#include "model/util.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void oom(void)
{
    fputs("<2>vitrine: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        oom();
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        oom();
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

size_t log_escape(const char *in, char *out, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    if (!size)
        return 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char e[8];
        size_t k = 0;
        if (*p < 0x20 || *p == 0x7f) {
            e[k++] = '\\';
            if (*p == '\n')
                e[k++] = 'n';
            else if (*p == '\t')
                e[k++] = 't';
            else if (*p == '\r')
                e[k++] = 'r';
            else {
                e[k++] = 'x';
                e[k++] = hex[*p >> 4];
                e[k++] = hex[*p & 15];
            }
        } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            /* a C1 control in UTF-8 (CSI, for one, starts terminal escapes) */
            memcpy(e, "\\u00", 4);
            k = 4;
            e[k++] = hex[p[1] >> 4];
            e[k++] = hex[p[1] & 15];
            p++;
        } else {
            e[k++] = (char)*p;
        }
        if (n + k >= size)
            break;
        memcpy(out + n, e, k);
        n += k;
    }
    out[n] = '\0';
    return n;
}

/* Repeats of one warning or error: the same text again within LOG_REPEAT_S is
 * counted, not written, and the count is told with the next line that gets
 * out. */
#define LOG_REPEAT_S   60
#define LOG_REMEMBERED 32

struct log_seen {
    uint64_t hash;
    int64_t first_s; /* when it was last written */
    unsigned skipped;
};

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log_seen log_seen[LOG_REMEMBERED];
static size_t log_next;

static uint64_t log_hash(int level, const char *s)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)level;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *raw = xvasprintf(fmt, ap);
    va_end(ap);
    size_t cap = 4 * strlen(raw) + 8;
    if (cap > 16384)
        cap = 16384;
    char *line = xmalloc(cap);
    log_escape(raw, line, cap);
    free(raw);
    int64_t now = mono_ms() / 1000;
    uint64_t h = log_hash((int)level, line);

    pthread_mutex_lock(&log_lock);
    struct log_seen *seen = NULL;
    for (size_t i = 0; i < LOG_REMEMBERED && !seen; i++)
        if (log_seen[i].hash == h && log_seen[i].first_s)
            seen = &log_seen[i];
    if (level > LV_WARN) {
        /* information is never held back: a new feed version says so each time */
        fprintf(stderr, "<%d>vitrine: %s\n", (int)level, line);
        fflush(stderr);
    } else if (seen && now - seen->first_s < LOG_REPEAT_S) {
        seen->skipped++;
    } else {
        if (seen && seen->skipped)
            fprintf(stderr, "<%d>vitrine: %s (repeated %u times in %d s before, not logged)\n",
                    (int)level, line, seen->skipped, LOG_REPEAT_S);
        else
            fprintf(stderr, "<%d>vitrine: %s\n", (int)level, line);
        fflush(stderr);
        if (!seen) {
            seen = &log_seen[log_next];
            log_next = (log_next + 1) % LOG_REMEMBERED;
        }
        *seen = (struct log_seen){h, now ? now : 1, 0};
    }
    pthread_mutex_unlock(&log_lock);
    free(line);
}

void die(const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    char *raw = xvasprintf(fmt, ap);
    va_end(ap);
    size_t cap = 4 * strlen(raw) + 8;
    char *line = xmalloc(cap);
    log_escape(raw, line, cap);
    free(raw);
    fprintf(stderr, "vitrine: %s", line);
    free(line);
    size_t n = strlen(fmt);
    if (n && fmt[n - 1] == ':')
        fprintf(stderr, " %s", strerror(err));
    fputc('\n', stderr);
    exit(1);
}

char *read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    struct stat st;
    if (fstat(fileno(f), &st) < 0)
        goto fail;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto fail;
    }
    if ((size_t)st.st_size > max) {
        errno = EFBIG;
        goto fail;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    buf = xmalloc(cap);
    for (;;) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break; /* end of file, or an error (checked below) */
        /* The buffer is full: the file may have grown since fstat, or may
         * not report its size (/proc). One more byte tells. */
        int c = fgetc(f);
        if (c == EOF)
            break;
        if (n >= max) {
            errno = EFBIG;
            goto fail;
        }
        cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
        buf = xrealloc(buf, cap);
        buf[n++] = (char)c;
    }
    if (ferror(f))
        goto fail;
    buf[n] = '\0';
    if (len)
        *len = n;
    fclose(f);
    return buf;
fail:
    free(buf);
    int e = errno;
    fclose(f);
    errno = e;
    return NULL;
}

bool str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

void mem_give_back(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

int mkdir_p(const char *path, mode_t mode)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) < 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, mode) < 0 && errno != EEXIST ? -1 : 0;
    free(p);
    if (rc == 0 && !is_dir(path)) {
        errno = ENOTDIR;
        rc = -1;
    }
    return rc;
}

bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void utc_stamp(int64_t t, char out[UTC_STAMP_SIZE])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    if (!strftime(out, UTC_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm))
        out[0] = 0; /* a year past 9999 */
}
