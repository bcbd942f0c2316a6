#include <stdio.h>

#include "cli/cli.h"

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine check: not implemented yet\n");
    return 2;
}
