/* util — allocation that aborts on out-of-memory (error tier 3), logging with
 * syslog priority prefixes, and small string helpers shared by every layer. */
#ifndef VITRINE_MODEL_UTIL_H
#define VITRINE_MODEL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* Writes one line to stderr: "<N>vitrine: message". Thread-safe. Control
 * characters in the message (newlines, ESC, C1) are escaped (log_escape), so
 * that a file name can never forge a line or a priority prefix. The same
 * warning or error again within a minute is counted instead of written; the
 * count is told when it next gets out. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies in to out (size bytes, NUL-terminated, cut at a character) with C0
 * controls, DEL and UTF-8 C1 controls written as \n, \t, \r, \xHH or \u00HH.
 * Returns the length written. */
size_t log_escape(const char *in, char *out, size_t size);

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

/* Creates the folder path and its missing parents with mode (0755 for
 * shared folders, 0700 for private ones). Returns 0 when it exists
 * afterwards, or -1 with errno set. */
int mkdir_p(const char *path, mode_t mode);

/* True when path (links followed) is a folder / a regular file. */
bool is_dir(const char *path);
bool is_file(const char *path);

/* The clocks, for the layers that read them (model/ and sched/ never do:
 * they take the time as a parameter): monotonic milliseconds and
 * microseconds, and the wall clock in milliseconds since the epoch. */
int64_t mono_ms(void);
uint64_t mono_us(void);
int64_t wall_ms(void);

/* Unix time t as "2026-12-07T09:12:03Z" in out (UTC_STAMP_SIZE bytes): the
 * one way status files, the audit log and the fleet write an instant. */
#define UTC_STAMP_SIZE 21
void utc_stamp(int64_t t, char out[UTC_STAMP_SIZE]);

/* True when s starts with prefix / ends with suffix. */
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);

#endif
