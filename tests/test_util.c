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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_file_unsized),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
