/* Today's screens: problems first, in words, then what each screen shows now
 * and next, and whether changes are waiting to be published. */
'use strict';
V.boot('home.title', function (main) {
    var t = V.t, h = V.h;
    var draftBox = h('div');
    var problems = h('section', {'aria-labelledby': 'h-problems', hidden: true},
        h('h2', {id: 'h-problems', class: 'sr-only', text: t('home.problems')}));
    var list = h('div', {class: 'screens'});
    main.appendChild(h('p', {class: 'lead', text: t('home.intro', {day: V.dateWords(V.today())})}));
    main.appendChild(problems);
    main.appendChild(draftBox);
    main.appendChild(h('div', {class: 'actions'},
        h('a', {class: 'btn btn-primary', href: '/edit.html?kind=event', text: t('home.new_event')}),
        h('a', {class: 'btn', href: '/slides.html', text: t('home.all_slides')}),
        h('a', {class: 'btn', href: '/posters.html', text: t('home.new_poster')})));
    main.appendChild(h('h2', {text: t('home.screens')}));
    main.appendChild(list);

    V.api('GET', '/api/draft').then(function (r) {
        if (r.status !== 200)
            return;
        var n = (r.body.added || []).length + (r.body.changed || []).length + (r.body.removed || []).length +
                (r.body.settings ? 1 : 0) + (r.body.overrides ? 1 : 0);
        if (n)
            draftBox.appendChild(h('div', {class: 'notice notice-info'},
                h('p', null, t('home.draft', {summary: r.body.summary || ''}), ' ',
                  h('a', {href: '/publish.html', text: t('home.go_publish')}))));
    });

    /* The screen's latest screenshot, or words when there is none yet. */
    function shot(s) {
        var none = h('div', {class: 'shot shot-none', text: t('home.no_shot')});
        if (!s.screenshot)
            return none;
        var img = h('img', {class: 'shot', src: s.screenshot + '?t=' + Date.now(), loading: 'lazy',
                            alt: t('home.shot_alt', {screen: V.screenName(s.name)}), width: 640, height: 360});
        img.addEventListener('error', function () { if (img.parentNode) img.parentNode.replaceChild(none, img); });
        return img;
    }

    function screenCard(s) {
        var bad = s.problems && s.problems.length;
        var state = !s.running ? t('home.state_stopped') : bad ? t('home.state_problem') : t('home.state_ok');
        return h('article', {class: 'card screen' + (bad || !s.running ? ' screen-bad' : '')},
            h('div', {class: 'screen-head'},
                h('h3', {text: V.screenName(s.name)}),
                h('span', {class: 'badge ' + (bad || !s.running ? 'badge-bad' : 'badge-ok'), text: state})),
            shot(s),
            h('dl', {class: 'facts'},
                h('dt', {text: t('home.now')}),
                h('dd', null, s.showing ? [s.showing.title || s.showing.id, ' ',
                    h('span', {class: 'muted', text: '(' + V.kindName(s.showing.kind) + ')'})] : t('home.nothing')),
                s.next ? h('dt', {text: t('home.next')}) : null,  /* unknown: not "nothing" */
                s.next ? h('dd', {text: s.next.title || s.next.id}) : null,
                h('dt', {text: t('home.feed_age')}),
                h('dd', {text: s.feed_age_s === undefined || s.feed_age_s === null ? '—'
                                : t('home.age', {age: V.duration(s.feed_age_s)})})),
            h('a', {class: 'btn btn-small', href: '/programme.html?screen=' + encodeURIComponent(s.name),
                    text: t('home.see_programme')}));
    }

    V.api('GET', '/api/screens').then(function (r) {
        if (r.status !== 200) {
            list.appendChild(h('p', {class: 'notice notice-bad', text: V.errorOf(r)}));
            return;
        }
        var screens = r.body.screens || [];
        var msgs = [];
        screens.forEach(function (s) {
            var name = V.screenName(s.name) + '\u00a0: ';
            (s.problems || []).forEach(function (p) { msgs.push(h('li', null, h('strong', {text: name}), p)); });
            if (!s.running && !(s.problems || []).length)
                msgs.push(h('li', null, h('strong', {text: name}), t('home.state_stopped')));
        });
        if (msgs.length) {
            problems.hidden = false;
            problems.appendChild(h('div', {class: 'notice notice-bad', role: 'alert'},
                h('p', {class: 'notice-title', text: t('home.problems')}), h('ul', null, msgs)));
        }
        if (!screens.length)
            list.appendChild(h('p', {class: 'empty', text: t('home.no_screens')}));
        screens.sort(function (a, b) {
            return ((b.problems || []).length + !b.running) - ((a.problems || []).length + !a.running);
        }).forEach(function (s) { list.appendChild(screenCard(s)); });
    });
});
