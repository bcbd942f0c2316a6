/* session — logged-in staff: a table of random tokens (256 bits, sent as
 * the cookie) with their account, their CSRF token and their last use.
 * A session unused for longer than the idle time is gone. Memory only: a
 * restart of the console logs everyone out. The caller passes the time. */
#ifndef VITRINE_CONSOLE_SESSION_H
#define VITRINE_CONSOLE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

typedef struct sessions sessions_t;

#define SESSION_TOKEN_LEN 64 /* hex characters of the cookie (256 bits) */
#define SESSION_CSRF_LEN  43 /* base64url characters of the CSRF token (256 bits) */
#define SESSION_MAX       256

struct session {
    char token[SESSION_TOKEN_LEN + 1];
    char csrf[SESSION_CSRF_LEN + 1];
    char user[72];
    int64_t last; /* seconds */
};

sessions_t *sessions_create(int idle_s);
void sessions_free(sessions_t *s);

/* Opens a session for user at now; the oldest one makes room when the
 * table is full. Returns it (owned by the table), or NULL when the system
 * has no randomness to give. */
const struct session *session_open(sessions_t *s, const char *user, int64_t now);

/* The live session with this token (compared in constant time), touched
 * at now; NULL when unknown or idle for too long. */
const struct session *session_find(sessions_t *s, const char *token, int64_t now);

/* True when csrf is the session's CSRF token (constant time). */
bool session_csrf_ok(const struct session *se, const char *csrf);

/* Closes the session with this token; closes every session of user when
 * token is NULL (after a password change, keeping keep_token's open). */
void session_close(sessions_t *s, const char *token);
void session_close_user(sessions_t *s, const char *user, const char *keep_token);

#endif
