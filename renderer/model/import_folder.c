/* import_folder — a folder as the databases deliver it: a DATAtourisme flux
 * (index.json beside objects/ in sub-folders), an unpacked Apidae export
 * (objets_modifies/ and the reference files communes.json,
 * elements_reference.json…), or any folder of exports. Staff point at the
 * folder they were given; the objects are found inside, the rest is left. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "model/import.h"
#include "model/util.h"

/* Files and folders of an export that hold no object to show: the flux's
 * index, Apidae's reference lists and its list of deleted objects. */
static const char *const not_objects[] = {
    "index.json",
    "communes.json",
    "elements_reference.json",
    "criteres_internes.json",
    "selections.json",
    "territoires.json",
    "localisations.json",
    "export.json",
    "objets_supprimes",
    "objets_supprimes.json",
    NULL,
};

static bool left_out(const char *name)
{
    for (int i = 0; not_objects[i]; i++)
        if (strcmp(name, not_objects[i]) == 0)
            return true;
    return false;
}

struct names {
    char **v;
    size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the .json files under path, depth first, up to depth levels. */
static void collect(const char *path, int depth, struct names *out)
{
    DIR *dir = opendir(path);
    if (!dir)
        return;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.' || left_out(de->d_name))
            continue;
        char *full = xasprintf("%s/%s", path, de->d_name);
        if (is_dir(full)) {
            if (depth > 0)
                collect(full, depth - 1, out);
            free(full);
            continue;
        }
        if (!str_ends(de->d_name, ".json") || !is_file(full)) {
            free(full);
            continue;
        }
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->v = xrealloc(out->v, out->cap * sizeof *out->v);
        }
        out->v[out->n++] = full;
    }
    closedir(dir);
}

int import_add_folder(importer_t *im, const char *path, enum import_format fmt, diag_t *diag)
{
    struct names names = {0};
    collect(path, IMPORT_FOLDER_DEPTH, &names);
    if (names.n > 1) /* qsort(NULL, 0) is undefined */
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    int rc = 0;
    if (names.n == 0) {
        diag_add(diag, path, 0,
                 "no export file (.json) in this folder or its sub-folders; give the folder "
                 "the database delivered (a DATAtourisme flux, an unpacked Apidae export)");
        rc = -1;
    } else {
        rc = import_add_files(im, (const char *const *)names.v, names.n, fmt);
    }
    for (size_t i = 0; i < names.n; i++)
        free(names.v[i]);
    free(names.v);
    return rc;
}
