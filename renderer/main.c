/* vitrine — signage player for tourist-office welcome screens.
 * argv → one subcommand; nothing else happens here. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"play", cmd_play, "play the feed fullscreen (the default)"},
    {"render", cmd_render, "render every slide of a feed to PNG, with a contact sheet"},
    {"check", cmd_check, "validate feeds, themes, configuration and sidecars"},
    {"dump", cmd_dump, "print a feed's content model as canonical JSON"},
    {"schedule", cmd_schedule, "show what plays when, and why an item does not"},
    {"status", cmd_status, "show the running player's status"},
    {"report", cmd_report, "sum the play log per partner, item or day (proof of play)"},
    {"import", cmd_import, "convert a DATAtourisme, Apidae or Tourinsoft export to a feed"},
    {"console", cmd_console, "serve the staff console: editing, previews, publishing"},
    {"collect", cmd_collect, "store every screen's plays and status from MQTT (docs/fleet.md)"},
};

static void usage(FILE *out)
{
    fputs("usage: vitrine [COMMAND] [OPTIONS] [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].help);
    fputs("\nRun 'vitrine COMMAND --help' for a command's options.\n", out);
}

int main(int argc, char **argv)
{
    if (argc >= 2 &&
        (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
        usage(stdout);
        return 0;
    }
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
            if (!strcmp(argv[1], commands[i].name))
                return commands[i].run(argc - 1, argv + 1);
        /* A lone path plays that feed, like `vitrine play FEED`. */
        if (!strchr(argv[1], '/') && !strchr(argv[1], '.')) {
            fprintf(stderr, "vitrine: unknown command '%s'\n", argv[1]);
            usage(stderr);
            return 2;
        }
    }
    return cmd_play(argc, argv);
}
