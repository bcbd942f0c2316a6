/* The day's programme: the slides of any day on any screen, in order, and
 * for each slide that does not play that day, why. */
'use strict';
V.boot('programme.title', function (main) {
    var t = V.t, h = V.h;
    var day = h('input', {type: 'date', name: 'day', value: V.param('day') || V.today(), required: true});
    var screen = h('select', {name: 'screen'});
    var form = h('form', {class: 'filters', method: 'get', action: '/programme.html'},
        V.field(t('programme.day'), day), V.field(t('programme.screen'), screen),
        h('button', {type: 'submit', class: 'btn', text: t('programme.show')}));
    var out = h('div', {role: 'region', 'aria-live': 'polite', 'aria-label': t('programme.result')});
    main.appendChild(h('p', {class: 'lead', text: t('programme.intro')}));
    main.appendChild(form);
    main.appendChild(out);

    V.api('GET', '/api/screens').then(function (r) {
        var list = (r.body && r.body.screens) || [];
        if (!list.length)
            screen.appendChild(h('option', {value: '', text: t('programme.every_screen')}));
        list.forEach(function (s) { screen.appendChild(h('option', {value: s.name, text: V.screenName(s.name)})); });
        if (V.param('screen'))
            screen.value = V.param('screen');
        load();
    });

    function load() {
        var qs = new URLSearchParams({day: day.value || V.today()});
        if (screen.value)
            qs.set('screen', screen.value);
        history.replaceState(null, '', '/programme.html?' + qs);
        V.api('GET', '/api/timeline?' + qs).then(function (r) {
            V.clear(out);
            if (r.status !== 200) {
                out.appendChild(h('p', {class: 'notice notice-bad', text: V.errorOf(r)}));
                return;
            }
            var b = r.body;
            var slots = b.slots || [];
            out.appendChild(h('h2', {text: t('programme.plays', {day: V.dateWords(b.day || day.value)})}));
            if (!slots.length)
                out.appendChild(h('p', {class: 'empty', text: t('programme.no_slot')}));
            else {
                out.appendChild(h('p', {class: 'muted', text: t('programme.slots', {n: V.number(slots.length)})}));
                out.appendChild(h('p', {class: 'hint', text: t('programme.by_hour')}));
                var hours = {};
                slots.forEach(function (s) {
                    var hh = (s.at || '00').slice(0, 2);
                    (hours[hh] = hours[hh] || []).push(s);
                });
                var nowHour = V.pad(new Date().getHours());
                var isToday = (b.day || day.value) === V.today();
                var keys = Object.keys(hours).sort();
                var open = isToday && hours[nowHour] ? nowHour : keys[0];
                out.appendChild(h('div', {class: 'hours'}, keys.map(function (hh) {
                    var list = hours[hh];
                    var names = {};
                    list.forEach(function (s) { names[s.title || s.id] = true; });
                    var d = h('details', {class: 'hour', open: hh === open},
                        h('summary', null, h('strong', {text: t('programme.hour', {h: hh})}), ' ',
                          h('span', {class: 'muted', text: t('programme.hour_sum', {n: list.length, k: Object.keys(names).length})})));
                    var drawn = false;
                    function draw() {
                        if (drawn || !d.open)
                            return;
                        drawn = true;
                        d.appendChild(h('ol', {class: 'timeline'}, list.map(function (s) {
                            return h('li', {class: 'slot slot-' + s.kind},
                                h('span', {class: 'slot-at', text: (s.at || '').slice(0, 8)}),
                                h('span', {class: 'slot-what'},
                                  s.id ? h('a', {href: '/edit.html?id=' + encodeURIComponent(s.id), text: s.title || s.id}) : (s.title || ''),
                                  ' ', h('span', {class: 'muted', text: V.kindName(s.kind) + (s.lang && s.lang !== 'fr' ? ' · ' + t('lang.' + s.lang) : '') +
                                                                       ' · ' + V.duration(s.duration_s)})));
                        })));
                    }
                    d.addEventListener('toggle', draw);
                    draw();
                    return d;
                })));
            }
            var hidden = b.hidden || [];
            out.appendChild(h('h2', {text: t('programme.hidden', {n: hidden.length})}));
            if (!hidden.length)
                out.appendChild(h('p', {class: 'muted', text: t('programme.none_hidden')}));
            else
                out.appendChild(h('ul', {class: 'hidden-list'}, hidden.map(function (x) {
                    return h('li', null, h('a', {href: '/edit.html?id=' + encodeURIComponent(x.id), text: x.title || x.id}),
                             h('span', {text: ' — ' + x.reason}));
                })));
        });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); load(); });
    form.addEventListener('change', load);
});
