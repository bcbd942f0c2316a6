/* locale — words and numbers as visitors read them, in fr, eu, es and en:
 * dates, times, prices, the fixed strings the player generates, and French
 * typography (narrow no-break spaces). Pure: no SDL, no clock, no setlocale. */
#ifndef VITRINE_MODEL_LOCALE_H
#define VITRINE_MODEL_LOCALE_H

#include <stddef.h>

#include "model/civil.h"
#include "model/lang.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F narrow no-break space */
#define NBSP  "\xc2\xa0"     /* U+00A0 no-break space */

/* Fixed strings the player shows. */
enum loc_key {
    LOC_SOLD_OUT,      /* "Complet" */
    LOC_CANCELLED,     /* "Annulé" */
    LOC_POSTPONED,     /* "Reporté" */
    LOC_ORIGINALLY,    /* "Initialement prévu le %s" (printf format, one %s: a date) */
    LOC_FREE,          /* "Gratuit" */
    LOC_FREE_ENTRY,    /* "Entrée libre" */
    LOC_SEATS_LEFT,    /* "%d places restantes" (printf format, one %d) */
    LOC_SEAT_LEFT,     /* "Dernière place !" style singular, one %d allowed */
    LOC_ON_SALE_DESK,  /* "En vente à l'accueil" */
    LOC_FROM_PRICE,    /* "À partir de" */
    LOC_OPEN,          /* "Ouvert" */
    LOC_CLOSED,        /* "Fermé" */
    LOC_CLOSES_AT,     /* "ferme à" */
    LOC_OPENS_AT,      /* "ouvre à" */
    LOC_TODAY,         /* "Aujourd'hui" */
    LOC_TONIGHT,       /* "Ce soir" */
    LOC_TOMORROW,      /* "Demain" */
    LOC_IN_DAYS,       /* "Dans %d jours" (one %d) */
    LOC_THIS_WEEKEND,  /* "Ce week-end" */
    LOC_AGENDA,        /* "Agenda" / "À venir" title of the agenda slide */
    LOC_OPENING_HOURS, /* "Horaires d'ouverture" */
    LOC_SCAN_ME,       /* "Plus d'infos" under a QR code */
    LOC_WEBSITE,       /* "Notre site", under the office's web site QR code */
    LOC_WHATS_ON,      /* "Agenda", under the agenda's QR code */
    LOC_BOOK,          /* "Réserver", under the booking page's QR code */
    LOC_WEATHER,       /* "Météo", the weather slide's title */
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

#endif
