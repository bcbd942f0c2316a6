#include <stdio.h>

#include "cli/cli.h"

int cmd_schedule(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine schedule: not implemented yet\n");
    return 2;
}
