/* live — the live player put together from the configuration: the reloader
 * (feeds, drop folder, fetches) feeding the app, the status file fed by the
 * app, the scheduler's settings and the packaged content and theme as
 * fallbacks when installed without a configuration. cli/play.c parses the
 * options and calls live_play. */
#ifndef VITRINE_PLAY_LIVE_H
#define VITRINE_PLAY_LIVE_H

#include "model/config.h"
#include "play/app.h"

/* Plays cfg (validated; the fallbacks may change its feed and theme) with
 * the command line's options o (display, language, statistics, test
 * durations; o->feed_path: the feed named on the command line, or NULL).
 * Returns the process exit status. */
int live_play(struct config *cfg, const struct app_opts *o);

#endif
