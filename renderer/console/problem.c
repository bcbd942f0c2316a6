/* problem — the one table of the staff's French words for the loader's and
 * the scheduler's codes, and the filling of their {placeholders}. */
#include "console/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/feed.h"
#include "model/lang.h"
#include "model/locale.h"
#include "model/util.h"

/* Placeholders: {value} the value in question, {min} {max} its bounds,
 * {date} a French date, {day} a weekday, {holiday} a public holiday,
 * {screens} screen names, {hours} daily hours. The form shows the message
 * under its field, so the sentence need not name the field. */
static const struct {
    const char *code, *fr;
} words[] = {
    /* what the loader finds, by field */
    {"id_missing", "Donnez un identifiant à cette diapositive (des lettres sans accent, des "
                   "chiffres et des tirets, par exemple fete-gateau-basque)."},
    {"id_invalid", "L’identifiant « {value} » ne convient pas : utilisez seulement des lettres "
                   "sans accent, des chiffres, « - », « _ » et « . », au plus {max} caractères "
                   "(par exemple fete-gateau-basque)."},
    {"id_taken",
     "L’identifiant « {value} » est déjà pris par une autre diapositive : choisissez-en "
     "un autre."},
    {"kind", "Choisissez le type de la diapositive (événement, billetterie, lieu, prestataire, "
             "annonce, affiche ou bandeau)."},
    {"title_missing",
     "Le titre en français manque : écrivez-le, c’est lui qui s’affiche quand une "
     "traduction manque."},
    {"no_french", "Ce texte est traduit mais n’a pas de version française : écrivez d’abord le "
                  "français, la langue de référence."},
    {"poster_no_image", "Une affiche montre une image : ajoutez la photo (ou la vidéo) de "
                        "l’affiche."},
    {"start_missing", "La date de début manque : indiquez quand l’événement commence."},
    {"end_before_start", "La date de fin est avant la date de début : corrigez l’une des deux."},
    {"until_before_from", "La fin de diffusion est avant son début, la diapositive ne passerait "
                          "jamais : corrigez l’une des deux dates."},
    {"ticket_event_missing", "L’événement « {value} » n’existe pas : choisissez l’événement de "
                             "cette billetterie dans la liste."},
    {"ticket_not_event", "« {value} » n’est pas un événement : une billetterie renvoie à un "
                         "événement, choisissez-le dans la liste."},
    {"duration", "La durée « {value} » ne convient pas : donnez un nombre de secondes entre {min} "
                 "et {max} (par exemple 8 ou 12.5)."},
    {"int_range", "« {value} » ne convient pas : donnez un nombre entier de {min} à {max}."},
    {"bool", "« {value} » ne convient pas : choisissez oui ou non."},
    {"choice", "« {value} » n’est pas un choix possible : choisissez une valeur de la liste."},
    {"date", "« {value} » n’est pas une date valable : choisissez-la dans le calendrier "
             "(jour, mois, année, et l’heure si besoin)."},
    {"path", "Le fichier « {value} » ne convient pas : choisissez une photo envoyée depuis cette "
             "page, ou une adresse web qui commence par https://."},
    {"path_outside", "Le fichier « {value} » est hors du dossier des contenus : choisissez une "
                     "photo envoyée depuis cette page."},
    {"url", "« {value} » n’est pas une adresse web : elle commence par https:// et ne contient "
            "pas d’espace."},
    {"ref", "« {value} » ne convient pas comme identifiant : utilisez seulement des lettres sans "
            "accent, des chiffres, « - », « _ » et « . », au plus {max} caractères."},
    {"screen_tag", "Le nom d’écran « {value} » ne convient pas : séparez les écrans par des "
                   "espaces, avec seulement des lettres, des chiffres, « - », « _ » et « . » "
                   "(par exemple « hall thermes »)."},
    {"screens_many", "Trop d’écrans dans la liste : gardez-en au plus {max}."},
    {"twice", "Ce champ est donné deux fois : n’en gardez qu’un."},
    {"lang", "La langue « {value} » n’est pas connue : utilisez le français, le basque, "
             "l’espagnol ou l’anglais (fr, eu, es, en)."},
    {"not_translatable", "Ce champ ne se traduit pas : donnez une seule valeur, sans langue."},
    {"field_unknown", "« {value} » n’est pas un champ connu : retirez-le."},
    {"field_not_for_kind", "Ce champ ne sert pas pour ce type de diapositive : videz-le, ou "
                           "changez le type."},
    {"empty", "Ce champ est vide : écrivez une valeur, ou retirez-le."},
    {"video_url", "Une vidéo doit être un fichier de l’écran, pas une adresse web : envoyez le "
                  "film depuis cette page."},
    {"days", "Les jours « {value} » ne se lisent pas : cochez les jours de la semaine où la "
             "diapositive passe."},
    {"hours", "Les heures « {value} » ne se lisent pas : donnez des plages comme "
              "09:00-12:00,14:00-18:00."},
    {"opening",
     "Les horaires d’ouverture « {value} » ne se lisent pas : écrivez-les jour par jour, "
     "par exemple « Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:00-12:00 »."},
    {"prices_not_for_kind", "Seuls les événements et les billetteries ont des prix : retirez les "
                            "prix, ou changez le type."},
    {"prices_many", "Trop de prix : gardez-en au plus {max}."},
    {"price_comma", "Le prix « {value} » s’écrit avec un point et non une virgule (par exemple "
                    "7.50)."},
    {"price_large", "Le prix « {value} » est trop élevé : au plus {max} euros."},
    {"price_invalid", "Le prix « {value} » ne se lit pas : écrivez le montant en euros, sans le "
                      "signe €, avec au plus deux décimales (par exemple 28, 7.50, ou 0 pour "
                      "gratuit)."},
    {"price_missing", "Ce prix n’a pas de montant : indiquez-le (0 pour gratuit)."},
    {"too_long", "Ce texte est trop long ({value} octets) : raccourcissez-le, au plus {max} Ko."},
    {"type_text", "Cette valeur doit être un texte."},
    {"type_number", "Cette valeur doit être un nombre (par exemple 8)."},
    {"type_bool", "Cette valeur se choisit : oui ou non."},
    {"languages_unknown", "La langue « {value} » n’est pas proposée sur les écrans : choisissez "
                          "parmi fr, eu, es et en."},
    {"languages_twice", "La langue « {value} » est citée deux fois : gardez-la une seule fois."},
    {"languages_fr_first", "Le français vient en premier, c’est la langue de référence (par "
                           "exemple « fr eu es en »)."},
    {"timezone", "« {value} » n’est pas un fuseau horaire : écrivez par exemple Europe/Paris."},
    {"setting_unknown", "« {value} » n’est pas un réglage connu : retirez-le."},
    {"feed_too_big", "Le programme est trop gros pour l’écran : supprimez d’anciennes "
                     "diapositives ou raccourcissez les textes longs."},
    {"focus", "Le point de cadrage « {value} » ne se lit pas : cliquez sur la photo à l’endroit "
              "à garder, ou écrivez deux nombres de 0 à 1 séparés par une virgule (0.5,0.2 "
              "garde le haut)."},
    /* the console's own */
    {"other", "Cette valeur n’est pas acceptée : vérifiez-la ; si le problème reste, prévenez le "
              "technicien."},
    {"not_object", "Une diapositive s’envoie comme un objet JSON {...} : rechargez la page et "
                   "réessayez."},
    {"override_value", "Cette correction ne se lit pas : donnez un texte, un nombre, ou oui/non."},
    /* why a slide does not play on a day (the timeline) */
    {"why.ticker", "C’est une ligne du bandeau : elle défile en bas de l’écran, ce n’est pas une "
                   "diapositive."},
    {"why.screen", "Réservée à d’autres écrans ({screens})."},
    {"why.expired", "Sa diffusion s’est terminée le {date}."},
    {"why.event_over", "L’événement est passé (il s’est terminé le {date})."},
    {"why.sale_over", "La vente des billets est close depuis le {date}."},
    {"why.sold_out", "Complet : les billetteries complètes sont retirées des écrans."},
    {"why.not_yet", "Sa diffusion commence le {date}."},
    {"why.promo_not_yet", "La promotion commence le {date}."},
    {"why.day", "Ne passe pas le {day}."},
    {"why.holiday_only", "Ne passe que les jours fériés."},
    {"why.holiday_except", "Ne passe pas les jours fériés (ce jour-là : {holiday})."},
    {"why.window", "Hors de ses heures de diffusion ({hours})."},
    {"why.closed", "Cachée pendant la fermeture du lieu (réglage « cacher les lieux fermés »)."},
    {"why.no_room", "Pas de place dans la rotation ce jour-là : baissez le poids des autres "
                    "diapositives ou augmentez le sien."},
};

const char *problem_words(const char *code)
{
    for (size_t i = 0; code && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(words[i].code, code))
            return words[i].fr;
    return NULL;
}

const char *problem_code(const struct diag_info *info)
{
    const char *name = info ? feed_problem_name(info->code) : NULL;
    return name ? name : "other";
}

/* Fills the {name} placeholders of t from the names/values pairs. */
static char *fill(const char *t, const char *const *kv, size_t n)
{
    size_t cap = strlen(t) + 1, len = 0;
    char *out = xmalloc(cap);
    while (*t) {
        const char *val = NULL;
        size_t skip = 0;
        if (*t == '{')
            for (size_t i = 0; i + 1 < n && !val; i += 2) {
                size_t k = strlen(kv[i]);
                if (!strncmp(t + 1, kv[i], k) && t[1 + k] == '}') {
                    val = kv[i + 1] ? kv[i + 1] : "";
                    skip = k + 2;
                }
            }
        if (!val) {
            val = t;
            skip = 1;
        }
        size_t vl = val == t ? 1 : strlen(val);
        if (len + vl + 1 > cap) {
            cap = (len + vl + 1) * 2;
            out = xrealloc(out, cap);
        }
        memcpy(out + len, val, vl);
        len += vl;
        t += skip;
    }
    out[len] = '\0';
    return out;
}

char *problem_feed_fr(const struct diag_info *info)
{
    const char *t = problem_words(problem_code(info));
    if (!t)
        t = problem_words("other");
    char min[24] = "", max[24] = "";
    if (info) {
        snprintf(min, sizeof min, "%ld", info->min);
        snprintf(max, sizeof max, "%ld", info->max);
    }
    /* a value is shown as typed, cut short so that the sentence stays read */
    char value[64] = "";
    if (info && info->value) {
        snprintf(value, sizeof value, "%s", info->value);
        if (strlen(info->value) >= sizeof value) {
            size_t k = sizeof value - 4; /* room for "…" (3 bytes) */
            while (k > 0 && ((unsigned char)value[k] & 0xc0) == 0x80)
                k--; /* never half a character */
            strcpy(value + k, "…");
        }
    }
    const char *kv[] = {"value", value, "min", min, "max", max};
    return fill(t, kv, sizeof kv / sizeof kv[0]);
}

char *problem_why_fr(const struct sched_why *w, const struct item *it)
{
    char code[40] = "why.no_room";
    if (w && w->code)
        snprintf(code, sizeof code, "why.%s", w->code);
    const char *t = problem_words(code);
    if (!t)
        t = problem_words("why.no_room");
    char date[96] = "", screens[256] = "", hours[256] = "";
    if (w && w->when != CIVIL_NONE) {
        if (w->date_only)
            loc_date(w->when, LANG_FR, 1, date, sizeof date);
        else
            loc_datetime(w->when, LANG_FR, date, sizeof date);
    }
    size_t n = 0;
    for (int i = 0; i < it->sched.nscreens && n < sizeof screens; i++)
        n += (size_t)snprintf(screens + n, sizeof screens - n, "%s%s", i ? ", " : "",
                              it->sched.screens[i]);
    n = 0;
    for (int i = 0; i < it->sched.nwindows && n < sizeof hours; i++) {
        char a[32], b[32];
        const struct time_window *tw = &it->sched.windows[i];
        loc_time(tw->start / 60, tw->start % 60, LANG_FR, a, sizeof a);
        loc_time(tw->end / 60 % 24, tw->end % 60, LANG_FR, b, sizeof b);
        n += (size_t)snprintf(hours + n, sizeof hours - n, "%sde %s à %s", i ? ", " : "", a, b);
    }
    const char *kv[] = {"date",    date,
                        "day",     w ? loc_weekday(w->wday, LANG_FR) : "",
                        "holiday", w && w->holiday ? w->holiday : "",
                        "screens", screens,
                        "hours",   hours};
    return fill(t, kv, sizeof kv / sizeof kv[0]);
}
