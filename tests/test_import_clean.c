/* Table-driven tests for model/import_clean and the cleaning the importers
 * do once, on import: sentence case, French typography, phone numbers, the
 * price summary worded by the locale, duplicates left out; then the same
 * rules checked on every item imported from the real exports in
 * tests/fixtures/sit (copies of the samples, see SOURCES.md there). */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/import.h"
#include "model/import_priv.h"
#include "model/locale.h"
#include "model/util.h"

#define N(a)   (sizeof(a) / sizeof((a)[0]))
#define NN     "\xe2\x80\xaf" /* narrow no-break space */
#define APOS   "\xe2\x80\x99"
#define FR     LANG_FR
#define EN     LANG_EN
#define FIXSIT "tests/fixtures/sit/"

static const struct {
    const char *in;
    enum lang l;
    const char *ref; /* another text of the object, for names */
    const char *want;
} text_rows[] = {
    {"MAZETTE", FR, NULL, "Mazette"},
    {"DOMAINE DE SOUSTRES", FR, "Le Domaine de Soustres est situé sur la colline.",
     "Domaine de Soustres"},
    {"RANDONNÉE EN VTT ET VISITE UNESCO", FR, NULL, "Randonnée en VTT et visite UNESCO"},
    {"FÊTE DU XIXE SIÈCLE", FR, NULL, "Fête du XIXe siècle"},
    {"Concert de l'Avent", FR, NULL, "Concert de l" APOS "Avent"},
    {"What's on", EN, NULL, "What" APOS "s on"},
    {"Le \"Petit Train\" de la Rhune", FR, NULL,
     "Le \xc2\xab" NN "Petit Train" NN "\xc2\xbb de la Rhune"},
    {"Et ensuite...", FR, NULL, "Et ensuite\xe2\x80\xa6"},
    {"La 14ème édition", FR, NULL, "La 14e édition"},
    {"La 1ère fois, le 2eme jour", FR, NULL, "La 1re fois, le 2e jour"},
    {"Le 1er mai", FR, NULL, "Le 1er mai"},
    {"Église du 19ème siècle", FR, NULL, "Église du XIXe siècle"},
    {"Église du 19e siècle", FR, NULL, "Église du XIXe siècle"},
    {"Art du XVIIème", FR, NULL, "Art du XVIIe"},
    {"Au bord de la Cère", FR, NULL, "Au bord de la Cère"},
    {"A 20 km de Pau", FR, NULL, "A 20 km de Pau"},
    {"Vente de gâteaux AOP", FR, NULL, "Vente de gâteaux AOP"},
};

static void test_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(text_rows); i++) {
        char *got = imp_clean_text(text_rows[i].in, text_rows[i].l, text_rows[i].ref);
        if (strcmp(got, text_rows[i].want) != 0) {
            char msg[512];
            snprintf(msg, sizeof msg, "text row %zu '%s': got '%s', want '%s'", i, text_rows[i].in,
                     got, text_rows[i].want);
            free(got);
            fail_msg("%s", msg);
        }
        free(got);
    }
}

static const struct {
    const char *in, *want;
} phone_rows[] = {
    {"+33 5 55 28 66 31", "05 55 28 66 31"},
    {"+33555286631", "05 55 28 66 31"},
    {"+33 (0)5 55 28 66 31", "05 55 28 66 31"},
    {"0033 5 59 00 00 41", "05 59 00 00 41"},
    {"05.59.00.00.41", "05 59 00 00 41"},
    {"0559000041", "05 59 00 00 41"},
    {"05 59 00 00 41", "05 59 00 00 41"},
    {"+34 943 00 00 00", "+34 943 00 00 00"}, /* not French: as written */
    {"05 59 00 00 41 poste 12", "05 59 00 00 41 poste 12"},
};

static void test_phone(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(phone_rows); i++) {
        char *got = imp_clean_phone(phone_rows[i].in);
        bool ok = strcmp(got, phone_rows[i].want) == 0;
        if (!ok) {
            char msg[256];
            snprintf(msg, sizeof msg, "phone row %zu '%s': got '%s', want '%s'", i,
                     phone_rows[i].in, got, phone_rows[i].want);
            free(got);
            fail_msg("%s", msg);
        }
        free(got);
    }
}

static const struct {
    int lo, hi;
    enum lang l;
    const char *want;
} range_rows[] = {
    {900, 1550, FR, "De 9 à 15,50" NN "€"},
    {900, -1, FR, "À partir de 9" NN "€"},
    {900, 900, FR, "9" NN "€"},
    {0, 1500, FR, "Jusqu" APOS "à 15" NN "€"},
    {0, 0, FR, "Gratuit"},
    {900, 1550, LANG_EU, "9" NN "€-tik 15,50" NN "€-ra"},
    {900, -1, LANG_EU, "9" NN "€-tik aurrera"},
    {900, 1550, LANG_ES, "De 9 a 15,50" NN "€"},
    {900, 1550, EN, "€9 to €15.50"},
    {900, -1, EN, "From €9"},
};

static void test_price_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(range_rows); i++) {
        char buf[96];
        loc_price_range(range_rows[i].lo, range_rows[i].hi, range_rows[i].l, buf, sizeof buf);
        if (strcmp(buf, range_rows[i].want) != 0)
            fail_msg("range row %zu: got '%s', want '%s'", i, buf, range_rows[i].want);
    }
}

/* Two objects for one event (different ids, same title and date): one item. */
static void test_duplicates(void **state)
{
    (void)state;
    static const char doc[] =
        "{\"value\": ["
        "{\"SyndicObjectID\": \"FMA1\", \"SyndicObjectName\": \"Fête du Piment\","
        " \"ObjectTypeName\": \"Fêtes et manifestations\","
        " \"PeriodeOuverture\": \"25/10/2026|25/10/2026|10:00|19:00\"},"
        "{\"SyndicObjectID\": \"FMA2\", \"SyndicObjectName\": \"Fête du  piment\","
        " \"ObjectTypeName\": \"Fêtes et manifestations\","
        " \"PeriodeOuverture\": \"25/10/2026|25/10/2026|10:00|19:00\"},"
        "{\"SyndicObjectID\": \"FMA3\", \"SyndicObjectName\": \"Fête du Piment\","
        " \"ObjectTypeName\": \"Fêtes et manifestations\","
        " \"PeriodeOuverture\": \"26/10/2026|26/10/2026|10:00|19:00\"}"
        "]}";
    diag_t *diag = diag_create(), *warn = diag_create();
    importer_t *im = import_create("dup", NULL, civil_make(2026, 10, 1, 0, 0, 0), diag, warn);
    import_add_mem(im, doc, sizeof doc - 1, "dup.json", IMPORT_TOURINSOFT);
    struct import_stats st;
    import_get_stats(im, &st);
    feed_t *f = import_finish(im);
    assert_non_null(f);
    assert_int_equal(feed_count(f), 2); /* FMA1, and FMA3 on another day */
    assert_int_equal(st.duplicates, 1);
    assert_non_null(feed_find(f, "FMA1"));
    assert_null(feed_find(f, "FMA2"));
    feed_free(f);
    diag_free(diag);
    diag_free(warn);
}

/* Byte string s contains no straight apostrophe between two letters. */
static bool straight_apostrophe(const char *s)
{
    for (const char *p = s ? strchr(s, '\'') : NULL; p; p = strchr(p + 1, '\''))
        if (p > s && ((unsigned char)p[-1] >= 0x80 || (p[-1] | 0x20) >= 'a') &&
            ((p[-1] | 0x20) <= 'z' || (unsigned char)p[-1] >= 0x80) &&
            ((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z'))
            return true;
    return false;
}

static bool all_capitals(const char *s)
{
    int up = 0, low = 0;
    for (const char *p = s; p && *p; p++) {
        up += *p >= 'A' && *p <= 'Z';
        low += *p >= 'a' && *p <= 'z';
    }
    return up >= 4 && low == 0;
}

/* Every item of every sample export follows the rules above. */
static void test_samples(void **state)
{
    (void)state;
    glob_t g;
    if (glob(FIXSIT "apidae/*.json", 0, NULL, &g) != 0)
        fail_msg("no sample in " FIXSIT);
    glob(FIXSIT "datatourisme/*.json", GLOB_APPEND, NULL, &g);
    glob(FIXSIT "tourinsoft/*.json", GLOB_APPEND, NULL, &g);
    diag_t *diag = diag_create(), *warn = diag_create();
    importer_t *im = import_create("samples", NULL, civil_make(2017, 1, 1, 0, 0, 0), diag, warn);
    for (size_t i = 0; i < g.gl_pathc; i++)
        import_add_file(im, g.gl_pathv[i], IMPORT_UNKNOWN);
    globfree(&g);
    feed_t *f = import_finish(im);
    assert_non_null(f);
    assert_true(feed_count(f) >= 8);
    for (size_t i = 0; i < feed_count(f); i++) {
        const struct item *it = feed_item(f, i);
        for (int l = 0; l < LANG_COUNT; l++) {
            const char *texts[] = {it->title.s[l], it->subtitle.s[l], it->body.s[l]};
            for (size_t k = 0; k < N(texts); k++) {
                if (!texts[k])
                    continue;
                if (straight_apostrophe(texts[k]))
                    fail_msg("item %s: straight apostrophe in '%s'", it->id, texts[k]);
                if (strstr(texts[k], "..."))
                    fail_msg("item %s: '...' in '%s'", it->id, texts[k]);
                if (l == LANG_FR && (strstr(texts[k], "ème ") || strstr(texts[k], "eme ")))
                    fail_msg("item %s: ordinal not in French style in '%s'", it->id, texts[k]);
            }
            if (it->title.s[l] && all_capitals(it->title.s[l]))
                fail_msg("item %s: title in capitals '%s'", it->id, it->title.s[l]);
            if (it->subtitle.s[l] && strstr(it->subtitle.s[l], "\xc2\xa0\xe2\x82\xac"))
                fail_msg("item %s: price not formatted by the locale '%s'", it->id,
                         it->subtitle.s[l]);
        }
        if (it->phone && (!strncmp(it->phone, "+33", 3) || !strncmp(it->phone, "0033", 4)))
            fail_msg("item %s: phone '%s' not in the French form", it->id, it->phone);
        for (int p = 0; p < it->nprices; p++)
            if (tr_empty(&it->prices[p].label))
                fail_msg("item %s: price %d has no label", it->id, p);
        for (size_t j = 0; j < i; j++) {
            const struct item *o = feed_item(f, j);
            if (o->kind == it->kind && o->start == it->start && it->title.s[LANG_FR] &&
                o->title.s[LANG_FR] && !strcmp(o->title.s[LANG_FR], it->title.s[LANG_FR]))
                fail_msg("items %s and %s: duplicates", o->id, it->id);
        }
    }
    feed_free(f);
    diag_free(diag);
    diag_free(warn);
}

/* Copies file src to dst (small fixtures). */
static void copy(const char *src, const char *dst)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out)
        fail_msg("cannot copy %s to %s", src, dst);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* Items imported from path (a file or a folder), -1 when refused. */
static int import_count(const char *path, bool folder)
{
    diag_t *diag = diag_create(), *warn = diag_create();
    importer_t *im = import_create(path, NULL, civil_make(2017, 11, 1, 0, 0, 0), diag, warn);
    int rc = folder ? import_add_folder(im, path, IMPORT_UNKNOWN, diag)
                    : import_add_file(im, path, IMPORT_UNKNOWN);
    feed_t *f = import_finish(im);
    int n = rc < 0 || !f ? -1 : (int)feed_count(f);
    if (n < 0)
        diag_print(diag, stderr);
    feed_free(f);
    diag_free(diag);
    diag_free(warn);
    return n;
}

/* Folders as the databases deliver them (issue 17.6): a DATAtourisme flux
 * (index.json, objects/ in sub-folders), an unpacked Apidae export (its
 * reference files and deleted objects beside objets_modifies/), and the
 * Apidae "agenda détaillé" answer (objects grouped by day). */
static void test_folders(void **state)
{
    (void)state;
    /* A folder is read ahead on a second thread, which spins forever under
     * qemu-user on these machines (make test-arm64): natively only. */
    if (getenv("VITRINE_NO_THREADS"))
        return;
    char root[] = "/tmp/vitrine-folders-XXXXXX";
    assert_non_null(mkdtemp(root));
    char p[512], q[512];
    const char *dirs[] = {"flux",
                          "flux/objects",
                          "flux/objects/3",
                          "flux/objects/3/30",
                          "flux/objects/4",
                          "flux/objects/4/49",
                          "apidae",
                          "apidae/objets_modifies",
                          "apidae/objets_supprimes",
                          "empty"};
    for (size_t i = 0; i < N(dirs); i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        assert_int_equal(mkdir(p, 0755), 0);
    }
    static const char *const dt[] = {"30-0049c43b-5087-3c44-87ef-349d316fc2b8.json",
                                     "49-00037bcf-28e4-3322-b72f-377587204703.json"};
    for (size_t i = 0; i < N(dt); i++) {
        snprintf(p, sizeof p, FIXSIT "datatourisme/%s", dt[i]);
        snprintf(q, sizeof q, "%s/flux/objects/%c/%.2s/%s", root, dt[i][0], dt[i], dt[i]);
        copy(p, q);
    }
    snprintf(p, sizeof p, "%s/flux/index.json", root);
    write_text(p, "[{\"label\": \"x\", \"file\": \"3/30/30-0049c43b.json\"}]\n");
    for (int i = 1; i <= 2; i++) {
        snprintf(p, sizeof p, FIXSIT "apidae/objets_modifies-%d.json", i);
        snprintf(q, sizeof q, "%s/apidae/objets_modifies/objets_modifies-%d.json", root, i);
        copy(p, q);
    }
    snprintf(p, sizeof p, "%s/apidae/communes.json", root);
    write_text(p, "[{\"id\": 1, \"code\": \"64160\", \"nom\": \"Cambo-les-Bains\"}]\n");
    snprintf(p, sizeof p, "%s/apidae/elements_reference.json", root);
    write_text(p, "[{\"id\": 2, \"elementReferenceType\": \"X\", \"libelleFr\": \"y\"}]\n");
    snprintf(p, sizeof p, "%s/apidae/objets_supprimes/objets_supprimes.json", root);
    write_text(p, "[4828422]\n");
    /* the agenda: two days, the first two events on both */
    size_t len;
    char *objs = read_file(FIXSIT "apidae/objets_modifies-1.json", 1 << 22, &len);
    assert_non_null(objs);
    cJSON *arr = cJSON_Parse(objs);
    free(objs);
    assert_non_null(arr);
    cJSON *again = cJSON_CreateArray();
    for (int i = 0; i < 2; i++)
        cJSON_AddItemToArray(again, cJSON_Duplicate(cJSON_GetArrayItem(arr, i), 1));
    cJSON *days = cJSON_CreateObject();
    cJSON_AddItemToObject(days, "2017-11-11", arr);
    cJSON_AddItemToObject(days, "2017-11-12", again);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "numFound", 4);
    cJSON_AddItemToObject(doc, "objetsTouristiques", days);
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    snprintf(p, sizeof p, "%s/agenda.json", root);
    write_text(p, text);
    free(text);

    static const struct {
        const char *path;
        bool folder;
        int items;
    } rows[] = {
        {"flux", true, 2},
        {"apidae", true, 5},
        {"agenda.json", false, 4},
        {"empty", true, -1},
    };
    for (size_t i = 0; i < N(rows); i++) {
        snprintf(p, sizeof p, "%s/%s", root, rows[i].path);
        int n = import_count(p, rows[i].folder);
        if (n != rows[i].items)
            fail_msg("folder row '%s': %d items, want %d", rows[i].path, n, rows[i].items);
    }
    snprintf(p, sizeof p, "rm -rf '%s'", root);
    assert_int_equal(system(p), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_price_range), cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_samples),     cmocka_unit_test(test_folders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
