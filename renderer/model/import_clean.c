/* import_clean — imported text cleaned once, on import, so that every slide
 * made from it reads like the office's own: titles in capitals to sentence
 * case (acronyms kept), typographic apostrophes, quotes and ellipses,
 * ordinals and centuries written the French way, French phone numbers in
 * pairs. The narrow no-break spaces before : ; ! ? are the locale's job at
 * drawing time (loc_typo_fr), for the office's feed as well. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/import_priv.h"
#include "model/locale.h"
#include "model/util.h"

#define APOS  "\xe2\x80\x99" /* ’ */
#define ELLIP "\xe2\x80\xa6" /* … */

/* Words that stay in capitals in a sentence-cased title. */
static const char *const acronyms[] = {
    "AOC", "AOP", "BD",  "BMX",  "CCAS", "DJ",  "EHPAD",  "FC",  "GR",   "IGP", "MJC",
    "OT",  "PMR", "RC",  "SNCF", "SPA",  "TGV", "UNESCO", "US",  "USA",  "VTT", "ULM",
    "ZAC", "ONF", "LPO", "CAF",  "GPS",  "QR",  "WC",     "TER", "SNSM",
};

/* A UTF-8 letter at s: its length (0 when not a letter), whether it is an
 * upper-case one, and its lower-case bytes in low (same length). Covers
 * ASCII, Latin-1 (C3 80..C3 9E, not × C3 97) and Œ (C5 92). */
static size_t letter_at(const unsigned char *s, bool *upper, unsigned char low[2])
{
    if (isalpha(s[0])) {
        *upper = isupper(s[0]);
        low[0] = (unsigned char)tolower(s[0]);
        return 1;
    }
    if (s[0] == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf && s[1] != 0x97 && s[1] != 0xb7) {
        *upper = s[1] < 0xa0;
        low[0] = 0xc3;
        low[1] = (unsigned char)(s[1] < 0xa0 ? s[1] + 0x20 : s[1]);
        return 2;
    }
    if (s[0] == 0xc5 && (s[1] == 0x92 || s[1] == 0x93)) {
        *upper = s[1] == 0x92;
        low[0] = 0xc5;
        low[1] = 0x93;
        return 2;
    }
    return 0;
}

/* True when most of the letters of s are capitals: a title that shouts. */
static bool shouting(const char *s)
{
    size_t letters = 0, upper = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i];) {
        bool up;
        unsigned char low[2];
        size_t n = letter_at(u + i, &up, low);
        if (!n) {
            i++;
            continue;
        }
        letters++;
        upper += up;
        i += n;
    }
    return letters >= 4 && upper * 10 >= letters * 9;
}

/* Roman numerals of a century or a number: "XIX", "III", "XXI". */
static bool roman(const char *w, size_t n)
{
    if (n < 2)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXLC", w[i]))
            return false;
    return true;
}

static bool keep_capitals(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof acronyms / sizeof acronyms[0]; i++)
        if (strlen(acronyms[i]) == n && !memcmp(acronyms[i], w, n))
            return true;
    if (roman(w, n))
        return true;
    /* a short word with no vowel is an acronym: "VTT", "BD" (not "D'") */
    if (n >= 2 && n <= 4) {
        for (size_t i = 0; i < n; i++)
            if (strchr("AEIOUY", w[i]) || (unsigned char)w[i] >= 0x80)
                return false;
        return true;
    }
    return false;
}

/* s lower-cased into a copy of the same length (letter_at keeps lengths). */
static char *lower_copy(const char *s)
{
    char *c = xstrdup(s);
    unsigned char *u = (unsigned char *)c;
    for (size_t i = 0; u[i];) {
        bool up;
        unsigned char low[2];
        size_t n = letter_at(u + i, &up, low);
        if (n)
            memcpy(u + i, low, n);
        i += n ? n : 1;
    }
    return c;
}

/* True when the word w (n bytes, lower case) appears in ref as a name: a
 * whole word, written with a capital and not all in capitals. ref_low is
 * ref lower-cased. */
static bool named_in(const char *ref, const char *ref_low, const char *w, size_t n)
{
    bool up;
    unsigned char low[2];
    for (const char *p = ref_low; (p = strstr(p, "")) && *p; p++) {
        if (strncmp(p, w, n) != 0)
            continue;
        size_t at = (size_t)(p - ref_low);
        const unsigned char *r = (const unsigned char *)ref + at;
        bool before = at > 0 && (letter_at(r - 1, &up, low) ||
                                 (at > 1 && r[-2] >= 0xc3 && letter_at(r - 2, &up, low)));
        if (before || letter_at(r + n, &up, low))
            continue;
        letter_at(r, &up, low);
        if (!up)
            continue;
        size_t m = letter_at(r, &up, low);
        if (m < n && letter_at(r + m, &up, low) && !up)
            return true;
    }
    return false;
}

/* Sentence case in place: lower case but for the first letter of each
 * sentence, the acronyms, and the words ref (or NULL) writes as names. */
static void sentence_case(char *s, const char *ref)
{
    char *ref_low = ref ? lower_copy(ref) : NULL;
    unsigned char *u = (unsigned char *)s;
    bool start = true;
    for (size_t i = 0; u[i];) {
        bool up;
        unsigned char low[2];
        size_t n = letter_at(u + i, &up, low);
        if (!n) {
            if (u[i] == '.' || u[i] == '!' || u[i] == '?')
                start = true;
            i++;
            continue;
        }
        /* the whole word, to keep an acronym */
        size_t j = i;
        while (u[j] && (letter_at(u + j, &up, low) || isdigit(u[j])))
            j += isdigit(u[j]) ? 1 : letter_at(u + j, &up, low);
        /* a century in capitals, "XIXE", "IER": the numeral stays */
        size_t r = 0;
        while (i + r < j && strchr("IVXLC", s[i + r]))
            r++;
        static const char *const suffixes[] = {"E", "ER", "EME", "\xc3\x88ME", "ERE"};
        bool century = false;
        for (size_t k = 0; r && k < sizeof suffixes / sizeof suffixes[0]; k++)
            century |=
                strlen(suffixes[k]) == j - i - r && !memcmp(s + i + r, suffixes[k], j - i - r);
        if (century && (r >= 2 || strchr("IVX", s[i]))) {
            for (size_t k = i + r; k < j;) {
                size_t m = letter_at(u + k, &up, low);
                memcpy(u + k, low, m ? m : 1);
                k += m ? m : 1;
            }
        } else if (!keep_capitals(s + i, j - i)) {
            for (size_t k = i; k < j;) {
                size_t m = letter_at(u + k, &up, low);
                if (!m) {
                    k++;
                    continue;
                }
                if (!(start && k == i))
                    memcpy(u + k, low, m);
                k += m;
            }
            if (!start && ref && named_in(ref, ref_low, s + i, j - i))
                loc_capitalize(s + i);
        }
        start = false;
        i = j;
    }
    free(ref_low);
}

/* Appends the n bytes of w to out at *o. */
static void put(char *out, size_t *o, const char *w, size_t n)
{
    memcpy(out + *o, w, n);
    *o += n;
}

static const char *const roman_numbers[] = {
    "",   "I",   "II",   "III", "IV", "V",   "VI",   "VII",   "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX",  "XX", "XXI",
};

/* A French ordinal suffix at s ("ème", "eme", "ième", "è", "ère", "ere"):
 * its length, and whether it is feminine first ("re"). 0 when none, or when
 * a letter follows (a word, not an ordinal). */
static size_t ordinal_suffix(const char *s, bool *fem)
{
    static const struct {
        const char *w;
        bool fem;
    } suf[] = {{"ième", false}, {"ème", false}, {"eme", false}, {"ère", true},
               {"ere", true},   {"è", false},   {"e", false}};
    for (size_t i = 0; i < sizeof suf / sizeof suf[0]; i++) {
        size_t n = strlen(suf[i].w);
        bool up;
        unsigned char low[2];
        if (!strncmp(s, suf[i].w, n) && !letter_at((const unsigned char *)s + n, &up, low)) {
            *fem = suf[i].fem;
            return n;
        }
    }
    return 0;
}

char *imp_clean_text(const char *in, enum lang l, const char *ref)
{
    size_t len = strlen(in);
    char *s = xstrdup(in);
    if (shouting(s))
        sentence_case(s, ref);
    /* each byte becomes at most 8 (a quote and its narrow space, a century) */
    char *out = xmalloc(len * 8 + 1);
    size_t o = 0;
    bool open_quote = true;
    for (size_t i = 0; s[i];) {
        const char *p = s + i;
        bool up;
        unsigned char low[2];
        /* "..." → "…" */
        if (!strncmp(p, "...", 3)) {
            put(out, &o, ELLIP, 3);
            i += 3;
            while (s[i] == '.')
                i++;
            continue;
        }
        /* an apostrophe between letters (or after one, before a vowel) */
        if (*p == '\'' && i > 0 &&
            letter_at((const unsigned char *)p - (i >= 2 && (unsigned char)p[-2] >= 0xc3 ? 2 : 1),
                      &up, low) &&
            letter_at((const unsigned char *)p + 1, &up, low)) {
            put(out, &o, APOS, 3);
            i++;
            continue;
        }
        /* straight double quotes in French: « » with narrow no-break spaces */
        if (*p == '"' && l == LANG_FR) {
            if (open_quote) {
                put(out, &o, "\xc2\xab" NNBSP, 5);
                i++;
                while (s[i] == ' ')
                    i++;
            } else {
                while (o > 0 && out[o - 1] == ' ')
                    o--;
                put(out, &o, NNBSP "\xc2\xbb", 5);
                i++;
            }
            open_quote = !open_quote;
            continue;
        }
        /* ordinals and centuries in French: "14ème" → "14e", "1ère" → "1re",
         * "19ème siècle" → "XIXe siècle", "XIXème" → "XIXe" */
        if (l == LANG_FR && (isdigit((unsigned char)*p) || strchr("IVXLC", *p)) &&
            (i == 0 || !letter_at((const unsigned char *)p - 1, &up, low)) &&
            (i == 0 || !isdigit((unsigned char)p[-1]))) {
            size_t j = 0;
            bool digits = isdigit((unsigned char)*p);
            while (p[j] && (digits ? isdigit((unsigned char)p[j]) : strchr("IVXLC", p[j]) != NULL))
                j++;
            bool fem = false;
            size_t sl = j ? ordinal_suffix(p + j, &fem) : 0;
            if (!digits && j < 2 && !strchr("IVX", *p))
                sl = 0; /* "Cère" is a name, not the hundredth */
            int num = digits ? atoi(p) : 0;
            bool century = sl && digits && num >= 1 && num <= 21 &&
                           !strncmp(p + j + sl,
                                    " si\xc3\xa8"
                                    "cle",
                                    8);
            if (century) {
                put(out, &o, roman_numbers[num], strlen(roman_numbers[num]));
                put(out, &o, num == 1 ? "er" : "e", num == 1 ? 2 : 1);
                i += j + sl;
                continue;
            }
            if (sl && !(sl == 1 && p[j] == 'e')) {
                put(out, &o, p, j);
                if (fem)
                    put(out, &o, "re", 2);
                else if (digits && num == 1 && !strncmp(p + j, "er", 2))
                    put(out, &o, "er", 2);
                else
                    put(out, &o, "e", 1);
                i += j + sl;
                continue;
            }
            put(out, &o, p, j ? j : 1);
            i += j ? j : 1;
            continue;
        }
        out[o++] = *p;
        i++;
    }
    out[o] = '\0';
    free(s);
    return out;
}

char *imp_clean_phone(const char *in)
{
    char digits[32];
    size_t n = 0;
    bool plus = false;
    for (const char *p = in; *p; p++) {
        if (*p == '+' && n == 0)
            plus = true;
        else if (isdigit((unsigned char)*p) && n + 1 < sizeof digits)
            digits[n++] = *p;
        else if (!strchr(" .-/()\xc2\xa0", *p))
            return xstrdup(in); /* words, extensions: leave it as written */
    }
    digits[n] = '\0';
    const char *national = NULL;
    if (plus && n == 11 && !strncmp(digits, "33", 2))
        national = digits + 2; /* +33 5 55 … */
    else if (n == 13 && !strncmp(digits, "0033", 4))
        national = digits + 4;
    else if (plus && n == 12 && !strncmp(digits, "330", 3))
        national = digits + 3; /* +33 (0)5 55 … */
    else if (!plus && n == 10 && digits[0] == '0')
        national = digits + 1;
    if (!national)
        return xstrdup(in);
    return xasprintf("0%c %.2s %.2s %.2s %.2s", national[0], national + 1, national + 3,
                     national + 5, national + 7);
}
