/* Table-driven tests for the feed loaders and builder: every rule in both
 * formats, with the line each problem must be reported at. Each row's
 * snippet starts at line 4 of the document, in XML and in JSON alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/diag.h"
#include "model/feed.h"
#include "model/util.h"

enum where { ITEMS, SETTINGS, RAW };

struct row {
    const char *name;
    enum where w;
    const char *xml, *json; /* NULL: not tested in that format */
    int line;               /* 0: the feed must load */
    const char *msg;        /* substring of the message at that line */
    const char *xmsg;       /* for XML, when worded differently */
    int count;              /* exact number of problems, when not 0 */
};

static const struct row rows[] = {
    /* ---- valid ---- */
    {"minimal notice", ITEMS, "<notice id=\"n\"><title>Wi-Fi</title></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"Wi-Fi\"}", 0, NULL, NULL, 0},
    {"poster without title", ITEMS, "<poster id=\"p\"><image>images/a.jpg</image></poster>",
     "{\"kind\": \"poster\", \"id\": \"p\", \"image\": \"images/a.jpg\"}", 0, NULL, NULL, 0},
    {"numbers as strings and nulls", ITEMS, NULL,
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"T\", \"seats\": \"4\",\n"
     " \"weight\": \"2\", \"duration\": \"7.5\", \"subtitle\": null,\n"
     " \"prices\": [{\"amount\": \"28\", \"label\": null}]}",
     0, NULL, NULL, 0},
    {"empty items", RAW, "<feed version=\"1\"><items/></feed>", "{\"version\": 1, \"items\": []}",
     0, NULL, NULL, 0},
    {"CDATA and character references", ITEMS,
     "<notice id=\"n\"><title><![CDATA[A & B]]></title><body>caf&#233; &amp; th&#xE9;</body>"
     "</notice>",
     NULL, 0, NULL, NULL, 0},

    {"poster with a video", ITEMS,
     "<poster id=\"p\"><video>films/mer.mp4</video><loops>2</loops></poster>",
     "{\"kind\": \"poster\", \"id\": \"p\", \"video\": \"films/mer.mp4\", \"loops\": 2}", 0, NULL,
     NULL, 0},
    {"place with a video", ITEMS,
     "<place id=\"l\"><title>Phare</title><video>phare.webm</video></place>",
     "{\"kind\": \"place\", \"id\": \"l\", \"title\": \"Phare\", \"video\": \"phare.webm\"}", 0,
     NULL, NULL, 0},
    {"video as a web address", ITEMS,
     "<poster id=\"p\">\n<video>https://example.org/a.mp4</video></poster>",
     "{\"kind\": \"poster\", \"id\": \"p\",\n\"video\": \"https://example.org/a.mp4\"}", 5,
     "copy the film into the feed's folder", NULL, 1},
    {"video outside the folder", ITEMS, "<poster id=\"p\">\n<video>../a.mp4</video></poster>",
     "{\"kind\": \"poster\", \"id\": \"p\",\n\"video\": \"../a.mp4\"}", 5,
     "must be inside the feed's folder", NULL, 1},
    {"zero loops", ITEMS, "<poster id=\"p\"><video>a.mp4</video>\n<loops>0</loops></poster>",
     "{\"kind\": \"poster\", \"id\": \"p\", \"video\": \"a.mp4\",\n\"loops\": 0}", 5,
     "loops '0' is not valid: give a whole number from 1 to 100", NULL, 1},
    {"focal point", ITEMS,
     "<place id=\"l\"><title>Phare</title><image>p.jpg</image><focus>0.85,0.4</focus></place>",
     "{\"kind\": \"place\", \"id\": \"l\", \"title\": \"Phare\", \"image\": \"p.jpg\",\n"
     "\"focus\": \"0.85,0.4\"}",
     0, NULL, NULL, 0},
    {"focal point outside the picture", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<focus>1.5,0.2</focus></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"focus\": \"1.5,0.2\"}", 5,
     "focus '1.5,0.2' is not valid: give the point of the picture to keep in view as x,y", NULL,
     1},
    {"focal point with one number", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<focus>0.3</focus></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"focus\": \"0.3\"}", 5,
     "focus '0.3' is not valid", NULL, 1},
    {"video on an event", ITEMS,
     "<event id=\"e\"><title>x</title><start>2026-10-17</start>\n<video>a.mp4</video></event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\", \"start\": \"2026-10-17\",\n"
     "\"video\": \"a.mp4\"}",
     5, "video", NULL, 0},

    /* ---- required fields ---- */
    {"no title", ITEMS, "<notice id=\"n\">\n<body>x</body>\n</notice>",
     "{\"kind\": \"notice\", \"id\": \"n\",\n\"body\": \"x\"\n}", 4, "has no title", NULL, 1},
    {"French title missing", ITEMS, "<notice id=\"n\">\n<title lang=\"en\">x</title>\n</notice>",
     "{\"kind\": \"notice\", \"id\": \"n\",\n\"title\": {\"en\": \"x\"}\n}", 4, "none in French",
     NULL, 1},
    {"poster without image", ITEMS, "<poster id=\"p\"/>", "{\"kind\": \"poster\", \"id\": \"p\"}",
     4, "has no image", NULL, 1},
    {"event without start", ITEMS, "<event id=\"e\"><title>x</title></event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\"}", 4, "has no start", NULL, 1},
    {"no id", ITEMS, "<notice>\n<title>x</title></notice>",
     "{\"kind\": \"notice\",\n\"title\": \"x\"}", 4, "has no id", NULL, 1},
    {"no kind", ITEMS, NULL, "{\"id\": \"n\",\n\"title\": \"x\"}", 4, "has no \"kind\"", NULL, 1},

    /* ---- dates ---- */
    {"month 13", ITEMS, "<event id=\"e\">\n<title>x</title>\n<start>2026-13-01</start>\n</event>",
     "{\"kind\": \"event\", \"id\": \"e\",\n\"title\": \"x\",\n\"start\": \"2026-13-01\"\n}", 6,
     "date '2026-13-01' is not a valid date: month 13 does not exist; expected YYYY-MM-DD", NULL,
     1},
    {"February 30", ITEMS, "<event id=\"e\"><title>x</title>\n<start>2026-02-30</start></event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\",\n\"start\": \"2026-02-30\"}", 5,
     "2026-02 has 28 days", NULL, 1},
    {"25 o'clock", ITEMS,
     "<event id=\"e\"><title>x</title>\n<start>2026-10-17T25:00</start></event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\",\n\"start\": \"2026-10-17T25:00\"}", 5,
     "hours go from 00 to 23", NULL, 1},
    {"French date order", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<from>17/10/2026</from></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"from\": \"17/10/2026\"}", 5,
     "expected YYYY-MM-DD", NULL, 1},
    {"end before start", ITEMS,
     "<event id=\"e\"><title>x</title><start>2026-10-17</start><end>2026-10-16</end></event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\", \"start\": \"2026-10-17\", "
     "\"end\": \"2026-10-16\"}",
     4, "ends before it starts", NULL, 1},
    {"end date on the start day", ITEMS,
     "<event id=\"e\"><title>x</title><start>2026-10-17T20:00</start><end>2026-10-17</end>"
     "</event>",
     NULL, 0, NULL, NULL, 0},
    {"until before from", ITEMS,
     "<notice id=\"n\"><title>x</title><from>2026-10-17</from><until>2026-10-01</until>"
     "</notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\", \"from\": \"2026-10-17\", "
     "\"until\": \"2026-10-01\"}",
     4, "'until' before 'from'", NULL, 1},

    /* ---- numbers and enumerations ---- */
    {"weight 0", ITEMS, "<notice id=\"n\"><title>x</title>\n<weight>0</weight></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"weight\": 0}", 5,
     "whole number from 1 to 100", NULL, 1},
    {"weight 101", ITEMS, "<notice id=\"n\"><title>x</title>\n<weight>101</weight></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"weight\": 101}", 5,
     "whole number from 1 to 100", NULL, 1},
    {"weight 2.5", ITEMS, "<notice id=\"n\"><title>x</title>\n<weight>2.5</weight></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"weight\": 2.5}", 5,
     "whole number from 1 to 100", NULL, 1},
    {"negative seats", ITEMS, "<ticket id=\"t\"><title>x</title>\n<seats>-1</seats></ticket>",
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"x\",\n\"seats\": -1}", 5,
     "from 0 to 1000000", NULL, 1},
    {"duration 0", ITEMS, "<notice id=\"n\"><title>x</title>\n<duration>0</duration></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"duration\": 0}", 5,
     "between 1 and 3600", NULL, 1},
    {"priority", ITEMS, "<notice id=\"n\"><title>x</title>\n<priority>urgent</priority></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"priority\": \"urgent\"}", 5,
     "use normal, high or takeover", NULL, 1},
    {"event status", ITEMS,
     "<event id=\"e\"><title>x</title><start>2026-10-04</start>\n<status>annulé</status></event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\", \"start\": \"2026-10-04\",\n"
     "\"status\": \"annulé\"}",
     5, "use scheduled, cancelled, postponed, sold_out or suspended", NULL, 1},
    {"status on a notice", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<status>cancelled</status></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"status\": \"cancelled\"}", 5,
     "status", NULL, 1},
    {"transition", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<transition>zoom</transition></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"transition\": \"zoom\"}", 5,
     "cut, fade, push or wipe", NULL, 1},
    {"holidays", ITEMS, "<notice id=\"n\"><title>x</title>\n<holidays>never</holidays></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"holidays\": \"never\"}", 5,
     "any, only or except", NULL, 1},
    {"free yes", ITEMS,
     "<event id=\"e\"><title>x</title><start>2026-10-17</start>\n<free>yes</free></event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\", \"start\": \"2026-10-17\",\n"
     "\"free\": \"yes\"}",
     5, "true or false", NULL, 1},
    {"free as a JSON string", ITEMS, NULL,
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\", \"start\": \"2026-10-17\",\n"
     "\"free\": \"true\"}",
     5, "must be true or false, without quotes", NULL, 1},
    {"phone as a JSON number", ITEMS, NULL,
     "{\"kind\": \"provider\", \"id\": \"p\", \"title\": \"x\",\n\"phone\": 559000001}", 5,
     "must be a text in double quotes", NULL, 1},
    {"weight as a JSON boolean", ITEMS, NULL,
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"weight\": true}", 5,
     "must be a number", NULL, 1},

    /* ---- weekdays, windows, opening hours ---- */
    {"French weekdays", ITEMS, "<notice id=\"n\"><title>x</title>\n<days>Lu-Ve</days></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"days\": \"Lu-Ve\"}", 5,
     "'Lu' is not a weekday", NULL, 1},
    {"hours 9h-12h", ITEMS, "<notice id=\"n\"><title>x</title>\n<hours>9h-12h</hours></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"hours\": \"9h-12h\"}", 5,
     "expected HH:MM", NULL, 1},
    {"empty window", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<hours>09:00-09:00</hours></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"hours\": \"09:00-09:00\"}", 5,
     "is empty", NULL, 1},
    {"opening hours", ITEMS,
     "<place id=\"p\"><title>x</title>\n<opening>Mo-Sa 9-18</opening></place>",
     "{\"kind\": \"place\", \"id\": \"p\", \"title\": \"x\",\n\"opening\": \"Mo-Sa 9-18\"}", 5,
     "opening: opening hours 'Mo-Sa 9-18'", NULL, 1},

    /* ---- fields and kinds ---- */
    {"field of another kind", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<venue>Fronton</venue></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"venue\": \"Fronton\"}", 5,
     "not a field of a notice", NULL, 1},
    {"unknown field", ITEMS, "<notice id=\"n\"><title>x</title>\n<colour>red</colour></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"colour\": \"red\"}", 5,
     "'colour' is not a field vitrine knows", "<colour> is not a field of a notice", 1},
    {"unknown kind", ITEMS, "<concert id=\"c\"><title>x</title></concert>",
     "{\"kind\": \"concert\", \"id\": \"c\", \"title\": \"x\"}", 4,
     "is not a kind of item: use provider, event, ticket, place, notice, poster or ticker", NULL,
     1},
    {"id with a space", ITEMS, "<notice id=\"fete gateau\"><title>x</title></notice>",
     "{\"kind\": \"notice\", \"id\": \"fete gateau\", \"title\": \"x\"}", 4,
     "id 'fete gateau' is not valid", NULL, 1},
    {"duplicate id", ITEMS,
     "<notice id=\"n\"><title>x</title></notice>\n<place id=\"p\"><title>y</title></place>\n"
     "<notice id=\"n\"><title>z</title></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\"},\n"
     "{\"kind\": \"place\", \"id\": \"p\", \"title\": \"y\"},\n"
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"z\"}",
     6, "id 'n' is already used by the notice at line 4", NULL, 1},
    {"ticket for a missing event", ITEMS,
     "<ticket id=\"t\"><title>x</title><event>concert</event></ticket>",
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"x\", \"event\": \"concert\"}", 4,
     "is for event 'concert', which is not in the feed", NULL, 1},
    {"ticket for a notice", ITEMS,
     "<notice id=\"n\"><title>x</title></notice>\n"
     "<ticket id=\"t\"><title>x</title><event>n</event></ticket>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\"},\n"
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"x\", \"event\": \"n\"}",
     5, "which is a notice, not an event", NULL, 1},
    {"field twice", ITEMS,
     "<event id=\"e\"><title>x</title><start>2026-10-17</start>\n<start>2026-10-18</start>"
     "</event>",
     "{\"kind\": \"event\", \"id\": \"e\", \"title\": \"x\", \"start\": \"2026-10-17\",\n"
     "\"start\": \"2026-10-18\"}",
     5, "given twice", NULL, 1},
    {"translation twice", ITEMS,
     "<notice id=\"n\"><title>x</title><title lang=\"en\">y</title>\n"
     "<title lang=\"en\">z</title></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": {\"fr\": \"x\", \"en\": \"y\",\n"
     "\"en\": \"z\"}}",
     5, "given twice", NULL, 1},
    {"unknown language", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<title lang=\"de\">y</title></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": {\"fr\": \"x\",\n\"de\": \"y\"}}", 5,
     "language 'de' of title is not known: use fr, eu, es or en",
     "lang=\"de\" is not a language vitrine shows", 1},
    {"translated image", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<image lang=\"en\">a.jpg</image></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"image\": {\"en\": \"a.jpg\"}}", 5,
     "takes a single text", "<image> cannot be translated", 1},
    {"empty title", ITEMS, "<notice id=\"n\">\n<title>  </title></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\",\n\"title\": \"  \"}", 5, "title is empty", NULL, 1},
    {"url without scheme", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<url>www.example.fr</url></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"url\": \"www.example.fr\"}", 5,
     "must start with https://", NULL, 1},
    {"absolute image path", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<image>/etc/passwd</image></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"image\": \"/etc/passwd\"}", 5,
     "must be inside the feed's folder", NULL, 1},
    {"image path climbing out", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<image>images/../../secret.jpg</image></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n"
     "\"image\": \"images/../../secret.jpg\"}",
     5, "must be inside the feed's folder", NULL, 1},
    {"file URL image", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<image>file:///etc/passwd</image></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n"
     "\"image\": \"file:///etc/passwd\"}",
     5, "is not usable", NULL, 1},
    {"screens separated by commas", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<screens>hall,thermes</screens></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"screens\": \"hall,thermes\"}", 5,
     "separate tags with spaces", NULL, 1},

    /* ---- prices ---- */
    {"price on a notice", ITEMS,
     "<notice id=\"n\"><title>x</title>\n<price amount=\"5\"/></notice>",
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"prices\": [{\"amount\": 5}]}", 5,
     "has no prices", "<price> is not a field of a notice", 1},
    {"amount with a comma", ITEMS,
     "<ticket id=\"t\"><title>x</title>\n<price amount=\"7,50\"/></ticket>",
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"x\",\n"
     "\"prices\": [{\"amount\": \"7,50\"}]}",
     5, "with a dot, not a comma", NULL, 1},
    {"amount with a euro sign", ITEMS,
     "<ticket id=\"t\"><title>x</title>\n<price amount=\"28 €\"/></ticket>",
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"x\",\n"
     "\"prices\": [{\"amount\": \"28 €\"}]}",
     5, "without the € sign", NULL, 1},
    {"price without amount", ITEMS,
     "<ticket id=\"t\"><title>x</title>\n<price><label>Adulte</label></price></ticket>",
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"x\",\n\"prices\": [{\"label\": \"A\"}]}",
     5, "has no amount", "<price> has no amount", 1},
    {"JSON price key", ITEMS, NULL,
     "{\"kind\": \"ticket\", \"id\": \"t\", \"title\": \"x\",\n\"price\": 5}", 5,
     "prices are a list named \"prices\"", NULL, 1},

    /* ---- settings ---- */
    {"languages order", SETTINGS, "<languages>en fr</languages>", "\"languages\": \"en fr\"", 4,
     "French comes first", NULL, 1},
    {"unknown language setting", SETTINGS, "<languages>fr de</languages>",
     "\"languages\": \"fr de\"", 4, "'de' is not a language vitrine shows", NULL, 1},
    {"timezone", SETTINGS, "<timezone>Paris time</timezone>", "\"timezone\": \"Paris time\"", 4,
     "is not a time zone name", NULL, 1},
    {"sold_out", SETTINGS, "<sold_out>maybe</sold_out>", "\"sold_out\": \"maybe\"", 4,
     "use band or hide", NULL, 1},
    {"agenda_days", SETTINGS, "<agenda_days>400</agenda_days>", "\"agenda_days\": 400", 4,
     "from 0 to 365", NULL, 1},
    {"generated", SETTINGS, "<generated>2026-13-01T10:00</generated>",
     "\"generated\": \"2026-13-01T10:00\"", 4, "month 13 does not exist", NULL, 1},
    {"logo outside", SETTINGS, "<logo>../logo.png</logo>", "\"logo\": \"../logo.png\"", 4,
     "must be inside the feed's folder", NULL, 1},
    {"office hours", SETTINGS, "<hours>Mo-Sa 09:30-12:30; Xy off</hours>",
     "\"hours\": \"Mo-Sa 09:30-12:30; Xy off\"", 4, "'Xy' is not a weekday", NULL, 1},
    {"unknown setting", SETTINGS, "<colour>red</colour>", "\"colour\": \"red\"", 4,
     "'colour' is not a setting vitrine knows", "<colour> is not a setting", 1},
    {"setting twice", SETTINGS, "<duration>8</duration>\n<duration>9</duration>",
     "\"duration\": 8,\n\"duration\": 9", 5, "given twice", NULL, 1},

    /* ---- every problem, not only the first ---- */
    {"three problems", ITEMS,
     "<event id=\"e\">\n<title>x</title>\n<start>2026-13-01</start>\n<weight>0</weight>\n"
     "<priority>top</priority>\n</event>",
     "{\"kind\": \"event\", \"id\": \"e\",\n\"title\": \"x\",\n\"start\": \"2026-13-01\",\n"
     "\"weight\": 0,\n\"priority\": \"top\"\n}",
     6, "month 13", NULL, 3},

    /* ---- XML syntax and structure ---- */
    {"unknown entity", ITEMS, "<notice id=\"n\">\n<title>caf&eacute;</title></notice>", NULL, 5,
     "&eacute; is not allowed in a feed", NULL, 1},
    {"ampersand", ITEMS, "<notice id=\"n\">\n<title>A & B</title></notice>", NULL, 5,
     "must be written &amp;", NULL, 1},
    {"misspelt end tag", ITEMS, "<notice id=\"n\">\n<title>x</titel></notice>", NULL, 5,
     "<title> (line 5) is not closed before </titel>", NULL, 1},
    {"text inside an item", ITEMS, "<notice id=\"n\"><title>x</title>\noops</notice>", NULL, 4,
     "text directly inside <notice> is not allowed", NULL, 0},
    {"element inside a text", ITEMS, "<notice id=\"n\">\n<title>x <b>y</b></title></notice>", NULL,
     5, "may only hold text", NULL, 0},
    {"version 2", RAW, "<feed version=\"2\"><items/></feed>", "{\"version\": 2, \"items\": []}", 1,
     "version 1", NULL, 1},
    {"no version", RAW, "<feed><items/></feed>", "{\"items\": []}", 1, "has no version", NULL, 1},
    {"wrong root", RAW, "<rss version=\"2.0\"/>", "[1, 2]", 1, "a JSON feed is an object",
     "a feed starts with <feed", 1},
    {"no items", RAW, "<feed version=\"1\"><settings/></feed>", "{\"version\": 1}", 1,
     "no \"items\"", "<feed> has no <items>", 1},
    {"settings after items", RAW, "<feed version=\"1\"><items/>\n<settings/></feed>", NULL, 2,
     "<settings> must come before <items>", NULL, 1},
    {"something after the feed", RAW, "<feed version=\"1\"><items/></feed>\n<feed/>",
     "{\"version\": 1, \"items\": []}\n{}", 2, "after", NULL, 1},
    /* What the XML loader, which streams items, says as the whole-document
     * check did: no item built from an <items> the schema refuses (only
     * what the schema says inside it),
     * only the syntax of a document that is not well-formed, and no schema
     * check after the first misplaced element of a parent. */
    /* 2: the attribute and the schema's <foo>, not the missing title */
    {"items refused whole", RAW,
     "<feed version=\"1\"><items a=\"1\">\n<notice id=\"n\"><foo/></notice></items></feed>", NULL,
     1, "<items> does not take a a attribute", NULL, 2},
    {"text among the items", RAW,
     "<feed version=\"1\"><items>\n<notice id=\"n\"/>\noops</items></feed>", NULL, 1,
     "text directly inside <items>", NULL, 1},
    {"two lists of items", RAW,
     "<feed version=\"1\"><items/>\n<items><notice id=\"n\"/></items></feed>", NULL, 2,
     "<items> does not belong in <feed>", NULL, 1},
    {"syntax after bad items", RAW,
     "<feed version=\"1\"><items>\n<notice id=\"n\"><foo/></notice>\n</item></feed>", NULL, 3,
     "is not closed before </item>", NULL, 1},
    {"truncated after items", RAW,
     "<feed version=\"1\"><items>\n<notice id=\"n\"><title>x</title></notice>\n", NULL, 1,
     "<items> is never closed: add </items> where it ends (the file stops at line 3)", NULL, 1},
    {"items after an unknown kind", RAW,
     "<feed version=\"1\"><items>\n<concert/>\n<notice id=\"n\"><title>x</title>\n<foo/>"
     "</notice></items></feed>",
     NULL, 4, "'foo' is not a field vitrine knows", NULL, 2},
    {"items after a misplaced element", RAW,
     "<feed version=\"1\"><junk/><items>\n<notice id=\"n\"><title>x</title>\n<foo/>"
     "</notice></items></feed>",
     NULL, 3, "'foo' is not a field vitrine knows", NULL, 2},
    {"not a feed at all", RAW, "Bonjour", "Bonjour", 1, "neither an XML feed", NULL, 1},
    {"empty file", RAW, "  \n", "  \n", 1, "the file is empty", NULL, 1},

    /* ---- JSON syntax ---- */
    {"trailing comma in an object", ITEMS, NULL,
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n}", 4,
     "a comma before '}' is not allowed in JSON", NULL, 1},
    {"trailing comma in an array", ITEMS, NULL,
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\"},\n\n", 4,
     "a comma before ']' is not allowed in JSON", NULL, 1},
    {"missing comma", ITEMS, NULL, "{\"kind\": \"notice\", \"id\": \"n\"\n\"title\": \"x\"}", 5,
     "a comma is missing", NULL, 1},
    {"single quotes", ITEMS, NULL, "{\"kind\": \"notice\", \"id\": \"n\",\n'title': \"x\"}", 5,
     "double quotes", NULL, 1},
    {"unquoted key", ITEMS, NULL, "{\"kind\": \"notice\", \"id\": \"n\",\ntitle: \"x\"}", 5,
     "must be in double quotes", NULL, 1},
    {"unclosed string", ITEMS, NULL, "{\"kind\": \"notice\", \"id\": \"n\",\n\"title\": \"x}\n", 5,
     "not closed on its line", NULL, 1},
    {"bare word", ITEMS, NULL, "{\"kind\": \"notice\", \"id\": \"n\",\n\"title\": Bonjour}", 5,
     "is not a JSON value", NULL, 1},
    {"unclosed object", RAW, NULL, "{\"version\": 1,\n\"items\": [\n", 3, "add the missing ']'",
     NULL, 1},
    {"bad escape", ITEMS, NULL, "{\"kind\": \"notice\", \"id\": \"n\",\n\"title\": \"a\\qb\"}", 5,
     "JSON syntax error", NULL, 1},
    {"duplicate key", ITEMS, NULL,
     "{\"kind\": \"notice\", \"id\": \"n\", \"title\": \"x\",\n\"title\": \"y\"}", 5,
     "\"title\" is given twice here (first at line 4)", NULL, 1},
    {"item is not an object", ITEMS, NULL, "\"wifi\"", 4, "each item is an object", NULL, 1},
};

static char *wrap(const struct row *r, bool xml)
{
    const char *s = xml ? r->xml : r->json;
    switch (r->w) {
    case ITEMS:
        return xml ? xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed version=\"1\">\n"
                               "<items>\n%s\n</items>\n</feed>\n",
                               s)
                   : xasprintf("{\n\"version\": 1,\n\"items\": [\n%s\n]\n}\n", s);
    case SETTINGS:
        return xml ? xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed version=\"1\">\n"
                               "<settings>\n%s\n</settings>\n<items/>\n</feed>\n",
                               s)
                   : xasprintf("{\n\"version\": 1,\n\"settings\": {\n%s\n},\n\"items\": []\n}\n",
                               s);
    case RAW:
        break;
    }
    return xstrdup(s);
}

/* Runs one row in one format; returns 1 (after printing why) when it fails. */
static int run_row(const struct row *r, bool xml)
{
    const char *name = xml ? "t.xml" : "t.json";
    char *doc = wrap(r, xml);
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(doc, strlen(doc), name, NULL, d);
    int failed = 0;
    const char *want = xml && r->xmsg ? r->xmsg : r->msg;
    if (r->line == 0) {
        if (!f || diag_count(d)) {
            print_error("row '%s' (%s): unexpected problem: %s\n", r->name, name,
                        diag_get(d, 0) ? diag_get(d, 0) : "(none)");
            failed = 1;
        }
    } else {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "%s:%d: ", name, r->line);
        bool found = false;
        for (size_t i = 0; i < diag_count(d) && diag_get(d, i); i++)
            if (str_starts(diag_get(d, i), prefix) && strstr(diag_get(d, i), want))
                found = true;
        if (f || !found || (r->count && (int)diag_count(d) != r->count)) {
            print_error("row '%s' (%s): want %d problem(s), '%s%s'; got %zu:\n", r->name, name,
                        r->count, prefix, want, diag_count(d));
            for (size_t i = 0; i < diag_count(d) && diag_get(d, i); i++)
                print_error("    %s\n", diag_get(d, i));
            failed = 1;
        }
    }
    feed_free(f);
    diag_free(d);
    free(doc);
    return failed;
}

static void test_rows(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (rows[i].xml)
            failed += run_row(&rows[i], true);
        if (rows[i].json)
            failed += run_row(&rows[i], false);
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
