/* vitrine check's films: each is opened with libmpv (play/video) and
 * described; one that cannot play is a problem, one that the configured
 * Raspberry Pi cannot decode in hardware gets a warning with the way to
 * convert it (docs/video.md). */
#include "cli/check_video.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/path.h"
#include "model/util.h"
#include "play/video.h"

#define CONVERT "ffmpeg -i IN -vf scale=-2:1080 -c:v libx264 -profile:v high -crf 20 -an OUT.mp4"

/* What model pi cannot do with this film, or NULL. */
static const char *pi_advice(int pi, const struct video_info *vi, char *buf, size_t size)
{
    bool h264 = !strcmp(vi->codec, "h264"), hevc = !strcmp(vi->codec, "hevc");
    if (pi == 4 && h264 && (vi->w > 1920 || vi->h > 1088))
        snprintf(buf, size,
                 "H.264 at %dx%d: a Raspberry Pi 4 decodes H.264 in hardware only up to "
                 "1920x1080; convert it (docs/video.md): %s",
                 vi->w, vi->h, CONVERT);
    else if (pi == 4 && !h264 && !hevc)
        snprintf(buf, size,
                 "%s is decoded by the CPU of a Raspberry Pi 4 (it decodes H.264 and HEVC "
                 "in hardware) and may stutter; convert it (docs/video.md): %s",
                 vi->codec, CONVERT);
    else if (pi == 5 && !hevc)
        snprintf(buf, size,
                 "%s is decoded by the CPU of a Raspberry Pi 5 (its only hardware decoder "
                 "is HEVC): fine up to 1920x1080 at 30 images/s; for more, convert it to "
                 "HEVC (docs/video.md): ffmpeg -i IN -c:v libx265 -crf 24 -an OUT.mp4",
                 vi->codec);
    else if (vi->w > 3840 || vi->h > 2160)
        snprintf(buf, size,
                 "%dx%d is more than any Raspberry Pi decodes: convert it to 1080p "
                 "(docs/video.md): %s",
                 vi->w, vi->h, CONVERT);
    else
        return NULL;
    return buf;
}

int check_video_file(const char *path, const char *where, int line, int pi, diag_t *diag,
                     char *what, size_t size)
{
    struct video_info vi;
    char err[300];
    char off[300];
    if (!video_available(off, sizeof off)) {
        printf("%s:%d: warning: video %s not checked: films are off: %s\n", where, line, path,
               off);
        if (what)
            snprintf(what, size, "not checked");
        return 0;
    }
    if (video_probe(path, &vi, err, sizeof err) < 0) {
        diag_add(diag, where, line, "video %s %s: convert it with the command in docs/video.md",
                 path, err);
        return -1;
    }
    if (vi.w > VIDEO_MAX_W || vi.h > VIDEO_MAX_H) {
        diag_add(diag, where, line,
                 "video %s is %dx%d, larger than the player shows (4K): convert it to "
                 "1920x1080 with the command in docs/video.md",
                 path, vi.w, vi.h);
        return -1;
    }
    char adv[400];
    if (pi_advice(pi, &vi, adv, sizeof adv))
        printf("%s:%d: warning: video %s: %s\n", where, line, path, adv);
    if (what)
        snprintf(what, size, "%s %dx%d %.1f s, %s%s", vi.codec, vi.w, vi.h, vi.duration_s,
                 vi.container, vi.audio ? ", with sound" : "");
    return 0;
}

int check_feed_videos(const feed_t *f, int pi, diag_t *diag)
{
    int bad = 0;
    for (size_t i = 0; i < feed_count(f); i++) {
        const struct item *it = feed_item(f, i);
        if (!it->video || str_starts(it->video, "http://") || str_starts(it->video, "https://"))
            continue;
        const char *dir = feed_dir(f);
        char *real, err[300];
        if (path_contain(dir, it->video, &real, err, sizeof err) != PATH_OK) {
            diag_add(diag, it->file ? it->file : "feed", it->line, "video %s: %s", it->video, err);
            bad++;
            continue;
        }
        free(real);
        char *p = it->video[0] == '/' || !dir || !*dir ? xstrdup(it->video)
                                                       : xasprintf("%s/%s", dir, it->video);
        if (check_video_file(p, it->file ? it->file : "feed", it->line, pi, diag, NULL, 0) < 0)
            bad++;
        free(p);
    }
    return bad ? -1 : 0;
}
