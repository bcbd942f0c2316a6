/* jpath — tolerant reading of a parsed JSON document (cJSON), as the
 * tourism databases write them: a value may be a scalar, an array of them,
 * an object where text was expected, or a number written as a string.
 * Used by the SIT importers (import*.c). */
#ifndef VITRINE_MODEL_JPATH_H
#define VITRINE_MODEL_JPATH_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Member key of o; when o is an array, the first element that has it. */
const cJSON *jget(const cJSON *o, const char *key);
/* Dotted path of members ("localisation.adresse.codePostal"). */
const cJSON *jpath(const cJSON *o, const char *path);
/* The first element of an array, or v itself. */
const cJSON *jfirst(const cJSON *v);
/* Text of v (first of an array); a number gives its decimal form in buf.
 * Returns NULL for null, objects, empty or blank strings. */
const char *jtext(const cJSON *v, char *buf, size_t size);
/* Number of v: a JSON number, or a string such as "7,50" or " 12 ". */
bool jnum(const cJSON *v, double *out);
/* Number of elements when v is an array, 1 for any other non-null value. */
int jcount(const cJSON *v);
/* i-th element of an array, or v itself for i == 0. */
const cJSON *jat(const cJSON *v, int i);

/* Iterates the elements of an array, or a lone value once (a list that the
 * source wrote as a single object). v must be a plain variable. */
#define JEACH(e, v)                                                                               \
    for ((e) = cJSON_IsArray(v) ? (v)->child : (v); (e); (e) = cJSON_IsArray(v) ? (e)->next : NULL)

#endif
