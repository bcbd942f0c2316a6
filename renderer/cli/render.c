#include <stdio.h>

#include "cli/cli.h"

int cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine render: not implemented yet\n");
    return 2;
}
