#include "draw/wxicon.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define SUN   0xfff5b301u
#define CLOUD 0xffe8edf2u
#define DARK  0xffa9b4c0u /* the cloud of rain and storms */
#define RAIN  0xff4aa3ffu
#define SNOW  0xffffffffu
#define BOLT  0xffffd23fu
#define FOG   0xffc9d1d9u
/* On a light background the pale parts would vanish: they darken. */
#define CLOUD_ON_LIGHT 0xff9aa8b6u
#define DARK_ON_LIGHT  0xff6f7d8cu
#define SNOW_ON_LIGHT  0xff7fa7d0u

/* A shape is a union of discs and round-capped strokes in a unit square
 * (0,0 top left, 1,1 bottom right); its signed distance gives each pixel's
 * coverage, which is the anti-aliasing. */
struct prim {
    float ax, ay, bx, by, r; /* a disc when b == a */
};

static float seg_dist(const struct prim *p, float x, float y)
{
    float dx = p->bx - p->ax, dy = p->by - p->ay;
    float l2 = dx * dx + dy * dy;
    float t = l2 > 0 ? ((x - p->ax) * dx + (y - p->ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    float ex = x - (p->ax + t * dx), ey = y - (p->ay + t * dy);
    return sqrtf(ex * ex + ey * ey) - p->r;
}

static inline uint32_t over(uint32_t dst, uint32_t src, unsigned a)
{
    unsigned na = 255 - a;
    unsigned r = (((src >> 16) & 0xff) * a + ((dst >> 16) & 0xff) * na + 127) / 255;
    unsigned g = (((src >> 8) & 0xff) * a + ((dst >> 8) & 0xff) * na + 127) / 255;
    unsigned b = ((src & 0xff) * a + (dst & 0xff) * na + 127) / 255;
    unsigned da = (dst >> 24) & 0xff;
    return (uint32_t)((a + (da * na + 127) / 255) << 24 | r << 16 | g << 8 | b);
}

/* Paints the union of n primitives, offset by (ox, oy) and scaled by k
 * within the unit square, in color over the square q of s. */
static void layer(SDL_Surface *s, struct box q, const struct prim *p, int n, float ox, float oy,
                  float k, uint32_t color)
{
    float px = 1.0f / (float)q.w; /* one pixel in unit coordinates */
    int x0 = q.x < 0 ? 0 : q.x, y0 = q.y < 0 ? 0 : q.y;
    int x1 = q.x + q.w > s->w ? s->w : q.x + q.w, y1 = q.y + q.h > s->h ? s->h : q.y + q.h;
    for (int y = y0; y < y1; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch);
        float v = ((float)(y - q.y) + 0.5f) * px;
        for (int x = x0; x < x1; x++) {
            float u = ((float)(x - q.x) + 0.5f) * px;
            float d = 1e9f;
            for (int i = 0; i < n; i++) {
                struct prim t = {ox + p[i].ax * k, oy + p[i].ay * k, ox + p[i].bx * k,
                                 oy + p[i].by * k, p[i].r * k};
                float e = seg_dist(&t, u, v);
                if (e < d)
                    d = e;
            }
            float cov = 0.5f - d / px;
            if (cov <= 0)
                continue;
            unsigned a = (unsigned)((cov >= 1 ? 1 : cov) * (float)(color >> 24) + 0.5f);
            row[x] = over(row[x], color, a);
        }
    }
}

static const struct prim cloud[] = {
    {0.30f, 0.56f, 0.30f, 0.56f, 0.15f},
    {0.50f, 0.44f, 0.50f, 0.44f, 0.21f},
    {0.70f, 0.56f, 0.70f, 0.56f, 0.15f},
    {0.30f, 0.62f, 0.70f, 0.62f, 0.09f},
};
#define NCLOUD (int)(sizeof cloud / sizeof cloud[0])

static void sun(SDL_Surface *s, struct box q, float cx, float cy, float k)
{
    struct prim p[9] = {{cx, cy, cx, cy, 0.17f * k}};
    for (int i = 0; i < 8; i++) {
        float a = (float)i * 0.7853982f;
        float c = cosf(a), sn = sinf(a);
        p[i + 1] = (struct prim){cx + c * 0.26f * k, cy + sn * 0.26f * k, cx + c * 0.36f * k,
                                 cy + sn * 0.36f * k, 0.03f * k};
    }
    layer(s, q, p, 9, 0, 0, 1, SUN);
}

/* Strokes under the cloud: rain (long), drizzle (short), showers (slanted). */
static void drops(SDL_Surface *s, struct box q, float len, float slant, int n)
{
    struct prim p[4];
    for (int i = 0; i < n && i < 4; i++) {
        float x = 0.32f + 0.36f * (float)i / (float)(n > 1 ? n - 1 : 1);
        p[i] = (struct prim){x, 0.80f, x - slant, 0.80f + len, 0.035f};
    }
    layer(s, q, p, n, 0, -0.04f, 1, RAIN);
}

static void flakes(SDL_Surface *s, struct box q, uint32_t color)
{
    struct prim p[9];
    int n = 0;
    const float at[3][2] = {{0.32f, 0.86f}, {0.50f, 0.93f}, {0.68f, 0.86f}};
    for (int i = 0; i < 3; i++) {
        float x = at[i][0], y = at[i][1], r = 0.055f;
        p[n++] = (struct prim){x - r, y, x + r, y, 0.018f};
        p[n++] = (struct prim){x - r * 0.5f, y - r * 0.87f, x + r * 0.5f, y + r * 0.87f, 0.018f};
        p[n++] = (struct prim){x - r * 0.5f, y + r * 0.87f, x + r * 0.5f, y - r * 0.87f, 0.018f};
    }
    layer(s, q, p, n, 0, -0.02f, 1, color);
}

void wxicon_paint(SDL_Surface *s, struct box b, enum sky sky, bool light)
{
    uint32_t CL = light ? CLOUD_ON_LIGHT : CLOUD, DK = light ? DARK_ON_LIGHT : DARK;
    uint32_t SN = light ? SNOW_ON_LIGHT : SNOW, FG = light ? DARK_ON_LIGHT : FOG;
    int side = b.w < b.h ? b.w : b.h;
    if (side <= 0 || sky == SKY_UNKNOWN || (unsigned)sky >= SKY_COUNT)
        return;
    struct box q = {b.x + (b.w - side) / 2, b.y + (b.h - side) / 2, side, side};
    if (SDL_MUSTLOCK(s))
        SDL_LockSurface(s);
    switch (sky) {
    case SKY_CLEAR:
        sun(s, q, 0.5f, 0.5f, 1.15f);
        break;
    case SKY_PARTLY:
        sun(s, q, 0.38f, 0.36f, 0.95f);
        layer(s, q, cloud, NCLOUD, 0.10f, 0.08f, 0.9f, CL);
        break;
    case SKY_CLOUDY:
        layer(s, q, cloud, NCLOUD, -0.02f, -0.05f, 1.05f, CL);
        break;
    case SKY_FOG: {
        static const struct prim bars[] = {{0.22f, 0.62f, 0.78f, 0.62f, 0.035f},
                                           {0.30f, 0.74f, 0.70f, 0.74f, 0.035f},
                                           {0.22f, 0.86f, 0.78f, 0.86f, 0.035f}};
        layer(s, q, cloud, NCLOUD, 0, -0.18f, 1, CL);
        layer(s, q, bars, 3, 0, 0, 1, FG);
        break;
    }
    case SKY_DRIZZLE:
        layer(s, q, cloud, NCLOUD, 0, -0.14f, 1, CL);
        drops(s, q, 0.07f, 0.0f, 3);
        break;
    case SKY_RAIN:
        layer(s, q, cloud, NCLOUD, 0, -0.14f, 1, DK);
        drops(s, q, 0.14f, 0.04f, 3);
        break;
    case SKY_SHOWERS:
        sun(s, q, 0.34f, 0.28f, 0.8f);
        layer(s, q, cloud, NCLOUD, 0.04f, -0.10f, 0.95f, CL);
        drops(s, q, 0.12f, 0.05f, 2);
        break;
    case SKY_SNOW:
        layer(s, q, cloud, NCLOUD, 0, -0.16f, 1, CL);
        flakes(s, q, SN);
        break;
    case SKY_STORM: {
        static const struct prim bolt[] = {{0.56f, 0.60f, 0.44f, 0.78f, 0.035f},
                                           {0.44f, 0.78f, 0.58f, 0.78f, 0.035f},
                                           {0.58f, 0.78f, 0.46f, 0.97f, 0.035f}};
        layer(s, q, cloud, NCLOUD, 0, -0.16f, 1, DK);
        layer(s, q, bolt, 3, 0, 0, 1, BOLT);
        break;
    }
    default:
        break;
    }
    if (SDL_MUSTLOCK(s))
        SDL_UnlockSurface(s);
}
