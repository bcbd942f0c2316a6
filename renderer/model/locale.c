/* locale — fixed strings, dates, times and prices in fr, eu, es, en, and
 * French typography. Pure: all tables are const, no setlocale, no clock.
 *
 * Choices worth knowing:
 * - Prices in fr/eu/es put a narrow no-break space (U+202F) before "€" and
 *   between thousands ("1 250 €"), as the Imprimerie nationale and the
 *   Unicode CLDR fr locale do; it is also what loc_time uses, so a line
 *   like "20 h 30 · 28 €" has one kind of space. en writes "€28", "€7.50".
 * - loc_typo_fr puts a narrow no-break space before : ; ! ? » and after «,
 *   as the office's style asks (the Imprimerie nationale gives the colon a
 *   full no-break space; COLON_SPACE below is the one place to change for
 *   that). A narrow space already present is always kept.
 * - Fixed French strings use the typographic apostrophe (U+2019).
 * - One term per concept per language, reviewed: "sold out" is "Agortuta" in
 *   Basque (what ticket offices write: "sarrerak agortuta"), never "Beteta";
 *   the importers take their status words from here. */
#include "model/locale.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/util.h"

#define APOS        "\xe2\x80\x99" /* U+2019 right single quotation mark */
#define COLON_SPACE NNBSP

static const char *const strings[LOC_COUNT][LANG_COUNT] = {
    /*                   fr, eu, es, en */
    [LOC_SOLD_OUT] = {"Complet", "Agortuta", "Agotado", "Sold out"},
    [LOC_CANCELLED] = {"Annulé", "Bertan behera", "Cancelado", "Cancelled"},
    [LOC_POSTPONED] = {"Reporté", "Atzeratua", "Aplazado", "Postponed"},
    [LOC_SUSPENDED] = {"Suspendu", "Etenda", "Suspendido", "Suspended"},
    [LOC_ORIGINALLY] = {"Initialement prévu le %s", "Hasiera batean: %s",
                        "Previsto inicialmente para el %s", "Originally %s"},
    [LOC_FREE] = {"Gratuit", "Doan", "Gratis", "Free"},
    [LOC_FREE_ENTRY] = {"Entrée libre", "Sarrera librea", "Entrada libre", "Free entry"},
    [LOC_SEATS_LEFT] = {"%d places restantes", "%d leku libre", "Quedan %d plazas",
                        "%d seats left"},
    [LOC_SEAT_LEFT] = {"Dernière place" NNBSP "!", "Azken lekua!", "¡Última plaza!", "Last seat!"},
    [LOC_ON_SALE_DESK] = {"En vente à l" APOS "accueil", "Salgai harreran",
                          "A la venta en recepción", "On sale at the welcome desk"},
    [LOC_FROM_PRICE] = {"À partir de", "Gutxienez", "Desde", "From"}, /* eu: see loc_price_range */
    [LOC_OPEN] = {"Ouvert", "Irekita", "Abierto", "Open"},
    [LOC_CLOSED] = {"Fermé", "Itxita", "Cerrado", "Closed"},
    [LOC_CLOSES_AT] = {"ferme à", "itxiera:", "cierra a las", "closes at"},
    [LOC_OPENS_AT] = {"ouvre à", "irekiera:", "abre a las", "opens at"},
    [LOC_TODAY] = {"Aujourd" APOS "hui", "Gaur", "Hoy", "Today"},
    [LOC_TONIGHT] = {"Ce soir", "Gaur gauean", "Esta noche", "Tonight"},
    [LOC_TOMORROW] = {"Demain", "Bihar", "Mañana", "Tomorrow"},
    [LOC_IN_DAYS] = {"Dans %d jours", "%d egun barru", "Dentro de %d días", "In %d days"},
    [LOC_THIS_WEEKEND] = {"Ce week-end", "Asteburu honetan", "Este fin de semana", "This weekend"},
    [LOC_AGENDA] = {"Agenda", "Agenda", "Agenda", "What" APOS "s on"},
    [LOC_OPENING_HOURS] = {"Horaires d" APOS "ouverture", "Ordutegia", "Horario", "Opening hours"},
    [LOC_SCAN_ME] = {"Plus d" APOS "infos", "Informazio gehiago", "Más información", "More info"},
    [LOC_NOW] = {"En ce moment", "Orain", "Ahora", "On now"},
    [LOC_UNTIL] = {"Jusqu" APOS "au %s", "%s arte", "Hasta el %s", "Until %s"},
    [LOC_UPCOMING] = {"À venir", "Laster", "Próximamente", "Coming up"},
    [LOC_HOLIDAYS] = {"jours fériés", "jaiegunak", "festivos", "public holidays"},
    [LOC_AND] = {" et ", " eta ", " y ", " and "},
    [LOC_BADGE_PROVIDER] = {"Partenaire", "Bazkidea", "Colaborador", "Partner"},
    [LOC_BADGE_EVENT] = {"Événement", "Ekitaldia", "Evento", "Event"},
    [LOC_BADGE_TICKET] = {"Billetterie", "Txarteldegia", "Entradas", "Tickets"},
    [LOC_BADGE_PLACE] = {"À découvrir", "Ezagutu", "Descubrir", "Discover"},
    [LOC_BADGE_NOTICE] = {"Info", "Informazioa", "Información", "Info"},
    [LOC_WEBSITE] = {"Notre site", "Gure webgunea", "Nuestra web", "Our website"},
    [LOC_WHATS_ON] = {"Agenda", "Agenda", "Agenda", "What" APOS "s on"},
    [LOC_BOOK] = {"Réserver", "Erreserbatu", "Reservar", "Book"},
    [LOC_WEATHER] = {"Météo", "Eguraldia", "El tiempo", "Weather"},
    [LOC_MORE_EVENT] = {"+" NBSP "1 autre rendez-vous à l" APOS "accueil",
                        "+" NBSP "ekitaldi 1 gehiago harreran",
                        "+" NBSP "1 evento más en recepción",
                        "+" NBSP "1 more event at the welcome desk"},
    [LOC_MORE_EVENTS] = {"+" NBSP "%d autres rendez-vous à l" APOS "accueil",
                         "+" NBSP "%d ekitaldi gehiago harreran",
                         "+" NBSP "%d eventos más en recepción",
                         "+" NBSP "%d more events at the welcome desk"},
};

/* Monday first, as civil_fields.wday counts. */
static const char *const weekdays[LANG_COUNT][7] = {
    {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
    {"astelehena", "asteartea", "asteazkena", "osteguna", "ostirala", "larunbata", "igandea"},
    {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
};

/* Basque months are in the genitive, as dates use them: "urriaren 12a". */
static const char *const months[LANG_COUNT][12] = {
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"},
    {"urtarrilaren", "otsailaren", "martxoaren", "apirilaren", "maiatzaren", "ekainaren",
     "uztailaren", "abuztuaren", "irailaren", "urriaren", "azaroaren", "abenduaren"},
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};

static enum lang lang_or_fr(enum lang l)
{
    return (unsigned)l < LANG_COUNT ? l : LANG_FR;
}

const char *loc_string(enum loc_key key, enum lang l)
{
    if ((unsigned)key >= LOC_COUNT)
        return "";
    const char *s = strings[key][lang_or_fr(l)];
    return s ? s : strings[key][LANG_FR];
}

/* snprintf that returns a size_t and never a negative value. */
static size_t put(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static size_t put(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n < 0 ? 0 : (size_t)n;
}

/* Basque: the day number takes the article -a ("12a"), except 11 and 31,
 * whose names (hamaika, hogeita hamaika) already end in -a. */
static const char *eu_day_suffix(int day)
{
    return (day == 11 || day == 31) ? "" : "a";
}

/* Basque: the year takes -ko after a vowel and -eko after a consonant,
 * following how the number is said: 2024 (…hogeita lau) "2024ko", 2025
 * (…hogeita bost) "2025eko", 2030 (…hogeita hamar) "2030eko". Numbers are
 * vigesimal below 100, so the last word is that of n % 20 (or hogei). */
static const char *eu_year_suffix(int year)
{
    int n = year % 100;
    if (n == 0)
        return year % 1000 == 0 ? "ko" : "eko"; /* mila / …ehun */
    int r = n % 20;
    return (r == 1 || r == 5 || r == 10 || r == 15) ? "eko" : "ko";
}

const char *loc_weekday(int wday, enum lang l)
{
    if ((unsigned)l >= LANG_COUNT)
        l = LANG_FR;
    return weekdays[l][((wday % 7) + 7) % 7];
}

size_t loc_date(civil_t t, enum lang l, int with_year, char *buf, size_t size)
{
    struct civil_fields f = civil_split(t);
    l = lang_or_fr(l);
    const char *wd = weekdays[l][f.wday];
    const char *mo = months[l][f.month - 1];
    switch (l) {
    case LANG_EU:
        if (with_year)
            return put(buf, size, "%d%s %s %d%s, %s", f.year, eu_year_suffix(f.year), mo, f.day,
                       eu_day_suffix(f.day), wd);
        return put(buf, size, "%s %d%s, %s", mo, f.day, eu_day_suffix(f.day), wd);
    case LANG_ES:
        if (with_year)
            return put(buf, size, "%s %d de %s de %d", wd, f.day, mo, f.year);
        return put(buf, size, "%s %d de %s", wd, f.day, mo);
    case LANG_EN:
        if (with_year)
            return put(buf, size, "%s %d %s %d", wd, f.day, mo, f.year);
        return put(buf, size, "%s %d %s", wd, f.day, mo);
    default: {
        /* French writes the first of the month as an ordinal: "1er octobre"; a
         * number never starts a line apart from what it counts. */
        const char *er = f.day == 1 ? "er" : "";
        if (with_year)
            return put(buf, size, "%s %d%s" NBSP "%s" NBSP "%d", wd, f.day, er, mo, f.year);
        return put(buf, size, "%s %d%s" NBSP "%s", wd, f.day, er, mo);
    }
    }
}

size_t loc_time(int hour, int min, enum lang l, char *buf, size_t size)
{
    if (lang_or_fr(l) == LANG_FR) {
        if (min == 0)
            return put(buf, size, "%d" NNBSP "h", hour);
        return put(buf, size, "%d" NNBSP "h" NNBSP "%02d", hour, min);
    }
    return put(buf, size, "%d:%02d", hour, min);
}

static size_t date_time(civil_t t, bool date_only, enum lang l, bool year, char *buf, size_t size);

size_t loc_datetime(civil_t t, enum lang l, char *buf, size_t size)
{
    return date_time(t, false, lang_or_fr(l), false, buf, size);
}

size_t loc_datetime_range(civil_t start, civil_t end, enum lang l, char *buf, size_t size)
{
    char date[96], t0[32], t1[32];
    struct civil_fields a = civil_split(start), b = civil_split(end);
    l = lang_or_fr(l);
    loc_date(start, l, 0, date, sizeof date);
    loc_time(a.hour, a.min, l, t0, sizeof t0);
    loc_time(b.hour, b.min, l, t1, sizeof t1);
    switch (l) {
    case LANG_ES:
        return put(buf, size, "%s, de" NBSP "%s" NBSP "a" NBSP "%s", date, t0, t1);
    case LANG_EU:
    case LANG_EN:
        return put(buf, size, "%s, %s\xe2\x80\x93%s", date, t0, t1); /* en dash */
    default:
        return put(buf, size, "%s de" NBSP "%s" NBSP "à" NBSP "%s", date, t0, t1);
    }
}

/* Writes the whole-euro part n with groups of three digits separated by sep
 * once n reaches from; returns the length written (at most 40 bytes). */
static size_t group_digits(unsigned long n, const char *sep, unsigned long from, char *out)
{
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%lu", n);
    size_t len = 0;
    for (int i = 0; i < nd; i++) {
        if (n >= from && i > 0 && (nd - i) % 3 == 0) {
            memcpy(out + len, sep, strlen(sep));
            len += strlen(sep);
        }
        out[len++] = digits[i];
    }
    out[len] = '\0';
    return len;
}

size_t loc_price(int cents, enum lang l, char *buf, size_t size)
{
    l = lang_or_fr(l);
    if (cents == 0)
        return put(buf, size, "%s", loc_string(LOC_FREE, l));
    const char *sign = cents < 0 ? "-" : "";
    unsigned long c = cents < 0 ? 0UL - (unsigned long)cents : (unsigned long)cents;
    unsigned long euros = c / 100, rest = c % 100;
    char whole[64];
    if (l == LANG_EN) {
        group_digits(euros, ",", 1000, whole);
        if (rest)
            return put(buf, size, "%s€%s.%02lu", sign, whole, rest);
        return put(buf, size, "%s€%s", sign, whole);
    }
    /* French groups from 1 000; Spanish and Basque leave four digits whole. */
    group_digits(euros, NNBSP, l == LANG_FR ? 1000 : 10000, whole);
    if (rest)
        return put(buf, size, "%s%s,%02lu" NNBSP "€", sign, whole, rest);
    return put(buf, size, "%s%s" NNBSP "€", sign, whole);
}

/* --- An event's dates ------------------------------------------------- */

static int64_t day_of(civil_t t)
{
    struct civil_fields f = civil_split(t);
    return days_from_civil(f.year, f.month, f.day);
}

/* A date needs its year when not in now's year or far ahead. */
static bool needs_year(civil_t t, civil_t now)
{
    struct civil_fields a = civil_split(t), n = civil_split(now);
    return a.year != n.year || day_of(t) - day_of(now) > LOC_YEAR_DAYS;
}

/* Basque: "-ra" (to, until) after a vowel, "-era" after a consonant, as the
 * day number is said: bat (1), bost (5), hamar (10), hamabost (15), hogeita
 * bat (21), hogeita bost (25), hogeita hamar (30). */
static const char *eu_until_suffix(int day)
{
    int r = day % 20;
    return (day != 11 && day != 31 && (r == 1 || r == 5 || r == 10 || r == 15)) ? "era" : "ra";
}

/* The day and month without the weekday, for "jusqu'au …". */
static size_t day_month(civil_t t, enum lang l, bool year, char *buf, size_t size)
{
    struct civil_fields f = civil_split(t);
    const char *mo = months[l][f.month - 1];
    char y[16] = "";
    switch (l) {
    case LANG_EU:
        if (year)
            snprintf(y, sizeof y, "%d%s ", f.year, eu_year_suffix(f.year));
        return put(buf, size, "%s%s %d%s", y, mo, f.day, eu_until_suffix(f.day));
    case LANG_ES:
        if (year)
            snprintf(y, sizeof y, " de %d", f.year);
        return put(buf, size, "%d de %s%s", f.day, mo, y);
    case LANG_EN:
        if (year)
            snprintf(y, sizeof y, " %d", f.year);
        return put(buf, size, "%d %s%s", f.day, mo, y);
    default:
        if (year)
            snprintf(y, sizeof y, NBSP "%d", f.year);
        return put(buf, size, "%d%s" NBSP "%s%s", f.day, f.day == 1 ? "er" : "", mo, y);
    }
}

bool loc_span_running(const struct loc_span *e, civil_t now)
{
    if (e->start == CIVIL_NONE || e->end == CIVIL_NONE)
        return false;
    if (day_of(e->start) >= day_of(now))
        return false;
    return e->end_date_only ? day_of(e->end) >= day_of(now) : e->end > now;
}

/* A date with its time: "samedi 3 octobre à 20 h" (and the year when asked). */
static size_t date_time(civil_t t, bool date_only, enum lang l, bool year, char *buf, size_t size)
{
    char date[96], time[32];
    loc_date(t, l, year, date, sizeof date);
    if (date_only)
        return put(buf, size, "%s", date);
    struct civil_fields f = civil_split(t);
    loc_time(f.hour, f.min, l, time, sizeof time);
    switch (l) {
    case LANG_ES:
        return put(buf, size, "%s, a las %s", date, time);
    case LANG_EU:
    case LANG_EN:
        return put(buf, size, "%s, %s", date, time);
    default:
        return put(buf, size, "%s à %s", date, time);
    }
}

size_t loc_event_date(const struct loc_span *e, civil_t now, enum lang l, char *buf, size_t size)
{
    l = lang_or_fr(l);
    if (size)
        buf[0] = '\0';
    if (e->start == CIVIL_NONE)
        return 0;
    char a[128], b[128];
    bool weekly = e->days && (e->days & 0x7f) != 0x7f;
    if (loc_span_running(e, now)) {
        if (weekly) {
            /* its next day: today if it is one of its days */
            int64_t today = day_of(now);
            struct civil_fields n = civil_split(now);
            int k = 0;
            while (k < 7 && !(e->days & (1u << ((n.wday + k) % 7))))
                k++;
            struct civil_fields s = civil_split(e->start);
            civil_t next = (today + k) * 86400 + s.hour * 3600 + s.min * 60;
            return date_time(next, e->start_date_only, l, needs_year(next, now), buf, size);
        }
        day_month(e->end, l, needs_year(e->end, now), a, sizeof a);
        size_t n = put(buf, size, loc_string(LOC_UNTIL, l), a);
        if (l != LANG_EU && size) /* lower case first, as every date line */
            buf[0] = (char)(buf[0] >= 'A' && buf[0] <= 'Z' ? buf[0] - 'A' + 'a' : buf[0]);
        return n;
    }
    bool y_start = needs_year(e->start, now);
    if (e->end == CIVIL_NONE || e->end <= e->start)
        return date_time(e->start, e->start_date_only, l, y_start, buf, size);
    struct civil_fields fs = civil_split(e->start), fe = civil_split(e->end);
    bool y_end = needs_year(e->end, now) || y_start;
    if (day_of(e->start) == day_of(e->end)) {
        if (e->start_date_only || e->end_date_only)
            return date_time(e->start, e->start_date_only, l, y_start, buf, size);
        if (!y_start)
            return loc_datetime_range(e->start, e->end, l, buf, size);
        date_time(e->start, false, l, true, a, sizeof a);
        loc_time(fe.hour, fe.min, l, b, sizeof b);
        return put(buf, size, "%s%s%s", a, l == LANG_FR ? NBSP "–" NBSP : "–", b);
    }
    const char *ws = weekdays[l][fs.wday], *we = weekdays[l][fe.wday];
    const char *mo = months[l][fe.month - 1];
    if (fs.year == fe.year && fs.month == fe.month && l != LANG_EU) {
        bool two = fe.day == fs.day + 1;
        char y[16] = "";
        switch (l) {
        case LANG_ES:
            if (y_end)
                snprintf(y, sizeof y, " de %d", fe.year);
            return two ? put(buf, size, "%s %d y %s %d de %s%s", ws, fs.day, we, fe.day, mo, y)
                       : put(buf, size, "del %s %d al %s %d de %s%s", ws, fs.day, we, fe.day, mo,
                             y);
        case LANG_EN:
            if (y_end)
                snprintf(y, sizeof y, " %d", fe.year);
            return two ? put(buf, size, "%s %d and %s %d %s%s", ws, fs.day, we, fe.day, mo, y)
                       : put(buf, size, "%s %d – %s %d %s%s", ws, fs.day, we, fe.day, mo, y);
        default:
            if (y_end)
                snprintf(y, sizeof y, NBSP "%d", fe.year);
            return two ? put(buf, size, "%s %d%s et %s %d" NBSP "%s%s", ws, fs.day,
                             fs.day == 1 ? "er" : "", we, fe.day, mo, y)
                       : put(buf, size, "du %s %d%s au %s %d" NBSP "%s%s", ws, fs.day,
                             fs.day == 1 ? "er" : "", we, fe.day, mo, y);
        }
    }
    /* across months: the year on both ends when they differ, else on the end */
    loc_date(e->start, l, fs.year != fe.year && y_end, a, sizeof a);
    loc_date(e->end, l, y_end, b, sizeof b);
    return put(buf, size, "%s \xe2\x80\x93 %s", a, b);
}

/* --- Where lines may not break ------------------------------------------ */

/* Tokens are runs between ASCII spaces; only those spaces are changed. */
struct tok {
    const char *s;
    size_t n;
};

static bool tok_is(struct tok t, const char *w)
{
    return strlen(w) == t.n && strncasecmp(t.s, w, t.n) == 0;
}

/* A number as written in text: starts with a digit ("4", "1er", "15,50"). */
static bool tok_number(struct tok t)
{
    return t.n > 0 && t.s[0] >= '0' && t.s[0] <= '9';
}

/* A Roman ordinal: "XIXe", "IIIe", "Ier", "XXIème". */
static bool tok_roman_ordinal(struct tok t)
{
    size_t i = 0;
    while (i < t.n && strchr("IVXLC", t.s[i]))
        i++;
    if (i == 0)
        return false;
    const char *rest = t.s + i;
    size_t rn = t.n - i;
    return (rn == 1 && rest[0] == 'e') || (rn == 2 && !strncmp(rest, "er", 2)) ||
           (rn == 4 && !strncmp(rest, "\xc3\xa8me", 4));
}

/* Letters only (ASCII or any UTF-8 sequence), counted as characters. */
static size_t tok_letters(struct tok t)
{
    size_t chars = 0;
    for (size_t i = 0; i < t.n; i++) {
        unsigned char c = (unsigned char)t.s[i];
        if ((c & 0xC0) == 0x80)
            continue;
        /* Latin-1 letters and œ (lead bytes C3, C5); not dashes or dots */
        if (!(c == 0xc3 || c == 0xc5 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return 0;
        chars++;
    }
    return chars;
}

static bool tok_weekday(struct tok t)
{
    for (int l = 0; l < LANG_COUNT; l++)
        for (int d = 0; d < 7; d++)
            if (tok_is(t, weekdays[l][d]))
                return true;
    return false;
}

/* "et", "ou"... : a number does not hold on to them. */
static bool tok_conjunction(struct tok t)
{
    static const char *const words[] = {"et", "ou", "y", "o", "eta", "edo", "and", "or"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (tok_is(t, words[i]))
            return true;
    return false;
}

/* A dash or a middle dot standing alone: it stays with the word before. */
static bool tok_joiner(struct tok t)
{
    return tok_is(t, "\xe2\x80\x93") || tok_is(t, "\xe2\x80\x94") || tok_is(t, "\xc2\xb7") ||
           tok_is(t, "-");
}

char *loc_glue(const char *in)
{
    size_t len = strlen(in);
    char *out = xmalloc(len * 2 + 1);
    size_t o = 0, i = 0;
    struct tok prev = {NULL, 0};
    while (i < len) {
        if (in[i] != ' ') {
            size_t j = i;
            while (j < len && in[j] != ' ')
                j++;
            memcpy(out + o, in + i, j - i);
            o += j - i;
            prev = (struct tok){in + i, j - i};
            i = j;
            continue;
        }
        /* one or more spaces between prev and the next token */
        size_t j = i;
        while (j < len && in[j] == ' ')
            j++;
        size_t k = j;
        while (k < len && in[k] != ' ' && in[k] != '\n')
            k++;
        struct tok next = {in + j, k - j};
        bool last = k >= len;
        /* words already held by no-break spaces: judge by the nearest one */
        struct tok near_prev = prev, near_next = next;
        for (size_t m = 0; m + 1 < prev.n; m++)
            if (!memcmp(prev.s + m, NBSP, 2) ||
                (m + 2 < prev.n && !memcmp(prev.s + m, NNBSP, 3))) {
                size_t skip = prev.s[m] == NBSP[0] && prev.s[m + 1] == NBSP[1] ? 2 : 3;
                near_prev = (struct tok){prev.s + m + skip, prev.n - m - skip};
            }
        for (size_t m = 0; m + 1 < next.n; m++)
            if (!memcmp(next.s + m, NBSP, 2) ||
                (m + 2 < next.n && !memcmp(next.s + m, NNBSP, 3))) {
                near_next.n = m;
                break;
            }
        size_t whole_next = tok_letters(next); /* 0 for a chain of words */
        prev = near_prev;
        next = near_next;
        size_t short_prev = tok_letters(prev);
        bool glue =
            prev.n && next.n && in[j] != '\n' &&
            ((tok_number(prev) && !tok_conjunction(next)) || tok_roman_ordinal(prev) ||
             (tok_weekday(prev) && tok_number(next)) || (short_prev > 0 && short_prev <= 2) ||
             tok_joiner(next) || (last && whole_next > 0 && whole_next <= 2));
        if (glue) {
            memcpy(out + o, NBSP, 2);
            o += 2;
        } else {
            out[o++] = ' ';
        }
        i = j;
    }
    out[o] = '\0';
    return out;
}

size_t loc_price_range(int lo, int hi, enum lang l, char *buf, size_t size)
{
    l = lang_or_fr(l);
    char a[48], b[48];
    if (hi >= 0 && hi < lo)
        hi = -1;
    if (lo <= 0 && hi <= 0)
        return put(buf, size, "%s", loc_string(LOC_FREE, l));
    loc_price(lo, l, a, sizeof a);
    loc_price(hi, l, b, sizeof b);
    if (lo <= 0) {
        static const char *const upto[LANG_COUNT] = {"Jusqu" APOS "à %s", "%s arte", "Hasta %s",
                                                     "Up to %s"};
        return put(buf, size, upto[l], b);
    }
    if (hi == lo)
        return put(buf, size, "%s", a);
    if (hi < 0) {
        if (l == LANG_EU)
            return put(buf, size, "%s-tik aurrera", a);
        return put(buf, size, "%s %s", loc_string(LOC_FROM_PRICE, l), a);
    }
    /* fr, es: the first amount without its sign, "De 9 à 15,50 €" */
    const char *euro = NNBSP "€";
    size_t al = strlen(a), el = strlen(euro);
    if (l != LANG_EN && al > el && !strcmp(a + al - el, euro))
        a[al - el] = '\0';
    switch (l) {
    case LANG_EU:
        return put(buf, size, "%s%s-tik %s-ra", a, l == LANG_EU ? euro : "", b);
    case LANG_ES:
        return put(buf, size, "De %s a %s", a, b);
    case LANG_EN:
        return put(buf, size, "%s to %s", a, b);
    default:
        return put(buf, size, "De %s à %s", a, b);
    }
}

/* Upper-cases the first letter (ASCII, or a Latin-1 letter in UTF-8:
 * U+00E0..U+00FE map to U+00C0..U+00DE, except U+00F7, the sign ÷). */
char *loc_capitalize(char *s)
{
    unsigned char *u = (unsigned char *)s;
    if (u[0] >= 'a' && u[0] <= 'z')
        u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == 0xc3 && u[1] >= 0xa0 && u[1] <= 0xbe && u[1] != 0xb7)
        u[1] -= 0x20;
    return s;
}

/* --- French typography ------------------------------------------------- */

static int is_space_at(const char *s, size_t *len)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        *len = 1;
        return 1;
    }
    if (strncmp(s, NBSP, 2) == 0) {
        *len = 2;
        return 1;
    }
    if (strncmp(s, NNBSP, 3) == 0) {
        *len = 3;
        return 1;
    }
    return 0;
}

/* True when the token starting at s (up to the next space) is a web or mail
 * address, whose : ? ; must stay as written. */
static size_t address_len(const char *s)
{
    size_t n = 0, sl;
    while (s[n] && !is_space_at(s + n, &sl))
        n++;
    int addr = 0;
    if (strncmp(s, "www.", 4) == 0)
        addr = 1;
    for (size_t i = 0; i < n && !addr; i++)
        if (s[i] == '@' || (s[i] == ':' && strncmp(s + i, "://", 3) == 0))
            addr = 1;
    return addr ? n : 0;
}

/* A mark is a French high punctuation mark when it ends a word: what follows
 * is the end, a space, or another closing mark. This leaves "20:30",
 * "08:00-12:00", "a?b" and ":-)" alone. */
static int ends_word(const char *next)
{
    size_t sl;
    if (*next == '\0' || is_space_at(next, &sl))
        return 1;
    if (strchr("!?;:.,)]\"'", *next))
        return 1;
    return strncmp(next, "\xc2\xbb", 2) == 0 || strncmp(next, "\xe2\x80\xa6", 3) == 0 ||
           strncmp(next, APOS, 3) == 0 || strncmp(next, "\xe2\x80\x9d", 3) == 0;
}

/* Before a mark: drops the ASCII spaces and no-break spaces that end out
 * (keeping a narrow no-break space, which is already right) and appends sp,
 * unless out is empty, ends a line, or ends with another high mark. */
static void space_before(char *out, size_t *len, const char *sp)
{
    size_t n = *len;
    if (n >= 3 && memcmp(out + n - 3, NNBSP, 3) == 0)
        return;
    while (n > 0) {
        if (out[n - 1] == ' ')
            n--;
        else if (n >= 2 && memcmp(out + n - 2, NBSP, 2) == 0)
            n -= 2;
        else
            break;
    }
    if (n == 0 || out[n - 1] == '\n' || out[n - 1] == '\t' || strchr("!?;:", out[n - 1]) ||
        (n >= 2 && memcmp(out + n - 2, "\xc2\xab", 2) == 0))
        return; /* keep what the author wrote there */
    memcpy(out + n, sp, strlen(sp));
    *len = n + strlen(sp);
}

char *loc_typo_fr(const char *in)
{
    size_t inlen = strlen(in);
    /* Each input byte yields at most itself plus one 3-byte space. */
    char *out = xmalloc(inlen * 4 + 1);
    size_t len = 0, i = 0, sl;
    int at_token_start = 1;
    while (i < inlen) {
        const char *p = in + i;
        if (at_token_start) {
            size_t a = address_len(p);
            if (a) {
                memcpy(out + len, p, a);
                len += a;
                i += a;
                continue;
            }
        }
        if (is_space_at(p, &sl)) {
            memcpy(out + len, p, sl);
            len += sl;
            i += sl;
            at_token_start = 1;
            continue;
        }
        at_token_start = 0;
        if ((*p == ';' || *p == '!' || *p == '?' || *p == ':') && ends_word(p + 1)) {
            space_before(out, &len, *p == ':' ? COLON_SPACE : NNBSP);
            out[len++] = *p;
            i++;
            continue;
        }
        if (strncmp(p, "\xc2\xbb", 2) == 0) { /* » */
            space_before(out, &len, NNBSP);
            memcpy(out + len, p, 2);
            len += 2;
            i += 2;
            continue;
        }
        if (strncmp(p, "\xc2\xab", 2) == 0) { /* « */
            memcpy(out + len, p, 2);
            len += 2;
            i += 2;
            /* Replace the spaces that follow by one narrow no-break space. */
            size_t j = i;
            while (in[j] == ' ' || strncmp(in + j, NBSP, 2) == 0)
                j += in[j] == ' ' ? 1 : 2;
            if (strncmp(in + j, NNBSP, 3) == 0) {
                i = j; /* the narrow space is copied as it comes */
            } else if (in[j] != '\0' && in[j] != '\n') {
                memcpy(out + len, NNBSP, 3);
                len += 3;
                i = j;
            }
            at_token_start = 1;
            continue;
        }
        out[len++] = *p;
        i++;
    }
    out[len] = '\0';
    return out;
}

size_t loc_ascii_letter(const char *s, char out[4])
{
    /* U+00C0..U+00FF; "" where the character is no letter (× and ÷) */
    static const char *const latin1[64] = {
        "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
        "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
    };
    const unsigned char *u = (const unsigned char *)s;
    const char *r = NULL;
    if (u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0xbf && *latin1[u[1] - 0x80])
        r = latin1[u[1] - 0x80];
    else if (u[0] == 0xc5 && u[1] == 0x92)
        r = "OE";
    else if (u[0] == 0xc5 && u[1] == 0x93)
        r = "oe";
    else if (u[0] == 0xc5 && u[1] == 0xb8)
        r = "Y";
    else if ((u[0] == 0xcc && u[1] >= 0x80) || (u[0] == 0xcd && u[1] <= 0xaf))
        r = ""; /* U+0300..U+036F, combining accents */
    if (!r)
        return 0;
    snprintf(out, 4, "%s", r);
    return 2;
}
