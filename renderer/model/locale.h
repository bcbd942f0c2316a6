/* locale — words and numbers as visitors read them, in fr, eu, es and en:
 * dates, times, prices, the fixed strings the player generates, and French
 * typography (narrow no-break spaces). Pure: no SDL, no clock, no setlocale. */
#ifndef VITRINE_MODEL_LOCALE_H
#define VITRINE_MODEL_LOCALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/civil.h"
#include "model/lang.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F narrow no-break space */
#define NBSP  "\xc2\xa0"     /* U+00A0 no-break space */

/* Fixed strings the player shows. */
enum loc_key {
    LOC_SOLD_OUT,       /* "Complet" */
    LOC_CANCELLED,      /* "Annulé" */
    LOC_POSTPONED,      /* "Reporté" */
    LOC_SUSPENDED,      /* "Suspendu" */
    LOC_ORIGINALLY,     /* "Initialement prévu le %s" (printf format, one %s: a date) */
    LOC_FREE,           /* "Gratuit" */
    LOC_FREE_ENTRY,     /* "Entrée libre" */
    LOC_SEATS_LEFT,     /* "%d places restantes" (printf format, one %d) */
    LOC_SEAT_LEFT,      /* "Dernière place !" style singular, one %d allowed */
    LOC_ON_SALE_DESK,   /* "En vente à l'accueil" */
    LOC_FROM_PRICE,     /* "À partir de" */
    LOC_OPEN,           /* "Ouvert" */
    LOC_CLOSED,         /* "Fermé" */
    LOC_CLOSES_AT,      /* "ferme à" */
    LOC_OPENS_AT,       /* "ouvre à" */
    LOC_TODAY,          /* "Aujourd'hui" */
    LOC_TONIGHT,        /* "Ce soir" */
    LOC_TOMORROW,       /* "Demain" */
    LOC_IN_DAYS,        /* "Dans %d jours" (one %d) */
    LOC_THIS_WEEKEND,   /* "Ce week-end" */
    LOC_AGENDA,         /* "Agenda" / "À venir" title of the agenda slide */
    LOC_OPENING_HOURS,  /* "Horaires d'ouverture" */
    LOC_SCAN_ME,        /* "Plus d'infos" under a QR code */
    LOC_NOW,            /* "En ce moment": an event under way */
    LOC_UNTIL,          /* "Jusqu'au %s" (one %s: a day and month, maybe a year) */
    LOC_UPCOMING,       /* "À venir": the agenda's events that have not begun */
    LOC_HOLIDAYS,       /* "jours fériés", in the opening hours */
    LOC_AND,            /* " et ", joining two days */
    LOC_BADGE_PROVIDER, /* "Partenaire": the badge of each kind of slide */
    LOC_BADGE_EVENT,    /* "Événement" */
    LOC_BADGE_TICKET,   /* "Billetterie" */
    LOC_BADGE_PLACE,    /* "À découvrir" */
    LOC_BADGE_NOTICE,   /* "Info" */
    LOC_WEBSITE,        /* "Notre site", under the office's web site QR code */
    LOC_WHATS_ON,       /* "Agenda", under the agenda's QR code */
    LOC_BOOK,           /* "Réserver", under the booking page's QR code */
    LOC_WEATHER,        /* "Météo", the weather slide's title */
    LOC_MORE_EVENT,     /* "+ 1 autre rendez-vous à l'accueil": the agenda's last row */
    LOC_MORE_EVENTS,    /* "+ %d autres rendez-vous à l'accueil" (one %d, 2 or more) */
    LOC_COUNT
};

/* The fixed string for key in l (falls back to French). Never NULL. */
const char *loc_string(enum loc_key key, enum lang l);

/* The weekday's name in l, 0 = Monday, lower-case where the language writes
 * it so: fr "mercredi", eu "asteazkena", es "miércoles", en "Wednesday". */
const char *loc_weekday(int wday, enum lang l);

/* Writes a long date: fr "samedi 12 octobre", eu "urriaren 12a, larunbata",
 * es "sábado 12 de octubre", en "Saturday 12 October". With with_year, the
 * year is appended in each language's way. Returns the length written
 * (snprintf rules: output truncated to size). */
size_t loc_date(civil_t t, enum lang l, int with_year, char *buf, size_t size);

/* A time of day: fr "20 h 30", "20 h" (narrow no-break spaces); eu/es/en "20:30". */
size_t loc_time(int hour, int min, enum lang l, char *buf, size_t size);

/* Date and time: fr "samedi 12 octobre à 20 h 30", en "Saturday 12 October, 20:30"... */
size_t loc_datetime(civil_t t, enum lang l, char *buf, size_t size);

/* A day with a time range: fr "samedi 12 octobre de 20 h 30 à 22 h 15",
 * es "sábado 12 de octubre, de 20:30 a 22:15", eu/en "…, 20:30–22:15".
 * The range is joined with no-break spaces (or none), so a line never
 * breaks inside it. end must fall on start's day. */
size_t loc_datetime_range(civil_t start, civil_t end, enum lang l, char *buf, size_t size);

/* A price in euros: fr/eu/es "28 €", "7,50 €" (no-break space before €),
 * en "€28", "€7.50". 0 gives the word for free. */
size_t loc_price(int cents, enum lang l, char *buf, size_t size);

/* A range of prices as one summary, in l: fr "De 9 à 15,50 €", "À partir
 * de 9 €" (hi < 0), "9 €" (hi == lo), "Jusqu'à 15 €" (lo == 0), "Gratuit"
 * (both 0); eu "9 €-tik 15,50 €-ra", es "De 9 a 15,50 €", en "€9 to €15.50".
 * Amounts are written by loc_price. Returns the length (snprintf rules). */
size_t loc_price_range(int lo_cents, int hi_cents, enum lang l, char *buf, size_t size);

/* Upper-cases the first letter of s in place (ASCII or Latin-1); returns s. */
char *loc_capitalize(char *s);

/* French typography on a text: a space (or none) before : ; ! ? » and after «
 * becomes a narrow no-break space, straight
 * apostrophes stay as written. URLs and times like 20:30 are left alone.
 * Returns a heap string the caller frees. */
char *loc_typo_fr(const char *in);

/* The ASCII letter(s) a Latin letter of UTF-8 text at s is written with
 * ("é" -> "e", "Œ" -> "OE", "ß" -> "ss"); combining accents (as in
 * decomposed, macOS-style names) give "". Returns the bytes of s used (0 when
 * s does not start with such a letter) and writes the NUL-terminated letters
 * to out (4 bytes). */
size_t loc_ascii_letter(const char *s, char out[4]);

/* An event's dates, for loc_event_date. */
struct loc_span {
    civil_t start, end; /* wall clock; end CIVIL_NONE when unknown */
    bool start_date_only, end_date_only;
    uint8_t days; /* weekdays it takes place on (bit 0 = Monday); 0 or 0x7f: every day */
};

/* An event's date line as seen at now, in l, lower case first letter:
 * - under way (begun on an earlier day, not ended): "jusqu'au 28 avril
 *   2025"; on some weekdays only, its next day ("mardi 6 octobre à 8 h");
 * - one day: "samedi 3 octobre à 20 h", "… de 10 h à 19 h";
 * - days in one month, said once: "samedi 3 et dimanche 4 octobre", "du
 *   jeudi 1er au dimanche 11 octobre";
 * - else "jeudi 31 décembre – vendredi 1er janvier 2027".
 * A date carries its year when it is not in now's year or is more than
 * LOC_YEAR_DAYS days ahead. Returns the length (snprintf rules). */
#define LOC_YEAR_DAYS 150
size_t loc_event_date(const struct loc_span *e, civil_t now, enum lang l, char *buf, size_t size);

/* True when the event of e is under way at now: begun on an earlier day and
 * not ended (with no end, never). */
bool loc_span_running(const struct loc_span *e, civil_t now);

/* Where a line may not break, in any language: joins with a no-break space
 * a number and the word after it ("4 octobre", "64250 Cambo-les-Bains",
 * "20 h", "14 ans"), an ordinal and its noun ("XIXe siècle", "1er mai"), a
 * weekday and its day ("dimanche 4"), a word of one or two letters and the
 * next ("à la", "de 9"), a last short word and the one before ("Nouvel
 * An"), and a dash or a middle dot and the word before it. Only ASCII
 * spaces between words change. Returns a heap string the caller frees. */
char *loc_glue(const char *in);

#endif
