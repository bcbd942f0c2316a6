/* auth — accounts and login throttling. */
#include "console/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <argon2.h>

#include "model/util.h"

#define HASH_LEN       32
#define SALT_LEN       16
#define ENCODED_MAX    160
#define THROTTLE_SLOTS 512

struct account {
    char *name, *hash;
};

struct failures {
    char key[AUTH_NAME_MAX + 48]; /* "a:ADDRESS" or "u:NAME"; "" = free slot */
    int count;
    int64_t last; /* time of the last failure */
};

struct auth {
    char *path;
    struct account *acc;
    size_t n;
    struct failures slots[THROTTLE_SLOTS];
};

static bool cheap(void)
{
    const char *e = getenv("VITRINE_CONSOLE_TEST_CHEAP_HASH");
    return e && !strcmp(e, "1");
}

bool auth_name_ok(const char *name, char *err, size_t errsz)
{
    size_t n = strlen(name);
    if (n == 0 || n > AUTH_NAME_MAX) {
        snprintf(err, errsz, "an account name has 1 to %d characters", AUTH_NAME_MAX);
        return false;
    }
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_')) {
            snprintf(err, errsz,
                     "the account name '%s' may hold only letters, digits, '.', '-' and '_'",
                     name);
            return false;
        }
    }
    return true;
}

auth_t *auth_load(const char *path, char *err, size_t errsz)
{
    auth_t *a = xcalloc(1, sizeof *a);
    a->path = xstrdup(path);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return a;
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        auth_free(a);
        return NULL;
    }
    char line[512];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *colon = strchr(line, ':');
        char why[128];
        if (!colon || !str_starts(colon + 1, "$argon2id$")) {
            snprintf(err, errsz,
                     "%s:%d: not NAME:ARGON2ID-HASH; remove the line and add the "
                     "account again with vitrine console --add-user NAME",
                     path, lineno);
            fclose(f);
            auth_free(a);
            return NULL;
        }
        *colon = 0;
        if (!auth_name_ok(line, why, sizeof why)) {
            snprintf(err, errsz, "%s:%d: %s", path, lineno, why);
            fclose(f);
            auth_free(a);
            return NULL;
        }
        a->acc = xrealloc(a->acc, (a->n + 1) * sizeof *a->acc);
        a->acc[a->n].name = xstrdup(line);
        a->acc[a->n].hash = xstrdup(colon + 1);
        a->n++;
    }
    fclose(f);
    return a;
}

void auth_free(auth_t *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->acc[i].name);
        free(a->acc[i].hash);
    }
    free(a->acc);
    free(a->path);
    free(a);
}

size_t auth_count(const auth_t *a)
{
    return a->n;
}

static struct account *find(const auth_t *a, const char *name)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->acc[i].name, name))
            return &a->acc[i];
    return NULL;
}

bool auth_verify(const auth_t *a, const char *name, const char *password)
{
    /* A fixed hash of a random password, verified for unknown names. */
    static const char decoy[] = "$argon2id$v=19$m=19456,t=2,p=1$dml0cmluZS1kZWNveS1zYQ$"
                                "WLJw8zamwyD7VTqsxtAVq0OKVMvG+DZ9HbCa9VjXqqU";
    const struct account *acc = name ? find(a, name) : NULL;
    size_t plen = password ? strlen(password) : 0;
    if (plen > AUTH_PASSWORD_MAX)
        return false;
    int rc = argon2id_verify(acc ? acc->hash : decoy, password ? password : "", plen);
    return acc && rc == ARGON2_OK;
}

static int save(auth_t *a, char *err, size_t errsz)
{
    char *tmp = xasprintf("%s.tmp", a->path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(tmp);
        return -1;
    }
    fputs("# vitrine console accounts: NAME:ARGON2ID-HASH (vitrine console --add-user)\n", f);
    for (size_t i = 0; i < a->n; i++)
        fprintf(f, "%s:%s\n", a->acc[i].name, a->acc[i].hash);
    int rc = fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, a->path) < 0)
        rc = -1;
    if (rc < 0) {
        snprintf(err, errsz, "%s: %s", a->path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

int auth_set(auth_t *a, const char *name, const char *password, char *err, size_t errsz)
{
    if (!auth_name_ok(name, err, errsz))
        return -1;
    size_t plen = strlen(password);
    if (plen < AUTH_PASSWORD_MIN || plen > AUTH_PASSWORD_MAX) {
        snprintf(err, errsz, "Le mot de passe doit avoir de %d à %d caractères", AUTH_PASSWORD_MIN,
                 AUTH_PASSWORD_MAX);
        return -1;
    }
    unsigned char salt[SALT_LEN];
    if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt) {
        snprintf(err, errsz, "getrandom: %s", strerror(errno));
        return -1;
    }
    char encoded[ENCODED_MAX];
    uint32_t t = cheap() ? 1 : AUTH_T_COST, m = cheap() ? 64 : AUTH_M_COST;
    int rc = argon2id_hash_encoded(t, m, 1, password, plen, salt, sizeof salt, HASH_LEN, encoded,
                                   sizeof encoded);
    if (rc != ARGON2_OK) {
        snprintf(err, errsz, "argon2: %s", argon2_error_message(rc));
        return -1;
    }
    struct account *acc = find(a, name);
    if (acc) {
        free(acc->hash);
        acc->hash = xstrdup(encoded);
    } else {
        a->acc = xrealloc(a->acc, (a->n + 1) * sizeof *a->acc);
        a->acc[a->n].name = xstrdup(name);
        a->acc[a->n].hash = xstrdup(encoded);
        a->n++;
    }
    return save(a, err, errsz);
}

int auth_remove(auth_t *a, const char *name, char *err, size_t errsz)
{
    struct account *acc = find(a, name);
    if (!acc)
        return 1;
    free(acc->name);
    free(acc->hash);
    *acc = a->acc[--a->n];
    return save(a, err, errsz) < 0 ? -1 : 0;
}

static struct failures *slot(auth_t *a, const char *kind, const char *key, bool create,
                             int64_t now)
{
    char k[sizeof a->slots[0].key];
    snprintf(k, sizeof k, "%s:%s", kind, key);
    struct failures *free_slot = NULL, *oldest = &a->slots[0];
    for (int i = 0; i < THROTTLE_SLOTS; i++) {
        struct failures *f = &a->slots[i];
        if (f->key[0] && now - f->last > AUTH_FORGET_S)
            f->key[0] = 0;
        if (!f->key[0]) {
            if (!free_slot)
                free_slot = f;
            continue;
        }
        if (!strcmp(f->key, k))
            return f;
        if (f->last < oldest->last)
            oldest = f;
    }
    if (!create)
        return NULL;
    struct failures *f = free_slot ? free_slot : oldest;
    snprintf(f->key, sizeof f->key, "%s", k);
    f->count = 0;
    f->last = now;
    return f;
}

static int wait_for(const struct failures *f, int free_tries, int64_t now)
{
    if (!f || f->count < free_tries)
        return 0;
    int shift = f->count - free_tries;
    int64_t wait = shift >= 10 ? AUTH_MAX_WAIT_S : (int64_t)AUTH_FIRST_WAIT_S << shift;
    if (wait > AUTH_MAX_WAIT_S)
        wait = AUTH_MAX_WAIT_S;
    int64_t left = f->last + wait - now;
    return left > 0 ? (int)left : 0;
}

int auth_throttle_wait(auth_t *a, const char *address, const char *name, int64_t now)
{
    int w1 = wait_for(slot(a, "a", address, false, now), AUTH_FREE_TRIES_ADDRESS, now);
    int w2 = wait_for(slot(a, "u", name, false, now), AUTH_FREE_TRIES_ACCOUNT, now);
    return w1 > w2 ? w1 : w2;
}

void auth_throttle_record(auth_t *a, const char *address, const char *name, bool ok, int64_t now)
{
    if (ok) {
        struct failures *f = slot(a, "u", name, false, now);
        if (f)
            f->key[0] = 0;
        return;
    }
    struct failures *fa = slot(a, "a", address, true, now);
    fa->count++;
    fa->last = now;
    struct failures *fu = slot(a, "u", name, true, now);
    fu->count++;
    fu->last = now;
}
