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
 * - Fixed French strings use the typographic apostrophe (U+2019). */
#include "model/locale.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/util.h"

#define APOS        "\xe2\x80\x99" /* U+2019 right single quotation mark */
#define COLON_SPACE NNBSP

static const char *const strings[LOC_COUNT][LANG_COUNT] = {
    /*                   fr, eu, es, en */
    [LOC_SOLD_OUT] = {"Complet", "Agortuta", "Agotado", "Sold out"},
    [LOC_CANCELLED] = {"Annulé", "Bertan behera", "Cancelado", "Cancelled"},
    [LOC_POSTPONED] = {"Reporté", "Atzeratua", "Aplazado", "Postponed"},
    [LOC_ORIGINALLY] = {"Initialement prévu le %s", "Hasiera batean: %s",
                        "Previsto inicialmente para el %s", "Originally %s"},
    [LOC_FREE] = {"Gratuit", "Doan", "Gratis", "Free"},
    [LOC_FREE_ENTRY] = {"Entrée libre", "Sarrera librea", "Entrada libre", "Free entry"},
    [LOC_SEATS_LEFT] = {"%d places restantes", "%d leku libre", "Quedan %d plazas",
                        "%d seats left"},
    [LOC_SEAT_LEFT] = {"Dernière place" NNBSP "!", "Azken lekua!", "¡Última plaza!", "Last seat!"},
    [LOC_ON_SALE_DESK] = {"En vente à l" APOS "accueil", "Salgai harreran",
                          "A la venta en recepción", "On sale at the welcome desk"},
    [LOC_FROM_PRICE] = {"À partir de", "Gutxienez", "Desde", "From"},
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
    [LOC_WEBSITE] = {"Notre site", "Gure webgunea", "Nuestra web", "Our website"},
    [LOC_WHATS_ON] = {"Agenda", "Agenda", "Agenda", "What" APOS "s on"},
    [LOC_BOOK] = {"Réserver", "Erreserbatu", "Reservar", "Book"},
    [LOC_WEATHER] = {"Météo", "Eguraldia", "El tiempo", "Weather"},
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

size_t loc_datetime(civil_t t, enum lang l, char *buf, size_t size)
{
    char date[96], time[32];
    struct civil_fields f = civil_split(t);
    l = lang_or_fr(l);
    loc_date(t, l, 0, date, sizeof date);
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
