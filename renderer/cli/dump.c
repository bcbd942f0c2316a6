/* vitrine dump FILE — prints a feed's content model as canonical JSON, so
 * that a feed and its twin in the other format can be compared byte for byte. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/diag.h"
#include "model/feed.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine dump FILE\n"
          "Prints the feed's content model as canonical JSON (fixed key order, defaults\n"
          "included). Exit status: 0 done, 1 the feed has problems, 2 usage error.\n",
          out);
}

int cmd_dump(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        usage(stdout);
        return 0;
    }
    int first = argc >= 2 && !strcmp(argv[1], "--") ? 2 : 1;
    if (argc - first != 1 || (first == 1 && argv[1][0] == '-' && argv[1][1])) {
        usage(stderr);
        return 2;
    }
    const char *path = argv[first];
    diag_t *diag = diag_create();
    feed_t *f = feed_load(path, diag);
    int status = 0;
    if (!f) {
        diag_print(diag, stderr);
        status = 1;
    } else if (feed_dump(f, stdout) < 0) {
        fprintf(stderr, "vitrine dump: cannot write the output\n");
        status = 1;
    }
    feed_free(f);
    diag_free(diag);
    return status;
}
