/* play/clocksync: the clock's sync state is found under the unit's ~@clock
 * system-call filter too (issue 17 point 5). Each row runs in a child that
 * installs the same kind of filter (adjtimex and clock_adjtime get EPERM). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cmocka.h>

#include "model/util.h"
#include "play/clocksync.h"

/* What systemd's SystemCallFilter=~@clock with SystemCallErrorNumber=EPERM
 * does to the calls that read the clock's state. */
static int forbid_clock_calls(void)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_adjtimex, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clock_adjtime, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
    };
    struct sock_fprog prog = {.len = sizeof f / sizeof f[0], .filter = f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static const struct {
    const char *name;
    bool filtered;
    int dir; /* 0: no timesyncd folder, 1: folder, 2: folder + "synchronized" */
    enum clock_sync want;
    const char *how;
} rows[] = {
    {"filter, timesyncd synchronised", true, 2, CLOCK_SYNCED, "systemd-timesyncd"},
    {"filter, timesyncd not yet", true, 1, CLOCK_UNSYNCED, "systemd-timesyncd"},
    {"filter, no way to ask", true, 0, CLOCK_UNKNOWN, "adjtimex: Operation not permitted"},
};

static void test_probe(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char tmpl[] = "/tmp/vitrine-clock-XXXXXX";
        assert_non_null(mkdtemp(tmpl));
        char *dir = xasprintf("%s/timesync", tmpl);
        if (rows[i].dir >= 1)
            mkdir(dir, 0755);
        char *flag = xasprintf("%s/synchronized", dir);
        if (rows[i].dir == 2)
            fclose(fopen(flag, "w"));
        int pipefd[2];
        assert_int_equal(pipe(pipefd), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(pipefd[0]);
            char how[512] = "";
            int got = rows[i].filtered && forbid_clock_calls() < 0
                          ? 99
                          : (int)clocksync_probe(dir, false, how, sizeof how);
            dprintf(pipefd[1], "%d %s", got, how);
            _exit(0);
        }
        close(pipefd[1]);
        char out[600] = "";
        ssize_t n = read(pipefd[0], out, sizeof out - 1);
        close(pipefd[0]);
        waitpid(pid, NULL, 0);
        assert_true(n > 0);
        int got = atoi(out);
        if (got == 99) {
            skip(); /* no seccomp here */
        }
        if (got != (int)rows[i].want || !strstr(out, rows[i].how))
            fail_msg("row '%s': got '%s', want %d and '%s'", rows[i].name, out, rows[i].want,
                     rows[i].how);
        unlink(flag);
        rmdir(dir);
        rmdir(tmpl);
        free(flag);
        free(dir);
    }
}

/* Without the filter, the kernel answers directly. */
static void test_unfiltered(void **state)
{
    (void)state;
    char how[512];
    enum clock_sync s = clocksync_probe("/nonexistent", false, how, sizeof how);
    assert_true(s == CLOCK_SYNCED || s == CLOCK_UNSYNCED);
    assert_string_equal(how, "adjtimex");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_unfiltered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
