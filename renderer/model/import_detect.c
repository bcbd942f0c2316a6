/* import_detect — the names of the import formats and the detection of a
 * document's format from its shape (see import.h). */
#include <stdlib.h>
#include <string.h>

#include "model/import_priv.h"

static const char *const format_names[] = {
    [IMPORT_UNKNOWN] = "unknown",           [IMPORT_NATIVE] = "native",
    [IMPORT_DATATOURISME] = "datatourisme", [IMPORT_APIDAE] = "apidae",
    [IMPORT_TOURINSOFT] = "tourinsoft",
};

const char *import_format_name(enum import_format f)
{
    return (unsigned)f <= IMPORT_TOURINSOFT ? format_names[f] : "unknown";
}

int import_format_parse(const char *name, enum import_format *out)
{
    for (int f = IMPORT_DATATOURISME; f <= IMPORT_TOURINSOFT; f++) {
        if (strcmp(name, format_names[f]) == 0) {
            *out = (enum import_format)f;
            return 0;
        }
    }
    return -1;
}

static const char *const apidae_types[] = {
    "FETE_ET_MANIFESTATION",
    "RESTAURATION",
    "HEBERGEMENT_HOTELIER",
    "HOTELLERIE",
    "HEBERGEMENT_COLLECTIF",
    "HEBERGEMENT_LOCATIF",
    "HOTELLERIE_PLEIN_AIR",
    "PATRIMOINE_CULTUREL",
    "PATRIMOINE_NATUREL",
    "ACTIVITE",
    "COMMERCE_ET_SERVICE",
    "EQUIPEMENT",
    "DEGUSTATION",
    "SEJOUR_PACKAGE",
    "STRUCTURE",
    "TERRITOIRE",
    "DOMAINE_SKIABLE",
    NULL,
};

static bool looks_apidae(const cJSON *o)
{
    const cJSON *t = jget(o, "type");
    if (!cJSON_IsObject(o) || !cJSON_IsString(t))
        return false;
    if (cJSON_IsObject(jget(o, "nom")))
        return true;
    for (int i = 0; apidae_types[i]; i++)
        if (strcmp(t->valuestring, apidae_types[i]) == 0)
            return jget(o, "id") != NULL;
    return false;
}

static bool looks_datatourisme(const cJSON *o)
{
    if (!cJSON_IsObject(o))
        return false;
    const cJSON *id = jget(o, "@id");
    if (cJSON_IsString(id) && strstr(id->valuestring, "datatourisme"))
        return true;
    return jget(o, "@type") && (jget(o, "rdfs:label") || jget(o, "dc:identifier"));
}

enum import_format import_detect(const cJSON *root)
{
    if (cJSON_IsArray(root)) {
        const cJSON *first = root->child;
        if (looks_apidae(first))
            return IMPORT_APIDAE;
        if (looks_datatourisme(first))
            return IMPORT_DATATOURISME;
        return IMPORT_UNKNOWN;
    }
    if (!cJSON_IsObject(root))
        return IMPORT_UNKNOWN;
    if (jget(root, "items") || jget(root, "version") || jget(root, "settings"))
        return IMPORT_NATIVE;
    const cJSON *d = jget(root, "d");
    if ((cJSON_IsObject(d) && cJSON_IsArray(jget(d, "results"))) || cJSON_IsArray(d))
        return IMPORT_TOURINSOFT;
    if (cJSON_IsArray(jget(root, "value")))
        return IMPORT_TOURINSOFT;
    const cJSON *ot = jget(root, "objetsTouristiques");
    if (cJSON_IsArray(ot) || looks_apidae(root))
        return IMPORT_APIDAE;
    /* the "agenda détaillé" answer: objects grouped by day */
    if (cJSON_IsObject(ot) && ot->child && cJSON_IsArray(ot->child))
        return IMPORT_APIDAE;
    const cJSON *ctx = jget(root, "@context");
    char *ctxs = ctx ? cJSON_PrintUnformatted(ctx) : NULL;
    bool dt_ctx = ctxs && strstr(ctxs, "datatourisme");
    free(ctxs);
    if (dt_ctx || jget(root, "@graph") || looks_datatourisme(root))
        return IMPORT_DATATOURISME;
    return IMPORT_UNKNOWN;
}

/* The members that import_detect looks at, beside the mappers' own. */
const struct jprune_key imp_detect_keys[] = {
    JPRUNE_KEEP("items"), JPRUNE_KEEP("version"), JPRUNE_KEEP("settings"),
    JPRUNE_KEEP("d"),     JPRUNE_KEEP("value"),   JPRUNE_KEEP("@context"),
    JPRUNE_END,
};
