/* Table-driven tests for model/import: format detection, status markers in
 * titles, the mapping of real exports (tests/fixtures/sit, see SOURCES.md
 * there) and of quirky and malformed variants made for these tests. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model/feed_write.h"
#include "model/import.h"
#include "model/import_priv.h"
#include "model/util.h"

#define FIX "tests/fixtures/sit/"

/* --- detection ------------------------------------------------------------------- */

static const struct {
    const char *json;
    enum import_format want;
} detect_rows[] = {
    {"{\"d\":{\"results\":[],\"__count\":\"0\"}}", IMPORT_TOURINSOFT},
    {"{\"odata.metadata\":\"x\",\"value\":[]}", IMPORT_TOURINSOFT},
    {"{\"numFound\":0,\"objetsTouristiques\":[]}", IMPORT_APIDAE},
    {"[{\"type\":\"FETE_ET_MANIFESTATION\",\"id\":1,\"nom\":{\"libelleFr\":\"x\"}}]",
     IMPORT_APIDAE},
    {"{\"type\":\"RESTAURATION\",\"id\":1}", IMPORT_APIDAE},
    {"{\"@id\":\"https://data.datatourisme.fr/1/x\",\"@type\":[\"Event\"]}", IMPORT_DATATOURISME},
    {"{\"@context\":\"https://www.datatourisme.fr/ontology/core/context.jsonld\","
     "\"@graph\":[]}",
     IMPORT_DATATOURISME},
    {"[{\"@type\":[\"schema:Event\"],\"rdfs:label\":{\"fr\":[\"x\"]}}]", IMPORT_DATATOURISME},
    {"{\"version\":1,\"items\":[]}", IMPORT_NATIVE},
    {"{\"settings\":{}}", IMPORT_NATIVE},
    {"{\"hello\":1}", IMPORT_UNKNOWN},
    {"[1,2,3]", IMPORT_UNKNOWN},
    {"\"text\"", IMPORT_UNKNOWN},
};

static void test_detect(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof detect_rows / sizeof detect_rows[0]; i++) {
        cJSON *root = cJSON_Parse(detect_rows[i].json);
        if (!root)
            fail_msg("row %zu: test JSON does not parse", i);
        enum import_format got = import_detect(root);
        cJSON_Delete(root);
        if (got != detect_rows[i].want)
            fail_msg("row %zu %s: detected %s, want %s", i, detect_rows[i].json,
                     import_format_name(got), import_format_name(detect_rows[i].want));
    }
}

/* --- markers in titles -------------------------------------------------------------- */

static const struct {
    const char *title;
    enum imp_status want;
    const char *stripped;
} marker_rows[] = {
    {"ANNULÉ - Concert de la chorale", ST_CANCELLED, "Concert de la chorale"},
    {"Annulé : concert", ST_CANCELLED, "concert"},
    {"[ANNULE] Bal", ST_CANCELLED, "Bal"},
    {"Concert (ANNULÉ)", ST_CANCELLED, "Concert"},
    {"Soirée pelote COMPLET", ST_SOLDOUT, "Soirée pelote"},
    {"Spectacle – COMPLET – 20 h", ST_SOLDOUT, "Spectacle 20 h"},
    {"REPORTÉ : Trinquet en fête", ST_POSTPONED, "Trinquet en fête"},
    {"Temporairement suspendu – Visite des grottes", ST_SUSPENDED, "Visite des grottes"},
    {"Visite guidée SUSPENDUE", ST_SUSPENDED, "Visite guidée"},
    {"Fête reportée au 12 juin", ST_NONE, "Fête reportée au 12 juin"},
    {"Le menu complet du terroir", ST_NONE, "Le menu complet du terroir"},
    {"ANNULATION du vide-grenier", ST_NONE, "ANNULATION du vide-grenier"},
    {"Fête du Gâteau Basque", ST_NONE, "Fête du Gâteau Basque"},
    {"COMPLET", ST_SOLDOUT, "COMPLET"},
};

static void test_markers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof marker_rows / sizeof marker_rows[0]; i++) {
        char buf[200];
        enum imp_status got = imp_marker(marker_rows[i].title, buf, sizeof buf);
        if (got != marker_rows[i].want)
            fail_msg("row %zu '%s': status %d, want %d", i, marker_rows[i].title, got,
                     marker_rows[i].want);
        if (strcmp(buf, marker_rows[i].stripped) != 0)
            fail_msg("row %zu '%s': stripped to '%s', want '%s'", i, marker_rows[i].title, buf,
                     marker_rows[i].stripped);
    }
}

/* --- mapping of whole files ---------------------------------------------------------- */

struct run {
    feed_t *feed;
    diag_t *diag, *warn;
    struct import_stats st;
};

static civil_t day(const char *s)
{
    civil_t t;
    bool d;
    char err[100];
    if (civil_parse(s, &t, &d, err, sizeof err) < 0)
        fail_msg("bad test date %s", s);
    return t;
}

static void run_import(struct run *r, const char *path, enum import_format fmt, const char *ref)
{
    r->diag = diag_create();
    r->warn = diag_create();
    importer_t *im = import_create(path, NULL, day(ref), r->diag, r->warn);
    import_add_file(im, path, fmt);
    import_get_stats(im, &r->st);
    r->feed = import_finish(im);
}

static void run_free(struct run *r)
{
    feed_free(r->feed);
    diag_free(r->diag);
    diag_free(r->warn);
}

static const char *fmt_civil(civil_t t, bool date_only, char *buf, size_t size)
{
    if (t == CIVIL_NONE)
        return "";
    civil_format(t, date_only, buf, size);
    return buf;
}

/* Opening hours as "0:09:30-12:30,14:00-18:00 1:..." (weekday index first), so
 * the test does not depend on how hours_format groups days. */
static void fmt_opening(const struct item *it, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    const struct week_hours *h = item_opening(it);
    if (!h)
        return;
    for (int d = 0; d < 7; d++) {
        if (!h->count[d])
            continue;
        o += (size_t)snprintf(buf + o, size - o, "%s%d:", o ? " " : "", d);
        for (int k = 0; k < h->count[d]; k++)
            o += (size_t)snprintf(buf + o, size - o, "%s%02d:%02d-%02d:%02d", k ? "," : "",
                                  h->win[d][k].start / 60, h->win[d][k].start % 60,
                                  h->win[d][k].end / 60, h->win[d][k].end % 60);
    }
}

static const struct {
    const char *path;
    enum import_format fmt; /* IMPORT_UNKNOWN: detect */
    const char *ref;
    int items, skipped;
    const char *id; /* the item to look at */
    enum item_kind kind;
    const char *title, *title_en, *subtitle, *start, *end;
    const char *image, *url; /* substrings */
    const char *address, *venue, *category;
    const char *opening; /* as fmt_opening */
    int nprices, cents0, free;
    const char *warning; /* substring of some warning, or NULL */
} file_rows[] = {
    /* Real exports. */
    {FIX "apidae/objets_modifies-1.json",
     IMPORT_APIDAE,
     "2017-11-01",
     4,
     0,
     "4828422",
     KIND_EVENT,
     "Ex Anima - Théâtre équestre Zingaro",
     "Ex Anima - Théâtre équestre Zingaro",
     "De 15 à 39\xe2\x80\xaf€", /* unlabelled prices fold into one summary */
     "2018-04-19T20:30:00",
     "",
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "",
     0,
     0,
     0,
     NULL},
    /* The next showing after the reference date, not the first. */
    {FIX "apidae/objets_modifies-1.json",
     IMPORT_UNKNOWN,
     "2018-05-09",
     4,
     0,
     "4828422",
     KIND_EVENT,
     "Ex Anima - Théâtre équestre Zingaro",
     NULL,
     NULL,
     "2018-05-10T19:00:00",
     "",
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "",
     0,
     0,
     0,
     NULL},
    {FIX "apidae/objets_modifies-1.json",
     IMPORT_UNKNOWN,
     "2017-11-01",
     4,
     0,
     "4826186",
     KIND_EVENT,
     "A ciel ouvert -Vivre relié à l’essentiel",
     NULL,
     NULL,
     "2017-11-11",
     "2017-11-13",
     NULL,
     "acielouvert.org",
     NULL,
     "Centre culturel et des congrès André Grosjean",
     NULL,
     "",
     0,
     0,
     0,
     NULL},
    {FIX "apidae/objets_modifies-2.json",
     IMPORT_APIDAE,
     "2017-11-01",
     1,
     0,
     "4833997",
     KIND_EVENT,
     "Les Spécimens - Spectacle familial",
     NULL,
     "5\xe2\x80\xaf€",
     "2017-11-04T17:00:00",
     "",
     NULL,
     "openstreetmap.org/?mlat=45.645852",
     NULL,
     "La Traverse",
     NULL,
     "",
     0,
     0,
     0,
     NULL},
    {FIX "apidae/hot_fr_en.json",
     IMPORT_UNKNOWN,
     "2018-06-01",
     1,
     0,
     "898922",
     KIND_PROVIDER,
     "La Châtelleraie",
     "La Châtelleraie",
     "De 5 à 125\xe2\x80\xaf€",
     "",
     "",
     "1811256-diaporama.jpg",
     "chatelleraie.co.uk",
     "Château de La Devèze, 15600",
     NULL,
     "Hôtel",
     "",
     0,
     0,
     -1,
     NULL},
    {FIX "apidae/cos_winter.json",
     IMPORT_APIDAE,
     "2018-01-10",
     1,
     0,
     "4838849",
     KIND_PROVIDER,
     "La Grange des huskies",
     "La Grange des Huskies",
     NULL,
     "",
     "",
     "3805485-diaporama.jpg",
     NULL,
     "Le bourg de Chavagnac, 15170",
     NULL,
     "Commerce et service",
     "",
     0,
     0,
     -1,
     NULL},
    {FIX "apidae/equ_groups.json",
     IMPORT_APIDAE,
     "2020-05-10",
     1,
     0,
     "185789",
     KIND_PLACE,
     "Train à vapeur du Haut Rhône",
     NULL,
     "De 6 à 10\xe2\x80\xaf€",
     "",
     "",
     "7245721",
     "cft-hr.com",
     "Base de loisirs de la Vallée Bleue, Rue des carrières, 38390 Montalieu-Vercieu",
     NULL,
     "Équipement de loisirs",
     "6:15:30-16:30",
     0,
     0,
     -1,
     NULL},
    {FIX "datatourisme/49-00037bcf-28e4-3322-b72f-377587204703.json",
     IMPORT_DATATOURISME,
     "2023-11-20",
     1,
     0,
     "FMAPDL049V50G7JO",
     KIND_EVENT,
     "Exposition : \xc2\xab\xe2\x80\xaf"
     "Émotions enfouies\xe2\x80\xaf\xc2\xbb d’anna-eva berge", /* cleaned */
     NULL,
     NULL,
     "2023-11-09",
     "2025-04-28",
     NULL,
     "ackerman.fr",
     NULL,
     "Saumur",
     NULL,
     "",
     0,
     0,
     -1,
     NULL},
    {FIX "datatourisme/30-0049c43b-5087-3c44-87ef-349d316fc2b8.json",
     IMPORT_UNKNOWN,
     "2023-10-02",
     1,
     0,
     "RESNOR050V50LHP5",
     KIND_PROVIDER,
     "Chez Jeanne",
     "Chez Jeanne",
     NULL,
     "",
     "",
     NULL,
     "chezjeannecreperie.com",
     "1 rue Division Leclerc, 50480 Sainte-Mère-Église",
     NULL,
     "Restaurant",
     "0:12:00-14:00,19:00-20:30 3:12:00-14:00,19:00-20:30 4:12:00-14:00,19:00-20:30 "
     "5:12:00-14:00,19:00-20:30 6:12:00-14:00,19:00-20:30",
     0,
     0,
     -1,
     NULL},
    {FIX "datatourisme/32-00638229-3cba-3311-ba75-b75077e31212.json",
     IMPORT_UNKNOWN,
     "2023-10-02",
     1,
     0,
     "DEGLAR034V51N5DK",
     KIND_PROVIDER,
     "Domaine de Soustres", /* sentence case, the name as the text writes it */
     NULL,
     "Jusqu’à 15\xe2\x80\xaf€",
     "",
     "",
     "DJI-0075-2.jpg",
     "domaine-de-soustres.fr",
     NULL,
     NULL,
     "Cave",
     NULL,
     0,
     0,
     -1,
     NULL},
    {FIX "tourinsoft/tourinsoftEvent.json",
     IMPORT_TOURINSOFT,
     "2026-01-01",
     1,
     0,
     "FMACEN0280060359",
     KIND_EVENT,
     "Moto cross de Brou",
     NULL,
     NULL,
     "2100-06-01",
     "2100-06-02",
     "upload/1-21.jpg",
     "mxbrou.com",
     NULL,
     "Dampierre-sous-Brou",
     NULL,
     "",
     0,
     0,
     -1,
     NULL},
    /* Quirky variants. */
    {FIX "quirks/apidae_quirks.json",
     IMPORT_UNKNOWN,
     "2026-05-01",
     4,
     4,
     "700001",
     KIND_EVENT,
     "Concert de la chorale",
     NULL,
     "",
     "2026-07-14T20:30:00",
     "",
     NULL,
     "mlat=43.358000&mlon=-1.401000",
     NULL,
     "Cambo-les-Bains",
     NULL,
     "",
     0,
     0,
     -1,
     "has no id; skipped"},
    {FIX "quirks/apidae_quirks.json",
     IMPORT_UNKNOWN,
     "2026-05-01",
     4,
     4,
     "700002",
     KIND_EVENT,
     "Fête du Gâteau Basque",
     NULL,
     NULL,
     "2026-09-05",
     "2026-09-06",
     "gateau.jpg",
     NULL,
     NULL,
     "Fronton de Cambo",
     NULL,
     "",
     0,
     0,
     1,
     "object 700005: no name in any language; skipped"},
    {FIX "quirks/apidae_quirks.json",
     IMPORT_UNKNOWN,
     "2026-09-07",
     4,
     4,
     "700002",
     KIND_EVENT,
     "Fête du Gâteau Basque",
     NULL,
     NULL,
     "2027-09-04",
     "2027-09-05",
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "",
     0,
     0,
     1,
     "object 700008: date 'bientôt' is not a date"},
    {FIX "quirks/apidae_quirks.json",
     IMPORT_UNKNOWN,
     "2026-05-01",
     4,
     4,
     "700006",
     KIND_PROVIDER,
     "Auberge du Fronton",
     NULL,
     "De 18 à 35\xe2\x80\xaf€",
     "",
     "",
     NULL,
     NULL,
     NULL,
     NULL,
     "Restaurant",
     "1:12:00-14:00 5:12:00-14:00 6:11:30-15:00",
     0,
     0,
     -1,
     "object 700006: price minimum is not a number"},
    {FIX "quirks/apidae_quirks.json",
     IMPORT_UNKNOWN,
     "2026-05-01",
     4,
     4,
     "700007",
     KIND_EVENT,
     "Soirée pelote",
     NULL,
     NULL,
     "2026-08-01T21:00:00",
     "",
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "",
     0,
     0,
     -1,
     NULL},
    {FIX "quirks/datatourisme_quirks.json",
     IMPORT_UNKNOWN,
     "2026-05-01",
     2,
     1,
     "FMAAQU064V0001",
     KIND_EVENT,
     "Journée Chiquito",
     NULL,
     "",
     "2026-06-20T15:00:00",
     "2026-06-20T19:00:00",
     NULL,
     "openstreetmap",
     NULL,
     "Cambo-les-Bains",
     NULL,
     "",
     0,
     0,
     1,
     NULL},
    {FIX "quirks/datatourisme_quirks.json",
     IMPORT_DATATOURISME,
     "2026-05-01",
     2,
     1,
     "villa-arnaga",
     KIND_PLACE,
     "Villa Arnaga",
     NULL,
     "À partir de 9,50\xe2\x80\xaf€",
     "",
     "",
     "arnaga.jpg",
     "example.org/arnaga",
     "Route du Docteur Camino, 64250 Cambo-les-Bains",
     NULL,
     "Musée",
     "0:09:30-12:30,14:00-18:00 1:09:30-12:30",
     0,
     0,
     -1,
     NULL},
    /* Out of season: the next validity's hours. */
    {FIX "quirks/datatourisme_quirks.json",
     IMPORT_DATATOURISME,
     "2026-10-31",
     2,
     1,
     "villa-arnaga",
     KIND_PLACE,
     "Villa Arnaga",
     NULL,
     NULL,
     "",
     "",
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "0:09:30-12:30,14:00-18:00 1:09:30-12:30",
     0,
     0,
     -1,
     NULL},
    {FIX "quirks/datatourisme_quirks.json",
     IMPORT_DATATOURISME,
     "2026-11-02",
     2,
     1,
     "villa-arnaga",
     KIND_PLACE,
     "Villa Arnaga",
     NULL,
     NULL,
     "",
     "",
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "6:14:00-17:00",
     0,
     0,
     -1,
     NULL},
    {FIX "quirks/tourinsoft_v3.json",
     IMPORT_TOURINSOFT,
     "2026-05-02",
     3,
     1,
     "FMAAQU064V5XXXX1",
     KIND_EVENT,
     "Trinquet en fête",
     NULL,
     "De 12 à 15\xe2\x80\xaf€",
     "2026-10-15T20:00:00",
     "2026-10-15T23:00:00",
     "trinquet.jpg",
     "mlat=43.357500",
     NULL,
     "Cambo-les-Bains",
     NULL,
     "",
     0,
     0,
     1,
     NULL},
    {FIX "quirks/tourinsoft_v3.json",
     IMPORT_UNKNOWN,
     "2026-05-02",
     3,
     1,
     "HOTAQU064V5XXXX2",
     KIND_PROVIDER,
     "Hôtel des Thermes",
     NULL,
     "De 85 à 120\xe2\x80\xaf€",
     "",
     "",
     NULL,
     "example.org/hotel",
     "Avenue des Thermes, 64250 Cambo-les-Bains",
     NULL,
     "Hôtel",
     "0:08:00-12:00,14:00-19:00 1:08:00-12:00,14:00-19:00 2:08:00-12:00,14:00-19:00 "
     "3:08:00-12:00,14:00-19:00 4:08:00-12:00,14:00-19:00 5:08:00-12:00,14:00-19:00 "
     "6:08:00-12:00,14:00-19:00",
     0,
     0,
     -1,
     NULL},
    {FIX "quirks/tourinsoft_v3.json",
     IMPORT_UNKNOWN,
     "2026-05-02",
     3,
     1,
     "FMAAQU064V5XXXX4",
     KIND_EVENT,
     "Foire aux dates OData",
     NULL,
     NULL,
     "2026-08-09",
     "2026-08-10",
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "",
     0,
     0,
     -1,
     NULL},
};

static void check_text(size_t row, const char *what, const char *got, const char *want)
{
    if (!want)
        return;
    if (!got)
        got = "";
    if (strcmp(got, want) != 0)
        fail_msg("row %zu: %s is '%s', want '%s'", row, what, got, want);
}

static void check_sub(size_t row, const char *what, const char *got, const char *want)
{
    if (!want)
        return;
    if (!got || !strstr(got, want))
        fail_msg("row %zu: %s is '%s', want it to contain '%s'", row, what, got ? got : "(none)",
                 want);
}

/* Cancelled, postponed, suspended and sold-out events keep their status,
 * which the slide shows as a band. */
static const struct {
    const char *path, *ref, *id;
    enum event_status status;
    const char *subtitle;
} status_rows[] = {
    {FIX "quirks/apidae_quirks.json", "2026-05-01", "700001", EVENT_CANCELLED, ""},
    {FIX "quirks/apidae_quirks.json", "2026-05-01", "700007", EVENT_SOLD_OUT, ""},
    {FIX "quirks/datatourisme_quirks.json", "2026-05-01", "FMAAQU064V0001", EVENT_POSTPONED, ""},
    {FIX "quirks/tourinsoft_v3.json", "2026-05-02", "FMAAQU064V5XXXX1", EVENT_POSTPONED,
     "De 12 à 15\xe2\x80\xaf€"},
    {FIX "quirks/tourinsoft_v3.json", "2026-05-02", "FMAAQU064V5XXXX4", EVENT_SCHEDULED, ""},
};

static void test_statuses(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof status_rows / sizeof status_rows[0]; i++) {
        struct run r;
        run_import(&r, status_rows[i].path, IMPORT_UNKNOWN, status_rows[i].ref);
        const struct item *it = r.feed ? feed_find(r.feed, status_rows[i].id) : NULL;
        if (!it)
            fail_msg("status row %zu: no item '%s'", i, status_rows[i].id);
        if (it->status != status_rows[i].status)
            fail_msg("status row %zu: status %d, want %d", i, (int)it->status,
                     (int)status_rows[i].status);
        check_text(i, "subtitle", it->subtitle.s[LANG_FR], status_rows[i].subtitle);
        run_free(&r);
    }
}

static void test_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof file_rows / sizeof file_rows[0]; i++) {
        struct run r;
        char buf[512];
        run_import(&r, file_rows[i].path, file_rows[i].fmt, file_rows[i].ref);
        if (!r.feed) {
            diag_print(r.diag, stdout);
            fail_msg("row %zu %s: no feed", i, file_rows[i].path);
        }
        if ((int)feed_count(r.feed) != file_rows[i].items)
            fail_msg("row %zu: %zu items, want %d", i, feed_count(r.feed), file_rows[i].items);
        if ((int)r.st.skipped != file_rows[i].skipped)
            fail_msg("row %zu: %zu skipped, want %d", i, r.st.skipped, file_rows[i].skipped);
        const struct item *it = feed_find(r.feed, file_rows[i].id);
        if (!it)
            fail_msg("row %zu: no item '%s'", i, file_rows[i].id);
        if (it->kind != file_rows[i].kind)
            fail_msg("row %zu: kind %s, want %s", i, kind_name(it->kind),
                     kind_name(file_rows[i].kind));
        check_text(i, "title", it->title.s[LANG_FR], file_rows[i].title);
        check_text(i, "title en", it->title.s[LANG_EN], file_rows[i].title_en);
        check_text(i, "subtitle", it->subtitle.s[LANG_FR], file_rows[i].subtitle);
        check_text(i, "start", fmt_civil(it->start, it->start_date_only, buf, sizeof buf),
                   file_rows[i].start);
        check_text(i, "end", fmt_civil(it->end, it->end_date_only, buf, sizeof buf),
                   file_rows[i].end);
        check_sub(i, "image", it->image, file_rows[i].image);
        check_sub(i, "url", it->url, file_rows[i].url);
        check_text(i, "address", it->address, file_rows[i].address);
        check_text(i, "venue", it->venue.s[LANG_FR], file_rows[i].venue);
        check_text(i, "category", it->category.s[LANG_FR], file_rows[i].category);
        if (file_rows[i].opening) {
            fmt_opening(it, buf, sizeof buf);
            check_text(i, "opening", buf, file_rows[i].opening);
        }
        if (it->nprices != file_rows[i].nprices)
            fail_msg("row %zu: %d prices, want %d", i, it->nprices, file_rows[i].nprices);
        if (it->nprices && it->prices[0].cents != file_rows[i].cents0)
            fail_msg("row %zu: first price %d cents, want %d", i, it->prices[0].cents,
                     file_rows[i].cents0);
        if (it->kind == KIND_EVENT && it->free != file_rows[i].free)
            fail_msg("row %zu: free %d, want %d", i, it->free, file_rows[i].free);
        if (file_rows[i].warning) {
            bool found = false;
            for (size_t k = 0; k < diag_count(r.warn) && diag_get(r.warn, k); k++)
                found |= strstr(diag_get(r.warn, k), file_rows[i].warning) != NULL;
            if (!found) {
                diag_print(r.warn, stdout);
                fail_msg("row %zu: no warning containing '%s'", i, file_rows[i].warning);
            }
        }
        run_free(&r);
    }
}

/* Every real sample imports with no error and no warning. */
static void test_samples_clean(void **state)
{
    (void)state;
    static const char *const paths[] = {
        FIX "apidae/objets_modifies-1.json",
        FIX "apidae/objets_modifies-2.json",
        FIX "apidae/hot_fr_en.json",
        FIX "apidae/cos_winter.json",
        FIX "apidae/equ_groups.json",
        FIX "datatourisme/49-00037bcf-28e4-3322-b72f-377587204703.json",
        FIX "datatourisme/30-0049c43b-5087-3c44-87ef-349d316fc2b8.json",
        FIX "datatourisme/32-00638229-3cba-3311-ba75-b75077e31212.json",
        FIX "tourinsoft/tourinsoftEvent.json",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct run r;
        run_import(&r, paths[i], IMPORT_UNKNOWN, "2026-11-26");
        if (!r.feed || diag_count(r.diag) || diag_count(r.warn)) {
            diag_print(r.diag, stdout);
            diag_print(r.warn, stdout);
            fail_msg("row %zu %s: not clean", i, paths[i]);
        }
        run_free(&r);
    }
}

/* Several exports into one feed: a later copy of an object replaces it. */
static void test_several_files(void **state)
{
    (void)state;
    diag_t *diag = diag_create(), *warn = diag_create();
    importer_t *im = import_create("two", NULL, day("2017-11-01"), diag, warn);
    assert_int_equal(import_add_file(im, FIX "apidae/objets_modifies-1.json", IMPORT_APIDAE), 4);
    assert_int_equal(import_add_file(im, FIX "apidae/objets_modifies-2.json", IMPORT_APIDAE), 1);
    assert_int_equal(import_add_file(im, FIX "apidae/objets_modifies-2.json", IMPORT_APIDAE), 0);
    struct import_stats st;
    import_get_stats(im, &st);
    assert_int_equal(st.replaced, 1);
    feed_t *f = import_finish(im);
    assert_non_null(f);
    assert_int_equal(feed_count(f), 5);
    feed_free(f);
    diag_free(diag);
    diag_free(warn);
}

/* --- malformed documents: clear messages, no feed ----------------------------------- */

static const struct {
    const char *path;
    enum import_format fmt;
    const char *error;
} bad_rows[] = {
    {FIX "malformed/truncated.json", IMPORT_UNKNOWN,
     "truncated.json:4: not valid JSON near here; the export is cut or damaged"},
    {FIX "malformed/not_an_export.json", IMPORT_UNKNOWN,
     "not_an_export.json: not a DATAtourisme, Apidae or Tourinsoft export"},
    {FIX "malformed/array_of_numbers.json", IMPORT_UNKNOWN, "not a DATAtourisme"},
    {FIX "malformed/tourinsoft_results_not_list.json", IMPORT_TOURINSOFT,
     "does not look like a tourinsoft export; check --from"},
    {FIX "apidae/cos_winter.json", IMPORT_TOURINSOFT,
     "declared as tourinsoft but looks like apidae; check --from"},
    {FIX "no/such/file.json", IMPORT_UNKNOWN, "file.json: cannot read: No such file"},
};

static void test_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
        struct run r;
        run_import(&r, bad_rows[i].path, bad_rows[i].fmt, "2026-01-01");
        if (diag_count(r.diag) == 0 || !strstr(diag_get(r.diag, 0), bad_rows[i].error)) {
            diag_print(r.diag, stdout);
            fail_msg("row %zu %s: want an error containing '%s'", i, bad_rows[i].path,
                     bad_rows[i].error);
        }
        run_free(&r);
    }
}

/* --- pruned parsing: the same feed and messages as a whole parse --------------------- */

/* Everything an import gives: the feed as --out writes it and as dump prints it, the
 * errors and the warnings, one string. */
static char *outcome(importer_t *im, diag_t *diag, diag_t *warn)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    feed_t *f = import_finish(im);
    if (f) {
        feed_write_json(f, out);
        feed_dump(f, out);
        feed_free(f);
    }
    fputs("-- errors\n", out);
    diag_print(diag, out);
    fputs("-- warnings\n", out);
    diag_print(warn, out);
    fclose(out);
    return text;
}

/* Imports paths one by one; whole: parse each file whole (the path before pruning),
 * else through import_add_file; all: through import_add_files at once. */
static char *import_paths(const char *const *paths, size_t n, const char *ref, bool whole,
                          bool all)
{
    diag_t *diag = diag_create(), *warn = diag_create();
    importer_t *im = import_create("parity", NULL, day(ref), diag, warn);
    if (all)
        import_add_files(im, paths, n, IMPORT_UNKNOWN);
    for (size_t i = 0; !all && i < n; i++) {
        size_t len;
        char *buf = whole ? read_file(paths[i], IMPORT_MAX_BYTES, &len) : NULL;
        cJSON *root = buf ? cJSON_ParseWithLength(buf, len) : NULL;
        if (root)
            import_add_json(im, root, buf, len, paths[i], IMPORT_UNKNOWN);
        else /* unreadable or broken: its message, as import_add_file gives it */
            import_add_file(im, paths[i], IMPORT_UNKNOWN);
        cJSON_Delete(root);
        free(buf);
    }
    char *text = outcome(im, diag, warn);
    diag_free(diag);
    diag_free(warn);
    return text;
}

/* Every fixture, and the real DATAtourisme samples beside the project when they are
 * there (../shared/samples), at two reference dates: pruning changes nothing. */
static void test_pruned_parity(void **state)
{
    (void)state;
    glob_t g;
    int flags = 0;
    const char *const patterns[] = {FIX "*/*.json", "../shared/samples/datatourisme/*.json"};
    for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
        glob(patterns[k], flags, NULL, &g);
        flags = GLOB_APPEND;
    }
    assert_true(g.gl_pathc >= 16);
    const char *const refs[] = {"2023-11-20", "2026-05-01"};
    for (size_t i = 0; i < g.gl_pathc; i++) {
        for (size_t r = 0; r < sizeof refs / sizeof refs[0]; r++) {
            const char *path = g.gl_pathv[i];
            char *whole = import_paths(&path, 1, refs[r], true, false);
            char *pruned = import_paths(&path, 1, refs[r], false, false);
            if (strcmp(whole, pruned) != 0)
                fail_msg("%s at %s: the pruned import differs:\n%s\n-- whole:\n%s", path, refs[r],
                         pruned, whole);
            free(whole);
            free(pruned);
        }
    }
    /* Many files at once (read ahead on a thread): the same as one by one, in order,
     * a missing and a broken file included. make test-arm64 runs under qemu-user,
     * where a second thread spins forever on these machines (ARM64_SKIP in the
     * Makefile): that part runs natively only. */
    if (getenv("VITRINE_NO_THREADS")) {
        globfree(&g);
        return;
    }
    char *kept = g.gl_pathv[g.gl_pathc / 2];
    g.gl_pathv[g.gl_pathc / 2] = (char *)"no/such/file.json";
    const char *const *paths = (const char *const *)g.gl_pathv;
    char *one = import_paths(paths, g.gl_pathc, "2026-05-01", false, false);
    char *all = import_paths(paths, g.gl_pathc, "2026-05-01", false, true);
    if (strcmp(one, all) != 0)
        fail_msg("import_add_files differs from one by one:\n%s\n-- one by one:\n%s", all, one);
    assert_non_null(strstr(all, "file.json: cannot read: No such file"));
    assert_non_null(strstr(all, "truncated.json:4: not valid JSON near here"));
    free(one);
    free(all);
    g.gl_pathv[g.gl_pathc / 2] = kept;
    globfree(&g);
}

int main(void)
{
    /* A machine set to another zone (a Pi left on UTC or London): OData instants
     * must still read on the office's clock, Europe/Paris. */
    setenv("TZ", "Pacific/Auckland", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),        cmocka_unit_test(test_markers),
        cmocka_unit_test(test_files),         cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_samples_clean), cmocka_unit_test(test_several_files),
        cmocka_unit_test(test_malformed),     cmocka_unit_test(test_pruned_parity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
