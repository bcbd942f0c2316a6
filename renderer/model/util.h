/* util — allocation that aborts on out-of-memory (error tier 3), logging with
 * syslog priority prefixes, and small string helpers shared by every layer. */
#ifndef VITRINE_MODEL_UTIL_H
#define VITRINE_MODEL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* malloc/calloc/realloc/strdup that abort with a message when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* printf into a fresh heap string; the caller frees it. Aborts on
 * out-of-memory. xvasprintf takes a va_list (left unusable, as vprintf's). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Log levels map to the syslog priority prefixes that journald understands
 * ("<3>" err, "<4>" warning, "<6>" info, "<7>" debug) when stderr is the journal. */
enum log_level { LV_ERR = 3, LV_WARN = 4, LV_INFO = 6, LV_DEBUG = 7 };

/* Writes one line to stderr: "<N>vitrine: message". Thread-safe. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "vitrine: message" (plus strerror(errno) when fmt ends in ':') and
 * exits with status 1. For start-up failures only (error tier 1). */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file into a NUL-terminated heap buffer of at most max bytes.
 * Returns NULL with errno set (EFBIG when larger than max). */
char *read_file(const char *path, size_t max, size_t *len);

/* Gives the memory the allocator holds unused back to the system
 * (malloc_trim where the C library has it; nothing elsewhere). Called after
 * a feed is loaded or let go, so that the memory of parsing does not stay
 * with the process (issue 16). Takes a few milliseconds on a large heap:
 * never on the render thread. */
void mem_give_back(void);

/* True when s starts with prefix / ends with suffix. */
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);

#endif
