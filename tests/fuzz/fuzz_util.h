/* Helpers shared by the libFuzzer targets: a private temporary folder (in
 * /dev/shm when it exists, so that the file-based loaders stay fast) and a
 * way to write the input into a file there. */
#ifndef VITRINE_FUZZ_UTIL_H
#define VITRINE_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The folder, created on first use and reused for every input. */
static const char *fuzz_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/vitrine-fuzz-XXXXXX",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(dir))
            abort();
    }
    return dir;
}

/* Writes len bytes to dir/name; returns the path (static buffer). */
static const char *fuzz_write(const char *name, const uint8_t *data, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (len && fwrite(data, 1, len, f) != len)
        abort();
    fclose(f);
    return path;
}

#endif
