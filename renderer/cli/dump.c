#include <stdio.h>

#include "cli/cli.h"

int cmd_dump(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine dump: not implemented yet\n");
    return 2;
}
