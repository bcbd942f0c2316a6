/* The slides: every item as a card with the player's own thumbnail, filters
 * by kind, partner and period, and a search. Imported items carry their
 * source and the hide / pin / correct actions. */
'use strict';
V.boot('slides.title', function (main) {
    var t = V.t, h = V.h;
    var KINDS = ['event', 'ticket', 'provider', 'place', 'notice', 'poster', 'ticker'];
    var WHEN = ['all', 'today', 'coming', 'ended'];
    var p = new URLSearchParams(location.search);

    var kind = h('select', {name: 'kind'}, h('option', {value: '', text: t('slides.any_kind')}),
        KINDS.map(function (k) { return h('option', {value: k, text: V.kindName(k)}); }));
    kind.value = p.get('kind') || '';
    var partner = h('select', {name: 'partner'}, h('option', {value: '', text: t('slides.any_partner')}));
    var q = h('input', {type: 'search', name: 'q', value: p.get('q') || '', placeholder: t('slides.search_ph')});
    var when = p.get('when') || 'all';
    var whenBox = h('fieldset', {class: 'segmented'}, h('legend', {text: t('slides.when')}),
        WHEN.map(function (w) {
            return h('label', null, h('input', {type: 'radio', name: 'when', value: w, checked: w === when}),
                     h('span', {text: t('slides.when.' + w)}));
        }));
    var form = h('form', {class: 'filters', method: 'get', action: '/slides.html', role: 'search'},
        V.field(t('slides.search'), q, null, 'grow'), V.field(t('slides.kind'), kind),
        V.field(t('slides.partner'), partner), whenBox);
    var count = h('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});
    var grid = h('div', {class: 'cards'});
    main.appendChild(h('div', {class: 'actions'},
        h('a', {class: 'btn btn-primary', href: '/edit.html?kind=event', text: t('slides.new_event')}),
        h('details', {class: 'menu'}, h('summary', {class: 'btn', text: t('slides.new_other')}),
            h('ul', null, KINDS.filter(function (k) { return k !== 'event'; }).map(function (k) {
                return h('li', null, h('a', {href: k === 'poster' ? '/posters.html' : '/edit.html?kind=' + k,
                                             text: t('kind.new.' + k)}));
            })))));
    main.appendChild(form);
    main.appendChild(count);
    main.appendChild(grid);

    V.api('GET', '/api/partners').then(function (r) {
        (r.body.partners || []).forEach(function (x) {
            partner.appendChild(h('option', {value: x.id, text: x.name || x.id}));
        });
        partner.value = p.get('partner') || '';
    });

    function dates(it) { return V.dateRange(it.from, it.until); }

    function override(it, body, card) {
        V.api('POST', '/api/items/' + encodeURIComponent(it.id) + '/override', body).then(function (r) {
            if (r.status === 200) {
                V.say(t(body.hide !== undefined ? (body.hide ? 'slides.hidden_done' : 'slides.shown_done')
                                                : (body.pin ? 'slides.pinned_done' : 'slides.unpinned_done'),
                        {title: it.title}));
                load();
            } else
                V.say(V.errorOf(r), 'bad');
        });
    }

    function card(it) {
        var imported = it.source && it.source !== 'feed' && it.source !== 'drop';
        var badges = [h('span', {class: 'badge badge-kind', text: V.kindName(it.kind)})];
        if (it.on_today && !it.hidden)
            badges.push(h('span', {class: 'badge badge-ok', text: t('slides.on_today')}));
        if (it.when === 'ended')
            badges.push(h('span', {class: 'badge badge-muted', text: t('slides.ended')}));
        if (it.status)
            badges.push(h('span', {class: 'badge badge-bad', text: t('status.' + it.status)}));
        if (it.hidden)
            badges.push(h('span', {class: 'badge badge-muted', text: t('slides.is_hidden')}));
        if (it.pinned)
            badges.push(h('span', {class: 'badge badge-info', text: t('slides.is_pinned')}));
        if (it.changed)
            badges.push(h('span', {class: 'badge badge-warn', text: t('slides.unpublished')}));
        if (it.source && it.source !== 'feed')
            badges.push(h('span', {class: 'badge badge-source',
                                   text: imported ? t('slides.from_source', {source: t('source.' + it.source)}) : t('source.' + it.source)}));
        var edit = '/edit.html?id=' + encodeURIComponent(it.id);
        var c = h('article', {class: 'card slide' + (it.hidden ? ' slide-hidden' : '')},
            h('a', {href: edit, class: 'thumb-link', tabindex: '-1', 'aria-hidden': 'true'},
                h('img', {class: 'thumb', src: it.thumb, alt: '', loading: 'lazy', width: 320, height: 180})),
            h('div', {class: 'slide-body'},
                h('h2', {class: 'slide-title'}, h('a', {href: edit, text: it.title || it.id})),
                h('p', {class: 'badges'}, badges),
                h('p', {class: 'muted', text: dates(it)}),
                it.partner ? h('p', {class: 'muted', text: t('slides.partner_is', {partner: it.partner})}) : null));
        if (imported)
            c.appendChild(h('div', {class: 'slide-actions'},
                h('button', {type: 'button', class: 'btn btn-small',
                             text: t(it.hidden ? 'slides.show' : 'slides.hide'),
                             onclick: function () { override(it, {hide: !it.hidden}, c); }}),
                h('button', {type: 'button', class: 'btn btn-small', 'aria-pressed': it.pinned ? 'true' : 'false',
                             text: t(it.pinned ? 'slides.unpin' : 'slides.pin'),
                             onclick: function () { override(it, {pin: !it.pinned}, c); }}),
                h('a', {class: 'btn btn-small', href: edit, text: t('slides.correct')})));
        return c;
    }

    var seq = 0;
    function load() {
        var fd = new FormData(form);
        var qs = new URLSearchParams();
        fd.forEach(function (v, k) { if (v && !(k === 'when' && v === 'all')) qs.set(k, v); });
        history.replaceState(null, '', '/slides.html' + (qs.toString() ? '?' + qs : ''));
        var mine = ++seq;
        V.api('GET', '/api/items?' + qs).then(function (r) {
            if (mine !== seq)
                return;
            V.clear(grid);
            if (r.status !== 200) {
                count.textContent = V.errorOf(r);
                return;
            }
            var items = r.body.items || [];
            count.textContent = V.tn('slides.count', items.length);
            if (!items.length)
                grid.appendChild(h('p', {class: 'empty', text: t('slides.none')}));
            var frag = document.createDocumentFragment();
            items.forEach(function (it) { frag.appendChild(card(it)); });
            grid.appendChild(frag);
        });
    }
    var timer = 0;
    form.addEventListener('submit', function (e) { e.preventDefault(); load(); });
    form.addEventListener('change', load);
    q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(load, 250); });
    load();
});
