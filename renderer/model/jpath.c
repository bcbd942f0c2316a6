/* jpath — tolerant reading of parsed JSON (see jpath.h). */
#include "model/jpath.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cJSON *jget(const cJSON *o, const char *key)
{
    if (!o)
        return NULL;
    if (cJSON_IsObject(o))
        return cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsArray(o)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, o)
        {
            const cJSON *v = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, key) : NULL;
            if (v)
                return v;
        }
    }
    return NULL;
}

const cJSON *jpath(const cJSON *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        o = jget(o, key);
        path += n;
        if (*path == '.')
            path++;
    }
    return o;
}

const cJSON *jfirst(const cJSON *v)
{
    return cJSON_IsArray(v) ? v->child : v;
}

int jcount(const cJSON *v)
{
    if (!v || cJSON_IsNull(v))
        return 0;
    return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 1;
}

const cJSON *jat(const cJSON *v, int i)
{
    if (cJSON_IsArray(v))
        return cJSON_GetArrayItem(v, i);
    return i == 0 ? v : NULL;
}

const char *jtext(const cJSON *v, char *buf, size_t size)
{
    v = jfirst(v);
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        while (*s && isspace((unsigned char)*s))
            s++;
        return *s ? v->valuestring : NULL;
    }
    if (cJSON_IsNumber(v) && buf) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 1e15)
            snprintf(buf, size, "%.0f", d);
        else
            snprintf(buf, size, "%g", d);
        return buf;
    }
    if (cJSON_IsBool(v) && buf) {
        snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
        return buf;
    }
    return NULL;
}

bool jnum(const cJSON *v, double *out)
{
    v = jfirst(v);
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return isfinite(*out);
    }
    if (!cJSON_IsString(v))
        return false;
    char tmp[40];
    const char *s = v->valuestring;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = 0;
    for (; *s && n + 1 < sizeof tmp; s++) {
        if (*s == ',')
            tmp[n++] = '.';
        else if (*s != ' ')
            tmp[n++] = *s;
    }
    tmp[n] = '\0';
    if (n == 0)
        return false;
    char *end;
    errno = 0;
    double d = strtod(tmp, &end);
    if (errno || end == tmp || !isfinite(d))
        return false;
    while (*end == ' ' || *end == '\xe2' || *end == '\x82' || *end == '\xac' || *end == 'E' ||
           *end == 'U' || *end == 'R')
        end++; /* "12 €", "12 EUR" */
    if (*end)
        return false;
    *out = d;
    return true;
}
