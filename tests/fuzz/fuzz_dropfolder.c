/* libFuzzer target: the drop folder's file-name date parser and its
 * sidecars. The input's first line is the image's file name ("2026-07-01_
 * 2026-07-15 Fête"); the rest is the sidecar, XML when it starts with '<',
 * else JSON. Both go into a private folder that drop_scan reads. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "model/dropfolder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* Empties the folder between inputs. */
static void clear_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    char path[600];
    while (dp && (e = readdir(dp)))
        if (e->d_name[0] != '.' || (e->d_name[1] && (e->d_name[1] != '.' || e->d_name[2]))) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    if (dp)
        closedir(dp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static const uint8_t jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F',  0,
                                   1,    1,    0,    0,    1, 0,  1,   0,   0,   0xff, 0xd9};
    char name[200];
    size_t n = 0, i = 0;
    for (; i < len && data[i] != '\n'; i++)
        if (n < 150 && data[i] != '/' && data[i] != '\0')
            name[n++] = (char)data[i];
    name[n] = '\0';
    if (i < len)
        i++;
    if (!n || !strcmp(name, ".") || !strcmp(name, ".."))
        return -1;
    const char *dir = fuzz_dir();
    clear_dir(dir);
    char file[220];
    snprintf(file, sizeof file, "%s.jpg", name);
    fuzz_write(file, jpeg, sizeof jpeg);
    snprintf(file, sizeof file, "%s.%s", name, i < len && data[i] == '<' ? "xml" : "json");
    fuzz_write(file, data + i, len - i);

    drop_t *dr = drop_create(dir, "");
    diag_t *d = diag_create();
    bool pending;
    /* far in the future, so that the files count as settled */
    feed_t *f = drop_scan(dr, INT64_C(4000000000000), &pending, d);
    feed_free(f);
    diag_free(d);
    drop_free(dr);
    return 0;
}
