/* import_apidae — Apidae API v002 JSON: search responses
 * ({"objetsTouristiques": [...]}, or grouped by day {"objetsTouristiques":
 * {"2026-10-03": [...]}} in the "agenda détaillé" answer) and the export
 * archive's objets_modifies
 * files (a plain array of objects). Field by field: docs/importers.md. */
#include <string.h>

#include "model/import_priv.h"

static const struct {
    const char *type;
    enum item_kind kind;
    const char *category; /* French; NULL: none */
} types[] = {
    {"FETE_ET_MANIFESTATION", KIND_EVENT, NULL},
    {"RESTAURATION", KIND_PROVIDER, "Restaurant"},
    {"HEBERGEMENT_HOTELIER", KIND_PROVIDER, "Hôtel"},
    {"HOTELLERIE", KIND_PROVIDER, "Hôtel"},
    {"HEBERGEMENT_LOCATIF", KIND_PROVIDER, "Location de vacances"},
    {"HEBERGEMENT_COLLECTIF", KIND_PROVIDER, "Hébergement collectif"},
    {"HOTELLERIE_PLEIN_AIR", KIND_PROVIDER, "Camping"},
    {"ACTIVITE", KIND_PROVIDER, "Activité"},
    {"COMMERCE_ET_SERVICE", KIND_PROVIDER, "Commerce et service"},
    {"DEGUSTATION", KIND_PROVIDER, "Dégustation"},
    {"PATRIMOINE_CULTUREL", KIND_PLACE, "Patrimoine culturel"},
    {"PATRIMOINE_NATUREL", KIND_PLACE, "Patrimoine naturel"},
    {"EQUIPEMENT", KIND_PLACE, "Équipement de loisirs"},
};

/* What object() and its helpers read, for jprune (see import_priv.h): a
 * member read anywhere below must be named here, or a pruned import loses
 * it. The parity test in test_import_formats.c compares both imports. */
static const struct jprune_key libelle_keys[] = {
    JPRUNE_KEEP("libelleFr"),
    JPRUNE_KEEP("libelleEu"),
    JPRUNE_KEEP("libelleEs"),
    JPRUNE_KEEP("libelleEn"),
    JPRUNE_END,
};
static const struct jprune_key presentation_keys[] = {
    JPRUNE_SUB("descriptifCourt", libelle_keys),
    JPRUNE_SUB("descriptifDetaille", libelle_keys),
    JPRUNE_END,
};
static const struct jprune_key commune_keys[] = {JPRUNE_KEEP("nom"), JPRUNE_END};
static const struct jprune_key adresse_keys[] = {
    JPRUNE_KEEP("adresse1"),
    JPRUNE_KEEP("adresse2"),
    JPRUNE_KEEP("adresse3"),
    JPRUNE_KEEP("codePostal"),
    JPRUNE_SUB("commune", commune_keys),
    JPRUNE_END,
};
static const struct jprune_key geojson_keys[] = {JPRUNE_KEEP("coordinates"), JPRUNE_END};
static const struct jprune_key geoloc_keys[] = {JPRUNE_SUB("geoJson", geojson_keys), JPRUNE_END};
static const struct jprune_key localisation_keys[] = {
    JPRUNE_SUB("adresse", adresse_keys),
    JPRUNE_SUB("geolocalisation", geoloc_keys),
    JPRUNE_END,
};
static const struct jprune_key fete_keys[] = {JPRUNE_KEEP("nomLieu"), JPRUNE_END};
static const struct jprune_key gestion_keys[] = {JPRUNE_SUB("nom", libelle_keys), JPRUNE_END};
static const struct jprune_key type_id_keys[] = {JPRUNE_KEEP("id"), JPRUNE_END};
static const struct jprune_key moyen_keys[] = {
    JPRUNE_SUB("type", type_id_keys),
    JPRUNE_KEEP("coordonnees"),
    JPRUNE_END,
};
static const struct jprune_key informations_keys[] = {
    JPRUNE_SUB("structureGestion", gestion_keys),
    JPRUNE_SUB("moyensCommunication", moyen_keys),
    JPRUNE_END,
};
static const struct jprune_key fichier_keys[] = {
    JPRUNE_KEEP("locale"),
    JPRUNE_KEEP("urlDiaporama"),
    JPRUNE_KEEP("url"),
    JPRUNE_END,
};
static const struct jprune_key illustration_keys[] = {
    JPRUNE_KEEP("type"),
    JPRUNE_SUB("traductionFichiers", fichier_keys),
    JPRUNE_END,
};
static const struct jprune_key jour_keys[] = {
    JPRUNE_KEEP("jour"),
    JPRUNE_KEEP("horaireOuverture"),
    JPRUNE_KEEP("horaireFermeture"),
    JPRUNE_END,
};
static const struct jprune_key periode_keys[] = {
    JPRUNE_KEEP("dateDebut"),
    JPRUNE_KEEP("dateFin"),
    JPRUNE_KEEP("tousLesAns"),
    JPRUNE_KEEP("horaireOuverture"),
    JPRUNE_KEEP("horaireFermeture"),
    JPRUNE_SUB("ouverturesJournalieres", jour_keys),
    JPRUNE_END,
};
static const struct jprune_key ouverture_keys[] = {
    JPRUNE_SUB("periodesOuvertures", periode_keys),
    JPRUNE_KEEP("fermeTemporairement"),
    JPRUNE_END,
};
static const struct jprune_key tarif_keys[] = {
    JPRUNE_KEEP("minimum"),
    JPRUNE_KEEP("maximum"),
    JPRUNE_SUB("type", libelle_keys),
    JPRUNE_END,
};
static const struct jprune_key tarif_periode_keys[] = {
    JPRUNE_KEEP("dateDebut"),
    JPRUNE_KEEP("dateFin"),
    JPRUNE_KEEP("tousLesAns"),
    JPRUNE_SUB("tarifs", tarif_keys),
    JPRUNE_END,
};
static const struct jprune_key tarif_desc_keys[] = {
    JPRUNE_KEEP("indicationTarif"),
    JPRUNE_KEEP("gratuit"),
    JPRUNE_SUB("periodes", tarif_periode_keys),
    JPRUNE_END,
};
const struct jprune_key imp_apidae_keys[] = {
    JPRUNE_KEEP("type"),
    JPRUNE_KEEP("id"),
    JPRUNE_KEEP("state"),
    JPRUNE_SUB("nom", libelle_keys),
    JPRUNE_SUB("presentation", presentation_keys),
    JPRUNE_SUB("localisation", localisation_keys),
    JPRUNE_SUB("informationsFeteEtManifestation", fete_keys),
    JPRUNE_SUB("informations", informations_keys),
    JPRUNE_SUB("illustrations", illustration_keys),
    JPRUNE_SUB("ouverture", ouverture_keys),
    JPRUNE_SUB("descriptionTarif", tarif_desc_keys),
    JPRUNE_LIST("objetsTouristiques"),
    JPRUNE_END,
};

/* Apidae's multilingual text: {"libelleFr": ..., "libelleEn": ...}; a
 * plain string is taken as French. */
static void libelle(struct importer *im, tr_text *t, const cJSON *o)
{
    static const char *const keys[LANG_COUNT] = {"libelleFr", "libelleEu", "libelleEs",
                                                 "libelleEn"};
    if (cJSON_IsString(jfirst(o))) {
        imp_text(im, t, LANG_FR, jtext(o, NULL, 0));
        return;
    }
    for (int l = 0; l < LANG_COUNT; l++)
        imp_text(im, t, (enum lang)l, jtext(jget(o, keys[l]), NULL, 0));
}

static int weekday(const char *jour)
{
    static const char *const days[] = {"LUNDI",    "MARDI",  "MERCREDI", "JEUDI",
                                       "VENDREDI", "SAMEDI", "DIMANCHE"};
    for (int d = 0; d < 7; d++)
        if (jour && strcmp(jour, days[d]) == 0)
            return d;
    return -1;
}

/* Does period p cover the reference date? A period repeated every year
 * (tousLesAns) is compared by month and day. 1 covers, 0 is to come, -1 is over. */
static int period_state(struct importer *im, const cJSON *p)
{
    civil_t s, e;
    bool sdo, edo;
    char err[120];
    const char *ds = jtext(jget(p, "dateDebut"), NULL, 0);
    const char *de = jtext(jget(p, "dateFin"), NULL, 0);
    if (!ds || civil_parse(ds, &s, &sdo, err, sizeof err) < 0)
        return -1;
    if (!de || civil_parse(de, &e, &edo, err, sizeof err) < 0)
        e = s;
    e += 86399;
    civil_t ref = im->ref;
    if (cJSON_IsTrue(jget(p, "tousLesAns"))) {
        struct civil_fields r = civil_split(ref), a = civil_split(s), b = civil_split(e);
        int rk = r.month * 100 + r.day, ak = a.month * 100 + a.day, bk = b.month * 100 + b.day;
        if (ak <= bk)
            return rk >= ak && rk <= bk ? 1 : rk < ak ? 0 : -1;
        return rk >= ak || rk <= bk ? 1 : 0; /* across the new year */
    }
    return ref < s ? 0 : ref <= e ? 1 : -1;
}

static void opening(struct importer *im, const cJSON *periods, bool event)
{
    const cJSON *p, *chosen = NULL;
    int n = 0;
    JEACH(p, periods)
    {
        if (!cJSON_IsObject(p))
            continue;
        n++;
        if (event) {
            imp_period(im, jtext(jget(p, "dateDebut"), NULL, 0),
                       jtext(jget(p, "dateFin"), NULL, 0),
                       jtext(jget(p, "horaireOuverture"), NULL, 0),
                       jtext(jget(p, "horaireFermeture"), NULL, 0));
            continue;
        }
        int stt = period_state(im, p);
        if (stt == 1 || (stt == 0 && !chosen))
            chosen = p;
        if (stt == 1)
            break;
    }
    if (event || !chosen)
        return;
    /* The days: each ouverturesJournalieres entry, with its own hours or
     * the period's; every day for OUVERTURE_TOUS_LES_JOURS. */
    const char *open = jtext(jget(chosen, "horaireOuverture"), NULL, 0);
    const char *close = jtext(jget(chosen, "horaireFermeture"), NULL, 0);
    const cJSON *days = jget(chosen, "ouverturesJournalieres"), *j;
    bool any = false;
    JEACH(j, days)
    {
        const char *jour = jtext(jget(j, "jour"), NULL, 0);
        int d = weekday(jour);
        uint8_t mask = d >= 0 ? (uint8_t)(1u << d) : (jour && !strcmp(jour, "TOUS")) ? 0x7f : 0;
        const char *o = jtext(jget(j, "horaireOuverture"), NULL, 0);
        const char *c = jtext(jget(j, "horaireFermeture"), NULL, 0);
        imp_hours(im, mask, o ? o : open, o ? c : close);
        any = true;
    }
    if (!any)
        imp_hours(im, 0x7f, open, close);
}

static void prices(struct importer *im, const cJSON *tarif)
{
    const char *ind = jtext(jget(tarif, "indicationTarif"), NULL, 0);
    if (cJSON_IsTrue(jget(tarif, "gratuit")) || (ind && !strcmp(ind, "GRATUIT")))
        im->d.free = 1;
    else if (cJSON_IsFalse(jget(tarif, "gratuit")) || (ind && !strcmp(ind, "PAYANT")))
        im->d.free = 0;
    /* The tariff period in force, else the first to come, else the last. */
    const cJSON *periods = jget(tarif, "periodes"), *p, *chosen = NULL;
    JEACH(p, periods)
    {
        int s = period_state(im, p);
        if (s == 1 || !chosen || (s == 0 && period_state(im, chosen) < 0))
            chosen = p;
        if (s == 1)
            break;
    }
    const cJSON *t;
    const cJSON *tarifs = jget(chosen, "tarifs");
    JEACH(t, tarifs)
    {
        double mn = -1, mx = -1;
        bool has_min = jnum(jget(t, "minimum"), &mn), has_max = jnum(jget(t, "maximum"), &mx);
        if (!has_min && !has_max) {
            const cJSON *raw = jget(t, "minimum");
            if (raw && !cJSON_IsNull(raw))
                imp_warn(im, im->d.line, "price minimum is not a number; ignored");
            continue;
        }
        if (!has_min)
            mn = mx;
        struct imp_price *pr = imp_price(im, mn, has_max ? mx : -1);
        if (pr)
            libelle(im, &pr->label, jget(jget(t, "type"), "libelleFr") ? jget(t, "type") : NULL);
    }
}

static void contacts(struct importer *im, const cJSON *moyens)
{
    const cJSON *m;
    JEACH(m, moyens)
    {
        double type = 0;
        jnum(jpath(m, "type.id"), &type);
        const cJSON *coord = jget(m, "coordonnees");
        const char *v = jtext(jget(coord, "fr"), NULL, 0);
        if (!v)
            v = jtext(coord, NULL, 0);
        if (!v)
            continue;
        if ((int)type == 201 && !im->d.phone)
            im->d.phone = v;
        else if ((int)type == 205 && !im->d.url && !strncmp(v, "http", 4))
            im->d.url = v;
    }
}

static const char *image(const cJSON *illus)
{
    const cJSON *il;
    JEACH(il, illus)
    {
        const char *type = jtext(jget(il, "type"), NULL, 0);
        if (type && strcmp(type, "IMAGE") != 0)
            continue;
        const cJSON *files = jget(il, "traductionFichiers"), *f, *pick = NULL;
        JEACH(f, files)
        {
            const char *loc = jtext(jget(f, "locale"), NULL, 0);
            if (!pick || (loc && !strcmp(loc, "fr")))
                pick = f;
        }
        if (!pick && cJSON_IsObject(files))
            pick = files;
        const char *url = jtext(jget(pick, "urlDiaporama"), NULL, 0);
        if (!url)
            url = jtext(jget(pick, "url"), NULL, 0);
        if (url)
            return url;
    }
    return NULL;
}

static void address(struct importer *im, const cJSON *loc)
{
    const cJSON *a = jget(loc, "adresse");
    const char *parts[3] = {jtext(jget(a, "adresse1"), NULL, 0),
                            jtext(jget(a, "adresse2"), NULL, 0),
                            jtext(jget(a, "adresse3"), NULL, 0)};
    const char *cp = jtext(jget(a, "codePostal"), im->scratch, sizeof im->scratch);
    const char *town = jtext(jpath(a, "commune.nom"), NULL, 0);
    char buf[400];
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < 3; i++)
        if (parts[i] && o < sizeof buf)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", o ? ", " : "", parts[i]);
    if ((cp || town) && o < sizeof buf)
        snprintf(buf + o, sizeof buf - o, "%s%s%s%s", o ? ", " : "", cp ? cp : "",
                 cp && town ? " " : "", town ? town : "");
    if (buf[0])
        im->d.address = arena_strdup(fb_arena(im->b), buf);
    if (town)
        imp_text(im, &im->d.venue, LANG_FR, town);
    const cJSON *c = jpath(loc, "geolocalisation.geoJson.coordinates");
    double lon, lat;
    if (jcount(c) >= 2 && jnum(jat(c, 0), &lon) && jnum(jat(c, 1), &lat)) {
        im->d.lon = lon;
        im->d.lat = lat;
        im->d.has_geo = true;
    }
}

static void object(struct importer *im, const cJSON *o)
{
    if (!cJSON_IsObject(o))
        return;
    const char *type = jtext(jget(o, "type"), NULL, 0);
    char idbuf[40];
    const char *id = jtext(jget(o, "id"), idbuf, sizeof idbuf);
    int line = imp_line_of(im, id);
    imp_draft_reset(im);
    im->d.line = line;
    im->d.id = id;
    im->d.type = type;
    size_t k = 0;
    for (; k < sizeof types / sizeof types[0]; k++)
        if (type && strcmp(type, types[k].type) == 0)
            break;
    if (k == sizeof types / sizeof types[0]) {
        im->st.objects++;
        imp_skip_type(im, type);
        return;
    }
    const char *state = jtext(jget(o, "state"), NULL, 0);
    if (state && strcmp(state, "PUBLISHED") != 0) {
        im->st.objects++;
        im->st.skipped++;
        imp_warn(im, line, "state %s, not PUBLISHED; skipped", state);
        return;
    }
    im->d.kind = types[k].kind;
    if (types[k].category)
        im->d.category.s[LANG_FR] = types[k].category;
    libelle(im, &im->d.title, jget(o, "nom"));
    libelle(im, &im->d.body, jpath(o, "presentation.descriptifCourt"));
    libelle(im, &im->d.longbody, jpath(o, "presentation.descriptifDetaille"));
    address(im, jget(o, "localisation"));
    const char *lieu = jtext(jpath(o, "informationsFeteEtManifestation.nomLieu"), NULL, 0);
    if (lieu) {
        im->d.venue.s[LANG_FR] = NULL;
        imp_text(im, &im->d.venue, LANG_FR, lieu);
    }
    const cJSON *org = jpath(o, "informations.structureGestion.nom");
    if (org)
        im->d.organiser = jtext(jget(org, "libelleFr"), NULL, 0);
    contacts(im, jpath(o, "informations.moyensCommunication"));
    im->d.image = image(jget(o, "illustrations"));
    opening(im, jpath(o, "ouverture.periodesOuvertures"), im->d.kind == KIND_EVENT);
    const char *ferme = jtext(jpath(o, "ouverture.fermeTemporairement"), NULL, 0);
    if (ferme && !strcmp(ferme, "FERME_TEMPORAIREMENT") && im->d.kind == KIND_EVENT)
        im->d.status = ST_CANCELLED;
    prices(im, jget(o, "descriptionTarif"));
    imp_emit(im);
}

void import_apidae(struct importer *im, const cJSON *root)
{
    const cJSON *list = cJSON_IsArray(root) ? root : jget(root, "objetsTouristiques");
    if (!list) {
        object(im, root);
        return;
    }
    const cJSON *o;
    if (cJSON_IsObject(list)) {
        /* "Agenda détaillé": {"2026-10-03": [objects], ...}; an event on
         * several days comes once per day, and is imported once. */
        const cJSON *day;
        cJSON_ArrayForEach(day, list)
        {
            cJSON_ArrayForEach(o, day)
            {
                char buf[64];
                const char *id = jtext(jget(o, "id"), buf, sizeof buf);
                if (id && imp_known(im, id))
                    continue;
                object(im, o);
            }
        }
        return;
    }
    cJSON_ArrayForEach(o, list) object(im, o);
}
