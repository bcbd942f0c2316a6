#include <stdio.h>

#include "cli/cli.h"

int cmd_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine report: not implemented yet\n");
    return 2;
}
