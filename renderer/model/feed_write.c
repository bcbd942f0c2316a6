/* feed_write — one walk over the model, two syntaxes: the walk decides
 * which fields an item has and formats their values as text (as written in
 * XML, docs/feed-format.md); a small emitter writes them as XML elements or
 * JSON members. */
#include "model/feed_write.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/util.h"

enum vtype { V_STR, V_NUM, V_BOOL };

struct emitter {
    FILE *out;
    bool json;
    cJSON *obj;         /* JSON: the item or settings being written */
    const char *indent; /* XML: before each field */
};

static void xml_escape(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static void put_scalar(struct emitter *e, const char *name, const char *v, enum vtype t)
{
    if (!v)
        return;
    if (e->json) {
        if (t == V_BOOL)
            cJSON_AddBoolToObject(e->obj, name, strcmp(v, "true") == 0);
        else if (t == V_NUM)
            cJSON_AddNumberToObject(e->obj, name, strtod(v, NULL));
        else
            cJSON_AddStringToObject(e->obj, name, v);
        return;
    }
    fprintf(e->out, "%s<%s>", e->indent, name);
    xml_escape(e->out, v);
    fprintf(e->out, "</%s>\n", name);
}

/* A text: a plain string when only French, else an object by language;
 * in XML one element per language. */
static cJSON *json_text(const tr_text *t)
{
    bool others = false;
    for (int l = 1; l < LANG_COUNT; l++)
        others |= t->s[l] != NULL;
    if (!others)
        return cJSON_CreateString(t->s[LANG_FR] ? t->s[LANG_FR] : "");
    cJSON *o = cJSON_CreateObject();
    for (int l = 0; l < LANG_COUNT; l++)
        if (t->s[l])
            cJSON_AddStringToObject(o, lang_code((enum lang)l), t->s[l]);
    return o;
}

static void put_text(struct emitter *e, const char *name, const tr_text *t)
{
    if (tr_empty(t))
        return;
    if (e->json) {
        cJSON_AddItemToObject(e->obj, name, json_text(t));
        return;
    }
    for (int l = 0; l < LANG_COUNT; l++) {
        if (!t->s[l])
            continue;
        if (l == LANG_FR)
            fprintf(e->out, "%s<%s>", e->indent, name);
        else
            fprintf(e->out, "%s<%s lang=\"%s\">", e->indent, name, lang_code((enum lang)l));
        xml_escape(e->out, t->s[l]);
        fprintf(e->out, "</%s>\n", name);
    }
}

static void put_civil(struct emitter *e, const char *name, civil_t t, bool date_only)
{
    char buf[32];
    if (t == CIVIL_NONE)
        return;
    civil_format(t, date_only, buf, sizeof buf);
    if (!date_only && strlen(buf) == 19 && strcmp(buf + 16, ":00") == 0)
        buf[16] = '\0'; /* 2026-10-17T20:30, as staff write it */
    put_scalar(e, name, buf, V_STR);
}

static void put_int(struct emitter *e, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    put_scalar(e, name, buf, V_NUM);
}

static void amount(int32_t cents, char *buf, size_t size)
{
    if (cents % 100 == 0)
        snprintf(buf, size, "%d", cents / 100);
    else
        snprintf(buf, size, "%d.%02d", cents / 100, abs(cents % 100));
}

static void put_prices(struct emitter *e, const struct item *it)
{
    char buf[32];
    if (it->nprices == 0)
        return;
    cJSON *arr = e->json ? cJSON_AddArrayToObject(e->obj, "prices") : NULL;
    for (int i = 0; i < it->nprices; i++) {
        const struct price *p = &it->prices[i];
        amount(p->cents, buf, sizeof buf);
        if (e->json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "amount", p->cents / 100.0);
            if (!tr_empty(&p->label))
                cJSON_AddItemToObject(o, "label", json_text(&p->label));
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        fprintf(e->out, "%s<price amount=\"%s\">", e->indent, buf);
        for (int l = 0; l < LANG_COUNT; l++) {
            if (!p->label.s[l])
                continue;
            if (l == LANG_FR)
                fputs("<label>", e->out);
            else
                fprintf(e->out, "<label lang=\"%s\">", lang_code((enum lang)l));
            xml_escape(e->out, p->label.s[l]);
            fputs("</label>", e->out);
        }
        fputs("</price>\n", e->out);
    }
}

static void days_text(uint8_t mask, char *buf, size_t size)
{
    static const char *const dn[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    size_t o = 0;
    buf[0] = '\0';
    for (int d = 0; d < 7 && o < size; d++) {
        if (!(mask & (1u << d)))
            continue;
        int e = d;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        if (e - d >= 2)
            o += (size_t)snprintf(buf + o, size - o, "%s%s-%s", o ? "," : "", dn[d], dn[e]);
        else
            for (int k = d; k <= e && o < size; k++)
                o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? "," : "", dn[k]);
        d = e;
    }
}

static void windows_text(const struct time_window *w, int n, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%02d:%02d-%02d:%02d", i ? "," : "",
                              w[i].start / 60, w[i].start % 60, w[i].end / 60, w[i].end % 60);
}

static void put_item(struct emitter *e, const struct item *it)
{
    const struct schedule *s = &it->sched;
    char buf[512];

    put_text(e, "title", &it->title);
    put_text(e, "subtitle", &it->subtitle);
    put_text(e, "body", &it->body);
    put_scalar(e, "image", it->image, V_STR);
    put_scalar(e, "image_portrait", it->alt ? it->alt->portrait : NULL, V_STR);
    put_scalar(e, "image_landscape", it->alt ? it->alt->landscape : NULL, V_STR);
    if (it->alt && it->alt->has_focus) {
        snprintf(buf, sizeof buf, "%.3g,%.3g", it->alt->focus_x, it->alt->focus_y);
        put_scalar(e, "focus", buf, V_STR);
    }
    put_scalar(e, "url", it->url, V_STR);
    put_scalar(e, "partner", it->partner, V_STR);
    if (it->transition != TRANS_DEFAULT)
        put_scalar(e, "transition", transition_name(it->transition), V_STR);
    put_civil(e, "from", s->from, s->from_date_only);
    put_civil(e, "until", s->until, s->until_date_only);
    if (s->days != 0x7f && s->days) {
        days_text(s->days, buf, sizeof buf);
        put_scalar(e, "days", buf, V_STR);
    }
    if (s->nwindows > 0) {
        windows_text(s->windows, s->nwindows, buf, sizeof buf);
        put_scalar(e, "hours", buf, V_STR);
    }
    if (s->holidays != HOLIDAY_ANY)
        put_scalar(e, "holidays", holiday_rule_name(s->holidays), V_STR);
    if (s->priority != PRIO_NORMAL)
        put_scalar(e, "priority", priority_name(s->priority), V_STR);
    if (s->weight != 1 && s->weight > 0)
        put_int(e, "weight", s->weight);
    if (s->after_hours)
        put_scalar(e, "after_hours", "true", V_BOOL);
    if (s->duration_ms > 0) {
        snprintf(buf, sizeof buf, "%g", s->duration_ms / 1000.0);
        put_scalar(e, "duration", buf, V_NUM);
    }
    if (s->nscreens > 0) {
        size_t o = 0;
        buf[0] = '\0';
        for (int i = 0; i < s->nscreens && o < sizeof buf; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "", s->screens[i]);
        put_scalar(e, "screens", buf, V_STR);
    }
    switch (it->kind) {
    case KIND_PROVIDER:
    case KIND_PLACE:
        put_text(e, "category", &it->category);
        put_scalar(e, "address", it->address, V_STR);
        put_scalar(e, "phone", it->phone, V_STR);
        if (it->opening) {
            hours_format(it->opening, buf, sizeof buf);
            if (buf[0])
                put_scalar(e, "opening", buf, V_STR);
        }
        break;
    case KIND_EVENT:
        put_civil(e, "start", it->start, it->start_date_only);
        put_civil(e, "end", it->end, it->end_date_only);
        put_text(e, "venue", &it->venue);
        put_scalar(e, "organiser", it->organiser, V_STR);
        if (it->free >= 0)
            put_scalar(e, "free", it->free ? "true" : "false", V_BOOL);
        if (it->status != EVENT_SCHEDULED)
            put_scalar(e, "status", event_status_name(it->status), V_STR);
        put_prices(e, it);
        break;
    case KIND_TICKET:
        put_prices(e, it);
        if (it->seats >= 0)
            put_int(e, "seats", it->seats);
        put_civil(e, "sale_until", it->sale_until, it->sale_until_date_only);
        put_scalar(e, "event", it->event, V_STR);
        break;
    default:
        break;
    }
    put_scalar(e, "video", it->video, V_STR);
    if (it->loops > 1)
        put_int(e, "loops", it->loops);
}

static void put_settings(struct emitter *e, const struct feed_settings *st)
{
    char buf[512];
    put_text(e, "office", &st->office);
    put_scalar(e, "logo", st->logo, V_STR);
    if (st->has_hours) {
        hours_format(&st->hours, buf, sizeof buf);
        put_scalar(e, "hours", buf, V_STR);
    }
    if (st->nlanguages > 1 || (st->nlanguages == 1 && st->languages[0] != LANG_FR)) {
        size_t o = 0;
        buf[0] = '\0';
        for (int i = 0; i < st->nlanguages && o < sizeof buf; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "",
                                  lang_code(st->languages[i]));
        put_scalar(e, "languages", buf, V_STR);
    }
    if (st->timezone && strcmp(st->timezone, FEED_DEFAULT_TIMEZONE) != 0)
        put_scalar(e, "timezone", st->timezone, V_STR);
    if (st->duration_ms > 0 && st->duration_ms != 10000) {
        snprintf(buf, sizeof buf, "%g", st->duration_ms / 1000.0);
        put_scalar(e, "duration", buf, V_NUM);
    }
    if (st->promo_days > 0 && st->promo_days != 30)
        put_int(e, "promo_days", st->promo_days);
    if (st->sold_out == SOLDOUT_HIDE)
        put_scalar(e, "sold_out", "hide", V_STR);
    if (st->hide_closed)
        put_scalar(e, "hide_closed", "true", V_BOOL);
    if (st->agenda_days >= 0 && st->agenda_days != 7)
        put_int(e, "agenda_days", st->agenda_days);
    put_civil(e, "generated", st->generated, false);
    put_scalar(e, "website", st->website, V_STR);
    put_scalar(e, "agenda_url", st->agenda_url, V_STR);
    put_scalar(e, "booking_url", st->booking_url, V_STR);
}

int feed_write_json(const feed_t *f, FILE *out)
{
    struct emitter e = {.out = out, .json = true};
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", 1);
    e.obj = cJSON_AddObjectToObject(root, "settings");
    put_settings(&e, feed_settings(f));
    cJSON *items = cJSON_AddArrayToObject(root, "items");
    for (size_t i = 0; i < feed_count(f); i++) {
        const struct item *it = feed_item(f, i);
        e.obj = cJSON_CreateObject();
        cJSON_AddStringToObject(e.obj, "kind", kind_name(it->kind));
        cJSON_AddStringToObject(e.obj, "id", it->id);
        put_item(&e, it);
        cJSON_AddItemToArray(items, e.obj);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        abort(); /* cJSON fails only when memory runs out */
    int rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
    free(text);
    return fflush(out) == 0 ? rc : -1;
}

int feed_write_xml(const feed_t *f, FILE *out)
{
    struct emitter e = {.out = out, .json = false, .indent = "    "};
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed version=\"1\">\n  <settings>\n", out);
    put_settings(&e, feed_settings(f));
    fputs("  </settings>\n  <items>\n", out);
    e.indent = "      ";
    for (size_t i = 0; i < feed_count(f); i++) {
        const struct item *it = feed_item(f, i);
        fprintf(out, "    <%s id=\"", kind_name(it->kind));
        xml_escape(out, it->id);
        fputs("\">\n", out);
        put_item(&e, it);
        fprintf(out, "    </%s>\n", kind_name(it->kind));
    }
    fputs("  </items>\n</feed>\n", out);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
