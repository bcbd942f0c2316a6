/* feed_xml — reads an XML feed one item at a time: a bounds pass over the
 * bytes, then libxml2's streaming reader (no DTD, no entities, no network).
 * Each item's subtree alone is expanded, checked against the embedded
 * feed.xsd, built and freed, so the memory of a load is the file and the
 * model, not a tree of the whole document. What surrounds the items (the
 * root, the settings, the overrides, stray text) is copied into a small
 * skeleton document that is checked against the same schema at the end.
 * The result is that of checking the whole document first, message for
 * message: an <items> the schema refuses reports no item, the schema checks
 * nothing after the first misplaced element of a parent, and a document
 * that is not well-formed (or has a DOCTYPE) reports only what the
 * whole-document parser says of it, parsed again for that. Messages from
 * libxml2 are collected with their lines and reworded for staff; nothing is
 * printed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "model/feed_priv.h"
#include "model/util.h"

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_t;
#else
typedef xmlErrorPtr xml_error_t;
#endif

/* Marks a node the schema already complained about, so the walk skips it. */
#define BAD_NODE ((void *)1)

/* A problem the parser found: kept aside until the end, since a document
 * that is not well-formed reports nothing else. */
struct parse_msg {
    int line;
    char *text;
};

/* An <items> element of the document, its copy in the skeleton, and what
 * its items added to the builder: when the schema refuses the <items>
 * itself (an attribute, stray text), the whole-document check still said
 * what the schema found inside it but built none of its items, so the items
 * and the builder's own problems (the spans) are forgotten. */
struct items_range {
    xmlNodePtr copy;
    struct fb_mark from, to;
    struct fb_mark *spans; /* pairs: from, to of builder problems */
    size_t nspans;
};

struct xml_ctx {
    fb_t *b;
    const char *buf;
    size_t len;
    bool fatal;            /* the parser gave up; later messages are echoes */
    int doctype_line;      /* > 0 once the parser met a DOCTYPE */
    bool has_doctype;      /* the bounds pass met "<!" (not a comment, not CDATA) */
    bool not_feed;         /* the root is not <feed>: nothing else is checked */
    int top_state;         /* where <feed>'s children stand in its sequence */
    bool top_skip;         /* a misplaced child of <feed>: the schema checks no more */
    bool check_items;      /* the schema checks the items being streamed */
    const void *last_node; /* last node the schema complained about */
    struct parse_msg *perr;
    size_t nperr, perr_cap;
    xmlSchemaValidCtxtPtr vc;
    xmlDocPtr skel;      /* the document without its items */
    xmlNodePtr in_items; /* the copy of the <items> being streamed, or NULL */
    struct items_range *ranges;
    size_t nranges;
};

static const char *const kinds_help =
    "use provider, event, ticket, place, notice, poster or ticker";

/* libxml2 ends its messages with a newline; drop it. */
static void chomp(const char *msg, char *buf, size_t size)
{
    snprintf(buf, size, "%s", msg ? msg : "unknown error");
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '.'))
        buf[--n] = '\0';
}

static void perr(struct xml_ctx *x, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(struct xml_ctx *x, int line, const char *fmt, ...)
{
    if (x->nperr == x->perr_cap) {
        x->perr_cap = x->perr_cap ? x->perr_cap * 2 : 8;
        x->perr = xrealloc(x->perr, x->perr_cap * sizeof(*x->perr));
    }
    va_list ap;
    va_start(ap, fmt);
    x->perr[x->nperr++] = (struct parse_msg){line, xvasprintf(fmt, ap)};
    va_end(ap);
}

static void on_parse_error(void *data, xml_error_t e)
{
    struct xml_ctx *x = data;
    if (x->fatal || x->doctype_line)
        return;
    const char *s1 = e->str1 ? e->str1 : "?", *s2 = e->str2 ? e->str2 : "?";
    char raw[300];
    chomp(e->message, raw, sizeof raw);
    int line = e->line;
    switch (e->code) {
    case XML_ERR_TAG_NOT_FINISHED:
        perr(x, e->int1 > 0 ? e->int1 : line,
             "<%s> is never closed: add </%s> where "
             "it ends (the file stops at line %d)",
             s1, s1, line);
        break;
    case XML_ERR_TAG_NAME_MISMATCH:
        perr(x, line,
             "<%s> (line %d) is not closed before </%s>: add </%s>, or "
             "check the spelling of the end tag",
             s1, e->int1, s2, s1);
        break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        perr(x, line,
             "&%s; is not allowed in a feed: type the character itself; only "
             "&amp; &lt; &gt; &quot; &apos; and numbers such as &#233; may be used",
             s1);
        break;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_NAME_REQUIRED:
        if (strstr(raw, "EntityRef"))
            perr(x, line,
                 "a '&' in text must be written &amp; (for example "
                 "'Hôtel &amp; Spa')");
        else
            perr(x, line,
                 "a '<' in text must be written &lt;, or a tag is broken "
                 "here (%s)",
                 raw);
        break;
    case XML_ERR_DOCUMENT_EMPTY:
        perr(x, line, "the file holds no XML: a feed starts with <feed version=\"1\">");
        break;
    case XML_ERR_DOCUMENT_END:
        perr(x, line,
             "there is something after </feed>: a feed is one <feed> "
             "element; remove what follows it");
        break;
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
        perr(x, line, "the file is not valid UTF-8 text here: save it as UTF-8");
        break;
    default:
        if (strstr(raw, "Excessive depth") || strstr(raw, "Huge input"))
            perr(x, line,
                 "the XML is nested too deeply or is too large; a feed only "
                 "needs <feed>, <items>, the items and their fields");
        else
            perr(x, line,
                 "XML syntax error: %s; check the tags and quotes near "
                 "this line",
                 raw);
    }
    if (e->level == XML_ERR_FATAL)
        x->fatal = true;
}

static bool name_is(const xmlNode *n, const char *name)
{
    return n && n->name && strcmp((const char *)n->name, name) == 0;
}

/* Everything a misplaced element means, worded by where it stands. */
static void unexpected(fb_t *b, const xmlNode *n, int line)
{
    const char *name = (const char *)n->name;
    const xmlNode *p = n->parent;
    enum item_kind k;
    if (name_is(p, "items"))
        fb_error(b, line, "<%s> is not a kind of item: %s", name, kinds_help);
    else if (p && p->type == XML_ELEMENT_NODE && kind_parse((const char *)p->name, &k) == 0)
        fb_error(b, line,
                 "<%s> is not a field of %s %s; remove it, or check its spelling "
                 "(the fields of each kind are in docs/feed-format.md)",
                 name, k == KIND_EVENT ? "an" : "a", kind_name(k));
    else if (name_is(p, "settings"))
        fb_error(b, line,
                 "<%s> is not a setting; remove it, or check its spelling (the "
                 "settings are in docs/feed-format.md)",
                 name);
    else if (name_is(p, "price"))
        fb_error(b, line, "<%s> does not belong in a <price>: it holds only <label> elements",
                 name);
    else if (name_is(p, "feed") && strcmp(name, "settings") == 0)
        fb_error(b, line, "<settings> must come before <items>, once");
    else if (name_is(p, "feed"))
        fb_error(b, line, "<%s> does not belong in <feed>: it holds <settings> then <items>",
                 name);
    else
        fb_error(b, line, "<%s> is not allowed inside <%s>", name,
                 p ? (const char *)p->name : "?");
}

static void not_a_feed(fb_t *b, const char *root, int line)
{
    fb_error(b, line, "the document starts with <%s>, but a feed starts with <feed version=\"1\">",
             root);
}

/* The text between quotes after `key` in msg ("attribute 'lang'"). */
static void quoted_after(const char *msg, const char *key, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *p = strstr(msg, key);
    if (!p)
        return;
    p = strchr(p + strlen(key), '\'');
    const char *q = p ? strchr(p + 1, '\'') : NULL;
    if (p && q)
        snprintf(buf, size, "%.*s", (int)(q - p - 1), p + 1);
}

static void on_schema_error(void *data, xml_error_t e)
{
    struct xml_ctx *x = data;
    xmlNodePtr n = e->node;
    if (n && n == x->last_node)
        return; /* libxml2 often says one thing twice (facet, then type) */
    x->last_node = n;
    char raw[400], attr[64], value[128];
    chomp(e->message, raw, sizeof raw);
    int line = n ? (int)xmlGetLineNo(n) : e->line;
    if (line <= 0)
        line = e->line;
    xmlNodePtr el = n && n->type == XML_ATTRIBUTE_NODE ? n->parent : n;
    /* The walk skips what the schema refused, but never the whole feed. */
    if (el && el->parent && el->parent->type == XML_ELEMENT_NODE)
        el->_private = BAD_NODE;
    const char *name = el && el->name ? (const char *)el->name : "?";
    quoted_after(raw, "attribute", attr, sizeof attr);
    fb_t *b = x->b;

    if (strstr(raw, "This element is not expected") && el) {
        unexpected(b, el, line);
    } else if (strstr(raw, "is required but missing")) {
        quoted_after(raw, "The attribute", attr, sizeof attr);
        if (strcmp(attr, "id") == 0)
            fb_error(b, line, "<%s> has no id: write <%s id=\"a-unique-id\">", name, name);
        else if (strcmp(attr, "version") == 0)
            fb_error(b, line, "<feed> has no version: write <feed version=\"1\">");
        else if (strcmp(attr, "amount") == 0)
            fb_error(b, line, "<price> has no amount: write <price amount=\"15\">");
        else
            fb_error(b, line, "<%s> needs a %s attribute", name, attr);
    } else if (strcmp(attr, "lang") == 0 && strstr(raw, "not allowed")) {
        fb_error(b, line,
                 "<%s> cannot be translated: remove its lang attribute (only texts "
                 "such as title, subtitle, body, category, venue and labels take one)",
                 name);
    } else if (strcmp(attr, "lang") == 0) {
        quoted_after(raw, "The value", value, sizeof value);
        if (!value[0])
            quoted_after(raw, ":", value, sizeof value);
        fb_error(b, line, "lang=\"%s\" is not a language vitrine shows: use fr, eu, es or en",
                 value);
    } else if (strcmp(attr, "version") == 0) {
        quoted_after(raw, "The value", value, sizeof value);
        fb_error(b, line,
                 "this feed is version %s, but vitrine reads version 1: write "
                 "<feed version=\"1\">",
                 value);
    } else if (attr[0] && strstr(raw, "not allowed")) {
        fb_error(b, line, "<%s> does not take a %s attribute; remove it", name, attr);
    } else if (strstr(raw, "Missing child element")) {
        if (strcmp(name, "feed") == 0)
            fb_error(b, line, "<feed> has no <items>: add <items>...</items> after <settings>");
        else
            fb_error(b, line, "<%s> is missing elements (%s)", name, raw);
    } else if (strstr(raw, "Element content is not allowed")) {
        fb_error(b, line, "<%s> may only hold text, not other elements", name);
    } else if (strstr(raw, "Character content other than whitespace")) {
        fb_error(b, line,
                 "text directly inside <%s> is not allowed: put it in a field such "
                 "as <title>",
                 name);
    } else if (strstr(raw, "No matching global declaration")) {
        not_a_feed(b, name, line);
    } else {
        fb_error(b, line, "%s", raw);
    }
}

static void on_schema_parse_error(void *data, xml_error_t e)
{
    struct xml_ctx *x = data;
    fb_error(x->b, 0, "internal error: the built-in feed schema does not load (%s)",
             e->message ? e->message : "?");
}

/* The text of an element; *owned is set when the caller must xmlFree it. */
static const char *text_of(xmlNodePtr n, xmlChar **owned)
{
    *owned = NULL;
    xmlNodePtr c = n->children;
    if (!c)
        return "";
    if (!c->next && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE))
        return (const char *)c->content;
    *owned = xmlNodeGetContent(n);
    return *owned ? (const char *)*owned : "";
}

/* The value of attribute name, borrowed from the tree, or NULL. */
static const char *attr_of(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)name);
    if (!a || !a->children || !a->children->content)
        return a ? "" : NULL;
    return (const char *)a->children->content;
}

static int line_no(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (int)l : 0;
}

static void walk_price(fb_t *b, struct item *it, xmlNodePtr n)
{
    int idx = fb_add_price(b, it, attr_of(n, "amount"), line_no(n));
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c->_private == BAD_NODE)
            continue;
        xmlChar *owned;
        const char *v = text_of(c, &owned);
        if (name_is(c, "label") && idx >= 0)
            fb_set_price_label(b, it, idx, attr_of(c, "lang"), v, line_no(c));
        else if (!name_is(c, "label"))
            unexpected(b, c, line_no(c));
        xmlFree(owned);
    }
}

/* Builds one item of kind from its element, which the schema checked:
 * what it refused is skipped, as it was reported already. */
static void build_item(fb_t *b, xmlNodePtr n, enum item_kind kind)
{
    if (n->_private == BAD_NODE)
        return;
    struct item *it = fb_add_item(b, kind, attr_of(n, "id"), line_no(n));
    if (!it)
        return;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c->_private == BAD_NODE)
            continue;
        if (name_is(c, "price")) {
            walk_price(b, it, c);
            continue;
        }
        xmlChar *owned;
        const char *v = text_of(c, &owned);
        fb_set_field(b, it, (const char *)c->name, attr_of(c, "lang"), v, line_no(c));
        xmlFree(owned);
    }
}

/* The settings of the skeleton, once the schema checked it (its items
 * were built while streaming). */
static void walk_settings(fb_t *b, xmlNodePtr root)
{
    if (!root || root->_private == BAD_NODE || !name_is(root, "feed"))
        return;
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || n->_private == BAD_NODE)
            continue;
        if (name_is(n, "settings")) {
            for (xmlNodePtr c = n->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE || c->_private == BAD_NODE)
                    continue;
                xmlChar *owned;
                const char *v = text_of(c, &owned);
                fb_set_setting(b, (const char *)c->name, attr_of(c, "lang"), v, line_no(c));
                xmlFree(owned);
            }
        }
    }
}

/* ---- bounds before libxml2 ----
 * libxml2 2.9 checks an element's attributes for duplicates in quadratic
 * time (50,000 attributes on one element took 13 s) and its tree costs
 * about 150 bytes per element, attribute and text. A quick pass over the
 * bytes bounds both before the parser sees them (issue 24). */

/* Bytes of libxml2's tree per node (element, attribute, text), measured. */
#define XML_NODE_BYTES 150

/* The line of the first occurrence of needle in the document, or 0. */
static int line_of(const struct xml_ctx *x, const char *needle)
{
    size_t n = strlen(needle);
    int line = 1;
    for (size_t i = 0; i + n <= x->len; i++) {
        if (x->buf[i] == '\n')
            line++;
        else if (memcmp(x->buf + i, needle, n) == 0)
            return line;
    }
    return 0;
}

/* SAX hook: any <!DOCTYPE ...> stops the parse before its subset is read,
 * so no entity is ever declared, expanded or fetched. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr p = ctx;
    struct xml_ctx *x = p->_private;
    x->doctype_line = p->input ? p->input->line : 1;
    xmlStopParser(p);
}

static bool xml_name_char(char c)
{
    return c && !strchr(" \t\r\n/>=\"'<", c);
}

/* Returns 0, or -1 after reporting the first element over a bound, or a
 * document whose tree would not fit FEED_MAX_PARSE_MEMORY. What it does not
 * understand it leaves to libxml2, which stops at the first syntax error. */
static int prescan(struct xml_ctx *x)
{
    const char *s = x->buf;
    size_t n = x->len, i = 0, nodes = 0;
    int line = 1;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        for (const char *p = s + i; (p = memchr(p, '\n', (size_t)(lt - p))); p++)
            line++;
        i = (size_t)(lt - s);
        const char *close = NULL;
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
            close = "-->";
        else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0)
            close = "]]>";
        else if (n - i >= 2 && s[i + 1] == '?')
            close = "?>";
        else if (n - i >= 2 && s[i + 1] == '!') {
            /* A DOCTYPE: refused by the parser before its subset (see
             * syntax_errors); anything else is a syntax error. */
            x->has_doctype = true;
            return 0;
        } else if (n - i >= 2 && s[i + 1] == '/')
            close = ">";
        if (close) {
            const char *e = memmem(s + i, n - i, close, strlen(close));
            if (!e)
                return 0;
            for (const char *p = s + i; (p = memchr(p, '\n', (size_t)(e - p))); p++)
                line++;
            i = (size_t)(e - s) + strlen(close);
            continue;
        }
        size_t name = ++i;
        while (i < n && xml_name_char(s[i]))
            i++;
        if (i - name > FEED_MAX_XML_NAME) {
            fb_error(x->b, line,
                     "an element's name is %zu characters long; the names of a feed are "
                     "short words such as <title>: check the file",
                     i - name);
            return -1;
        }
        int tag_line = line, attrs = 0, name_len = (int)(i - name);
        nodes += 2; /* the element and its text */
        while (i < n && s[i] != '>') {
            char c = s[i];
            if (c == '\n')
                line++;
            if (c == '"' || c == '\'') {
                const char *e = memchr(s + i + 1, c, n - i - 1);
                if (!e)
                    return 0;
                for (const char *p = s + i; (p = memchr(p, '\n', (size_t)(e - p))); p++)
                    line++;
                i = (size_t)(e - s);
            } else if (c == '=') {
                nodes += 2; /* the attribute and its value */
                if (++attrs > FEED_MAX_XML_ATTRS) {
                    fb_error(x->b, tag_line,
                             "<%.*s> has more than %d attributes; an element of a feed "
                             "takes one or two (id, lang, amount): remove the others",
                             name_len, s + name, FEED_MAX_XML_ATTRS);
                    return -1;
                }
            } else if (c == '<') {
                break; /* broken tag: libxml2 reports it */
            }
            i++;
        }
    }
    if (nodes > (FEED_MAX_PARSE_MEMORY - x->len) / XML_NODE_BYTES) {
        fb_error(x->b, 0,
                 "the feed holds %zu XML elements, attributes and texts; reading them would "
                 "take about %zu MiB of memory, more than the limit of %u MiB: split the "
                 "feed or remove old items",
                 nodes, (x->len + nodes * XML_NODE_BYTES) >> 20, FEED_MAX_PARSE_MEMORY >> 20);
        return -1;
    }
    return 0;
}

/* ---- syntax errors ----
 * The streaming reader runs libxml2's push parser, whose messages for a
 * truncated document differ from the whole-document parser's ("Extra
 * content at the end" for "<items> is never closed"). A document the
 * reader finds broken is therefore parsed again, as before, for its
 * messages: a rare path, bounded by the bounds pass like the old tree. */

static void free_perr(struct xml_ctx *x)
{
    for (size_t i = 0; i < x->nperr; i++)
        free(x->perr[i].text);
    free(x->perr);
    x->perr = NULL;
    x->nperr = x->perr_cap = 0;
}

/* Reports what the whole-document parser says of the document: its syntax
 * errors, then its DOCTYPE if it has one. Returns how many problems. */
static size_t syntax_errors(struct xml_ctx *x)
{
    x->fatal = false;
    x->doctype_line = 0;
    xmlParserCtxtPtr p = xmlNewParserCtxt();
    if (!p)
        die("out of memory");
    p->_private = x;
    p->sax->internalSubset = on_doctype;
    xmlDocPtr doc = xmlCtxtReadMemory(p, x->buf, (int)x->len, fb_name(x->b), NULL,
                                      XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(p);
    size_t n = x->nperr;
    for (size_t i = 0; i < x->nperr; i++)
        fb_error(x->b, x->perr[i].line, "%s", x->perr[i].text);
    free_perr(x);
    if (x->doctype_line) {
        int line = line_of(x, "<!DOCTYPE");
        fb_error(x->b, line ? line : x->doctype_line,
                 "DTDs and entities are not allowed in a feed; "
                 "remove the <!DOCTYPE ...> line (and any <!ENTITY ...> in it)");
        n++;
    }
    return n;
}

/* ---- streaming ---- */

/* Copies the lines of src's subtree onto its copy dst: lines past 65,535
 * live in the text nodes' psvi (XML_PARSE_BIG_LINES), which a copy drops. */
static void copy_lines(xmlNodePtr dst, const xmlNode *src)
{
    for (; dst && src && dst->type == src->type; dst = dst->next, src = src->next) {
        dst->line = src->line;
        if (src->type == XML_TEXT_NODE)
            dst->psvi = src->psvi;
        else if (src->type == XML_ELEMENT_NODE)
            copy_lines(dst->children, src->children);
    }
}

/* Appends a copy of n (with its subtree when deep) to the skeleton under
 * parent; returns the copy. */
static xmlNodePtr keep(struct xml_ctx *x, xmlNodePtr parent, xmlNodePtr n, bool deep)
{
    xmlNodePtr c = xmlDocCopyNode(n, x->skel, deep ? 1 : 2);
    if (!c)
        die("out of memory");
    c->line = n->line;
    if (deep)
        copy_lines(c->children, n->children);
    if (parent)
        xmlAddChild(parent, c);
    else
        xmlDocSetRootElement(x->skel, c);
    return c;
}

static void end_items(struct xml_ctx *x)
{
    if (x->in_items)
        x->ranges[x->nranges - 1].to = fb_mark(x->b);
    x->in_items = NULL;
}

/* The root: a feed starts a skeleton; anything else is reported alone. */
static void on_root(struct xml_ctx *x, xmlNodePtr n)
{
    if (!name_is(n, "feed") || n->ns) {
        x->not_feed = true;
        not_a_feed(x->b, (const char *)n->name, line_no(n));
        return;
    }
    x->skel = xmlNewDoc((const xmlChar *)"1.0");
    if (!x->skel)
        die("out of memory");
    keep(x, NULL, n, false);
}

enum top_verdict {
    TOP_CHECKED,   /* in its place: the schema checks it */
    TOP_UNCHECKED, /* after a misplaced child: the schema does not look */
    TOP_REFUSED,   /* the first misplaced child: refused, nothing inside read */
};

/* <feed> holds <settings>?, <items>, <overrides>?: what the schema makes of
 * child n where it stands. After the first misplaced child, the schema
 * checks none of the others (libxml2 skips the rest of a parent), which
 * decides whether the items of an <items> are checked, and read at all. */
static enum top_verdict top_place(struct xml_ctx *x, const xmlNode *n)
{
    static const char *const order[] = {"settings", "items", "overrides"};
    if (x->top_skip)
        return TOP_UNCHECKED;
    for (int k = x->top_state; k < 3 && !n->ns; k++) {
        if (name_is(n, order[k])) {
            x->top_state = k + 1;
            return TOP_CHECKED;
        }
        if (k == 1)
            break; /* <items> is required */
    }
    x->top_skip = true;
    return TOP_REFUSED;
}

/* A child of <feed>. Returns true when its subtree was read whole, so the
 * reader moves on to its next sibling. */
static bool on_top(struct xml_ctx *x, xmlTextReaderPtr r, xmlNodePtr n, int type)
{
    xmlNodePtr root = xmlDocGetRootElement(x->skel);
    if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
        keep(x, root, n, false);
        return false;
    }
    if (type != XML_READER_TYPE_ELEMENT)
        return false;
    enum top_verdict place = top_place(x, n);
    if (name_is(n, "items")) {
        xmlNodePtr copy = keep(x, root, n, false);
        if (place == TOP_REFUSED)
            return true; /* the schema says so; nothing inside is read */
        if (xmlTextReaderIsEmptyElement(r) == 1)
            return false;
        x->ranges = xrealloc(x->ranges, (x->nranges + 1) * sizeof(*x->ranges));
        x->ranges[x->nranges++] =
            (struct items_range){copy, fb_mark(x->b), fb_mark(x->b), NULL, 0};
        x->in_items = copy;
        x->check_items = place == TOP_CHECKED;
        return false;
    }
    xmlNodePtr whole = xmlTextReaderExpand(r);
    if (!whole)
        return false; /* a syntax error, reported */
    keep(x, root, whole, true);
    return true;
}

/* A child of <items>: an item is checked against the schema and built, and
 * its subtree is freed when the reader moves on. After the first element
 * that is not an item, the schema checks no more items (as libxml2 does in
 * a whole document); they are built all the same. */
static bool on_item(struct xml_ctx *x, xmlTextReaderPtr r, xmlNodePtr n, int type)
{
    if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
        keep(x, x->in_items, n, false);
        return false;
    }
    if (type != XML_READER_TYPE_ELEMENT)
        return false;
    enum item_kind kind;
    bool known = kind_parse((const char *)n->name, &kind) == 0;
    if (x->check_items && (!known || n->ns)) {
        unexpected(x->b, n, line_no(n)); /* the schema's message */
        x->check_items = false;
        return true;
    }
    xmlNodePtr item = known ? xmlTextReaderExpand(r) : NULL;
    if (known && !item)
        return false;
    if (item && x->check_items) {
        x->last_node = NULL;
        if (xmlSchemaValidateOneElement(x->vc, item) < 0)
            fb_error(x->b, line_no(item), "internal error: the item could not be validated");
    }
    /* What the walk of the whole document said and built. */
    struct items_range *rg = &x->ranges[x->nranges - 1];
    struct fb_mark from = fb_mark(x->b);
    if (item)
        build_item(x->b, item, kind);
    else
        unexpected(x->b, n, line_no(n));
    struct fb_mark to = fb_mark(x->b);
    if (to.errors > from.errors) {
        rg->spans = xrealloc(rg->spans, (rg->nspans + 2) * sizeof(*rg->spans));
        rg->spans[rg->nspans++] = from;
        rg->spans[rg->nspans++] = to;
    }
    return true;
}

/* Reads the document to its end; returns 0 there, or -1 when the parser
 * gave up. */
static int stream(struct xml_ctx *x, xmlTextReaderPtr r)
{
    int ret = xmlTextReaderRead(r);
    while (ret == 1) {
        int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
        xmlNodePtr n = xmlTextReaderCurrentNode(r);
        bool whole = false;
        if (depth <= 1)
            end_items(x);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            ret = -1; /* the bounds pass missed it: syntax_errors says it */
            break;
        } else if (!n || x->not_feed) {
            whole = depth == 0 && type == XML_READER_TYPE_ELEMENT;
        } else if (depth == 0 && type == XML_READER_TYPE_ELEMENT) {
            on_root(x, n);
            whole = x->not_feed;
        } else if (depth == 1 && x->skel) {
            whole = on_top(x, r, n, type);
        } else if (depth == 2 && x->in_items) {
            whole = on_item(x, r, n, type);
        }
        ret = whole ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
    }
    end_items(x);
    return ret;
}

/* The schema, compiled from the embedded feed.xsd; NULL after reporting. */
static xmlSchemaPtr load_schema(struct xml_ctx *x)
{
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt((const char *)feed_xsd, (int)feed_xsd_len);
    xmlSchemaPtr schema = NULL;
    if (pc) {
        xmlSchemaSetParserStructuredErrors(pc, on_schema_parse_error, x);
        schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    if (!schema)
        fb_error(x->b, 0, "internal error: the built-in feed schema does not load");
    return schema;
}

/* After the last item: the skeleton is checked, the items of an <items>
 * the schema refused are forgotten (a whole-document check never reads
 * them), and the settings are set. */
static void finish_skeleton(struct xml_ctx *x)
{
    if (!x->skel)
        return;
    x->last_node = NULL;
    if (xmlSchemaValidateDoc(x->vc, x->skel) < 0)
        fb_error(x->b, 0, "internal error: the feed could not be validated");
    for (size_t i = x->nranges; i-- > 0;) {
        struct items_range *rg = &x->ranges[i];
        if (rg->copy->_private != BAD_NODE)
            continue;
        for (size_t k = rg->nspans; k > 0; k -= 2) {
            struct fb_mark from = rg->spans[k - 2], to = rg->spans[k - 1];
            from.items = to.items = 0; /* the problems only: the items go below */
            fb_forget(x->b, from, to);
        }
        struct fb_mark from = rg->from, to = rg->to;
        from.errors = to.errors = 0; /* the items only: the problems are done */
        fb_forget(x->b, from, to);
    }
    walk_settings(x->b, xmlDocGetRootElement(x->skel));
}

/* Streams the document through the builder; returns false when it is not
 * well-formed, after forgetting what its items gave. */
static bool stream_all(struct xml_ctx *x, xmlSchemaValidCtxtPtr vc)
{
    xmlTextReaderPtr r =
        xmlReaderForMemory(x->buf, (int)x->len, fb_name(x->b), NULL,
                           XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT);
    if (!r)
        die("out of memory");
    x->vc = vc;
    xmlSchemaSetValidStructuredErrors(vc, on_schema_error, x);
    struct fb_mark start = fb_mark(x->b);
    bool ok = stream(x, r) == 0 && !x->nperr;
    xmlFreeTextReader(r);
    if (!ok)
        fb_forget(x->b, start, fb_mark(x->b));
    else if (!x->skel && !x->not_feed)
        fb_error(x->b, 0, "the XML could not be read; check that it is a complete feed");
    else
        finish_skeleton(x);
    return ok;
}

void feed_xml_fill(fb_t *b, const char *buf, size_t len)
{
    struct xml_ctx x = {.b = b, .buf = buf, .len = len};
    if (len > FEED_MAX_BYTES || len > 0x7fffffff) {
        fb_error(b, 0, "the feed is larger than the limit of %u MiB", FEED_MAX_BYTES >> 20);
        return;
    }
    if (prescan(&x) < 0)
        return;
    xmlInitParser();
    /* Errors go to our handler, never to stderr; the previous handler of
     * this thread is restored before returning. */
    xmlStructuredErrorFunc old = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&x, on_parse_error);
    xmlSchemaPtr schema = x.has_doctype ? NULL : load_schema(&x);
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (schema && !vc)
        die("out of memory");
    if (x.has_doctype || (vc && !stream_all(&x, vc))) {
        /* The reader's own messages stand when the parser finds nothing. */
        struct xml_ctx reader = x;
        x.perr = NULL;
        x.nperr = x.perr_cap = 0;
        if (!syntax_errors(&x)) {
            for (size_t i = 0; i < reader.nperr; i++)
                fb_error(b, reader.perr[i].line, "%s", reader.perr[i].text);
            if (!reader.nperr)
                fb_error(b, 0, "the XML could not be read; check that it is a complete feed");
        }
        free_perr(&reader);
    }
    xmlSetStructuredErrorFunc(old_ctx, old);
    free_perr(&x);
    for (size_t i = 0; i < x.nranges; i++)
        free(x.ranges[i].spans);
    free(x.ranges);
    xmlFreeDoc(x.skel);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
}
