/* import_tourinsoft — Tourinsoft syndication JSON, OData v2
 * ({"d": {"results": [...]}}) and v3 ({"value": [...]}). Tourinsoft packs
 * lists into strings: records separated by '#', fields by '|'
 * ("Adulte|12|15#Enfant|6|"). Field by field: docs/importers.md. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "model/import_priv.h"

#define MAX_FIELDS 12

/* Splits one record into fields, in place in buf. Returns the count. */
static int fields(const char *rec, size_t len, char *buf, size_t size, const char **out)
{
    if (len >= size)
        len = size - 1;
    memcpy(buf, rec, len);
    buf[len] = '\0';
    int n = 0;
    char *p = buf;
    while (n < MAX_FIELDS) {
        out[n++] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        p = bar + 1;
    }
    for (int i = 0; i < n; i++) {
        while (isspace((unsigned char)*out[i]))
            out[i]++;
        if (!*out[i])
            out[i] = NULL;
    }
    return n;
}

/* Calls fn for each '#'-separated record of s. */
#define FOR_RECORDS(s, rec, len)                                                                  \
    for (const char *rec = (s), *rec##_end_;                                                      \
         rec && *rec && ((rec##_end_ = strchr(rec, '#')), 1) &&                                   \
         ((len = rec##_end_ ? (size_t)(rec##_end_ - rec) : strlen(rec)), 1);                      \
         rec = rec##_end_ ? rec##_end_ + 1 : NULL)

static const struct {
    const char *word;   /* in ObjectTypeName, case-insensitive */
    const char *prefix; /* of SyndicObjectID */
    enum item_kind kind;
    const char *category;
} types[] = {
    {"manifestation", "FMA", KIND_EVENT, NULL},
    {"restau", "RES", KIND_PROVIDER, "Restaurant"},
    {"hôtel", "HOT", KIND_PROVIDER, "Hôtel"},
    {"hotel", "HOT", KIND_PROVIDER, "Hôtel"},
    {"plein air", "HPA", KIND_PROVIDER, "Camping"},
    {"camping", "HPA", KIND_PROVIDER, "Camping"},
    {"meublé", "HLO", KIND_PROVIDER, "Location de vacances"},
    {"locati", "HLO", KIND_PROVIDER, "Location de vacances"},
    {"chambre", "CHB", KIND_PROVIDER, "Chambre d'hôtes"},
    {"hébergement", "HCO", KIND_PROVIDER, "Hébergement"},
    {"activit", "ASC", KIND_PROVIDER, "Activités"},
    {"loisir", "LOI", KIND_PROVIDER, "Loisirs"},
    {"dégustation", "DEG", KIND_PROVIDER, "Dégustation"},
    {"commerce", "COM", KIND_PROVIDER, "Commerce"},
    {"service", "SER", KIND_PROVIDER, "Services"},
    {"patrimoine naturel", "PNA", KIND_PLACE, "Site naturel"},
    {"patrimoine", "PCU", KIND_PLACE, "Patrimoine"},
    {"site", "PCU", KIND_PLACE, "Site"},
};

static bool icontains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; p && *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return true;
    return false;
}

/* A field that may be a string or, in v3 feeds, an array or object: the
 * first string found under any of the keys. */
static const char *field(const cJSON *o, const char *key)
{
    return jtext(jget(o, key), NULL, 0);
}

/* "DAMPIERRE-SOUS-BROU" reads better as "Dampierre-sous-Brou". */
static void town_case(char *s)
{
    bool upper = true;
    for (char *p = s; *p; p++)
        if (islower((unsigned char)*p))
            return; /* already mixed case: as written */
    static const char *const small[] = {"sous", "sur", "les", "lès", "le", "la", "de", "des",
                                        "du",   "en",  "et",  "aux", "l",  "d",  NULL};
    for (char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalpha(c)) {
            if (upper) {
                size_t n = 0;
                while (isalpha((unsigned char)p[n]))
                    n++;
                bool lower_word = false;
                for (int i = 0; small[i] && p != s; i++)
                    lower_word |= strlen(small[i]) == n && strncasecmp(p, small[i], n) == 0;
                if (lower_word)
                    *p = (char)tolower(c);
                upper = false;
            } else {
                *p = (char)tolower(c);
            }
        } else if (c == ' ' || c == '-' || c == '\'') {
            upper = true;
        }
    }
}

static void address(struct importer *im, const cJSON *o)
{
    const char *s = field(o, "AdresseComplete");
    char buf[512], out[512], town[160] = "";
    const char *f[MAX_FIELDS];
    if (s) {
        int n = fields(s, strlen(s), buf, sizeof buf, f);
        size_t k = 0;
        out[0] = '\0';
        for (int i = 0; i < 3 && i < n; i++)
            if (f[i])
                k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", k ? ", " : "", f[i]);
        if (n > 4 && f[4]) {
            snprintf(town, sizeof town, "%s", f[4]);
            town_case(town);
        }
        if (n > 3 && (f[3] || town[0]) && k < sizeof out)
            snprintf(out + k, sizeof out - k, "%s%s%s%s", k ? ", " : "", f[3] ? f[3] : "",
                     f[3] && town[0] ? " " : "", town);
        if (out[0])
            im->d.address = arena_strdup(fb_arena(im->b), out);
    } else {
        const char *a = field(o, "Adresse1"), *cp = field(o, "CodePostal");
        const char *c = field(o, "Commune");
        snprintf(out, sizeof out, "%s%s%s%s%s", a ? a : "", a && (cp || c) ? ", " : "",
                 cp ? cp : "", cp && c ? " " : "", c ? c : "");
        if (out[0])
            im->d.address = arena_strdup(fb_arena(im->b), out);
        if (c)
            snprintf(town, sizeof town, "%s", c), town_case(town);
    }
    if (town[0])
        imp_text(im, &im->d.venue, LANG_FR, arena_strdup(fb_arena(im->b), town));
}

static void contacts(struct importer *im, const cJSON *o)
{
    const char *s = field(o, "MoyenDeCom");
    char buf[512];
    const char *f[MAX_FIELDS];
    size_t len;
    FOR_RECORDS(s, rec, len)
    {
        int n = fields(rec, len, buf, sizeof buf, f);
        if (n < 2 || !f[0] || !f[1])
            continue;
        if (icontains(f[0], "phone") && !im->d.phone)
            im->d.phone = arena_strdup(fb_arena(im->b), f[1]);
        else if (icontains(f[0], "site web") && !im->d.url && !strncmp(f[1], "http", 4))
            im->d.url = arena_strdup(fb_arena(im->b), f[1]);
    }
}

/* The first photo: "url|title|credit#url|..." or, in v3, an array of
 * objects holding a Url somewhere. */
static const char *photo(struct importer *im, const cJSON *v)
{
    if (!v)
        return NULL;
    if (cJSON_IsString(v)) {
        size_t n = strcspn(v->valuestring, "|#");
        return n ? arena_strndup(fb_arena(im->b), v->valuestring, n) : NULL;
    }
    const cJSON *e;
    if (cJSON_IsObject(v)) {
        const char *u = field(v, "Url");
        if (!u)
            u = field(v, "url");
        if (u)
            return u;
    }
    cJSON_ArrayForEach(e, v)
    {
        if (cJSON_IsObject(e) || cJSON_IsArray(e)) {
            const char *u = photo(im, e);
            if (u)
                return u;
        }
    }
    return NULL;
}

static void prices(struct importer *im, const cJSON *o)
{
    const char *s = field(o, "Tarifs");
    char buf[512];
    const char *f[MAX_FIELDS];
    size_t len;
    FOR_RECORDS(s, rec, len)
    {
        int n = fields(rec, len, buf, sizeof buf, f);
        double v[2];
        int nv = 0;
        char label[200] = "";
        for (int i = 0; i < n; i++) {
            if (!f[i])
                continue;
            cJSON tmp = {.type = cJSON_String, .valuestring = (char *)f[i]};
            if (i > 0 && nv < 2 && jnum(&tmp, &v[nv])) {
                nv++;
            } else if (nv == 0 && strlen(label) + strlen(f[i]) + 4 < sizeof label) {
                if (label[0])
                    strcat(label, i == 1 ? " (" : ", ");
                strcat(label, f[i]);
                if (i == 1)
                    strcat(label, ")");
            }
        }
        if (icontains(label, "gratuit") && nv == 0) {
            im->d.free = 1;
            continue;
        }
        if (nv == 0)
            continue;
        struct imp_price *p = imp_price(im, v[0], nv > 1 ? v[1] : -1);
        if (p && label[0])
            p->label.s[LANG_FR] = arena_strdup(fb_arena(im->b), label);
    }
    if (im->d.nprices)
        im->d.free = im->d.free == 1 ? 1 : 0;
}

/* Periods: the packed PeriodeOuverture "start|end|open|close|open2|close2|..."
 * (dates DD/MM/YYYY), or v3 objects with Datedebut/Datefin. */
static void periods(struct importer *im, const cJSON *o)
{
    const cJSON *pv = jget(o, "PeriodeOuverture");
    if (!pv)
        pv = jget(o, "PeriodeOuvertures");
    if (!pv)
        pv = jget(o, "Dates");
    char buf[512];
    const char *f[MAX_FIELDS];
    size_t len;
    bool event = im->d.kind == KIND_EVENT;
    int best = -1; /* for providers: 1 once the record covering ref is used */
    if (cJSON_IsString(pv)) {
        FOR_RECORDS(pv->valuestring, rec, len)
        {
            int n = fields(rec, len, buf, sizeof buf, f);
            if (n < 1 || !f[0])
                continue;
            if (event) {
                imp_period(im, f[0], n > 1 ? f[1] : NULL, n > 2 ? f[2] : NULL,
                           n > 3 ? f[3] : NULL);
                continue;
            }
            /* Providers: hours of the period covering ref. */
            int before = im->d.nperiods;
            imp_period(im, f[0], n > 1 ? f[1] : NULL, NULL, NULL);
            if (im->d.nperiods == before || best == 1)
                continue;
            struct imp_period *p = &im->d.periods[im->d.nperiods - 1];
            civil_t end = (p->end != CIVIL_NONE ? p->end : p->start) + 86399;
            if (p->start <= im->ref && end >= im->ref) {
                memset(&im->d.opening, 0, sizeof im->d.opening);
                im->d.has_opening = false;
                for (int k = 2; k + 1 < n && k < 6; k += 2)
                    imp_hours(im, 0x7f, f[k], f[k + 1]);
                best = 1;
            }
        }
        if (!event)
            im->d.nperiods = 0;
        return;
    }
    const cJSON *p;
    JEACH(p, pv)
    {
        const char *s = field(p, "Datedebut"), *e = field(p, "Datefin");
        if (!s)
            s = field(p, "DateDebut"), e = field(p, "DateFin");
        if (event)
            imp_period(im, s, e, field(p, "HeureOuverture1"), field(p, "HeureFermeture1"));
    }
    if (event && im->d.nperiods == 0) {
        const char *s = field(o, "DateDebut"), *e = field(o, "DateFin");
        if (s)
            imp_period(im, s, e, NULL, NULL);
    }
}

static void object(struct importer *im, const cJSON *o)
{
    if (!cJSON_IsObject(o))
        return;
    const char *id = field(o, "SyndicObjectID");
    if (!id)
        id = field(o, "SyndicObjectId");
    int line = imp_line_of(im, id);
    imp_draft_reset(im);
    im->d.line = line;
    im->d.id = id;
    const char *tname = field(o, "ObjectTypeName");
    im->d.type = tname;
    size_t k = sizeof types / sizeof types[0];
    for (size_t t = 0; t < sizeof types / sizeof types[0] && tname; t++)
        if (icontains(tname, types[t].word)) {
            k = t;
            break;
        }
    for (size_t t = 0; t < sizeof types / sizeof types[0] && k == sizeof types / sizeof types[0];
         t++)
        if (id && strncmp(id, types[t].prefix, 3) == 0)
            k = t;
    if (k == sizeof types / sizeof types[0]) {
        im->st.objects++;
        imp_skip_type(im, tname ? tname : id ? id : NULL);
        return;
    }
    im->d.kind = types[k].kind;
    const char *cls = field(o, "Classification");
    if (!cls)
        cls = field(o, "Classification2");
    imp_text(im, &im->d.category, LANG_FR, cls ? cls : types[k].category);
    const char *name = field(o, "SyndicObjectName");
    if (!name)
        name = field(o, "title");
    if (!name)
        name = field(o, "RaisonSociale");
    imp_text(im, &im->d.title, LANG_FR, name);
    imp_text(im, &im->d.body, LANG_FR, field(o, "DescriptionCommerciale"));
    imp_text(im, &im->d.longbody, LANG_FR, field(o, "DescriptionCommerciale2"));
    imp_text(im, &im->d.longbody, LANG_FR, field(o, "Descriptif"));
    address(im, o);
    contacts(im, o);
    const char *lat = field(o, "GmapLatitude"), *lon = field(o, "GmapLongitude");
    if (!lat)
        lat = field(o, "GooglemapLatitude"), lon = field(o, "GooglemapLongitude");
    cJSON jl = {.type = cJSON_String, .valuestring = (char *)lat};
    cJSON jo = {.type = cJSON_String, .valuestring = (char *)lon};
    if (lat && lon && jnum(&jl, &im->d.lat) && jnum(&jo, &im->d.lon))
        im->d.has_geo = true;
    const cJSON *ph = jget(o, "Photos");
    if (!ph)
        ph = jget(o, "MediaPhotoss");
    if (!ph)
        ph = jget(o, "PHOTOS");
    im->d.image = photo(im, ph);
    periods(im, o);
    prices(im, o);
    imp_emit(im);
}

void import_tourinsoft(struct importer *im, const cJSON *root)
{
    const cJSON *list = jget(root, "value");
    if (!list) {
        const cJSON *d = jget(root, "d");
        list = cJSON_IsArray(d) ? d : jget(d, "results");
    }
    const cJSON *o;
    cJSON_ArrayForEach(o, list) object(im, o);
}
