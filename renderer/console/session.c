/* session — the session table. */
#include "console/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "model/util.h"

struct sessions {
    int idle_s;
    struct session tab[SESSION_MAX]; /* token[0] == 0: free */
};

sessions_t *sessions_create(int idle_s)
{
    sessions_t *s = xcalloc(1, sizeof *s);
    s->idle_s = idle_s > 0 ? idle_s : 8 * 3600;
    return s;
}

void sessions_free(sessions_t *s)
{
    free(s);
}

static bool equal_ct(const char *a, const char *b, size_t n)
{
    unsigned char d = 0;
    for (size_t i = 0; i < n; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

static int random_bytes(unsigned char *buf, size_t n)
{
    return getrandom(buf, n, 0) == (ssize_t)n ? 0 : -1;
}

const struct session *session_open(sessions_t *s, const char *user, int64_t now)
{
    struct session *se = NULL;
    for (int i = 0; i < SESSION_MAX; i++) {
        struct session *t = &s->tab[i];
        if (t->token[0] && now - t->last > s->idle_s)
            t->token[0] = 0;
        if (!t->token[0]) {
            if (!se || se->token[0])
                se = t;
        } else if (!se || (se->token[0] && t->last < se->last)) {
            se = t;
        }
    }
    unsigned char raw[32], craw[32];
    if (random_bytes(raw, sizeof raw) < 0 || random_bytes(craw, sizeof craw) < 0)
        return NULL;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof raw; i++) {
        se->token[2 * i] = hex[raw[i] >> 4];
        se->token[2 * i + 1] = hex[raw[i] & 15];
    }
    se->token[SESSION_TOKEN_LEN] = 0;
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint32_t acc = 0;
    int bits = 0, n = 0;
    for (size_t i = 0; i < sizeof craw && n < SESSION_CSRF_LEN; i++) {
        acc = (acc << 8) | craw[i];
        bits += 8;
        while (bits >= 6 && n < SESSION_CSRF_LEN) {
            se->csrf[n++] = b64[(acc >> (bits - 6)) & 63];
            bits -= 6;
        }
    }
    if (bits > 0 && n < SESSION_CSRF_LEN)
        se->csrf[n++] = b64[(acc << (6 - bits)) & 63];
    se->csrf[n] = 0;
    snprintf(se->user, sizeof se->user, "%s", user);
    se->last = now;
    return se;
}

const struct session *session_find(sessions_t *s, const char *token, int64_t now)
{
    if (!token || strlen(token) != SESSION_TOKEN_LEN)
        return NULL;
    for (int i = 0; i < SESSION_MAX; i++) {
        struct session *t = &s->tab[i];
        if (!t->token[0] || !equal_ct(t->token, token, SESSION_TOKEN_LEN))
            continue;
        if (now - t->last > s->idle_s) {
            t->token[0] = 0;
            return NULL;
        }
        t->last = now;
        return t;
    }
    return NULL;
}

bool session_csrf_ok(const struct session *se, const char *csrf)
{
    return se && csrf && strlen(csrf) == strlen(se->csrf) &&
           equal_ct(se->csrf, csrf, strlen(se->csrf));
}

void session_close(sessions_t *s, const char *token)
{
    if (!token)
        return;
    for (int i = 0; i < SESSION_MAX; i++)
        if (s->tab[i].token[0] && !strcmp(s->tab[i].token, token))
            memset(&s->tab[i], 0, sizeof s->tab[i]);
}

void session_close_user(sessions_t *s, const char *user, const char *keep_token)
{
    for (int i = 0; i < SESSION_MAX; i++) {
        struct session *t = &s->tab[i];
        if (t->token[0] && !strcmp(t->user, user) && (!keep_token || strcmp(t->token, keep_token)))
            memset(t, 0, sizeof *t);
    }
}
