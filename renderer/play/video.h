/* video — films as a source of frames for the compositor, through libmpv in
 * the player's own process (docs/video.md).
 *
 * A video is opened paused and decoded to its first frame while the slide
 * before it holds, exactly like the next image is prepared; video_play()
 * starts it when its transition begins. mpv decodes on threads of its own and
 * draws each frame, on the render thread, into the box that the slide's
 * image keeps for it (under the slide's caption), or during the film's hold
 * on the surface backend straight into the window's frame. Two renderers:
 * - OpenGL (GPU backend on OpenGL or OpenGL ES, display_gl): libmpv's GL
 *   render API draws into a texture of the box's size, in a GL context that
 *   shares SDL's textures, with hardware decoding without copy-back where
 *   the machine has it; the GPU then pastes it into the slide's texture.
 * - software (the surface backend, or no GL): libmpv's software render API
 *   converts the frame on the CPU, in place in the slide's or the window's
 *   memory, or into that part of the slide's texture.
 * With keep-open, the last frame stays after
 * the end, so the transition out of a film starts from it. Each video owns
 * one decoder: the player keeps at most two (the current and the next).
 *
 * libmpv is loaded when the first film is opened or probed (play/mpvlib.h),
 * not at start-up: without it (the package libmpv2 is missing), films fail
 * saying so. Built without libmpv's headers (VIDEO=0), video_open() fails
 * with "this build has no video" and video_probe() likewise.
 * Every call but video_probe() and video_available() is for the render
 * thread only. */
#ifndef VITRINE_PLAY_VIDEO_H
#define VITRINE_PLAY_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "play/display.h"

typedef struct video video_t;

enum video_state {
    VIDEO_LOADING, /* opening, decoding the first frame */
    VIDEO_READY,   /* the first frame is in the target, paused */
    VIDEO_PLAYING,
    VIDEO_ENDED,  /* the last frame stays in the target */
    VIDEO_FAILED, /* see video_error(); the target may hold an earlier frame */
};

/* Largest picture accepted (a Pi 5 decodes HEVC up to 4K; an 8K film would
 * only stall the screen). */
#define VIDEO_MAX_W 4096
#define VIDEO_MAX_H 2304

struct video_opts {
    int rotate;        /* 0, 90, 180, 270: turned clockwise like the slides */
    int loops;         /* times played in a row; <= 1: once */
    int volume;        /* 0..100; 0: no sound at all (no audio decoding) */
    uint32_t wake;     /* SDL event type pushed when a frame or an event waits */
    bool hwdec;        /* software renderer: try the hardware decoder (copied back) */
    display_t *gl;     /* draw with OpenGL in this display (display_gl); NULL: software */
    int first_frame_s; /* give up when the first frame takes longer (0: 5 s) */
    bool every_core;   /* decode with a thread a core, not as many as the
                        * film's picture rate needs (after a film fell behind) */
};

/* Starts opening path (a local file). Never NULL: a video that cannot even
 * start is returned in VIDEO_FAILED. */
video_t *video_open(const char *path, const struct video_opts *o);
void video_free(video_t *v);

/* Takes mpv's news and draws the frame it says is due. Call it whenever the
 * wake event arrives and at least every VIDEO_POLL_MS; now in monotonic µs
 * (for the stall watchdog). Returns true when the image changed. */
#define VIDEO_POLL_MS 250
bool video_update(video_t *v, uint64_t now);

enum video_state video_state(const video_t *v);
/* Why it failed, in words for a technician; "" when it did not. */
const char *video_error(const video_t *v);
/* Where the frames go: the box (in pixels of img) of a slide's image that
 * the slide left black for the film (slide.h). img is borrowed: set another
 * target, or NULL, before freeing it. The current frame is drawn there with
 * the next video_update. */
void video_target(video_t *v, display_t *d, dimage_t *img, SDL_Rect box);
/* Frames go straight into the display's frame (display_frame: the surface
 * backend), at box in frame pixels; software renderer only (false, and no
 * change, otherwise). The current frame is drawn there with the next
 * video_update, or at once with video_redraw. */
bool video_target_frame(video_t *v, display_t *d, SDL_Rect box);
/* Draws the current frame into the target now (its pixels were just drawn
 * over, or the target changed). Returns true when it drew. */
bool video_redraw(video_t *v);
/* "opengl" or "software": how this film's frames are drawn. */
const char *video_renderer(const video_t *v);
/* Seconds of one play-through of the film (0 while unknown), and the time
 * the whole showing takes with its loops. */
double video_duration(const video_t *v);
/* Unpauses (a READY video). */
void video_play(video_t *v);
/* Frames the renderer dropped so far (mpv's frame-drop-count). */
long video_dropped(const video_t *v);

/* What `vitrine check` says about a file. */
struct video_info {
    char container[32]; /* "mp4", "matroska,webm" ... */
    char codec[32];     /* "h264", "hevc", "vp9" ... */
    int w, h;
    double duration_s;
    bool audio;
};

/* Opens path without showing it and reads what it holds. Returns 0, or -1
 * with the reason in err (not a film, corrupt, no picture...). Any thread. */
int video_probe(const char *path, struct video_info *out, char *err, size_t errsz);

/* True when films can play: libmpv loads (it stays loaded then). False
 * when this build has no video (VIDEO=0) or libmpv cannot be loaded, with
 * in why a line for the technician saying so and what to install. Any
 * thread. */
bool video_available(char *why, size_t size);

#endif
