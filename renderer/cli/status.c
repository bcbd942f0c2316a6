#include <stdio.h>

#include "cli/cli.h"

int cmd_status(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine status: not implemented yet\n");
    return 2;
}
