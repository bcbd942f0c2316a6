/* Tests for fleet/spool: records come out of the play logs in order, months
 * one after the other, skipping torn lines and waiting for a line still
 * being written; the cursor moves only over acknowledged records (in any
 * order), survives a reopen (a restart, a kill -9), hands unacknowledged
 * records out again with the same ids after a rewind, and starts a new epoch
 * when a power cut left a play log shorter than the cursor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fleet/spool.h"
#include "model/util.h"

static char dir[64];

static void put(const char *name, const char *text, const char *mode)
{
    char *p = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(p, mode);
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

#define LINE(t, id)                                                                               \
    "{\"start\":\"2026-11-30T10:00:00.000+01:00\",\"t\":" #t ",\"duration\":1.0,\"id\":\"" id     \
    "\"}\n"

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vitrine-spool-XXXXXX");
    assert_non_null(mkdtemp(dir));
    put("playlog-2026-11.jsonl",
        LINE(1, "a") "{\"start\":\"torn"
                     "\n" LINE(2, "b"),
        "w");
    put("playlog-2026-12.jsonl", LINE(3, "c") LINE(4, "d") "{\"start\":\"half", "w");
    put("status.json", "{}", "w");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    return 0;
}

/* Takes up to n records: their ids ("a"...) as one string, and their seqs. */
static void take(spool_t *s, int n, char *ids, uint64_t *seqs, char rids[][48])
{
    int k = 0;
    struct spool_rec r;
    while (k < n && spool_next(s, &r)) {
        const char *id = strstr(r.line, "\"id\":\"");
        assert_non_null(id);
        ids[k] = id[6];
        seqs[k] = r.seq;
        if (rids)
            snprintf(rids[k], 48, "%s", r.rid);
        k++;
    }
    ids[k] = 0;
}

static void test_spool(void **state)
{
    (void)state;
    char ids[16], rids[8][48], rids2[8][48];
    uint64_t seq[8];
    spool_t *s = spool_open(dir);
    assert_non_null(s);
    take(s, 8, ids, seq, rids);
    assert_string_equal(ids, "abcd"); /* the torn line skipped, the half one waits */
    assert_string_equal(rids[0], "0-2026-11-0");
    assert_string_equal(rids[2], "0-2026-12-0");
    assert_int_equal(spool_inflight(s), 4);

    /* Acknowledged out of order: the cursor covers a and b only. */
    spool_ack(s, seq[1]);
    spool_ack(s, seq[0]);
    spool_ack(s, seq[3]);
    assert_int_equal(spool_inflight(s), 2);
    assert_int_equal(spool_acked(s), 2);
    spool_close(s); /* like a restart: c and d come again, with the same ids */

    s = spool_open(dir);
    take(s, 8, ids, seq, rids2);
    assert_string_equal(ids, "cd");
    assert_string_equal(rids2[0], rids[2]);
    assert_string_equal(rids2[1], rids[3]);
    spool_rewind(s); /* a reconnection */
    take(s, 8, ids, seq, NULL);
    assert_string_equal(ids, "cd");

    /* The half line is completed: it comes next. */
    put("playlog-2026-12.jsonl", "\",\"t\":5,\"duration\":1.0,\"id\":\"e\"}\n", "a");
    take(s, 8, ids, seq + 2, rids2);
    assert_string_equal(ids, "e");
    spool_ack(s, seq[0]);
    spool_ack(s, seq[1]);
    spool_ack(s, seq[2]);
    assert_int_equal(spool_backlog(s), 0);
    spool_close(s);
    s = spool_open(dir);
    take(s, 8, ids, seq, NULL);
    assert_string_equal(ids, ""); /* all sent */
    spool_close(s);

    /* A power cut took the end of the file back: new lines, new ids. */
    put("playlog-2026-12.jsonl", LINE(3, "c") LINE(6, "f"), "w");
    s = spool_open(dir);
    take(s, 8, ids, seq, rids2);
    assert_string_equal(ids, "");
    put("playlog-2026-12.jsonl", LINE(7, "g"), "a");
    take(s, 8, ids, seq, rids2);
    assert_string_equal(ids, "g");
    assert_true(str_starts(rids2[0], "1-2026-12-"));
    spool_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spool, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
