/* video in a build without libmpv (VIDEO=0, see video.h): every film fails
 * at once, so the player logs it once and plays the next slide. */
#include "play/video.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/util.h"

#define NO_VIDEO "this build has no video (built with VIDEO=0 or without libmpv-dev)"

struct video {
    int unused;
};

bool video_available(char *why, size_t size)
{
    snprintf(why, size, "%s", NO_VIDEO);
    return false;
}

video_t *video_open(const char *path, const struct video_opts *o)
{
    (void)path;
    (void)o;
    return xcalloc(1, sizeof(struct video));
}

void video_free(video_t *v)
{
    free(v);
}

bool video_update(video_t *v, uint64_t now)
{
    (void)v;
    (void)now;
    return false;
}

enum video_state video_state(const video_t *v)
{
    (void)v;
    return VIDEO_FAILED;
}

const char *video_error(const video_t *v)
{
    (void)v;
    return NO_VIDEO;
}

void video_target(video_t *v, display_t *d, dimage_t *img, SDL_Rect box)
{
    (void)v;
    (void)d;
    (void)img;
    (void)box;
}

bool video_target_frame(video_t *v, display_t *d, SDL_Rect box)
{
    (void)v;
    (void)d;
    (void)box;
    return false;
}

bool video_redraw(video_t *v)
{
    (void)v;
    return false;
}

const char *video_renderer(const video_t *v)
{
    (void)v;
    return "software";
}

double video_duration(const video_t *v)
{
    (void)v;
    return 0;
}

void video_play(video_t *v)
{
    (void)v;
}

long video_dropped(const video_t *v)
{
    (void)v;
    return 0;
}

int video_probe(const char *path, struct video_info *out, char *err, size_t errsz)
{
    (void)path;
    *out = (struct video_info){0};
    snprintf(err, errsz, "%s", NO_VIDEO);
    return -1;
}
