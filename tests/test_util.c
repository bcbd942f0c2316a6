/* Table-driven tests for model/util: read_file's size limit. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/util.h"

static const struct {
    size_t size, max;
    bool ok;
} read_rows[] = {
    {0, 10, true},   {9, 10, true},          {10, 10, true}, /* exactly the limit is allowed */
    {11, 10, false}, {100000, 100000, true}, {100001, 100000, false},
};

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/vitrine-test-util-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (size_t i = 0; i < sizeof(read_rows) / sizeof(read_rows[0]); i++) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        for (size_t k = 0; k < read_rows[i].size; k++)
            fputc('a' + (int)(k % 26), f);
        fclose(f);
        size_t len = 0;
        errno = 0;
        char *buf = read_file(path, read_rows[i].max, &len);
        if (read_rows[i].ok) {
            if (!buf || len != read_rows[i].size || buf[len] != '\0')
                fail_msg("row %zu (%zu bytes, max %zu): not read whole (%s)", i, read_rows[i].size,
                         read_rows[i].max, strerror(errno));
            if (len && (buf[0] != 'a' || buf[len - 1] != 'a' + (int)((len - 1) % 26)))
                fail_msg("row %zu: content differs", i);
        } else if (buf || errno != EFBIG) {
            fail_msg("row %zu (%zu bytes, max %zu): want EFBIG, got %s", i, read_rows[i].size,
                     read_rows[i].max, buf ? "the file" : strerror(errno));
        }
        free(buf);
    }
    unlink(path);
}

/* Files that report size 0 (procfs) are read to their end all the same. */
static void test_read_file_unsized(void **state)
{
    (void)state;
    size_t len = 0;
    char *buf = read_file("/proc/self/status", 1 << 20, &len);
    assert_non_null(buf);
    assert_true(len > 0);
    assert_non_null(strstr(buf, "Name:"));
    free(buf);
    errno = 0;
    assert_null(read_file("/proc/self/status", 8, &len));
    assert_int_equal(errno, EFBIG);
}

/* Control characters in logged text (a dropped file's name...) are escaped:
 * no line break, no "<0>" priority at a line start, no terminal escape. */
static const struct {
    const char *in, *want;
} escape_rows[] = {
    {"plain é text", "plain é text"},
    {"a\n<0>vitrine: FORGED disk failure\n.jpg", "a\\n<0>vitrine: FORGED disk failure\\n.jpg"},
    {"tab\there\r", "tab\\there\\r"},
    {"\x1b[2Jclear", "\\x1b[2Jclear"},
    {"del\x7f", "del\\x7f"},
    {"c1 \xc2\x9b"
     "31m",
     "c1 \\u009b31m"},
    {"nbsp\xc2\xa0kept", "nbsp\xc2\xa0kept"},
};

static void test_log_escape(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(escape_rows) / sizeof(escape_rows[0]); i++) {
        char out[256];
        log_escape(escape_rows[i].in, out, sizeof out);
        if (strcmp(out, escape_rows[i].want))
            fail_msg("row %zu: got '%s', want '%s'", i, out, escape_rows[i].want);
    }
    char small[4];
    log_escape("ab\ncd", small, sizeof small); /* never cuts an escape in two */
    assert_string_equal(small, "ab");
}

/* Reads what log_msg wrote to stderr while fn ran. */
static char *capture_log(void (*fn)(void))
{
    char path[] = "/tmp/vitrine-test-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    size_t len;
    char *text = read_file(path, 1 << 20, &len);
    unlink(path);
    return text;
}

static void log_burst(void)
{
    for (int i = 0; i < 20; i++)
        log_msg(LV_WARN, "feed.json: invalid UTF-8 replaced; not logged again for this feed");
    log_msg(LV_WARN, "a%cforged line", '\n');
}

/* The same warning twenty times in a burst is written once; one line per
 * message, whatever it holds. */
static const struct {
    int64_t t;
    const char *want;
} stamp_rows[] = {
    {0, "1970-01-01T00:00:00Z"},
    {1796635144, "2026-12-07T09:19:04Z"},
    {951782400, "2000-02-29T00:00:00Z"}, /* a leap day */
    {-1, "1969-12-31T23:59:59Z"},
};

static void test_utc_stamp(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof stamp_rows / sizeof stamp_rows[0]; i++) {
        char out[UTC_STAMP_SIZE];
        utc_stamp(stamp_rows[i].t, out);
        if (strcmp(out, stamp_rows[i].want))
            fail_msg("row %zu: %s, want %s", i, out, stamp_rows[i].want);
    }
}

static void test_log_repeats(void **state)
{
    (void)state;
    char *text = capture_log(log_burst);
    assert_non_null(text);
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    if (lines != 2)
        fail_msg("want 2 lines, got %zu:\n%s", lines, text);
    assert_non_null(strstr(text, "<4>vitrine: a\\nforged line\n"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_escape),        cmocka_unit_test(test_log_repeats),
        cmocka_unit_test(test_utc_stamp),         cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_file_unsized),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
