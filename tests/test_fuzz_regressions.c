/* Every input that once crashed a fuzz target (tests/fuzz/regressions/
 * NAME-what) and every seed (tests/fuzz/corpus/NAME/), run again through the
 * same target code with the normal compiler, each from an exact-size heap
 * copy so that `make test SANITIZE=1` catches any read past the end. The
 * targets are compiled in here under other names. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/util.h"

#define LLVMFuzzerTestOneInput fuzz_console_one
#include "fuzz/fuzz_console.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_config_one
#include "fuzz/fuzz_config.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_dropfolder_one
#include "fuzz/fuzz_dropfolder.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_feed_json_one
#include "fuzz/fuzz_feed_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_feed_xml_one
#include "fuzz/fuzz_feed_xml.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_http_one
#include "fuzz/fuzz_http.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_import_one
#include "fuzz/fuzz_import.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_image_probe_one
#include "fuzz/fuzz_image_probe.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_theme_one
#include "fuzz/fuzz_theme.c"
#undef LLVMFuzzerTestOneInput

static const struct target {
    const char *name;
    int (*run)(const uint8_t *, size_t);
} targets[] = {
    {"console", fuzz_console_one},
    {"config", fuzz_config_one},
    {"dropfolder", fuzz_dropfolder_one},
    {"feed_json", fuzz_feed_json_one},
    {"feed_xml", fuzz_feed_xml_one},
    {"http", fuzz_http_one},
    {"image_probe", fuzz_image_probe_one},
    {"import", fuzz_import_one},
    {"theme", fuzz_theme_one},
};

static int run_file(const struct target *t, const char *path)
{
    size_t len;
    char *buf = read_file(path, 1 << 20, &len);
    if (!buf) {
        printf("row '%s': cannot read\n", path);
        return 1;
    }
    uint8_t *exact = xmalloc(len ? len : 1);
    memcpy(exact, buf, len);
    free(buf);
    t->run(exact, len);
    free(exact);
    return 0;
}

static void test_regressions(void **state)
{
    (void)state;
    int failed = 0, ran = 0;
    DIR *d = opendir("tests/fuzz/regressions");
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        const struct target *t = NULL;
        for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
            size_t n = strlen(targets[i].name);
            if (!strncmp(e->d_name, targets[i].name, n) && e->d_name[n] == '-')
                t = &targets[i];
        }
        if (!t) {
            printf("row '%s': no target of that name\n", e->d_name);
            failed++;
            continue;
        }
        char *path = xasprintf("tests/fuzz/regressions/%s", e->d_name);
        failed += run_file(t, path);
        ran++;
        free(path);
    }
    closedir(d);
    assert_true(ran >= 2);
    assert_int_equal(failed, 0);
}

static void test_seeds(void **state)
{
    (void)state;
    int failed = 0, ran = 0;
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char *dir = xasprintf("tests/fuzz/corpus/%s", targets[i].name);
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char *path = xasprintf("%s/%s", dir, e->d_name);
            failed += run_file(&targets[i], path);
            ran++;
            free(path);
        }
        if (d)
            closedir(d);
        free(dir);
    }
    assert_true(ran >= 30);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regressions),
        cmocka_unit_test(test_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
