/* cli — one entry point per subcommand. Each takes its own argv (argv[0]
 * is the subcommand's name), parses its options and calls the layers below;
 * returns the process exit status (0 ok, 1 content problems, 2 usage
 * error). Out of memory, or play's unusable configuration, ends the process
 * with a message instead (die). */
#ifndef VITRINE_CLI_H
#define VITRINE_CLI_H

int cmd_play(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_schedule(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_collect(int argc, char **argv);

#endif
