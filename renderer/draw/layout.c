#include <math.h>

#include "draw/layout.h"

int lay_px(double frac, int unit)
{
    if (frac <= 0)
        return 0;
    int px = (int)lround(frac * unit);
    return px < 1 ? 1 : px;
}

int lay_unit(int width, int height)
{
    return width < height ? width : height;
}

bool lay_portrait(int width, int height)
{
    return height > width;
}

static int clamp0(int v)
{
    return v < 0 ? 0 : v;
}

struct box box_inset4(struct box b, int left, int top, int right, int bottom)
{
    struct box r = {b.x + left, b.y + top, clamp0(b.w - left - right), clamp0(b.h - top - bottom)};
    return r;
}

struct box box_inset(struct box b, int m)
{
    return box_inset4(b, m, m, m, m);
}

static int clampto(int v, int max)
{
    v = clamp0(v);
    return v > max ? max : v;
}

struct box box_cut_top(struct box *b, int h, int gap)
{
    h = clampto(h, b->h);
    struct box r = {b->x, b->y, b->w, h};
    int used = clampto(h + gap, b->h);
    b->y += used;
    b->h -= used;
    return r;
}

struct box box_cut_bottom(struct box *b, int h, int gap)
{
    h = clampto(h, b->h);
    struct box r = {b->x, b->y + b->h - h, b->w, h};
    b->h -= clampto(h + gap, b->h);
    return r;
}

struct box box_cut_left(struct box *b, int w, int gap)
{
    w = clampto(w, b->w);
    struct box r = {b->x, b->y, w, b->h};
    int used = clampto(w + gap, b->w);
    b->x += used;
    b->w -= used;
    return r;
}

struct box box_cut_right(struct box *b, int w, int gap)
{
    w = clampto(w, b->w);
    struct box r = {b->x + b->w - w, b->y, w, b->h};
    b->w -= clampto(w + gap, b->w);
    return r;
}

bool box_contains(struct box outer, struct box inner)
{
    if (inner.w <= 0 || inner.h <= 0)
        return true;
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
           inner.y + inner.h <= outer.y + outer.h;
}

struct box box_center(struct box b, int w, int h)
{
    struct box r = {b.x + (b.w - w) / 2, b.y + (b.h - h) / 2, w, h};
    return r;
}

struct box box_intersect(struct box a, struct box b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    struct box r = {x0, y0, clamp0(x1 - x0), clamp0(y1 - y0)};
    if (r.w == 0 || r.h == 0)
        r.w = r.h = 0;
    return r;
}

void lay_split(struct box screen, const struct lay_split *s, bool has_photo, struct box *photo,
               struct box *panel)
{
    struct box rest = screen;
    struct box none = {screen.x, screen.y, 0, 0};
    double ratio = s->ratio < 0.1 ? 0.1 : s->ratio > 0.9 ? 0.9 : s->ratio;
    if (!has_photo) {
        *photo = none;
        *panel = screen;
        return;
    }
    switch (s->side) {
    case SIDE_LEFT:
        *photo = box_cut_left(&rest, (int)lround(screen.w * ratio), 0);
        break;
    case SIDE_RIGHT:
        *photo = box_cut_right(&rest, (int)lround(screen.w * ratio), 0);
        break;
    case SIDE_TOP:
        *photo = box_cut_top(&rest, (int)lround(screen.h * ratio), 0);
        break;
    case SIDE_BOTTOM:
        *photo = box_cut_bottom(&rest, (int)lround(screen.h * ratio), 0);
        break;
    }
    *panel = rest;
}

int lay_list_height(int rows, int n, int nfirst, int row_h, int head_h, int more_h)
{
    if (rows < 0)
        rows = 0;
    if (rows > n)
        rows = n;
    int h = rows * row_h;
    if (head_h > 0 && nfirst > 0 && nfirst < n && rows > 0)
        h += rows > nfirst ? 2 * head_h : head_h;
    if (rows < n)
        h += more_h;
    return h;
}

int lay_list_fit(int h, int n, int nfirst, int row_h, int head_h, int more_h)
{
    if (n <= 0)
        return 0;
    if (lay_list_height(n, n, nfirst, row_h, head_h, more_h) <= h)
        return n;
    int rows = n - 1;
    while (rows > 0 && lay_list_height(rows, n, nfirst, row_h, head_h, more_h) > h)
        rows--;
    return rows;
}
