#include <stdio.h>

#include "cli/cli.h"

int cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine import: not implemented yet\n");
    return 2;
}
