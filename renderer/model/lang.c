#include "model/lang.h"

#include <string.h>

static const char *const codes[LANG_COUNT] = {"fr", "eu", "es", "en"};

const char *lang_code(enum lang l)
{
    return (unsigned)l < LANG_COUNT ? codes[l] : "fr";
}

int lang_parse(const char *code, enum lang *out)
{
    for (int i = 0; i < LANG_COUNT; i++) {
        if (strcmp(code, codes[i]) == 0) {
            *out = (enum lang)i;
            return 0;
        }
    }
    return -1;
}

static const char *const policies[LANG_POLICY_COUNT] = {"cycle", "alternate", "dual"};

const char *lang_policy_name(enum lang_policy p)
{
    return (unsigned)p < LANG_POLICY_COUNT ? policies[p] : "cycle";
}

int lang_policy_parse(const char *name, enum lang_policy *out)
{
    for (int i = 0; i < LANG_POLICY_COUNT; i++) {
        if (strcmp(name, policies[i]) == 0) {
            *out = (enum lang_policy)i;
            return 0;
        }
    }
    return -1;
}

const char *tr_get(const tr_text *t, enum lang l)
{
    if ((unsigned)l < LANG_COUNT && t->s[l])
        return t->s[l];
    return t->s[LANG_FR];
}

int tr_empty(const tr_text *t)
{
    for (int i = 0; i < LANG_COUNT; i++)
        if (t->s[i])
            return 0;
    return 1;
}
