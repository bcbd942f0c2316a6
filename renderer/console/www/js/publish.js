/* Publish: what changes, one button, when the screens show it, "show it
 * now" on a chosen screen; then the history with who, when, a readable
 * difference and Restore. */
'use strict';
V.boot('publish.title', function (main) {
    var t = V.t, h = V.h;
    var draft = h('section', {class: 'card', 'aria-labelledby': 'h-draft'});
    var result = h('div', {role: 'status', 'aria-live': 'polite'});
    var hist = h('section', {'aria-labelledby': 'h-history'});
    main.appendChild(draft);
    main.appendChild(result);
    main.appendChild(hist);
    var screens = [];
    var titles = {};

    V.api('GET', '/api/screens').then(function (r) { screens = r.body.screens || []; });

    function loadDraft() {
        V.clear(draft);
        draft.appendChild(h('h2', {id: 'h-draft', text: t('publish.draft')}));
        V.api('GET', '/api/draft').then(function (r) {
            if (r.status !== 200) {
                draft.appendChild(h('p', {class: 'notice notice-bad', text: V.errorOf(r)}));
                return;
            }
            var d = r.body;
            /* the settings and the imported items' hide / pin / corrections count too */
            var n = (d.added || []).length + (d.changed || []).length + (d.removed || []).length +
                    (d.settings ? 1 : 0) + (d.overrides ? 1 : 0);
            if (!n) {
                draft.appendChild(h('p', {class: 'lead', text: t('publish.nothing')}));
                return;
            }
            draft.appendChild(h('p', {class: 'lead', text: d.summary}));
            var lists = h('div', {class: 'changes'});
            [['added', 'publish.added'], ['changed', 'publish.changed'], ['removed', 'publish.removed']].forEach(function (k) {
                var ids = d[k[0]] || [];
                if (!ids.length)
                    return;
                lists.appendChild(h('div', null, h('h3', {text: t(k[1])}),
                    h('ul', null, ids.map(function (x) {
                        var name = titles[x] ? titles[x].title + ' (' + V.kindName(titles[x].kind) + ')' : x;
                        return h('li', null, k[0] === 'removed' ? name : h('a', {href: '/edit.html?id=' + encodeURIComponent(x), text: name}));
                    }))));
            });
            draft.appendChild(lists);
            var go = h('button', {type: 'button', class: 'btn btn-primary btn-big', text: t('publish.button')});
            var discard = h('button', {type: 'button', class: 'btn btn-quiet', text: t('publish.discard')});
            draft.appendChild(h('div', {class: 'actions'}, go, discard));
            go.addEventListener('click', function () {
                go.disabled = true;
                V.api('POST', '/api/publish').then(function (p) {
                    go.disabled = false;
                    if (p.status === 200)
                        published(p.body, (d.added || []).concat(d.changed || []));
                    else
                        showProblem(p);
                });
            });
            discard.addEventListener('click', function () {
                if (!confirm(t('publish.discard_confirm')))
                    return;
                V.api('POST', '/api/draft/discard').then(function (p) {
                    if (p.status === 204) {
                        V.say(t('publish.discarded'));
                        loadDraft();
                    } else
                        V.say(V.errorOf(p), 'bad');
                });
            });
        });
    }

    function showProblem(p) {
        V.clear(result);
        var box = h('div', {class: 'notice notice-bad', role: 'alert'}, h('p', {text: V.errorOf(p)}));
        var errs = (p.body && p.body.errors) || [];
        ((p.body && p.body.fields) || []).forEach(function (f) {
            errs.push(typeof f === 'string' ? {field: f, message: t('publish.conflict')}
                                            : {id: f.id, field: f.field, message: t('publish.conflict')});
        });
        if (errs.length)
            box.appendChild(h('ul', null, errs.map(function (e) {
                return h('li', null, e.id ? h('a', {href: '/edit.html?id=' + encodeURIComponent(e.id), text: e.id + ' : '}) : null,
                         (e.field ? fieldName(e.field) + ' — ' : '') + e.message);
            })));
        result.appendChild(box);
    }

    function published(b, ids) {
        V.clear(result);
        var box = h('div', {class: 'notice notice-ok'},
            h('p', {class: 'notice-title', text: t('publish.done', {version: b.version})}),
            h('p', {text: t('publish.shows', {when: b.shows || ''})}));
        if (screens.length && ids.length) {
            var scr = h('select', {id: 'show-screen'}, screens.map(function (s) { return h('option', {value: s.name, text: V.screenName(s.name)}); }));
            var it = h('select', {id: 'show-item'}, ids.map(function (x) { return h('option', {value: x, text: titles[x] ? titles[x].title : x}); }));
            var btn = h('button', {type: 'button', class: 'btn btn-primary', text: t('publish.show_now')});
            var said = h('p', {role: 'status'});
            box.appendChild(h('div', {class: 'show-now'},
                h('p', {text: t('publish.show_now_hint')}),
                h('div', {class: 'row'}, V.field(t('publish.which_item'), it), V.field(t('publish.which_screen'), scr)),
                btn, said));
            btn.addEventListener('click', function () {
                V.api('POST', '/api/screens/' + encodeURIComponent(scr.value) + '/show', {id: it.value}).then(function (r) {
                    said.textContent = r.status === 202 ? t('publish.shown', {screen: V.screenName(scr.value)}) : V.errorOf(r);
                });
            });
        }
        result.appendChild(box);
        loadDraft();
        loadHistory();
        box.querySelector('.notice-title').setAttribute('tabindex', '-1');
        box.querySelector('.notice-title').focus();
    }

    /* "Titre (en)" for title.en, the raw name when the table has no word. */
    function fieldName(f) {
        if (!f)
            return t('publish.whole_item');
        var dot = f.indexOf('.'), base = dot < 0 ? f : f.slice(0, dot);
        var name = V.has('field.' + base) ? t('field.' + base) : base;
        return dot < 0 ? name : name + ' (' + f.slice(dot + 1) + ')';
    }

    function diffView(v, prev, holder, btn) {
        if (holder.firstChild) {
            V.clear(holder);
            btn.setAttribute('aria-expanded', 'false');
            return;
        }
        btn.setAttribute('aria-expanded', 'true');
        V.api('GET', '/api/history/' + v + '/diff?against=' + prev).then(function (r) {
            var ch = (r.body && r.body.changes) || [];
            if (r.status !== 200) {
                holder.appendChild(h('p', {class: 'notice notice-bad', text: V.errorOf(r)}));
                return;
            }
            if (!ch.length) {
                holder.appendChild(h('p', {class: 'muted', text: t('publish.no_diff')}));
                return;
            }
            function plain(x) {
                if (x && typeof x === 'object' && !Array.isArray(x) && typeof x.fr === 'string')
                    return Object.keys(x).map(function (l) { return l.toUpperCase() + ' : ' + x[l]; }).join(' · ');
                if (Array.isArray(x))
                    return x.map(plain).join(' ; ');
                if (x && typeof x === 'object')
                    return Object.keys(x).map(function (k) { return fieldName(k) + ' ' + plain(x[k]); }).join(', ');
                if (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(x))
                    return V.dateWords(x);
                return String(x);
            }
            function val(x) {
                if (x === null || x === undefined || x === '')
                    return h('em', {class: 'muted', text: t('publish.empty')});
                if (x && typeof x === 'object' && !Array.isArray(x) && x.kind)  /* a whole slide */
                    return h('ul', null, Object.keys(x).filter(function (k) { return k !== 'id'; }).map(function (k) {
                        return h('li', null, h('strong', {text: fieldName(k) + ' : '}), k === 'kind' ? V.kindName(x[k]) : plain(x[k]));
                    }));
                return plain(x);
            }
            holder.appendChild(h('table', {class: 'diff'},
                h('caption', {class: 'sr-only', text: t('publish.diff_caption', {v: v, prev: prev})}),
                h('thead', null, h('tr', null, h('th', {scope: 'col', text: t('publish.col_item')}),
                    h('th', {scope: 'col', text: t('publish.col_field')}), h('th', {scope: 'col', text: t('publish.col_before')}),
                    h('th', {scope: 'col', text: t('publish.col_after')}))),
                h('tbody', null, ch.map(function (c) {
                    return h('tr', null,
                             h('td', {'data-label': t('publish.col_item'), text: titles[c.id] ? titles[c.id].title : c.id}),
                             h('td', {'data-label': t('publish.col_field'), text: fieldName(c.field)}),
                             h('td', {class: 'before', 'data-label': t('publish.col_before')}, h('del', null, val(c.before))),
                             h('td', {class: 'after', 'data-label': t('publish.col_after')}, h('ins', null, val(c.after))));
                }))));
        });
    }

    function loadHistory() {
        V.clear(hist);
        hist.appendChild(h('h2', {id: 'h-history', text: t('publish.history')}));
        V.api('GET', '/api/history').then(function (r) {
            var vs = (r.body && r.body.versions) || [];
            if (!vs.length) {
                hist.appendChild(h('p', {class: 'muted', text: t('publish.no_history')}));
                return;
            }
            vs.sort(function (a, b) { return b.version - a.version; });
            var latest = vs[0].version;
            hist.appendChild(h('ol', {class: 'history'}, vs.map(function (v, i) {
                var prev = vs[i + 1] ? vs[i + 1].version : null;
                var holder = h('div', {class: 'diff-holder'});
                var diffBtn = prev !== null ? h('button', {type: 'button', class: 'btn btn-small', 'aria-expanded': 'false',
                    text: t('publish.see_diff'), onclick: function () { diffView(v.version, prev, holder, diffBtn); }}) : null;
                var restore = v.version !== latest ? h('button', {type: 'button', class: 'btn btn-small',
                    text: t('publish.restore'), onclick: function () {
                        if (!confirm(t('publish.restore_confirm', {v: v.version})))
                            return;
                        V.api('POST', '/api/history/' + v.version + '/restore').then(function (x) {
                            if (x.status === 200) {
                                V.say(t('publish.restored', {v: v.version, n: x.body.version}));
                                loadDraft();
                                loadHistory();
                            } else
                                V.say(V.errorOf(x), 'bad');
                        });
                    }}) : h('span', {class: 'badge badge-ok', text: t('publish.current')});
                var at = new Date(v.at);
                return h('li', {class: 'card version'},
                    h('div', {class: 'version-head'},
                        h('strong', {text: t('publish.version', {v: v.version})}),
                        h('span', {text: t(v.user ? 'publish.by' : 'publish.by_nobody', {user: v.user,
                            when: isNaN(at) ? v.at : at.toLocaleString('fr-FR', {dateStyle: 'full', timeStyle: 'short'})})})),
                    h('p', {text: v.summary || ''}),
                    h('div', {class: 'actions'}, diffBtn, restore), holder);
            })));
        });
    }

    V.api('GET', '/api/items?when=all').then(function (r) {
        ((r.body && r.body.items) || []).forEach(function (i) { titles[i.id] = i; });
        loadDraft();
    });
    loadHistory();
});
