#include "play/stats.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif

#include "model/util.h"

#define SEC_MAX      512  /* frame intervals kept for one second */
#define HIST_BUCKETS 2000 /* 0.1 ms buckets: 0 .. 200 ms, the last one open */

struct stats {
    FILE *f;
    double period_ms;
    uint64_t t0, next_sec, last_frame;
    uint64_t cpu_at; /* when cpu_last was read */
    double cpu_last; /* process CPU seconds then */
    double cpu_open; /* CPU seconds given to the open second so far */
    /* this second */
    int frames, anim;
    int n;
    double iv[SEC_MAX];
    int long_frames;
    double prep_ms;
    /* whole run */
    uint64_t tot_frames, tot_anim, tot_long;
    uint32_t hist[HIST_BUCKETS];
};

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

stats_t *stats_create(const char *path, double hz, uint64_t now_us)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        log_msg(LV_ERR, "cannot write statistics to %s: %m", path);
        return NULL;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    stats_t *s = xcalloc(1, sizeof(*s));
    s->f = f;
    s->period_ms = 1000.0 / (hz > 0 ? hz : 60.0);
    s->t0 = now_us;
    s->next_sec = now_us + 1000000;
    s->cpu_last = cpu_seconds();
    s->cpu_at = now_us;
    fprintf(f, "# vitrine stats: refresh_hz=%.2f long_ms=%.2f\n", 1000.0 / s->period_ms,
            1.5 * s->period_ms);
    return s;
}

/* Memory, for the soak: resident set (kB) and, with glibc, the allocator's
 * view: bytes in use (heap chunks + mmapped blocks), bytes the arenas hold
 * from the system, the mmapped part, and the free bytes inside the arenas.
 * Resident memory that grows while "used" stays flat is fragmentation. */
static void mem_fields(FILE *f)
{
    fprintf(f, " rss_kb=%ld", rss_kb());
#ifdef HAVE_MALLINFO2
    struct mallinfo2 m = mallinfo2();
    fprintf(f, " used_kb=%zu arena_kb=%zu mmap_kb=%zu free_kb=%zu", (m.uordblks + m.hblkhd) / 1024,
            m.arena / 1024, m.hblkhd / 1024, m.fordblks / 1024);
#endif
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double hist_p99(const stats_t *s)
{
    uint64_t n = 0, acc = 0;
    for (int i = 0; i < HIST_BUCKETS; i++)
        n += s->hist[i];
    if (!n)
        return 0;
    uint64_t want = (n * 99 + 99) / 100;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        acc += s->hist[i];
        if (acc >= want)
            return (i + 1) / 10.0;
    }
    return HIST_BUCKETS / 10.0;
}

void stats_free(stats_t *s, uint64_t now_us)
{
    if (!s)
        return;
    stats_tick(s, now_us);
    fprintf(s->f, "total t=%.3f frames=%llu anim=%llu long=%llu p99_ms=%.1f cpu_s=%.3f\n",
            (now_us - s->t0) / 1e6, (unsigned long long)s->tot_frames,
            (unsigned long long)s->tot_anim, (unsigned long long)s->tot_long, hist_p99(s),
            cpu_seconds());
    fclose(s->f);
    free(s);
}

void stats_frame(stats_t *s, uint64_t now_us, bool anim)
{
    if (!s)
        return;
    stats_tick(s, now_us);
    s->frames++;
    s->tot_frames++;
    if (anim && s->last_frame) {
        double ms = (now_us - s->last_frame) / 1000.0;
        if (s->n < SEC_MAX)
            s->iv[s->n++] = ms;
        s->anim++;
        s->tot_anim++;
        if (ms > 1.5 * s->period_ms) {
            s->long_frames++;
            s->tot_long++;
        }
        int b = (int)(ms * 10);
        s->hist[b < HIST_BUCKETS ? b : HIST_BUCKETS - 1]++;
    }
    s->last_frame = now_us;
}

void stats_tick(stats_t *s, uint64_t now_us)
{
    if (!s)
        return;
    /* The lines are written when the loop wakes: --stats never wakes it.
     * The CPU time used since the last call is shared among the seconds it
     * spans in proportion to their part of it. After a sleep longer than an
     * hour (a suspend), only its last second is written. */
    if (now_us < s->cpu_at)
        now_us = s->cpu_at;
    if (now_us >= s->next_sec + 3600000000u) {
        s->next_sec = now_us - (now_us - s->t0) % 1000000u;
        s->cpu_at = s->next_sec - 1000000u;
    }
    double cpu = cpu_seconds();
    double left = cpu - s->cpu_last;
    uint64_t span = now_us - s->cpu_at;
    while (now_us >= s->next_sec) {
        uint64_t part = s->next_sec - s->cpu_at;
        double share = span ? left * (double)part / (double)span : left;
        s->cpu_open += share;
        left -= share;
        span -= part;
        s->cpu_at = s->next_sec;
        double mean = 0, p99 = 0;
        if (s->n) {
            for (int i = 0; i < s->n; i++)
                mean += s->iv[i];
            mean /= s->n;
            qsort(s->iv, (size_t)s->n, sizeof(double), cmp_double);
            p99 = s->iv[(s->n * 99 + 99) / 100 - 1];
        }
        fprintf(s->f,
                "sec t=%llu frames=%d anim=%d mean_ms=%.2f p99_ms=%.2f long=%d "
                "cpu_pct=%.2f prep_ms=%.1f",
                (unsigned long long)((s->next_sec - s->t0) / 1000000), s->frames, s->anim, mean,
                p99, s->long_frames, 100.0 * s->cpu_open, s->prep_ms);
        mem_fields(s->f);
        fputc('\n', s->f);
        s->cpu_open = 0;
        s->prep_ms = 0;
        s->frames = s->anim = s->n = s->long_frames = 0;
        s->next_sec += 1000000;
    }
    s->cpu_open += left;
    s->cpu_last = cpu;
    s->cpu_at = now_us;
}

void stats_prep(stats_t *s, uint64_t now_us, double ms)
{
    if (!s)
        return;
    stats_tick(s, now_us);
    s->prep_ms += ms;
}

void stats_note(stats_t *s, uint64_t now_us, const char *name, const char *fmt, ...)
{
    if (!s)
        return;
    fprintf(s->f, "%s t=%.3f ", name, (now_us - s->t0) / 1e6);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(s->f, fmt, ap);
    va_end(ap);
    fputc('\n', s->f);
}

void stats_totals(const stats_t *s, struct stats_totals *out)
{
    memset(out, 0, sizeof(*out));
    if (!s)
        return;
    out->frames = s->tot_frames;
    out->anim_frames = s->tot_anim;
    out->long_frames = s->tot_long;
    out->p99_ms = hist_p99(s);
}
