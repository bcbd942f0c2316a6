/* Posters: drop an image with its dates and caption, the same result as the
 * drop folder; see and remove the posters there. */
'use strict';
V.boot('posters.title', function (main) {
    var t = V.t, h = V.h;
    var picker = V.filePicker('poster-file', 'file', 'posters.choose', 'posters.none_chosen', 'image/*');
    var file = picker.input;
    var peek = h('img', {class: 'peek', alt: t('posters.peek_alt'), hidden: true});
    file.addEventListener('change', function () {
        if (peek.src)
            URL.revokeObjectURL(peek.src);
        peek.hidden = !file.files.length;
        if (file.files.length)
            peek.src = URL.createObjectURL(file.files[0]);
    });
    var from = h('input', {type: 'date', name: 'from'});
    var until = h('input', {type: 'date', name: 'until'});
    var caption = h('input', {type: 'text', name: 'caption'});
    var bar = h('progress', {max: '100', value: '0', hidden: true, 'aria-label': t('edit.upload_progress')});
    var status = h('p', {role: 'status', 'aria-live': 'polite'});
    var form = h('form', {class: 'card', novalidate: true},
        h('h2', {text: t('posters.add')}), h('p', {class: 'hint', text: t('posters.hint')}),
        h('fieldset', {class: 'field'}, h('legend', {text: t('posters.file')}),
          h('p', {class: 'hint', text: t('posters.file_hint')}), picker.wrap, peek),
        h('div', {class: 'row2'}, V.field(t('posters.from'), from, t('posters.from_hint')),
                                  V.field(t('posters.until'), until, t('posters.until_hint'))),
        V.field(t('posters.caption'), caption, t('posters.caption_hint')),
        bar, status, h('button', {type: 'submit', class: 'btn btn-primary', text: t('posters.send')}));
    var list = h('div', {class: 'cards'});
    main.appendChild(form);
    main.appendChild(h('h2', {text: t('posters.current')}));
    main.appendChild(list);

    form.addEventListener('submit', function (e) {
        e.preventDefault();
        if (!file.files.length) {
            status.textContent = t('posters.no_file');
            file.focus();
            return;
        }
        if (from.value && until.value && until.value < from.value) {
            status.textContent = t('posters.bad_dates');
            until.focus();
            return;
        }
        var fd = new FormData();
        fd.append('file', file.files[0]);
        if (from.value)
            fd.append('from', from.value);
        if (until.value)
            fd.append('until', until.value);
        if (caption.value.trim())
            fd.append('caption', caption.value.trim());
        bar.hidden = false;
        V.upload('/api/posters', fd, function (f) {
            bar.value = Math.round(f * 100);
            status.textContent = t('edit.upload_pct', {p: Math.round(f * 100)});
        }).then(function (r) {
            bar.hidden = true;
            if (r.status === 201) {
                form.reset();
                picker.chosen.textContent = t('posters.none_chosen');
                peek.hidden = true;
                status.textContent = '';
                V.say(t('posters.done'));
                load();
            } else
                status.textContent = r.status === 413 ? t('edit.too_big') : r.status === 415 ? t('edit.not_image') : V.errorOf(r);
        });
    });

    function load() {
        V.api('GET', '/api/posters').then(function (r) {
            V.clear(list);
            var ps = (r.body && r.body.posters) || [];
            if (!ps.length)
                list.appendChild(h('p', {class: 'empty', text: t('posters.none')}));
            ps.forEach(function (p) {
                var when = V.dateRange(p.from, p.until);
                // A poster sent from here is stored under a name that means nothing
                // to staff (p.uploaded): it goes by its caption. A file someone put
                // in the drop folder keeps its own name.
                var hashed = p.uploaded;
                var label = p.caption || (hashed ? t('posters.untitled') : p.name);
                list.appendChild(h('article', {class: 'card slide'},
                    h('img', {class: 'thumb', src: p.thumb, alt: t('posters.thumb_alt', {name: label}), loading: 'lazy', width: 320, height: 180}),
                    h('div', {class: 'slide-body'}, h('h3', {class: 'slide-title', text: label}),
                      h('p', {class: 'muted', text: when}), p.caption && !hashed ? h('p', {class: 'muted file-name', text: p.name}) : null),
                    h('div', {class: 'slide-actions'}, h('button', {type: 'button', class: 'btn btn-small btn-danger',
                        text: t('posters.remove'), 'aria-label': t('posters.remove_named', {name: label}),
                        onclick: function () {
                            if (!confirm(t('posters.remove_confirm', {name: label})))
                                return;
                            V.api('DELETE', '/api/posters/' + encodeURIComponent(p.name)).then(function (x) {
                                if (x.status === 204) {
                                    V.say(t('posters.removed'));
                                    load();
                                } else
                                    V.say(V.errorOf(x), 'bad');
                            });
                        }}))));
            });
        });
    }
    load();
});
