/* Table-driven tests for model/locale: what visitors read in fr, eu, es, en. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/locale.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FR   LANG_FR
#define EU   LANG_EU
#define ES   LANG_ES
#define EN   LANG_EN

static void expect_str(const char *what, size_t row, const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("%s row %zu: got \"%s\", want \"%s\"", what, row, got, want);
}

static const struct {
    enum loc_key key;
    enum lang l;
    const char *want;
} string_rows[] = {
    {LOC_SOLD_OUT, FR, "Complet"},
    {LOC_SOLD_OUT, EU, "Agortuta"},
    {LOC_SOLD_OUT, ES, "Agotado"},
    {LOC_SOLD_OUT, EN, "Sold out"},
    {LOC_FREE, FR, "Gratuit"},
    {LOC_FREE, EU, "Doan"},
    {LOC_FREE, ES, "Gratis"},
    {LOC_FREE, EN, "Free"},
    {LOC_TODAY, FR, "Aujourd’hui"},
    {LOC_TODAY, EU, "Gaur"},
    {LOC_TODAY, ES, "Hoy"},
    {LOC_TODAY, EN, "Today"},
    {LOC_TONIGHT, FR, "Ce soir"},
    {LOC_TONIGHT, EU, "Gaur gauean"},
    {LOC_TONIGHT, ES, "Esta noche"},
    {LOC_TONIGHT, EN, "Tonight"},
    {LOC_TOMORROW, FR, "Demain"},
    {LOC_TOMORROW, EU, "Bihar"},
    {LOC_TOMORROW, ES, "Mañana"},
    {LOC_TOMORROW, EN, "Tomorrow"},
    {LOC_THIS_WEEKEND, FR, "Ce week-end"},
    {LOC_THIS_WEEKEND, EU, "Asteburu honetan"},
    {LOC_THIS_WEEKEND, ES, "Este fin de semana"},
    {LOC_THIS_WEEKEND, EN, "This weekend"},
    {LOC_SEAT_LEFT, FR, "Dernière place" NNBSP "!"},
    {LOC_OPENING_HOURS, FR, "Horaires d’ouverture"},
    {LOC_SOLD_OUT, (enum lang)42, "Complet"},
    {LOC_MORE_EVENTS, FR, "+" NBSP "%d autres rendez-vous à l’accueil"},
    {LOC_MORE_EVENT, EN, "+" NBSP "1 more event at the welcome desk"},
};

static void test_strings(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(string_rows); i++)
        expect_str("loc_string", i, loc_string(string_rows[i].key, string_rows[i].l),
                   string_rows[i].want);
    /* Every key has a value in every language, and the counted ones one %d. */
    for (int k = 0; k < LOC_COUNT; k++) {
        for (int l = 0; l < LANG_COUNT; l++) {
            const char *s = loc_string((enum loc_key)k, (enum lang)l);
            if (!s || !*s)
                fail_msg("key %d lang %d is empty", k, l);
            const char *d = strstr(s, "%d");
            int want = k == LOC_SEATS_LEFT || k == LOC_IN_DAYS || k == LOC_MORE_EVENTS;
            if (want && (!d || strstr(d + 2, "%")))
                fail_msg("key %d lang %d: '%s' needs exactly one %%d", k, l, s);
            const char *ps = strstr(s, "%s");
            bool one_s = k == LOC_ORIGINALLY || k == LOC_UNTIL;
            if (one_s && (!ps || strchr(ps + 2, '%') || strchr(s, '%') != ps))
                fail_msg("key %d lang %d: '%s' needs exactly one %%s", k, l, s);
            if (!want && k != LOC_SEAT_LEFT && !one_s && strchr(s, '%'))
                fail_msg("key %d lang %d: '%s' has a stray %%", k, l, s);
        }
    }
    char buf[64];
    snprintf(buf, sizeof buf, loc_string(LOC_IN_DAYS, EU), 3);
    expect_str("in days eu", 0, buf, "3 egun barru");
    snprintf(buf, sizeof buf, loc_string(LOC_IN_DAYS, ES), 3);
    expect_str("in days es", 0, buf, "Dentro de 3 días");
    snprintf(buf, sizeof buf, loc_string(LOC_IN_DAYS, EN), 3);
    expect_str("in days en", 0, buf, "In 3 days");
}

/* 2024-10-12 is a Saturday. */
static const struct {
    int y, mo, d, h, mi;
    enum lang l;
    int with_year;
    const char *date, *datetime;
} date_rows[] = {
    {2024, 10, 12, 20, 30, FR, 0, "samedi 12" NBSP "octobre",
     "samedi 12" NBSP "octobre à 20" NNBSP "h" NNBSP "30"},
    {2024, 10, 12, 20, 0, FR, 1, "samedi 12" NBSP "octobre" NBSP "2024",
     "samedi 12" NBSP "octobre à 20" NNBSP "h"},
    {2024, 10, 1, 9, 5, FR, 0, "mardi 1er" NBSP "octobre",
     "mardi 1er" NBSP "octobre à 9" NNBSP "h" NNBSP "05"},
    {2024, 8, 15, 0, 0, FR, 0, "jeudi 15" NBSP "août", "jeudi 15" NBSP "août à 0" NNBSP "h"},
    {2024, 10, 12, 20, 30, EU, 0, "urriaren 12a, larunbata", "urriaren 12a, larunbata, 20:30"},
    {2024, 10, 12, 20, 30, EU, 1, "2024ko urriaren 12a, larunbata",
     "urriaren 12a, larunbata, 20:30"},
    {2024, 9, 11, 9, 0, EU, 0, "irailaren 11, asteazkena", "irailaren 11, asteazkena, 9:00"},
    {2024, 12, 31, 21, 0, EU, 0, "abenduaren 31, asteartea", "abenduaren 31, asteartea, 21:00"},
    {2025, 1, 1, 11, 0, EU, 1, "2025eko urtarrilaren 1a, asteazkena",
     "urtarrilaren 1a, asteazkena, 11:00"},
    {2030, 6, 1, 10, 0, EU, 1, "2030eko ekainaren 1a, larunbata",
     "ekainaren 1a, larunbata, 10:00"},
    {2026, 10, 12, 10, 0, EU, 1, "2026ko urriaren 12a, astelehena",
     "urriaren 12a, astelehena, 10:00"},
    {2024, 10, 12, 20, 30, ES, 0, "sábado 12 de octubre", "sábado 12 de octubre, a las 20:30"},
    {2024, 10, 12, 20, 30, ES, 1, "sábado 12 de octubre de 2024",
     "sábado 12 de octubre, a las 20:30"},
    {2024, 10, 13, 8, 15, ES, 0, "domingo 13 de octubre", "domingo 13 de octubre, a las 8:15"},
    {2024, 10, 12, 20, 30, EN, 0, "Saturday 12 October", "Saturday 12 October, 20:30"},
    {2024, 10, 12, 20, 30, EN, 1, "Saturday 12 October 2024", "Saturday 12 October, 20:30"},
    {2024, 2, 29, 14, 0, EN, 0, "Thursday 29 February", "Thursday 29 February, 14:00"},
};

static void test_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(date_rows); i++) {
        char buf[128];
        civil_t t = civil_make(date_rows[i].y, date_rows[i].mo, date_rows[i].d, date_rows[i].h,
                               date_rows[i].mi, 0);
        size_t n = loc_date(t, date_rows[i].l, date_rows[i].with_year, buf, sizeof buf);
        expect_str("loc_date", i, buf, date_rows[i].date);
        if (n != strlen(buf))
            fail_msg("loc_date row %zu: returned %zu for %zu bytes", i, n, strlen(buf));
        loc_datetime(t, date_rows[i].l, buf, sizeof buf);
        expect_str("loc_datetime", i, buf, date_rows[i].datetime);
    }
}

static const struct {
    enum lang l;
    int h0, m0, h1, m1;
    const char *want;
} range_rows[] = {
    {FR, 20, 30, 22, 15,
     "samedi 12" NBSP "octobre de" NBSP "20" NNBSP "h" NNBSP "30" NBSP "à" NBSP "22" NNBSP
     "h" NNBSP "15"},
    {FR, 9, 0, 12, 0,
     "samedi 12" NBSP "octobre de" NBSP "9" NNBSP "h" NBSP "à" NBSP "12" NNBSP "h"},
    {ES, 20, 30, 22, 15, "sábado 12 de octubre, de" NBSP "20:30" NBSP "a" NBSP "22:15"},
    {EU, 20, 30, 22, 15,
     "urriaren 12a, larunbata, 20:30\xe2\x80\x93"
     "22:15"},
    {EN, 20, 30, 22, 15,
     "Saturday 12 October, 20:30\xe2\x80\x93"
     "22:15"},
};

static void test_datetime_ranges(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(range_rows); i++) {
        char buf[160];
        civil_t a = civil_make(2024, 10, 12, range_rows[i].h0, range_rows[i].m0, 0);
        civil_t b = civil_make(2024, 10, 12, range_rows[i].h1, range_rows[i].m1, 0);
        size_t n = loc_datetime_range(a, b, range_rows[i].l, buf, sizeof buf);
        expect_str("loc_datetime_range", i, buf, range_rows[i].want);
        if (n != strlen(buf))
            fail_msg("loc_datetime_range row %zu: returned %zu for %zu bytes", i, n, strlen(buf));
    }
}

static void test_date_truncates(void **state)
{
    (void)state;
    char buf[8];
    size_t n = loc_date(civil_make(2024, 10, 12, 0, 0, 0), FR, 0, buf, sizeof buf);
    assert_int_equal(n, strlen("samedi 12" NBSP "octobre"));
    assert_string_equal(buf, "samedi ");
    assert_int_equal(loc_time(20, 30, FR, NULL, 0), strlen("20 h 30") + 4);
}

static const struct {
    int hour, min;
    enum lang l;
    const char *want;
} time_rows[] = {
    {20, 30, FR, "20" NNBSP "h" NNBSP "30"},
    {20, 0, FR, "20" NNBSP "h"},
    {8, 5, FR, "8" NNBSP "h" NNBSP "05"},
    {20, 30, EU, "20:30"},
    {20, 30, ES, "20:30"},
    {20, 30, EN, "20:30"},
    {9, 0, EN, "9:00"},
    {0, 0, ES, "0:00"},
};

static void test_times(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(time_rows); i++) {
        char buf[32];
        loc_time(time_rows[i].hour, time_rows[i].min, time_rows[i].l, buf, sizeof buf);
        expect_str("loc_time", i, buf, time_rows[i].want);
    }
}

static const struct {
    int cents;
    enum lang l;
    const char *want;
} price_rows[] = {
    {2800, FR, "28" NNBSP "€"},
    {750, FR, "7,50" NNBSP "€"},
    {5, FR, "0,05" NNBSP "€"},
    {0, FR, "Gratuit"},
    {125000, FR, "1" NNBSP "250" NNBSP "€"},
    {2800, EU, "28" NNBSP "€"},
    {750, EU, "7,50" NNBSP "€"},
    {0, EU, "Doan"},
    {2800, ES, "28" NNBSP "€"},
    {750, ES, "7,50" NNBSP "€"},
    {125000, ES, "1250" NNBSP "€"},
    {1250000, ES, "12" NNBSP "500" NNBSP "€"},
    {0, ES, "Gratis"},
    {2800, EN, "€28"},
    {750, EN, "€7.50"},
    {125000, EN, "€1,250"},
    {0, EN, "Free"},
};

static void test_prices(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(price_rows); i++) {
        char buf[64];
        size_t n = loc_price(price_rows[i].cents, price_rows[i].l, buf, sizeof buf);
        expect_str("loc_price", i, buf, price_rows[i].want);
        if (n != strlen(buf))
            fail_msg("loc_price row %zu: returned %zu", i, n);
    }
}

#define NB NBSP
#define NN NNBSP

static const struct {
    const char *in, *want;
} typo_rows[] = {
    /* Spaces before high punctuation become narrow no-break spaces. */
    {"Bienvenue !", "Bienvenue" NN "!"},
    {"Bienvenue!", "Bienvenue" NN "!"},
    {"Vraiment ?", "Vraiment" NN "?"},
    {"Ouvert ; fermé", "Ouvert" NN "; fermé"},
    {"Horaires : 9 h", "Horaires" NN ": 9 h"},
    {"Horaires: 9 h", "Horaires" NN ": 9 h"},
    {"Quoi ?!", "Quoi" NN "?!"},
    {"Quoi?!", "Quoi" NN "?!"},
    {"Fin  !", "Fin" NN "!"},
    {"Fin" NB "!", "Fin" NN "!"},
    {"Et alors… ?", "Et alors…" NN "?"},
    {"(vraiment?)", "(vraiment" NN "?)"},
    {"« Bonjour »", "«" NN "Bonjour" NN "»"},
    {"«Bonjour»", "«" NN "Bonjour" NN "»"},
    {"Il dit «oui» !", "Il dit «" NN "oui" NN "»" NN "!"},
    /* Left alone. */
    {"20:30", "20:30"},
    {"de 08:00-12:00 et 14:00-18:00", "de 08:00-12:00 et 14:00-18:00"},
    {"https://www.example.org/agenda?mois=10&x=1;y=2",
     "https://www.example.org/agenda?mois=10&x=1;y=2"},
    {"Infos : https://example.org/a?b=1 !", "Infos" NN ": https://example.org/a?b=1" NN "!"},
    {"www.example.org?x", "www.example.org?x"},
    {"Écrire à accueil@example.org?", "Écrire à accueil@example.org?"},
    {"Déjà" NN "!", "Déjà" NN "!"},
    {"Déjà" NN ":", "Déjà" NN ":"},
    {"« Déjà" NN "»", "«" NN "Déjà" NN "»"},
    {"!", "!"},
    {": début", ": début"},
    {"Ligne\n: suite", "Ligne\n: suite"},
    {"a?b", "a?b"},
    {"Note :-)", "Note :-)"},
    {"l'été", "l'été"},
    {"", ""},
};

static void test_typo(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(typo_rows); i++) {
        char *got = loc_typo_fr(typo_rows[i].in);
        expect_str("loc_typo_fr", i, got, typo_rows[i].want);
        /* Idempotent: a second pass changes nothing. */
        char *again = loc_typo_fr(got);
        expect_str("loc_typo_fr twice", i, again, typo_rows[i].want);
        free(again);
        free(got);
    }
}

/* Where a line may not break: "_" stands for a no-break space in want. */
static const struct {
    const char *in, *want;
} glue_rows[] = {
    {"Fête du Nouvel An", "Fête du_Nouvel_An"},
    {"Église du XIXe siècle", "Église du_XIXe_siècle"},
    {"12 allée des Hortensias, 64250 Cambo-les-Bains",
     "12_allée des Hortensias, 64250_Cambo-les-Bains"},
    {"Samedi 3 et dimanche 4 octobre", "Samedi_3 et_dimanche_4_octobre"},
    {"Entrée 15 € pour les 14 ans", "Entrée 15_€ pour les 14_ans"},
    {"Lundi – vendredi", "Lundi_– vendredi"},
    {"Ouvert · ferme à 18 h", "Ouvert_· ferme à_18_h"},
    {"samedi 3\xc2\xa0octobre de\xc2\xa0"
     "10 h",
     "samedi_3_octobre de_10_h"},
    {"Samedi 3\xc2\xa0octobre de\xc2\xa0"
     "10 h",
     "Samedi_3_octobre de_10_h"},
    {"Visite guidée", "Visite guidée"},
    {"", ""},
};

static void test_glue(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(glue_rows); i++) {
        char *got = loc_glue(glue_rows[i].in);
        char shown[256];
        size_t o = 0;
        for (const char *p = got; *p && o + 1 < sizeof shown; p++) {
            if (p[0] == '\xc2' && p[1] == '\xa0') {
                shown[o++] = '_';
                p++;
            } else {
                shown[o++] = *p;
            }
        }
        shown[o] = 0;
        free(got);
        expect_str("loc_glue", i, shown, glue_rows[i].want);
    }
}

/* An event's date line, seen from now: "_" a no-break space, "~" a narrow one. */
#define MON               0x01
#define TUE               0x02
#define D(y, m, d)        civil_make(y, m, d, 0, 0, 0)
#define T(y, m, d, h, mi) civil_make(y, m, d, h, mi, 0)
static void test_event_dates(void **state)
{
    (void)state;
    /* built at run time: civil_make is a function */
    const struct {
        const char *name;
        civil_t now, start, end;
        bool start_date_only, end_date_only;
        uint8_t days;
        enum lang l;
        const char *want;
    } span_rows[] = {
        {"running, ends next year", T(2024, 10, 1, 10, 0), D(2023, 11, 9), D(2025, 4, 28), true,
         true, 0, FR, "jusqu’au 28_avril_2025"},
        {"running, ends this year", T(2026, 10, 1, 10, 0), D(2026, 9, 1), D(2026, 11, 30), true,
         true, 0, FR, "jusqu’au 30_novembre"},
        {"running, en", T(2026, 10, 1, 10, 0), D(2026, 9, 1), D(2026, 11, 30), true, true, 0, EN,
         "until 30 November"},
        {"running, eu", T(2026, 10, 1, 10, 0), D(2026, 9, 1), D(2026, 11, 30), true, true, 0, EU,
         "azaroaren 30era arte"},
        {"running, es", T(2026, 10, 1, 10, 0), D(2026, 9, 1), D(2026, 11, 28), true, true, 0, ES,
         "hasta el 28 de noviembre"},
        {"weekly on Tuesdays, seen on a Monday", T(2026, 10, 5, 10, 0), T(2026, 1, 6, 8, 0),
         D(2026, 12, 29), false, true, TUE, FR, "mardi 6_octobre à 8~h"},
        {"weekly on Mondays, seen on a Monday", T(2026, 10, 5, 10, 0), D(2026, 1, 5),
         D(2026, 12, 28), true, true, MON, FR, "lundi 5_octobre"},
        {"ten months away", T(2026, 10, 1, 10, 0), D(2027, 8, 14), CIVIL_NONE, true, false, 0, FR,
         "samedi 14_août_2027"},
        {"next year, near", T(2026, 12, 1, 10, 0), D(2027, 1, 9), CIVIL_NONE, true, false, 0, FR,
         "samedi 9_janvier_2027"},
        {"past year", T(2026, 3, 1, 10, 0), T(2025, 6, 1, 20, 0), CIVIL_NONE, false, false, 0, FR,
         "dimanche 1er_juin_2025 à 20~h"},
        {"two days, one month", T(2026, 10, 1, 10, 0), D(2026, 10, 3), D(2026, 10, 4), true, true,
         0, FR, "samedi 3 et dimanche 4_octobre"},
        {"two days, one month, es", T(2026, 10, 1, 10, 0), D(2026, 10, 3), D(2026, 10, 4), true,
         true, 0, ES, "sábado 3 y domingo 4 de octubre"},
        {"days in one month", T(2026, 9, 20, 10, 0), D(2026, 10, 1), D(2026, 10, 11), true, true,
         0, FR, "du jeudi 1er au dimanche 11_octobre"},
        {"across months", T(2026, 10, 1, 10, 0), D(2026, 10, 30), D(2026, 11, 2), true, true, 0,
         FR, "vendredi 30_octobre – lundi 2_novembre"},
        {"across years", T(2026, 10, 1, 10, 0), D(2026, 12, 31), D(2027, 1, 1), true, true, 0, FR,
         "jeudi 31_décembre_2026 – vendredi 1er_janvier_2027"},
        {"one day with hours", T(2026, 10, 1, 10, 0), T(2026, 10, 3, 10, 0), T(2026, 10, 3, 19, 0),
         false, false, 0, FR, "samedi 3_octobre de_10~h_à_19~h"},
    };

    for (size_t i = 0; i < N(span_rows); i++) {
        struct loc_span e = {span_rows[i].start, span_rows[i].end, span_rows[i].start_date_only,
                             span_rows[i].end_date_only, span_rows[i].days};
        char buf[256], shown[256];
        loc_event_date(&e, span_rows[i].now, span_rows[i].l, buf, sizeof buf);
        size_t o = 0;
        for (const char *p = buf; *p && o + 1 < sizeof shown; p++) {
            if (!strncmp(p, NBSP, 2)) {
                shown[o++] = '_';
                p += 1;
            } else if (!strncmp(p, NNBSP, 3)) {
                shown[o++] = '~';
                p += 2;
            } else {
                shown[o++] = *p;
            }
        }
        shown[o] = 0;
        if (strcmp(shown, span_rows[i].want) != 0)
            fail_msg("event date row '%s': got \"%s\", want \"%s\"", span_rows[i].name, shown,
                     span_rows[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_datetime_ranges),
        cmocka_unit_test(test_date_truncates),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_prices),
        cmocka_unit_test(test_typo),
        cmocka_unit_test(test_glue),
        cmocka_unit_test(test_event_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
