/* layout — box arithmetic for slides: pure integer geometry, no SDL, so that
 * the way a screen is divided can be unit-tested at any size. Every size is
 * derived from the screen's unit (its shorter side), so a layout looks the
 * same at 1280x720, 1920x1080 and 3840x2160, and keeps its physical text size
 * when the screen is turned to portrait. */
#ifndef VITRINE_DRAW_LAYOUT_H
#define VITRINE_DRAW_LAYOUT_H

#include <stdbool.h>

struct box {
    int x, y, w, h;
};

/* Pixels for a fraction of unit, rounded, at least 1 when frac > 0. */
int lay_px(double frac, int unit);

/* The screen's unit: its shorter side (the height in landscape). */
int lay_unit(int width, int height);

/* True when the screen is taller than wide. */
bool lay_portrait(int width, int height);

/* b shrunk by m on every side (never below 0 x 0). */
struct box box_inset(struct box b, int m);

/* b shrunk by different amounts on each side (never below 0 x 0). */
struct box box_inset4(struct box b, int left, int top, int right, int bottom);

/* Cuts a slice of height h (clamped to b->h) off the top of *b and returns it;
 * *b keeps the rest minus gap. Likewise for the other sides. */
struct box box_cut_top(struct box *b, int h, int gap);
struct box box_cut_bottom(struct box *b, int h, int gap);
struct box box_cut_left(struct box *b, int w, int gap);
struct box box_cut_right(struct box *b, int w, int gap);

/* True when inner lies entirely inside outer (an empty inner counts). */
bool box_contains(struct box outer, struct box inner);

/* A w x h box centred in b (not clamped). */
struct box box_center(struct box b, int w, int h);

/* The overlap of a and b (0 x 0 when they do not meet). */
struct box box_intersect(struct box a, struct box b);

/* How a slide with a picture divides the screen: the picture's side and how
 * much of the screen it takes. */
enum lay_side { SIDE_LEFT, SIDE_RIGHT, SIDE_TOP, SIDE_BOTTOM };

struct lay_split {
    enum lay_side side; /* where the photo goes */
    double ratio;       /* fraction of the width (left/right) or height (top/bottom) */
};

/* Splits the screen into a photo box and a text panel. With has_photo false,
 * the photo box is empty and the panel is the whole screen. */
void lay_split(struct box screen, const struct lay_split *s, bool has_photo, struct box *photo,
               struct box *panel);

/* How many of a list's n rows (each row_h high) fit in height h. The first
 * nfirst rows sit under one heading and the rest under another, each
 * heading head_h high; headings are drawn only when both groups have rows
 * (nfirst between 1 and n - 1; head_h 0: no headings), and the second only
 * when one of its rows is shown. When not all rows fit, room is kept for a
 * last line more_h high that says how many were left out. Returns the rows
 * shown, 0 to n. */
int lay_list_fit(int h, int n, int nfirst, int row_h, int head_h, int more_h);

/* The height lay_list_fit counts for the first rows of such a list, with
 * the closing line when rows < n. */
int lay_list_height(int rows, int n, int nfirst, int row_h, int head_h, int more_h);

#endif
