/* app_video — films in the live player: a slide whose item has a video is
 * not drawn by the worker; its image is the film's, opened and decoded to
 * its first frame while the slide before it holds (video.h). The film starts
 * when its transition begins, its hold ends with its last frame (or the
 * item's duration, whichever comes first), and a film that cannot play is
 * logged once, remembered, and its turn given to the next slide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/path.h"
#include "model/util.h"
#include "play/app_int.h"

/* A film nobody can play is tried again after this long (it may be fixed). */
#define BAD_RETRY_US (10u * 60u * 1000000u)

static const struct item *slot_item(const struct slot *s)
{
    return s->pick.type == SLIDE_ITEM ? s->pick.item : NULL;
}

static bool has_video(const struct item *it)
{
    return it && it->video && *it->video;
}

/* The file a video reference names, or NULL when it leads outside the
 * feed's folder (logged by the feed's checks already). */
static char *video_path(const feed_t *f, const char *ref)
{
    if (ref[0] == '/')
        return xstrdup(ref);
    const char *dir = f ? feed_dir(f) : NULL;
    char *real, err[300];
    if (path_contain(dir, ref, &real, err, sizeof err) == PATH_OUTSIDE)
        return NULL;
    free(real);
    return dir && *dir ? xasprintf("%s/%s", dir, ref) : xstrdup(ref);
}

static int find_bad(const app_t *a, const char *path)
{
    for (int i = 0; i < APP_BAD_VIDEOS; i++)
        if (a->bad_video[i].path && !strcmp(a->bad_video[i].path, path))
            return i;
    return -1;
}

bool app_video_known_bad(app_t *a, const struct sched_pick *pick)
{
    const struct item *it = pick->type == SLIDE_ITEM ? pick->item : NULL;
    if (!has_video(it))
        return false;
    char off[200];
    if (!video_available(off, sizeof off)) { /* loads libmpv for the first film */
        if (!a->no_video_logged) {
            log_msg(LV_WARN, "video %s: films are off: %s; video items are skipped", it->video,
                    off);
            snprintf(a->video_fault, sizeof a->video_fault, "%s: films are off: %s", it->id, off);
        }
        a->no_video_logged = true;
        return true;
    }
    char *path = video_path(prep_feed_get(a->feed), it->video);
    int i = path ? find_bad(a, path) : -1;
    free(path);
    if (i < 0)
        return false;
    if (mono_us() < a->bad_video[i].at + BAD_RETRY_US)
        return true;
    free(a->bad_video[i].path); /* time to try again */
    a->bad_video[i].path = NULL;
    return false;
}

/* Logs why s's film cannot play, once per file, and remembers it. */
static void note_bad(app_t *a, struct slot *s)
{
    const char *why = video_error(s->video);
    snprintf(a->video_fault, sizeof a->video_fault, "%s: %s", s->id, why);
    char off[200];
    if (!video_available(off, sizeof off)) {
        if (!a->no_video_logged)
            log_msg(LV_WARN, "video %s: %s; video items are skipped", s->id, why);
        a->no_video_logged = true;
        return;
    }
    const char *path = s->video_path ? s->video_path : s->id;
    if (find_bad(a, path) >= 0)
        return;
    log_msg(LV_WARN, "video %s (item %s) %s; playing the next slide", path, s->id, why);
    int k = a->nbad++ % APP_BAD_VIDEOS;
    free(a->bad_video[k].path);
    a->bad_video[k].path = xstrdup(path);
    a->bad_video[k].at = mono_us();
}

/* The next slide's film is opened this long before its turn: early enough
 * to decode its first frame, late enough that a long film on screen does
 * not keep a second decoder for its whole length. */
#define PRELOAD_US (3u * 1000000u)

bool app_video_prepare(app_t *a, struct slot *s)
{
    app_video_close(a, s);
    s->wants_video = has_video(slot_item(s)) && !s->no_video;
    return s->wants_video;
}

/* Opens s's film into the box of its image. */
static void open_film(app_t *a, struct slot *s)
{
    const struct item *it = slot_item(s);
    s->video_path = video_path(prep_feed_get(s->feed), it->video);
    struct video_opts o = {
        .rotate = a->rotate,
        .loops = it->loops,
        .volume = a->o.video_volume,
        .wake = a->wake_event,
        .hwdec = a->disp && !display_retains(a->disp),
        .gl = a->disp && display_gl(a->disp) ? a->disp : NULL,
        .every_core = a->video_every_core,
    };
    s->video = video_open(s->video_path ? s->video_path : "", &o);
    s->asked_us = mono_us();
    const char *how = video_renderer(s->video);
    if (video_state(s->video) != VIDEO_FAILED && strcmp(how, a->video_render)) {
        log_msg(LV_INFO, "films: drawn by %s",
                !strcmp(how, "opengl") ? "OpenGL (libmpv's GL render API, in a context "
                                         "sharing SDL's textures, hardware decoding auto-safe)"
                                       : "the CPU (libmpv's software render API)");
        snprintf(a->video_render, sizeof a->video_render, "%s", how);
    }
    app_video_place(a, s);
}

void app_video_place(app_t *a, struct slot *s)
{
    if (!s->video || !s->img)
        return;
    if (s == &a->cur && !a->in_trans && display_frame(a->disp)) {
        SDL_Rect box = {a->L.slide.x + s->film.x, a->L.slide.y + s->film.y, s->film.w, s->film.h};
        if (video_target_frame(s->video, a->disp, box)) {
            s->film_direct = true;
            return;
        }
    }
    bool was = s->film_direct;
    s->film_direct = false;
    video_target(s->video, a->disp, s->img, s->film);
    if (was) /* the slide gets the frame on screen, for the transition */
        video_redraw(s->video);
}

SDL_Rect app_video_frame_box(const app_t *a)
{
    const struct slot *c = &a->cur;
    if (!c->video || !c->film_direct)
        return (SDL_Rect){0, 0, 0, 0};
    return (SDL_Rect){a->L.slide.x + c->film.x, a->L.slide.y + c->film.y, c->film.w, c->film.h};
}

void app_video_close(app_t *a, struct slot *s)
{
    if (!s->video)
        return;
    long dropped = s->shown_us ? video_dropped(s->video) : 0;
    if (s->shown_us)
        stats_note(a->stats, mono_us(), "video", "id=%s shown_ms=%.0f dropped=%ld state=%d", s->id,
                   (mono_us() - s->shown_us) / 1000.0, dropped, (int)video_state(s->video));
    /* A film played to its end that dropped frames: its decoder may have
     * been short of threads (one damaged picture drops one or two). */
    if (dropped >= 5 && video_state(s->video) == VIDEO_ENDED && !a->video_every_core) {
        a->video_every_core = true;
        log_msg(LV_WARN, "film %s dropped %ld frames: films are decoded on every core from now on",
                s->video_path ? s->video_path : s->id, dropped);
    }
    video_free(s->video);
    s->video = NULL;
    free(s->video_path);
    s->video_path = NULL;
}

void app_video_attach(app_t *a, struct slot *s, const SDL_Rect *box)
{
    if (!s->wants_video)
        return;
    if (box->w <= 0) { /* the slide came without a box for it (its drawer failed) */
        app_video_close(a, s);
        s->wants_video = false;
        return;
    }
    s->film = *box;
    app_video_place(a, s);
}

void app_video_detach(app_t *a)
{
    struct slot *slots[] = {&a->cur, &a->next};
    for (int i = 0; i < 2; i++)
        if (slots[i]->video) {
            video_target(slots[i]->video, a->disp, NULL, (SDL_Rect){0, 0, 0, 0});
            slots[i]->film_direct = false;
        }
}

bool app_video_waiting(const struct slot *s)
{
    return s->wants_video && (!s->video || video_state(s->video) == VIDEO_LOADING);
}

void app_video_started(app_t *a, struct slot *s)
{
    if (s->video)
        video_play(s->video);
    app_video_place(a, s); /* its hold: into the frame, where it can */
}

/* The hold of a film: its length times its loops, at most the item's
 * duration when it gives one; the end of the film ends it earlier anyway. */
static int hold_ms(const struct slot *s)
{
    const struct item *it = slot_item(s);
    double len = video_duration(s->video) * (it->loops > 1 ? it->loops : 1);
    int ms = len > 0 ? (int)(len * 1000) + 1000 : 3600 * 1000;
    if (it->sched.duration_ms > 0 && it->sched.duration_ms < ms)
        ms = it->sched.duration_ms;
    return ms;
}

void handle_video(app_t *a, uint64_t now)
{
    struct slot *n = &a->next, *c = &a->cur;
    if (n->wants_video && !n->video && n->img && !n->job &&
        (!c->img || now + PRELOAD_US >= a->hold_until))
        open_film(a, n);
    if (n->video) {
        enum video_state was = video_state(n->video);
        video_update(n->video, now); /* a transition draws its frames */
        enum video_state st = video_state(n->video);
        if (was == VIDEO_LOADING && st == VIDEO_READY) {
            n->ready_us = now;
            n->prep_ms = (now - n->asked_us) / 1000.0;
            n->duration_ms = hold_ms(n);
        } else if (st == VIDEO_FAILED && !n->shown_us) {
            note_bad(a, n);
            request_next(a); /* its turn goes to the next slide */
        }
    }
    if (c->video) {
        if (video_update(c->video, now) && !a->in_trans) {
            if (c->film_direct)
                a->dirty_film = true; /* already in the frame: only show it */
            else
                a->dirty_full = true;
        }
        enum video_state st = video_state(c->video);
        if (st == VIDEO_READY) /* its slide was drawn again (a new layout) */
            video_play(c->video);
        if (st == VIDEO_FAILED && !a->in_trans && a->hold_until > now) {
            note_bad(a, c);
            a->hold_until = now; /* the last frame shown leaves as usual */
        } else if (st == VIDEO_ENDED && !a->in_trans && a->hold_until > now) {
            a->hold_until = now;
        }
    }
    if (n->wants_video || c->video) /* frames wake the loop; the rest needs a poll */
        app_deadline(a, now + VIDEO_POLL_MS * 1000u);
}

bool app_video_playing(const app_t *a)
{
    return a->cur.video || a->next.video;
}

/* The centre pixel of a slide's film box (of its image without a film),
 * 0xRRGGBB; -1 when it cannot be read (the GPU backend keeps its images on
 * the card). */
static long centre_px(const struct slot *sl)
{
    SDL_Surface *s = sl->img ? display_image_surface(sl->img) : NULL;
    if (!s)
        return -1;
    SDL_Rect b = sl->video ? sl->film : (SDL_Rect){0, 0, s->w, s->h};
    const uint32_t *row =
        (const uint32_t *)((const uint8_t *)s->pixels + (b.y + b.h / 2) * s->pitch);
    return (long)(row[b.x + b.w / 2] & 0xffffffu);
}

void app_video_trace(app_t *a, uint64_t now, double p)
{
    if (!a->stats || (!a->cur.video && !a->next.video))
        return;
    stats_note(a->stats, now, "vframe", "p=%.2f from=%06lx to=%06lx from_video=%d to_video=%d", p,
               centre_px(&a->cur), centre_px(&a->next), a->cur.video != NULL,
               a->next.video != NULL);
}
