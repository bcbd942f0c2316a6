#include <stdio.h>

#include "cli/cli.h"

int cmd_play(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vitrine play: not implemented yet\n");
    return 2;
}
