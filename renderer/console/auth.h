/* auth — staff accounts (a file of "name:argon2id-hash" lines, written
 * atomically, mode 0600) and the throttling of failed logins, per client
 * address and per account. No network, no clock of its own: the caller
 * passes the time, so the throttle is testable. */
#ifndef VITRINE_CONSOLE_AUTH_H
#define VITRINE_CONSOLE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct auth auth_t;

/* Argon2id cost: 19 MiB and 2 passes should keep a login near 0.35 s on
 * a Raspberry Pi 3 (docs/console.md). The environment variable
 * VITRINE_CONSOLE_TEST_CHEAP_HASH=1 lowers it for the tests only. */
#define AUTH_T_COST       2
#define AUTH_M_COST       (19 * 1024) /* KiB */
#define AUTH_NAME_MAX     64
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 256

/* Failed logins allowed before waiting, and the waits' ceiling. */
#define AUTH_FREE_TRIES_ACCOUNT 5
#define AUTH_FREE_TRIES_ADDRESS 20
#define AUTH_FIRST_WAIT_S       15 /* then doubled at each failure */
#define AUTH_MAX_WAIT_S         900
#define AUTH_FORGET_S           3600 /* failures older than this are forgotten */

/* Reads the accounts file (a missing file is no account). Returns NULL with
 * a message in err when the file cannot be read or a line is malformed. */
auth_t *auth_load(const char *path, char *err, size_t errsz);
void auth_free(auth_t *a);

/* Number of accounts. */
size_t auth_count(const auth_t *a);

/* True when name/password match an account. Takes the hash's time even for
 * an unknown name, so that timing does not tell which names exist. */
bool auth_verify(const auth_t *a, const char *name, const char *password);

/* Whether name is acceptable as an account name: 1 to AUTH_NAME_MAX
 * letters, digits, '.', '-', '_' (err says why not). */
bool auth_name_ok(const char *name, char *err, size_t errsz);

/* Sets (adds or replaces) an account's password and rewrites the file
 * atomically. Returns 0, or -1 with a message in err (password too short,
 * write error). */
int auth_set(auth_t *a, const char *name, const char *password, char *err, size_t errsz);

/* Removes an account and rewrites the file. Returns 0, 1 when there was no
 * such account, -1 on a write error (err). */
int auth_remove(auth_t *a, const char *name, char *err, size_t errsz);

/* Seconds to wait before a login from address for account name may be
 * tried again (0: go ahead), at time now (seconds, any monotonic base). */
int auth_throttle_wait(auth_t *a, const char *address, const char *name, int64_t now);

/* Records a failed (ok false) or successful login. A success forgets the
 * account's failures, not the address's. */
void auth_throttle_record(auth_t *a, const char *address, const char *name, bool ok, int64_t now);

#endif
