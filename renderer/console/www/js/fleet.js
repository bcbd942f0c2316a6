/* Every screen of the site, as the collector last heard of it (GET
 * /api/fleet): online or not, what it shows, when it was last seen, its
 * programme's version, its problems and its last screenshot; and the
 * commands (show now, reload, screenshot, notice, power), each confirmed
 * before it goes, with the answer in words (docs/console.md). */
'use strict';
V.boot('fleet.title', function (main) {
    var t = V.t, h = V.h;
    var REFRESH_MS = 10000;
    var intro = h('p', {class: 'lead'});
    var site = h('div');
    var list = h('div', {class: 'screens', id: 'fleet-screens'});
    var items = [];          /* the slides one may show now: {id, title} */
    var results = {};        /* screen name (or "*") -> {text, kind} */
    var confirming = null;   /* {key, text, path, body} while a confirmation is open */
    var last = null;         /* the last answer of /api/fleet */
    main.appendChild(intro);
    main.appendChild(site);
    main.appendChild(h('h2', {text: t('fleet.screens')}));
    main.appendChild(list);

    function ago(sec) {
        return sec === null || sec === undefined ? t('fleet.never') : t('home.age', {age: V.duration(Math.max(0, sec))});
    }

    /* The command's name in words, for the confirmation and the result. */
    function what(body) {
        if (body.cmd === 'show') {
            var it = items.filter(function (x) { return x.id === body.id; })[0];
            return t('fleet.cmd.show_named', {title: it ? it.title || it.id : body.id});
        }
        if (body.cmd === 'power')
            return t(body.on ? 'fleet.cmd.power_on' : 'fleet.cmd.power_off');
        if (body.cmd === 'notice')
            return t(body.text ? 'fleet.cmd.notice' : 'fleet.cmd.notice_stop');
        return t('fleet.cmd.' + body.cmd);
    }

    function ask(key, target, path, body) {
        confirming = {key: key, text: t('fleet.confirm', {what: what(body), target: target}),
                      path: path, body: body, target: target};
        draw();
        var b = document.getElementById('fleet-confirm-yes');
        if (b)
            b.focus();
    }

    function send() {
        var c = confirming;
        confirming = null;
        results[c.key] = {text: t('fleet.sending', {what: what(c.body)}), kind: 'info'};
        draw();
        V.api('POST', c.path, c.body).then(function (r) {
            var sent = (r.body && r.body.sent) || [];
            var off = sent.filter(function (s) { return !s.online; }).map(function (s) { return s.screen; });
            var missed = sent.filter(function (s) { return !s.acked; }).map(function (s) { return s.screen; });
            var text, kind;
            if (r.status === 200 && !missed.length) {
                text = t(sent.length > 1 ? 'fleet.done_many' : 'fleet.done', {what: what(c.body), n: sent.length});
                kind = 'ok';
                if (off.length) {
                    text += ' ' + t('fleet.done_offline', {screens: off.join(', ')});
                    kind = 'bad';
                }
            } else if (r.status === 200) {
                text = t('fleet.partly', {screens: missed.join(', ')});
                kind = 'bad';
            } else {
                text = V.errorOf(r);
                kind = 'bad';
            }
            results[c.key] = {text: text, kind: kind};
            if (c.body.cmd === 'screenshot' && kind === 'ok')
                setTimeout(load, 3000);
            load();
        });
    }

    function confirmBox(key) {
        if (!confirming || confirming.key !== key)
            return null;
        return h('div', {class: 'fleet-confirm', role: 'alertdialog', 'aria-labelledby': 'fleet-confirm-text'},
            h('p', {id: 'fleet-confirm-text', text: confirming.text}),
            h('div', {class: 'actions'},
                h('button', {class: 'btn btn-primary btn-small', type: 'button', id: 'fleet-confirm-yes',
                             onclick: send, text: t('fleet.confirm_yes')}),
                h('button', {class: 'btn btn-quiet btn-small', type: 'button', onclick: function () {
                    confirming = null;
                    draw();
                }, text: t('fleet.confirm_no')})));
    }

    function resultBox(key) {
        var r = results[key];
        return r ? h('div', {class: 'fleet-result notice notice-' + r.kind, role: 'status'}, h('p', {text: r.text})) : null;
    }

    function shot(s) {
        var none = h('div', {class: 'shot shot-none', text: t('fleet.no_shot')});
        if (!s.screenshot)
            return none;
        var img = h('img', {class: 'shot', src: s.screenshot, loading: 'lazy', width: 640, height: 360,
                            alt: t('home.shot_alt', {screen: s.name})});
        img.addEventListener('error', function () { if (img.parentNode) img.parentNode.replaceChild(none, img); });
        return img;
    }

    function screenCard(s, canSend) {
        var path = '/api/fleet/' + encodeURIComponent(s.site) + '/' + encodeURIComponent(s.screen) + '/command';
        var bad = !s.online || (s.errors && s.errors.length);
        var showing = s.showing && s.showing.id ? [s.showing.title || s.showing.id,
            s.showing.kind ? h('span', {class: 'muted', text: ' (' + V.kindName(s.showing.kind) + ')'}) : null]
            : t('home.nothing');
        var cmds = null;
        if (canSend) {
            var pick = h('select', {'aria-label': t('fleet.show_label', {screen: s.name})},
                items.map(function (it) { return h('option', {value: it.id, text: it.title || it.id}); }));
            cmds = h('div', null,
                h('div', {class: 'fleet-show'}, pick,
                    h('button', {class: 'btn btn-small', type: 'button', 'data-cmd': 'show', onclick: function () {
                        ask(s.name, s.name, path, {cmd: 'show', id: pick.value});
                    }, text: t('fleet.btn.show')})),
                h('div', {class: 'fleet-cmds'},
                    [['reload', {cmd: 'reload'}], ['screenshot', {cmd: 'screenshot'}],
                     s.screen_on === false ? ['power_on', {cmd: 'power', on: true}] : ['power_off', {cmd: 'power', on: false}]]
                        .map(function (c) {
                            return h('button', {class: 'btn btn-small' + (c[0] === 'power_off' ? ' btn-danger' : ''),
                                                type: 'button', 'data-cmd': c[0], onclick: function () {
                                ask(s.name, s.name, path, c[1]);
                            }, text: t('fleet.btn.' + c[0])});
                        })),
                confirmBox(s.name), resultBox(s.name));
        }
        return h('article', {class: 'card screen' + (bad ? ' screen-bad' : '') + (s.online ? '' : ' fleet-off'),
                             'data-screen': s.name},
            h('div', {class: 'screen-head'},
                h('h3', {text: s.name}),
                h('span', {class: 'badge ' + (s.online ? 'badge-ok' : 'badge-bad'),
                           text: t(s.online ? 'fleet.online' : 'fleet.offline')})),
            shot(s),
            h('dl', {class: 'facts'},
                h('dt', {text: t('home.now')}), h('dd', null, s.online ? showing : t('fleet.offline_now')),
                h('dt', {text: t('fleet.seen')}), h('dd', {text: ago(s.seen_ago_s)}),
                h('dt', {text: t('fleet.version')}),
                h('dd', {text: s.feed && s.feed.version !== null && s.feed.version !== undefined
                    ? t('fleet.version_text', {v: s.feed.version, n: s.feed.items === null ? '?' : s.feed.items}) : '—'}),
                h('dt', {text: t('home.feed_age')}),
                h('dd', {text: s.feed && typeof s.feed.age_s === 'number' ? ago(s.feed.age_s) : '—'}),
                h('dt', {text: t('fleet.software')}), h('dd', {text: s.vitrine || '—'}),
                h('dt', {text: t('fleet.screen_state')}),
                h('dd', {text: s.screen_on === false ? t('fleet.screen_off') : s.screen_on ? t('fleet.screen_on') : '—'}),
                s.screenshot_at ? [h('dt', {text: t('fleet.shot_at')}),
                                   h('dd', {text: V.dateWords(localTime(s.screenshot_at))})] : null),
            s.errors && s.errors.length ? h('div', null, h('p', {class: 'notice-title', text: t('fleet.errors')}),
                h('ul', {class: 'fleet-errors'}, s.errors.map(function (e) { return h('li', {text: e}); }))) : null,
            cmds);
    }

    /* "2026-12-07T09:12:03Z" as the browser's local "YYYY-MM-DDTHH:MM". */
    function localTime(iso) {
        var d = new Date(iso);
        if (isNaN(d))
            return iso;
        return d.getFullYear() + '-' + V.pad(d.getMonth() + 1) + '-' + V.pad(d.getDate()) + 'T' +
               V.pad(d.getHours()) + ':' + V.pad(d.getMinutes());
    }

    /* The notice to every screen of the site (or one), kept across refreshes. */
    var noticeText = h('textarea', {maxlength: 500, id: 'fleet-notice-text'});
    var noticeUntil = h('input', {type: 'datetime-local', id: 'fleet-notice-until'});
    var noticeTarget = h('select', {id: 'fleet-notice-target'});
    function noticeForm(o) {
        var prev = noticeTarget.value;
        V.clear(noticeTarget).appendChild(h('option', {value: '', text: t('fleet.notice_all')}));
        o.screens.forEach(function (s) { noticeTarget.appendChild(h('option', {value: s.name, text: s.name})); });
        noticeTarget.value = prev;
        if (noticeTarget.selectedIndex < 0)
            noticeTarget.value = '';
        if (!noticeUntil.value) {
            var d = new Date(Date.now() + 3 * 3600 * 1000); /* in three hours, on the hour */
            noticeUntil.value = d.getFullYear() + '-' + V.pad(d.getMonth() + 1) + '-' + V.pad(d.getDate()) +
                                'T' + V.pad(d.getHours()) + ':00';
        }
        function target() {
            var name = noticeTarget.value;
            var s = o.screens.filter(function (x) { return x.name === name; })[0];
            var siteName = o.site || (o.screens[0] && o.screens[0].site) || '';
            return s ? {label: s.name, path: '/api/fleet/' + encodeURIComponent(s.site) + '/' +
                                                encodeURIComponent(s.screen) + '/command'}
                     : {label: t('fleet.all_of', {site: siteName}),
                        path: '/api/fleet/' + encodeURIComponent(siteName) + '/command'};
        }
        return h('section', {class: 'card fleet-notice', 'aria-labelledby': 'h-notice'},
            h('h2', {id: 'h-notice', text: t('fleet.notice_title')}),
            h('p', {class: 'hint', text: t('fleet.notice_hint')}),
            V.field(t('fleet.notice_text'), noticeText),
            V.field(t('fleet.notice_until'), noticeUntil),
            V.field(t('fleet.notice_target'), noticeTarget),
            h('div', {class: 'actions'},
                h('button', {class: 'btn btn-primary', type: 'button', id: 'fleet-notice-send', onclick: function () {
                    var tg = target();
                    ask('*', tg.label, tg.path, {cmd: 'notice', text: noticeText.value.trim(), until: noticeUntil.value});
                }, text: t('fleet.notice_send')}),
                h('button', {class: 'btn btn-quiet', type: 'button', onclick: function () {
                    var tg = target();
                    ask('*', tg.label, tg.path, {cmd: 'notice', text: ''});
                }, text: t('fleet.notice_stop')})),
            confirmBox('*'), resultBox('*'));
    }

    function draw() {
        var o = last;
        if (!o)
            return;
        V.clear(site);
        V.clear(list);
        if (!o.enabled) {
            intro.textContent = '';
            site.appendChild(h('div', {class: 'notice notice-info'}, h('p', {text: t('fleet.disabled')})));
            return;
        }
        var online = o.screens.filter(function (s) { return s.online; }).length;
        intro.textContent = V.tn('fleet.intro', online, {n: o.screens.length, online: online});
        if (!o.can_send)
            site.appendChild(h('div', {class: 'notice notice-info'}, h('p', {text: t('fleet.no_send')})));
        else if (o.screens.length)
            site.appendChild(noticeForm(o));
        if (!o.screens.length)
            list.appendChild(h('p', {class: 'empty', text: t('fleet.none')}));
        o.screens.slice().sort(function (a, b) {
            return (a.online - b.online) || a.name.localeCompare(b.name);
        }).forEach(function (s) { list.appendChild(screenCard(s, o.can_send)); });
    }

    function load() {
        return V.api('GET', '/api/fleet').then(function (r) {
            if (r.status !== 200) {
                V.say(V.errorOf(r), 'bad');
                return;
            }
            last = r.body;
            /* A refresh waits while staff confirm or type. */
            var typing = document.activeElement && /^(TEXTAREA|INPUT|SELECT)$/.test(document.activeElement.tagName);
            if (!confirming && !typing)
                draw();
        });
    }

    V.api('GET', '/api/items').then(function (r) {
        var all = r.status === 200 ? (r.body.items || r.body || []) : [];
        items = (Array.isArray(all) ? all : []).filter(function (it) { return it.id; })
            .map(function (it) { return {id: it.id, title: it.title}; });
        return load();
    });
    setInterval(load, REFRESH_MS);
});
