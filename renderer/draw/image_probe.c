/* image_probe — a picture's size and type from its header, never decoding.
 *
 * Untrusted input: every read goes through struct src and is checked against
 * the end of the data, and only into small fixed buffers. */
#include "draw/image.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draw/image_priv.h"

/* --- bounded reading ---------------------------------------------------- */

int image_src_get(const struct src *s, uint64_t off, void *dst, size_t n)
{
    if (off > s->len || n > s->len - off)
        return -1;
    if (s->mem) {
        memcpy(dst, s->mem + off, n);
        return 0;
    }
    if (fseeko(s->f, (off_t)off, SEEK_SET) != 0)
        return -1;
    return fread(dst, 1, n, s->f) == n ? 0 : -1;
}

void image_err(char *err, size_t errsz, const char *fmt, ...)
{
    if (!err || !errsz)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

/* --- header probe ----------------------------------------------------- */

static int probe_png(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t b[24];
    if (image_src_get(s, 0, b, sizeof b) != 0) {
        image_err(err, errsz, "truncated PNG: the file ends inside its header");
        return -1;
    }
    if (memcmp(b + 12, "IHDR", 4) != 0 || be32(b + 8) != 13) {
        image_err(err, errsz, "damaged PNG: the IHDR header is missing");
        return -1;
    }
    p->type = "PNG";
    p->w = be32(b + 16);
    p->h = be32(b + 20);
    return 0;
}

static int probe_gif(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t b[13];
    if (image_src_get(s, 0, b, sizeof b) != 0) {
        image_err(err, errsz, "truncated GIF: the file ends inside its header");
        return -1;
    }
    p->type = "GIF";
    p->w = le16(b + 6);
    p->h = le16(b + 8);
    p->dw = p->w;
    p->dh = p->h;
    /* The decoder sizes its buffer from the first frame's descriptor, which
     * may be larger than the logical screen: walk to it. */
    uint64_t off = 13;
    if (b[10] & 0x80)
        off += 3u * (2u << (b[10] & 7));
    for (int blocks = 0; blocks < 100000; blocks++) {
        uint8_t c[10];
        /* no frame: the decoder will fail on its own */
        if (image_src_get(s, off, c, 1) != 0)
            break;
        if (c[0] == 0x2c) { /* image descriptor */
            if (image_src_get(s, off, c, 10) != 0)
                break;
            uint32_t fw = le16(c + 5), fh = le16(c + 7);
            p->dw = fw > p->dw ? fw : p->dw;
            p->dh = fh > p->dh ? fh : p->dh;
            if (p->w == 0 || p->h == 0) {
                p->w = fw;
                p->h = fh;
            }
            break;
        }
        if (c[0] != 0x21) /* trailer or garbage */
            break;
        off += 2; /* introducer and label, then sub-blocks until a 0 size */
        for (;;) {
            if (image_src_get(s, off, c, 1) != 0)
                goto done;
            off += 1u + c[0];
            if (c[0] == 0 || ++blocks >= 100000)
                break;
        }
    }
done:
    return 0;
}

static int probe_webp(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t b[30];
    p->type = "WEBP";
    if (image_src_get(s, 0, b, 20) != 0) {
        image_err(err, errsz, "truncated WebP: the file ends inside its header");
        return -1;
    }
    if (memcmp(b + 12, "VP8 ", 4) == 0) {
        /* Lossy: 3-byte frame tag, start code 9d 01 2a, 14-bit sizes. */
        if (image_src_get(s, 0, b, 30) != 0)
            goto truncated;
        if (b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a) {
            image_err(err, errsz, "damaged WebP: bad VP8 start code");
            return -1;
        }
        p->w = le16(b + 26) & 0x3fff;
        p->h = le16(b + 28) & 0x3fff;
    } else if (memcmp(b + 12, "VP8L", 4) == 0) {
        /* Lossless: signature 0x2f, then 14 bits width-1, 14 bits height-1. */
        if (image_src_get(s, 0, b, 25) != 0)
            goto truncated;
        if (b[20] != 0x2f) {
            image_err(err, errsz, "damaged WebP: bad VP8L signature");
            return -1;
        }
        uint32_t bits =
            (uint32_t)b[21] | (uint32_t)b[22] << 8 | (uint32_t)b[23] << 16 | (uint32_t)b[24] << 24;
        p->w = (bits & 0x3fff) + 1;
        p->h = ((bits >> 14) & 0x3fff) + 1;
    } else if (memcmp(b + 12, "VP8X", 4) == 0) {
        /* Extended: flags, 3 reserved bytes, 24-bit canvas width-1, height-1. */
        if (image_src_get(s, 0, b, 30) != 0)
            goto truncated;
        p->w = le24(b + 24) + 1;
        p->h = le24(b + 27) + 1;
    } else {
        image_err(err, errsz, "unsupported WebP: no VP8, VP8L or VP8X chunk");
        return -1;
    }
    return 0;
truncated:
    image_err(err, errsz, "truncated WebP: the file ends inside its header");
    return -1;
}

/* Reads the EXIF orientation from an APP1 payload at seg of length n:
 * "Exif\0\0", a TIFF header, then IFD0's tag 0x0112. Returns 1..8, or 1
 * when absent or malformed. */
static int exif_orientation(const struct src *s, uint64_t seg, uint32_t n)
{
    uint8_t b[12];
    if (n < 14 || image_src_get(s, seg, b, 6) != 0 || memcmp(b, "Exif\0\0", 6) != 0)
        return 1;
    uint64_t tiff = seg + 6;
    uint32_t tlen = n - 6;
    if (image_src_get(s, tiff, b, 8) != 0)
        return 1;
    int le;
    if (memcmp(b, "II*\0", 4) == 0)
        le = 1;
    else if (memcmp(b, "MM\0*", 4) == 0)
        le = 0;
    else
        return 1;
#define U16(q) (le ? le16(q) : be16(q))
#define U32(q) (le ? (uint32_t)le16(q) | le16((q) + 2) << 16 : be32(q))
    uint32_t ifd = U32(b + 4);
    if (ifd > tlen || tlen - ifd < 2 || image_src_get(s, tiff + ifd, b, 2) != 0)
        return 1;
    uint32_t count = U16(b);
    for (uint32_t k = 0; k < count && k < 1000; k++) {
        uint64_t e = (uint64_t)ifd + 2 + 12u * k;
        if (e + 12 > tlen || image_src_get(s, tiff + e, b, 12) != 0)
            return 1;
        if (U16(b) == 0x0112 && U16(b + 2) == 3 && U32(b + 4) >= 1) {
            uint32_t v = U16(b + 8);
            return v >= 1 && v <= 8 ? (int)v : 1;
        }
    }
#undef U16
#undef U32
    return 1;
}

/* Walks the JPEG markers to the first frame header (SOFn), skipping APPn
 * and the other segments, noting the EXIF orientation on the way. */
static int probe_jpeg(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    p->type = "JPG";
    uint64_t off = 2;
    for (int seg = 0; seg < 10000; seg++) {
        uint8_t b[9];
        if (image_src_get(s, off, b, 1) != 0)
            goto truncated;
        if (b[0] != 0xff) {
            image_err(err, errsz, "damaged JPEG: no marker where one should be");
            return -1;
        }
        /* Any number of 0xff fill bytes may precede the marker code. */
        do {
            off++;
            if (image_src_get(s, off, b, 1) != 0)
                goto truncated;
        } while (b[0] == 0xff);
        uint8_t m = b[0];
        off++;
        if (m == 0x01 || (m >= 0xd0 && m <= 0xd8))
            continue; /* standalone markers: TEM, RSTn, SOI */
        if (m == 0xd9 || m == 0xda) {
            image_err(err, errsz, "damaged JPEG: no frame header before the image data");
            return -1;
        }
        if (image_src_get(s, off, b, 2) != 0)
            goto truncated;
        uint32_t len = be16(b);
        if (len < 2) {
            image_err(err, errsz, "damaged JPEG: segment of length %" PRIu32, len);
            return -1;
        }
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            if (len < 8 || image_src_get(s, off, b, 7) != 0)
                goto truncated;
            p->h = be16(b + 3);
            p->w = be16(b + 5);
            if (p->h == 0) {
                image_err(err, errsz, "unsupported JPEG: height given after the data (DNL)");
                return -1;
            }
            return 0;
        }
        if (m == 0xe1 && p->orientation == 1)
            p->orientation = exif_orientation(s, off + 2, len - 2);
        off += len;
    }
    image_err(err, errsz, "damaged JPEG: too many segments before the frame header");
    return -1;
truncated:
    image_err(err, errsz, "truncated JPEG: the file ends before the frame header");
    return -1;
}

int image_probe_src(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t m[12];
    memset(p, 0, sizeof *p);
    p->orientation = 1;
    if (s->len == 0) {
        image_err(err, errsz, "empty file (0 bytes): copy the picture again");
        return -1;
    }
    size_t n = s->len < sizeof m ? (size_t)s->len : sizeof m;
    memset(m, 0, sizeof m);
    if (image_src_get(s, 0, m, n) != 0) {
        image_err(err, errsz, "cannot read the file");
        return -1;
    }
    int rc;
    if (memcmp(m, "\x89PNG\r\n\x1a\n", 8) == 0)
        rc = probe_png(s, p, err, errsz);
    else if (m[0] == 0xff && m[1] == 0xd8)
        rc = probe_jpeg(s, p, err, errsz);
    else if (memcmp(m, "RIFF", 4) == 0 && memcmp(m + 8, "WEBP", 4) == 0)
        rc = probe_webp(s, p, err, errsz);
    else if (memcmp(m, "GIF87a", 6) == 0 || memcmp(m, "GIF89a", 6) == 0)
        rc = probe_gif(s, p, err, errsz);
    else {
        image_err(err, errsz, "not a PNG, JPEG, WebP or GIF picture: save it as JPEG or PNG");
        return -1;
    }
    if (rc != 0)
        return rc;
    if (p->w == 0 || p->h == 0) {
        image_err(err, errsz, "damaged picture: its header gives a size of %" PRIu32 "x%" PRIu32,
                  p->w, p->h);
        return -1;
    }
    if (p->dw < p->w)
        p->dw = p->w;
    if (p->dh < p->h)
        p->dh = p->h;
    return 0;
}

int image_open_regular(const char *path, uint64_t *size, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        image_err(err, errsz, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        image_err(err, errsz, "not a regular file");
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

/* Hands the stored size out as ints, refusing sizes no int can hold. */
static int probe_result(const struct probe *p, int *w, int *h, char *err, size_t errsz)
{
    if (p->w > INT32_MAX || p->h > INT32_MAX) {
        image_err(err, errsz, "picture size %" PRIu32 "x%" PRIu32 " is absurd", p->w, p->h);
        return -1;
    }
    *w = (int)p->w;
    *h = (int)p->h;
    return 0;
}

int image_probe_info(const char *path, struct image_info *out, char *err, size_t errsz)
{
    uint64_t size;
    int fd = image_open_regular(path, &size, err, errsz);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        image_err(err, errsz, "cannot open: %s", strerror(errno));
        close(fd);
        return -1;
    }
    struct src s = {.f = f, .len = size};
    struct probe p;
    int rc = image_probe_src(&s, &p, err, errsz);
    fclose(f);
    if (rc != 0 || probe_result(&p, &out->w, &out->h, err, errsz) != 0)
        return -1;
    out->type = p.type;
    out->orientation = p.orientation;
    return 0;
}

int image_probe(const char *path, int *w, int *h, char *err, size_t errsz)
{
    struct image_info info;
    if (image_probe_info(path, &info, err, errsz) != 0)
        return -1;
    *w = info.w;
    *h = info.h;
    return 0;
}

int image_probe_mem(const void *data, size_t len, int *w, int *h, char *err, size_t errsz)
{
    static const uint8_t none[1];
    struct src s = {.mem = data ? data : none, .len = data ? len : 0};
    struct probe p;
    if (image_probe_src(&s, &p, err, errsz) != 0)
        return -1;
    return probe_result(&p, w, h, err, errsz);
}
