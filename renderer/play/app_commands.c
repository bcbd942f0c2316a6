/* app_commands — the staff's commands (play/command) in the live player:
 * show an item at once, screen power, screenshot; reload and notice go to
 * the hooks (the loader). Render thread only. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/util.h"
#include "play/app_int.h"
#include "play/command.h"

bool command_pick(app_t *a, struct sched_pick *pick)
{
    if (a->forced_off) {
        memset(pick, 0, sizeof *pick);
        pick->type = SLIDE_BLANK;
        pick->lang = a->cur.pick.lang;
        pick->lang2 = LANG_COUNT;
        pick->duration_ms = 60000;
        pick->now = sched_civil(a->sched, app_time(a));
        return true;
    }
    if (!a->resume_id[0])
        return false;
    /* The slide a "show" displaced, when its item is still there, eligible
     * and no takeover waits. */
    const struct item *it = sched_keep_next(a->sched, a->resume_id, app_time(a));
    a->resume_id[0] = 0;
    if (!it)
        return false;
    sched_describe(a->sched, it, app_time(a), a->resume_lang, pick);
    if (a->resume_lang2 != LANG_COUNT)
        pick->lang2 = a->resume_lang2;
    return true;
}

/* "show": item id comes next, at once (the slide on screen ends its hold
 * now), with its normal transition; the slide it displaces follows it. */
static void obey_show(app_t *a, const char *id, uint64_t now)
{
    const struct item *it = feed_find(prep_feed_get(a->feed), id);
    if (!it || it->kind == KIND_TICKER) {
        log_msg(LV_WARN, "command show: no slide '%s' in the feed; check the id", id);
        return;
    }
    struct slot *s = &a->next;
    if (s->feed && s->pick.type == SLIDE_ITEM && s->pick.item && strcmp(s->id, id) != 0) {
        snprintf(a->resume_id, sizeof a->resume_id, "%s", s->id);
        a->resume_lang = s->pick.lang;
        a->resume_lang2 = s->pick.lang2;
    }
    enum lang l = a->cur.feed ? a->cur.pick.lang : LANG_FR;
    struct sched_pick pick;
    sched_describe(a->sched, it, app_time(a), l, &pick);
    slot_clear(a, s);
    s->feed = prep_feed_ref(a->feed);
    s->pick = pick;
    start_next(a);
    a->hold_until = now;
    log_msg(LV_INFO, "command show: %s next", id);
}

/* "power": off blanks the screen at once (and runs the display_off hook);
 * on gives it back to the rotation and the screen hours. handle_power makes
 * the change, on the next pass of the loop. */
static void obey_power(app_t *a, bool on, uint64_t now)
{
    if (a->forced_off == !on)
        return;
    a->forced_off = !on;
    a->resume_id[0] = 0;
    a->power_at = 0;
    app_deadline(a, now);
    log_msg(LV_INFO, "command power: screen %s", on ? "on" : "off");
}

void handle_commands(app_t *a, uint64_t now)
{
    if (!a->o.commands || a->in_trans)
        return;
    struct cmd c;
    while (cmd_take(a->o.commands, &c)) {
        if (c.kind == CMD_SHOW)
            obey_show(a, c.id, now);
        else if (c.kind == CMD_POWER)
            obey_power(a, c.on, now);
        else if (c.kind == CMD_SCREENSHOT)
            a->shot_pending = true;
        else if (a->hooks.command)
            a->hooks.command(a->hooks.ctx, &c);
        cmd_clear(&c);
    }
}
