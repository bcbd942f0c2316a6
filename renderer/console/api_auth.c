/* api_auth — log in, log out, who am I, change my password. */
#include <stdio.h>
#include <string.h>

#include "console/console_priv.h"
#include "model/util.h"

static cJSON *me_json(const struct session *se)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "user", se->user);
    cJSON_AddStringToObject(o, "csrf", se->csrf);
    return o;
}

static void set_cookie(struct rq *q, const char *token, bool clear)
{
    char buf[256];
    snprintf(buf, sizeof buf, "vitrine_session=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
             clear ? "" : token, clear ? "; Max-Age=0" : "", http_tls(q->r) ? "; Secure" : "");
    http_add_header(q->r, "Set-Cookie", buf);
}

void api_login(struct rq *q)
{
    cJSON *b = body_json(q);
    if (!b)
        return;
    const char *user = json_str(b, "user"), *pass = json_str(b, "password");
    if (!user || !pass) {
        reply_error(q, 400, "Donnez \"user\" et \"password\"");
        goto out;
    }
    char why[160];
    if (!auth_name_ok(user, why, sizeof why)) {
        reply_error(q, 401, "Nom ou mot de passe incorrect");
        goto out;
    }
    int64_t now = console_mono_s();
    int wait = auth_throttle_wait(q->c->auth, http_client(q->r), user, now);
    if (wait > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", wait);
        http_add_header(q->r, "Retry-After", ra);
        reply_error(q, 429, "Trop d'essais : réessayez dans %d s", wait);
        goto out;
    }
    bool ok = auth_verify(q->c->auth, user, pass);
    auth_throttle_record(q->c->auth, http_client(q->r), user, ok, now);
    if (!ok) {
        log_msg(LV_WARN, "console: failed login for '%s' from %s", user, http_client(q->r));
        reply_error(q, 401, "Nom ou mot de passe incorrect");
        goto out;
    }
    const struct session *se = session_open(q->c->sessions, user, now);
    if (!se) {
        reply_error(q, 503, "Le serveur n'a pas pu ouvrir de session : réessayez");
        goto out;
    }
    set_cookie(q, se->token, false);
    audit(q->c, user, "login", NULL, NULL);
    reply_json(q, 200, me_json(se));
out:
    cJSON_Delete(b);
}

void api_logout(struct rq *q)
{
    audit(q->c, q->se->user, "logout", NULL, NULL);
    session_close(q->c->sessions, q->se->token);
    q->se = NULL;
    set_cookie(q, "", true);
    reply_empty(q, 204);
}

void api_me(struct rq *q)
{
    reply_json(q, 200, me_json(q->se));
}

void api_password(struct rq *q)
{
    cJSON *b = body_json(q);
    if (!b)
        return;
    const char *old = json_str(b, "old"), *nw = json_str(b, "new");
    cJSON *errs = cJSON_CreateArray();
    char err[200];
    if (!old || !auth_verify(q->c->auth, q->se->user, old)) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", "old");
        cJSON_AddStringToObject(e, "message", "Ce n'est pas votre mot de passe actuel");
        cJSON_AddItemToArray(errs, e);
    } else if (!nw || auth_set(q->c->auth, q->se->user, nw, err, sizeof err) < 0) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", "new");
        cJSON_AddStringToObject(e, "message", nw ? err : "Donnez le nouveau mot de passe");
        cJSON_AddItemToArray(errs, e);
    }
    if (cJSON_GetArraySize(errs)) {
        reply_field_errors(q, errs);
    } else {
        cJSON_Delete(errs);
        /* Other sessions of this account end: a stolen one dies with the old password. */
        session_close_user(q->c->sessions, q->se->user, q->se->token);
        audit(q->c, q->se->user, "password", NULL, NULL);
        reply_empty(q, 204);
    }
    cJSON_Delete(b);
}
