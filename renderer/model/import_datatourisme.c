/* import_datatourisme — DATAtourisme JSON-LD "flux" objects: one object, an
 * array of them, or a {"@graph": [...]} document. Field by field:
 * docs/importers.md. */
#include <string.h>

#include "model/import_priv.h"

/* Types in order of precedence: the first that an object carries decides
 * its kind and category. Names are compared without a "schema:" prefix. */
static const struct {
    const char *type;
    enum item_kind kind;
    const char *category;
} types[] = {
    {"Event", KIND_EVENT, NULL},
    {"EntertainmentAndEvent", KIND_EVENT, NULL},
    {"FeteEtManifestation", KIND_EVENT, NULL},
    {"CulturalEvent", KIND_EVENT, NULL},
    {"SportsEvent", KIND_EVENT, NULL},
    {"Restaurant", KIND_PROVIDER, "Restaurant"},
    {"FoodEstablishment", KIND_PROVIDER, "Restauration"},
    {"Hotel", KIND_PROVIDER, "Hôtel"},
    {"HotelTrade", KIND_PROVIDER, "Hôtel"},
    {"Camping", KIND_PROVIDER, "Camping"},
    {"CampingAndCaravanning", KIND_PROVIDER, "Camping"},
    {"BedAndBreakfast", KIND_PROVIDER, "Chambre d'hôtes"},
    {"SelfCateringAccommodation", KIND_PROVIDER, "Location de vacances"},
    {"RentalAccommodation", KIND_PROVIDER, "Location de vacances"},
    {"Accommodation", KIND_PROVIDER, "Hébergement"},
    {"LodgingBusiness", KIND_PROVIDER, "Hébergement"},
    {"WineCellar", KIND_PROVIDER, "Cave"},
    {"TastingProvider", KIND_PROVIDER, "Dégustation"},
    {"ActivityProvider", KIND_PROVIDER, "Activités"},
    {"Store", KIND_PROVIDER, "Commerce"},
    {"ServiceProvider", KIND_PROVIDER, "Services"},
    {"LocalBusiness", KIND_PROVIDER, "Commerce"},
    {"Museum", KIND_PLACE, "Musée"},
    {"Castle", KIND_PLACE, "Château"},
    {"Abbey", KIND_PLACE, "Abbaye"},
    {"Church", KIND_PLACE, "Église"},
    {"ReligiousSite", KIND_PLACE, "Site religieux"},
    {"ParkAndGarden", KIND_PLACE, "Parc et jardin"},
    {"RemarkableBuilding", KIND_PLACE, "Monument"},
    {"CulturalSite", KIND_PLACE, "Site culturel"},
    {"NaturalHeritage", KIND_PLACE, "Site naturel"},
    {"SportsAndLeisurePlace", KIND_PLACE, "Sports et loisirs"},
    {"PlaceOfInterest", KIND_PLACE, NULL},
};

/* What object() and its helpers read, for jprune (see import_priv.h): a
 * member read anywhere below must be named here, or a pruned import loses
 * it. The parity test in test_import_formats.c compares both imports. */
static const struct jprune_key ld_text_keys[] = {
    JPRUNE_KEEP("fr"),     JPRUNE_KEEP("eu"),        JPRUNE_KEEP("es"), JPRUNE_KEEP("en"),
    JPRUNE_KEEP("@value"), JPRUNE_KEEP("@language"), JPRUNE_END,
};
static const struct jprune_key ld_id_keys[] = {JPRUNE_KEEP("@id"), JPRUNE_END};
static const struct jprune_key description_keys[] = {
    JPRUNE_SUB("shortDescription", ld_text_keys),
    JPRUNE_SUB("dc:description", ld_text_keys),
    JPRUNE_END,
};
static const struct jprune_key address_keys[] = {
    JPRUNE_KEEP("schema:streetAddress"),
    JPRUNE_KEEP("schema:postalCode"),
    JPRUNE_KEEP("schema:addressLocality"),
    JPRUNE_END,
};
static const struct jprune_key geo_keys[] = {
    JPRUNE_KEEP("schema:latitude"),
    JPRUNE_KEEP("schema:longitude"),
    JPRUNE_END,
};
static const struct jprune_key hours_keys[] = {
    JPRUNE_KEEP("schema:validFrom"),
    JPRUNE_KEEP("schema:validThrough"),
    JPRUNE_SUB("schema:dayOfWeek", ld_id_keys),
    JPRUNE_KEEP("schema:opens"),
    JPRUNE_KEEP("schema:closes"),
    JPRUNE_END,
};
static const struct jprune_key place_keys[] = {
    JPRUNE_SUB("schema:address", address_keys),
    JPRUNE_SUB("schema:name", ld_text_keys),
    JPRUNE_SUB("rdfs:label", ld_text_keys),
    JPRUNE_SUB("schema:geo", geo_keys),
    JPRUNE_SUB("schema:openingHoursSpecification", hours_keys),
    JPRUNE_END,
};
static const struct jprune_key contact_keys[] = {
    JPRUNE_KEEP("foaf:homepage"),
    JPRUNE_KEEP("schema:telephone"),
    JPRUNE_END,
};
static const struct jprune_key organiser_keys[] = {JPRUNE_KEEP("schema:legalName"), JPRUNE_END};
static const struct jprune_key resource_keys[] = {
    JPRUNE_KEEP("ebucore:locator"),
    JPRUNE_SUB("ebucore:hasMimeType", ld_id_keys),
    JPRUNE_END,
};
static const struct jprune_key representation_keys[] = {
    JPRUNE_SUB("ebucore:hasRelatedResource", resource_keys),
    JPRUNE_END,
};
static const struct jprune_key period_keys[] = {
    JPRUNE_KEEP("startDate"),
    JPRUNE_KEEP("schema:startDate"),
    JPRUNE_KEEP("endDate"),
    JPRUNE_KEEP("schema:endDate"),
    JPRUNE_KEEP("startTime"),
    JPRUNE_KEEP("endTime"),
    JPRUNE_END,
};
static const struct jprune_key price_keys[] = {
    JPRUNE_KEEP("schema:minPrice"),
    JPRUNE_KEEP("schema:maxPrice"),
    JPRUNE_KEEP("schema:price"),
    JPRUNE_SUB("additionalInformation", ld_text_keys),
    JPRUNE_END,
};
static const struct jprune_key offer_keys[] = {
    JPRUNE_SUB("schema:availability", ld_id_keys),
    JPRUNE_SUB("schema:priceSpecification", price_keys),
    JPRUNE_END,
};
const struct jprune_key imp_datatourisme_keys[] = {
    JPRUNE_KEEP("@id"),
    JPRUNE_KEEP("dc:identifier"),
    JPRUNE_KEEP("@type"),
    JPRUNE_SUB("rdfs:label", ld_text_keys),
    JPRUNE_SUB("rdfs:comment", ld_text_keys),
    JPRUNE_SUB("hasDescription", description_keys),
    JPRUNE_SUB("isLocatedAt", place_keys),
    JPRUNE_SUB("hasContact", contact_keys),
    JPRUNE_SUB("organisedBy", organiser_keys),
    JPRUNE_SUB("hasMainRepresentation", representation_keys),
    JPRUNE_SUB("hasRepresentation", representation_keys),
    JPRUNE_SUB("takesPlaceAt", period_keys),
    JPRUNE_KEEP("schema:startDate"),
    JPRUNE_KEEP("schema:endDate"),
    JPRUNE_SUB("schema:eventStatus", ld_id_keys),
    JPRUNE_SUB("eventStatus", ld_id_keys),
    JPRUNE_KEEP("schema:isAccessibleForFree"),
    JPRUNE_SUB("offers", offer_keys),
    JPRUNE_LIST("@graph"),
    JPRUNE_END,
};

static const char *bare(const char *t)
{
    return strncmp(t, "schema:", 7) == 0 ? t + 7 : t;
}

/* A JSON-LD text: {"fr": ["..."], "en": "..."}, [{"@value": .., "@language": ..}]
 * or a plain string (French). */
static void ld_text(struct importer *im, tr_text *t, const cJSON *v)
{
    if (!v)
        return;
    if (cJSON_IsString(jfirst(v)) && !cJSON_IsObject(v)) {
        imp_text(im, t, LANG_FR, jtext(v, NULL, 0));
        return;
    }
    if (cJSON_IsArray(v)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, v)
        {
            const char *lang = jtext(jget(e, "@language"), NULL, 0);
            enum lang l = LANG_FR;
            if (lang && lang_parse(lang, &l) < 0)
                continue;
            imp_text(im, t, l, jtext(jget(e, "@value"), NULL, 0));
        }
        return;
    }
    for (int l = 0; l < LANG_COUNT; l++)
        imp_text(im, t, (enum lang)l, jtext(jget(v, lang_code((enum lang)l)), NULL, 0));
}

/* An @id or a plain string, for enumerations such as schema:Monday. */
static const char *ld_id(const cJSON *v)
{
    const char *s = jtext(jget(jfirst(v), "@id"), NULL, 0);
    return s ? s : jtext(v, NULL, 0);
}

static bool has_word(const cJSON *v, const char *word)
{
    const cJSON *e;
    JEACH(e, v)
    {
        const char *s = ld_id(e);
        if (s && strstr(s, word))
            return true;
    }
    return false;
}

static int weekday(const char *s)
{
    static const char *const days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
    for (int d = 0; s && d < 7; d++)
        if (strstr(s, days[d]))
            return d;
    return -1;
}

/* Opening hours: the specifications valid at ref (or without validity),
 * else those of the next validity to start. */
static void opening(struct importer *im, const cJSON *specs)
{
    civil_t next = CIVIL_NONE;
    for (int pass = 0; pass < 2; pass++) {
        const cJSON *s;
        JEACH(s, specs)
        {
            civil_t from = CIVIL_NONE, thru = CIVIL_NONE;
            bool dd;
            char err[100];
            const char *vf = jtext(jget(s, "schema:validFrom"), NULL, 0);
            const char *vt = jtext(jget(s, "schema:validThrough"), NULL, 0);
            char tmp[11];
            if (vf && strlen(vf) >= 10) {
                snprintf(tmp, sizeof tmp, "%.10s", vf);
                civil_parse(tmp, &from, &dd, err, sizeof err);
            }
            if (vt && strlen(vt) >= 10) {
                snprintf(tmp, sizeof tmp, "%.10s", vt);
                if (civil_parse(tmp, &thru, &dd, err, sizeof err) == 0)
                    thru += 86399;
            }
            bool now =
                (from == CIVIL_NONE || from <= im->ref) && (thru == CIVIL_NONE || thru >= im->ref);
            if (pass == 0) {
                if (!now && from != CIVIL_NONE && from > im->ref &&
                    (next == CIVIL_NONE || from < next))
                    next = from;
                if (!now)
                    continue;
            } else if (from != next) {
                continue;
            }
            uint8_t mask = 0;
            const cJSON *days = jget(s, "schema:dayOfWeek"), *d;
            JEACH(d, days)
            {
                int w = weekday(ld_id(d));
                if (w >= 0)
                    mask |= (uint8_t)(1u << w);
            }
            if (!days)
                mask = 0x7f;
            imp_hours(im, mask, jtext(jget(s, "schema:opens"), NULL, 0),
                      jtext(jget(s, "schema:closes"), NULL, 0));
        }
        if (im->d.has_opening || next == CIVIL_NONE)
            return;
    }
}

static void periods(struct importer *im, const cJSON *o)
{
    const cJSON *tp = jget(o, "takesPlaceAt"), *p;
    JEACH(p, tp)
    {
        const char *s = jtext(jget(p, "startDate"), NULL, 0);
        if (!s)
            s = jtext(jget(p, "schema:startDate"), NULL, 0);
        const char *e = jtext(jget(p, "endDate"), NULL, 0);
        if (!e)
            e = jtext(jget(p, "schema:endDate"), NULL, 0);
        imp_period(im, s, e, jtext(jget(p, "startTime"), NULL, 0),
                   jtext(jget(p, "endTime"), NULL, 0));
    }
    if (im->d.nperiods)
        return;
    /* No periods: schema:startDate / schema:endDate, paired by position. */
    const cJSON *ss = jget(o, "schema:startDate"), *ee = jget(o, "schema:endDate");
    int n = jcount(ss), ne = jcount(ee);
    const cJSON *s = jat(ss, 0), *e = ne ? jat(ee, 0) : NULL; /* walked, not indexed */
    for (int i = 0; i < n && s; i++) {
        imp_period(im, jtext(s, NULL, 0), jtext(e, NULL, 0), NULL, NULL);
        s = cJSON_IsArray(ss) ? s->next : NULL;
        if (i + 1 < ne && cJSON_IsArray(ee))
            e = e->next;
    }
}

static void offers(struct importer *im, const cJSON *o)
{
    const cJSON *acc = jget(o, "schema:isAccessibleForFree");
    if (cJSON_IsBool(jfirst(acc)))
        im->d.free = cJSON_IsTrue(jfirst(acc)) ? 1 : 0;
    const cJSON *offs = jget(o, "offers"), *of;
    JEACH(of, offs)
    {
        if (has_word(jget(of, "schema:availability"), "SoldOut"))
            im->d.status = ST_SOLDOUT;
        const cJSON *specs = jget(of, "schema:priceSpecification"), *s;
        JEACH(s, specs)
        {
            double mn = -1, mx = -1, pr = -1;
            bool a = jnum(jget(s, "schema:minPrice"), &mn);
            bool b = jnum(jget(s, "schema:maxPrice"), &mx);
            bool c = jnum(jget(s, "schema:price"), &pr);
            if (!a && !b && !c) {
                const char *raw = jtext(jget(s, "schema:minPrice"), NULL, 0);
                if (!raw)
                    raw = jtext(jget(s, "schema:price"), NULL, 0);
                if (raw && (strcasestr(raw, "gratuit") || strcasestr(raw, "free"))) {
                    imp_price(im, 0, -1);
                    continue;
                }
                if (raw)
                    imp_warn(im, im->d.line, "price '%s' is not a number; ignored", raw);
                continue;
            }
            if (!a)
                mn = c ? pr : mx;
            if (!b)
                mx = -1;
            struct imp_price *p = imp_price(im, mn, mx);
            if (p)
                ld_text(im, &p->label, jget(s, "additionalInformation"));
        }
    }
    if (im->d.free == -1 && im->d.nprices > 0) {
        bool zero = true;
        for (int i = 0; i < im->d.nprices; i++)
            zero &= im->d.prices[i].min == 0 && im->d.prices[i].max < 0;
        if (zero)
            im->d.free = 1;
    }
}

static void location(struct importer *im, const cJSON *o)
{
    const cJSON *at = jfirst(jget(o, "isLocatedAt"));
    const cJSON *a = jfirst(jget(at, "schema:address"));
    char buf[400];
    size_t n = 0;
    buf[0] = '\0';
    const cJSON *street = jget(a, "schema:streetAddress"), *s;
    JEACH(s, street)
    {
        if (n >= sizeof buf)
            break;
        const char *t = jtext(s, NULL, 0);
        if (t)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? ", " : "", t);
    }
    const char *cp = jtext(jget(a, "schema:postalCode"), im->scratch, sizeof im->scratch);
    const char *town = jtext(jget(a, "schema:addressLocality"), NULL, 0);
    if ((cp || town) && n < sizeof buf)
        snprintf(buf + n, sizeof buf - n, "%s%s%s%s", n ? ", " : "", cp ? cp : "",
                 cp && town ? " " : "", town ? town : "");
    if (buf[0])
        im->d.address = arena_strdup(fb_arena(im->b), buf);
    ld_text(im, &im->d.venue, jget(at, "schema:name"));
    ld_text(im, &im->d.venue, jget(at, "rdfs:label"));
    imp_text(im, &im->d.venue, LANG_FR, town);
    const cJSON *geo = jfirst(jget(at, "schema:geo"));
    double lat, lon;
    if (jnum(jget(geo, "schema:latitude"), &lat) && jnum(jget(geo, "schema:longitude"), &lon)) {
        im->d.lat = lat;
        im->d.lon = lon;
        im->d.has_geo = true;
    }
    opening(im, jget(at, "schema:openingHoursSpecification"));
}

static const char *image(const cJSON *o)
{
    const char *keys[] = {"hasMainRepresentation", "hasRepresentation"};
    for (int k = 0; k < 2; k++) {
        const cJSON *reps = jget(o, keys[k]), *r;
        JEACH(r, reps)
        {
            const cJSON *res = jget(r, "ebucore:hasRelatedResource"), *x;
            JEACH(x, res)
            {
                const char *url = jtext(jget(x, "ebucore:locator"), NULL, 0);
                const char *mime = ld_id(jget(x, "ebucore:hasMimeType"));
                if (url && (!mime || strstr(mime, "JPEG") || strstr(mime, "PNG") ||
                            strstr(mime, "image")))
                    return url;
            }
        }
    }
    return NULL;
}

static void object(struct importer *im, const cJSON *o)
{
    if (!cJSON_IsObject(o))
        return;
    char idbuf[64];
    const char *id = jtext(jget(o, "dc:identifier"), idbuf, sizeof idbuf);
    const char *atid = jtext(jget(o, "@id"), NULL, 0);
    if (!id && atid) {
        const char *slash = strrchr(atid, '/');
        id = slash ? slash + 1 : atid;
    }
    int line = imp_line_of(im, atid ? atid : id);
    imp_draft_reset(im);
    im->d.line = line;
    im->d.id = id;

    const cJSON *tv = jget(o, "@type");
    size_t k = sizeof types / sizeof types[0];
    for (size_t t = 0; t < sizeof types / sizeof types[0] && k == sizeof types / sizeof types[0];
         t++) {
        const cJSON *e;
        JEACH(e, tv)
        {
            const char *s = jtext(e, NULL, 0);
            if (s && strcmp(bare(s), types[t].type) == 0) {
                k = t;
                break;
            }
        }
    }
    const char *last = jtext(jat(tv, jcount(tv) - 1), NULL, 0);
    im->d.type = last;
    if (k == sizeof types / sizeof types[0]) {
        im->st.objects++;
        imp_skip_type(im, last);
        return;
    }
    im->d.kind = types[k].kind;
    if (types[k].category)
        im->d.category.s[LANG_FR] = types[k].category;

    ld_text(im, &im->d.title, jget(o, "rdfs:label"));
    ld_text(im, &im->d.body, jget(o, "rdfs:comment"));
    const cJSON *desc = jget(o, "hasDescription");
    ld_text(im, &im->d.body, jget(desc, "shortDescription"));
    ld_text(im, &im->d.longbody, jget(desc, "dc:description"));
    location(im, o);
    const cJSON *contact = jfirst(jget(o, "hasContact"));
    const char *web = jtext(jget(contact, "foaf:homepage"), NULL, 0);
    if (web && strncmp(web, "http", 4) == 0)
        im->d.url = web;
    im->d.phone = jtext(jget(contact, "schema:telephone"), NULL, 0);
    im->d.organiser = jtext(jget(jfirst(jget(o, "organisedBy")), "schema:legalName"), NULL, 0);
    im->d.image = image(o);
    if (im->d.kind == KIND_EVENT)
        periods(im, o);
    const cJSON *status = jget(o, "schema:eventStatus");
    if (!status)
        status = jget(o, "eventStatus");
    if (has_word(status, "Cancelled"))
        im->d.status = ST_CANCELLED;
    else if (has_word(status, "Postponed") || has_word(status, "Rescheduled"))
        im->d.status = ST_POSTPONED;
    offers(im, o);
    imp_emit(im);
}

void import_datatourisme(struct importer *im, const cJSON *root)
{
    const cJSON *list = cJSON_IsArray(root) ? root : jget(root, "@graph");
    if (!cJSON_IsArray(list)) {
        object(im, root);
        return;
    }
    const cJSON *o;
    cJSON_ArrayForEach(o, list) object(im, o);
}
