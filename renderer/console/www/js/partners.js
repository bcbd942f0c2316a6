/* Proof of play: a partner and a month; plays, time on screen, per screen,
 * per day as a chart, each slide's thumbnail; printable on A4 as the
 * "attestation de diffusion", and a CSV download. */
'use strict';
V.boot('partners.title', function (main) {
    var t = V.t, h = V.h;
    var partner = h('select', {name: 'partner', required: true});
    var now = new Date();
    /* the months in words ("décembre 2026"), the last two years: a month
     * input would speak the browser's language, or none at all */
    var month = h('select', {name: 'month', required: true});
    for (var back = 0; back < 24; back++) {
        var d = new Date(now.getFullYear(), now.getMonth() - back, 1);
        month.appendChild(h('option', {value: d.getFullYear() + '-' + V.pad(d.getMonth() + 1),
                                       text: t('month.' + (d.getMonth() + 1)) + ' ' + d.getFullYear()}));
    }
    var asked = /^(\d{4})-(\d{2})$/.exec(V.param('month') || '');
    if (asked && !month.querySelector('option[value="' + asked[0] + '"]'))
        month.appendChild(h('option', {value: asked[0], text: t('month.' + (+asked[2])) + ' ' + asked[1]}));
    if (asked)
        month.value = asked[0];
    var form = h('form', {class: 'filters no-print', method: 'get', action: '/partners.html'},
        V.field(t('partners.partner'), partner), V.field(t('partners.month'), month),
        h('button', {type: 'submit', class: 'btn', text: t('partners.show')}));
    var out = h('div', {class: 'report', 'aria-live': 'polite'});
    var names = {}, office = '';
    main.querySelector('h1').classList.add('no-print');
    main.appendChild(h('p', {class: 'lead no-print', text: t('partners.intro')}));
    main.appendChild(form);
    main.appendChild(out);

    V.api('GET', '/api/settings').then(function (r) {
        var o = r.body && r.body.office;
        office = typeof o === 'string' ? o : (o && o.fr) || '';
    });
    V.api('GET', '/api/partners').then(function (r) {
        var ps = (r.body && r.body.partners) || [];
        if (!ps.length)
            partner.appendChild(h('option', {value: '', text: t('partners.none')}));
        ps.forEach(function (p) {
            names[p.id] = p.name || p.id;
            partner.appendChild(h('option', {value: p.id, text: p.name || p.id}));
        });
        if (V.param('partner'))
            partner.value = V.param('partner');
        if (partner.value)
            load();
    });

    function range() {
        var m = /^(\d{4})-(\d{2})$/.exec(month.value);
        if (!m)
            return null;
        var last = new Date(+m[1], +m[2], 0).getDate();
        return {from: m[1] + '-' + m[2] + '-01', to: m[1] + '-' + m[2] + '-' + V.pad(last), y: m[1], m: +m[2], days: last};
    }

    function chart(days, r) {
        var W = 720, H = 220, pad = 28, n = r.days, bw = (W - pad) / n;
        var byDay = {};
        days.forEach(function (d) { byDay[d.day] = d.plays; });
        var max = Math.max.apply(null, [1].concat(days.map(function (d) { return d.plays; })));
        var ns = 'http://www.w3.org/2000/svg';
        function s(tag, a, text) {
            var e = document.createElementNS(ns, tag);
            Object.keys(a).forEach(function (k) { e.setAttribute(k, a[k]); });
            if (text !== undefined)
                e.textContent = text;
            return e;
        }
        var svg = s('svg', {viewBox: '0 0 ' + W + ' ' + (H + 24), class: 'chart', role: 'img',
                            'aria-label': t('partners.chart_alt', {max: max})});
        svg.appendChild(s('line', {x1: pad, y1: H, x2: W, y2: H, class: 'axis'}));
        svg.appendChild(s('text', {x: pad - 4, y: 12, 'text-anchor': 'end', class: 'tick'}, String(max)));
        svg.appendChild(s('text', {x: pad - 4, y: H, 'text-anchor': 'end', class: 'tick'}, '0'));
        for (var i = 1; i <= n; i++) {
            var key = r.y + '-' + V.pad(r.m) + '-' + V.pad(i);
            var v = byDay[key] || 0, bh = Math.round((H - 16) * v / max);
            var bar = s('rect', {x: (pad + (i - 1) * bw + 1).toFixed(1), y: H - bh, width: Math.max(1, bw - 2).toFixed(1), height: bh, class: 'bar'});
            bar.appendChild(s('title', {}, V.tn('partners.bar', v, {day: i, plays: v})));
            svg.appendChild(bar);
            if (i === 1 || i % 5 === 0)
                svg.appendChild(s('text', {x: (pad + (i - 0.5) * bw).toFixed(1), y: H + 16, 'text-anchor': 'middle', class: 'tick'}, String(i)));
        }
        return svg;
    }

    function load() {
        var r = range();
        if (!r || !partner.value)
            return;
        var qs = new URLSearchParams({partner: partner.value, from: r.from, to: r.to});
        history.replaceState(null, '', '/partners.html?' + new URLSearchParams({partner: partner.value, month: month.value}));
        V.api('GET', '/api/plays?' + qs + '&format=json').then(function (x) {
            V.clear(out);
            if (x.status !== 200) {
                out.appendChild(h('p', {class: 'notice notice-bad', text: V.errorOf(x)}));
                return;
            }
            var b = x.body, tot = b.total || {plays: 0, seconds: 0};
            var period = t('partners.period', {month: t('month.' + r.m), y: r.y});
            var pname = names[partner.value] || partner.value;
            out.appendChild(h('div', {class: 'actions no-print'},
                h('button', {type: 'button', class: 'btn btn-primary', text: t('partners.print'), onclick: function () { window.print(); }}),
                h('a', {class: 'btn', href: '/api/plays?' + qs + '&format=csv',
                        download: 'diffusion-' + partner.value + '-' + month.value + '.csv', text: t('partners.csv')})));
            var doc = h('article', {class: 'attestation card'},
                h('header', {class: 'att-head'},
                    h('p', {class: 'att-office', text: office}),
                    h('h2', {text: t('partners.attestation')}),
                    h('p', {class: 'att-who', text: t('partners.att_for', {partner: pname, period: period})})),
                h('div', {class: 'figures'},
                    h('div', {class: 'figure'}, h('span', {class: 'fig-n', id: 'fig-plays', text: V.number(tot.plays)}),
                      h('span', {class: 'fig-l', text: V.tn('partners.plays', tot.plays)})),
                    h('div', {class: 'figure'}, h('span', {class: 'fig-n', id: 'fig-time', text: V.duration(tot.seconds)}),
                      h('span', {class: 'fig-l', text: t('partners.time')})),
                    h('div', {class: 'figure'}, h('span', {class: 'fig-n', text: V.number((b.screens || []).length)}),
                      h('span', {class: 'fig-l', text: V.tn('partners.screens_n', (b.screens || []).length)}))));
            if (!tot.plays)
                doc.appendChild(h('p', {class: 'empty', text: t('partners.no_play')}));
            doc.appendChild(h('h3', {text: t('partners.per_screen')}));
            doc.appendChild(h('table', {class: 'data', id: 'per-screen'},
                h('thead', null, h('tr', null, h('th', {scope: 'col', text: t('partners.col_screen')}),
                    h('th', {scope: 'col', class: 'num', text: t('partners.col_plays')}), h('th', {scope: 'col', class: 'num', text: t('partners.col_time')}))),
                h('tbody', null, (b.screens || []).map(function (s) {
                    return h('tr', null, h('td', {text: V.screenName(s.name)}), h('td', {class: 'num', text: V.number(s.plays)}),
                             h('td', {class: 'num', text: V.duration(s.seconds)}));
                }))));
            doc.appendChild(h('h3', {text: t('partners.per_day')}));
            doc.appendChild(h('figure', {class: 'chart-box'}, chart(b.days || [], r),
                h('figcaption', {class: 'muted', text: t('partners.chart_caption', {period: period})})));
            doc.appendChild(h('h3', {text: t('partners.slides')}));
            doc.appendChild(h('div', {class: 'report-items'}, (b.items || []).map(function (i) {
                return h('figure', {class: 'report-item'},
                    h('img', {src: i.thumb, alt: t('partners.thumb_alt', {title: i.title}), width: 320, height: 180}),
                    h('figcaption', null, h('strong', {text: i.title}), h('br'),
                      V.tn('partners.item_figures', i.plays, {plays: V.number(i.plays), time: V.duration(i.seconds)})));
            })));
            doc.appendChild(h('footer', {class: 'att-foot'},
                h('p', {text: t('partners.att_text', {office: office || t('app.office'), partner: pname, period: period})}),
                h('p', {text: t('partners.att_made', {day: V.dateWords(V.today())})}),
                h('p', {class: 'sign', text: t('partners.sign')})));
            out.appendChild(doc);
        });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); load(); });
    form.addEventListener('change', load);
});
