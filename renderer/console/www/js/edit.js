/* The editor: one form per kind with exactly that kind's fields
 * (docs/feed-format.md), the four languages side by side, a live preview
 * drawn by the player's code, errors beside their fields. */
'use strict';
V.boot('edit.title', function (main, me) {
    var t = V.t, h = V.h;
    var LANGS = ['fr', 'eu', 'es', 'en'];
    var DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
    var TEXTS = {
        event: ['title', 'subtitle', 'body', 'venue'], ticket: ['title', 'subtitle', 'body'],
        provider: ['title', 'subtitle', 'body', 'category'], place: ['title', 'subtitle', 'body', 'category'],
        notice: ['title', 'subtitle', 'body'], poster: ['title', 'subtitle'], ticker: ['title']
    };
    var id = V.param('id');
    var kind = V.param('kind') || 'event';
    var item = null, source = 'feed', original = null;
    var ctl = {};       /* field name -> control (or {get,set}) */
    var errs = {};      /* field name -> error element */
    var previewLang = 'fr', previewO = 'landscape';
    var touched = {};   /* fields typed in: live errors only for them */
    var all = false;    /* after a save, every error shows */
    var h1 = main.querySelector('h1');

    if (!TEXTS[kind])
        kind = 'event';

    function load() {
        if (!id) {
            item = {kind: kind};
            build();
            return;
        }
        V.api('GET', '/api/items/' + encodeURIComponent(id)).then(function (r) {
            if (r.status !== 200) {
                V.say(V.errorOf(r), 'bad');
                return;
            }
            item = r.body.item;
            kind = item.kind;
            source = r.body.source || 'feed';
            original = JSON.parse(JSON.stringify(item));
            build();
            showErrors(r.body.errors || []);
        });
    }

    /* ---- values in and out of the form ---- */

    function textOf(v, lang) {
        if (v === undefined || v === null)
            return '';
        if (typeof v === 'string')
            return lang === 'fr' ? v : '';
        return v[lang] || '';
    }

    function splitDate(v) {
        var m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(v || '');
        return m ? [m[1], m[2] || ''] : ['', ''];
    }

    function parseDays(s) {
        var on = {};
        if (!s) {
            DAYS.forEach(function (d) { on[d] = true; });
            return on;
        }
        s.split(',').forEach(function (part) {
            var r = part.trim().split('-');
            var a = DAYS.indexOf(r[0].trim()), b = r.length > 1 ? DAYS.indexOf(r[1].trim()) : a;
            if (a < 0 || b < 0)
                return;
            for (var i = a;; i = (i + 1) % 7) {
                on[DAYS[i]] = true;
                if (i === b)
                    break;
            }
        });
        return on;
    }

    /* ---- building the form ---- */

    var form, previewImg, previewMsg, photoBox, windowsBox, pricesBox, statusBox;

    function section(titleKey, hintKey) {
        var s = h('section', {class: 'card form-section'}, h('h2', {text: t(titleKey)}));
        if (hintKey)
            s.appendChild(h('p', {class: 'hint', text: t(hintKey)}));
        form.appendChild(s);
        return s;
    }

    function errorSlot(name, wrap) {
        var e = h('p', {class: 'field-error', hidden: true});
        errs[name] = e;
        wrap.appendChild(e);
        return e;
    }

    function simple(name, control, labelKey, hintKey) {
        ctl[name] = control;
        control.dataset.field = name;
        var f = V.field(t(labelKey), control, hintKey ? t(hintKey) : null);
        errs[name] = f.querySelector('.field-error');
        return f;
    }

    function dateTime(name, labelKey, hintKey, required) {
        var v = splitDate(item[name]);
        var d = h('input', {type: 'date', value: v[0], required: required});
        var tm = h('input', {type: 'time', value: v[1]});
        d.dataset.field = name;
        var dId = 'f-' + name + '-d', tId = 'f-' + name + '-t';
        d.id = dId;
        tm.id = tId;
        ctl[name] = {get: function () { return d.value ? d.value + (tm.value ? 'T' + tm.value : '') : ''; },
                     focus: function () { d.focus(); }};
        var wrap = h('fieldset', {class: 'field datetime'},
            h('legend', {text: t(labelKey) + (required ? ' ' + t('edit.required_mark') : '')}),
            hintKey ? h('p', {class: 'hint', text: t(hintKey)}) : null,
            h('div', {class: 'row'},
                h('div', null, h('label', {for: dId, class: 'small', text: t('edit.date')}), d),
                h('div', null, h('label', {for: tId, class: 'small', text: t('edit.time')}), tm)));
        errorSlot(name, wrap);
        return wrap;
    }

    function textTable(fields) {
        var grid = h('div', {class: 'langs'});
        grid.appendChild(h('div', {class: 'langs-head', 'aria-hidden': 'true'}, h('span'),
            LANGS.map(function (l) { return h('span', {text: t('lang.' + l)}); })));
        fields.forEach(function (name) {
            var label = kind === 'poster' && name === 'title' ? 'field.caption' : 'field.' + name;
            var row = h('div', {class: 'langs-row'},
                h('div', {class: 'langs-label', id: 'lbl-' + name}, t(label),
                  name === 'title' && kind !== 'poster' ? ' ' + t('edit.required_mark') : ''));
            LANGS.forEach(function (l) {
                var key = name + '.' + l;
                var c = name === 'body' ? h('textarea', {rows: 4}) : h('input', {type: 'text'});
                c.value = textOf(item[name], l);
                c.id = 'f-' + name + '-' + l;
                c.dataset.field = key;
                c.dataset.lang = l;
                c.setAttribute('aria-label', t(label) + ' — ' + t('lang.' + l));
                if (l === 'fr' && name === 'title' && kind !== 'poster')
                    c.required = true;
                if (l !== 'fr')
                    c.placeholder = t('edit.fallback_ph');
                ctl[key] = c;
                var cell = h('div', {class: 'langs-cell'}, h('span', {class: 'langs-tag', 'aria-hidden': 'true', text: l.toUpperCase()}), c);
                errorSlot(key, cell);
                c.setAttribute('aria-describedby', errs[key].id = 'e-' + key.replace('.', '-'));
                row.appendChild(cell);
            });
            errorSlot(name, row);
            grid.appendChild(row);
        });
        return grid;
    }

    function windowRow(a, b) {
        var n = windowsBox.children.length + 1;
        var from = h('input', {type: 'time', value: a || '', 'aria-label': t('edit.window_from', {n: n})});
        var to = h('input', {type: 'time', value: b || '', 'aria-label': t('edit.window_to', {n: n})});
        var row = h('div', {class: 'row window'}, from, h('span', {text: t('edit.window_to_word')}), to,
            h('button', {type: 'button', class: 'btn btn-small btn-quiet', text: t('edit.remove'),
                         'aria-label': t('edit.window_remove', {n: n}),
                         onclick: function () { row.remove(); changed(); }}));
        windowsBox.appendChild(row);
    }

    function priceRow(p) {
        var n = pricesBox.children.length;
        var amount = h('input', {type: 'number', min: '0', max: '100000', step: '0.01', inputmode: 'decimal',
                                 value: p && p.amount !== undefined ? p.amount : ''});
        amount.id = 'f-price-' + n + '-' + Math.random().toString(36).slice(2, 6);
        amount.dataset.field = 'prices.' + n + '.amount';
        var row = h('div', {class: 'price'},
            h('div', {class: 'price-amount'}, h('label', {for: amount.id, text: t('edit.amount')}),
              h('div', {class: 'euro'}, amount, h('span', {'aria-hidden': 'true', text: '€'}))));
        LANGS.forEach(function (l) {
            var c = h('input', {type: 'text', value: textOf(p && p.label, l),
                                'aria-label': t('edit.price_label') + ' — ' + t('lang.' + l),
                                placeholder: l === 'fr' ? t('edit.price_label_ph') : t('edit.fallback_ph')});
            c.dataset.lang = l;
            c.className = 'price-label';
            row.appendChild(h('div', {class: 'langs-cell'}, h('span', {class: 'langs-tag', 'aria-hidden': 'true', text: l.toUpperCase()}), c));
        });
        row.appendChild(h('button', {type: 'button', class: 'btn btn-small btn-quiet', text: t('edit.remove'),
                                     onclick: function () { row.remove(); changed(); }}));
        pricesBox.appendChild(row);
    }

    function radios(name, values, value, legendKey, explain) {
        var fs = h('fieldset', {class: 'field choices'}, h('legend', {text: t(legendKey)}));
        values.forEach(function (v) {
            var r = h('input', {type: 'radio', name: 'r-' + name, value: v, checked: v === value});
            fs.appendChild(h('label', {class: 'choice'}, r,
                h('span', null, h('strong', {text: t(explain + '.' + v)}), ' ',
                  h('span', {class: 'muted', text: t(explain + '.' + v + '.why')}))));
        });
        ctl[name] = {get: function () {
            var c = fs.querySelector('input:checked');
            return c ? c.value : '';
        }};
        errorSlot(name, fs);
        fs.querySelectorAll('input').forEach(function (r) { r.dataset.field = name; });
        return fs;
    }

    function build() {
        h1.textContent = id ? t('edit.title_edit', {kind: V.kindName(kind)}) : t('kind.new.' + kind);
        document.title = h1.textContent + ' · ' + t('app.name');
        var layout = h('div', {class: 'editor'});
        form = h('form', {class: 'editor-form', novalidate: true});
        var side = h('aside', {class: 'editor-side', 'aria-label': t('edit.preview')});
        layout.appendChild(form);
        layout.appendChild(side);
        main.appendChild(layout);

        if (source !== 'feed' && source !== 'drop')
            form.appendChild(h('div', {class: 'notice notice-info'},
                h('p', {text: t('edit.imported', {source: t('source.' + source)})})));

        /* status in one click, at the top where it is seen */
        if (kind === 'event' || kind === 'ticket') {
            statusBox = h('div', {class: 'quick', role: 'group', 'aria-label': t('edit.quick')});
            form.appendChild(statusBox);
            drawQuick();
        }

        var s = section('edit.sec_texts', 'edit.sec_texts_hint');
        s.appendChild(textTable(TEXTS[kind]));

        if (kind !== 'ticker') {
            s = section('edit.sec_photo', kind === 'poster' ? 'edit.poster_photo_hint' : 'edit.photo_hint');
            photoBox = h('div', {class: 'photo'});
            s.appendChild(photoBox);
            drawPhoto();
        }

        if (kind === 'event') {
            s = section('edit.sec_event');
            s.appendChild(h('div', {class: 'row2'}, dateTime('start', 'field.start', 'edit.start_hint', true),
                                                     dateTime('end', 'field.end', 'edit.end_hint')));
            s.appendChild(simple('organiser', h('input', {type: 'text', value: item.organiser || ''}), 'field.organiser'));
            var free = h('input', {type: 'checkbox', checked: item.free === true});
            free.dataset.field = 'free';
            ctl.free = {get: function () { return free.checked ? true : undefined; }};
            s.appendChild(h('div', {class: 'field check'}, h('label', null, free, ' ', t('field.free'))));
            errorSlot('free', s);
        }
        if (kind === 'ticket') {
            s = section('edit.sec_ticket');
            var ev = h('select', null, h('option', {value: '', text: t('edit.no_event')}));
            V.api('GET', '/api/items?kind=event&when=all').then(function (r) {
                (r.body.items || []).forEach(function (e) {
                    ev.appendChild(h('option', {value: e.id, text: e.title + ' (' + V.dateWords(e.from, true) + ')'}));
                });
                ev.value = item.event || '';
            });
            s.appendChild(simple('event', ev, 'field.event', 'edit.event_hint'));
            s.appendChild(h('div', {class: 'row2'},
                simple('seats', h('input', {type: 'number', min: '0', max: '1000000', inputmode: 'numeric',
                                            value: item.seats === undefined || item.seats === null ? '' : item.seats}),
                       'field.seats', 'edit.seats_hint'),
                dateTime('sale_until', 'field.sale_until', 'edit.sale_until_hint')));
        }
        if (kind === 'provider' || kind === 'place') {
            s = section('edit.sec_place');
            s.appendChild(simple('address', h('input', {type: 'text', autocomplete: 'street-address', value: item.address || ''}), 'field.address'));
            s.appendChild(simple('phone', h('input', {type: 'tel', value: item.phone || ''}), 'field.phone'));
            s.appendChild(simple('opening', h('input', {type: 'text', value: item.opening || '', spellcheck: 'false'}),
                                 'field.opening', 'edit.opening_hint'));
        }
        if (kind === 'event' || kind === 'ticket') {
            s = section('edit.sec_prices', 'edit.prices_hint');
            pricesBox = h('div', {class: 'prices'});
            s.appendChild(pricesBox);
            (item.prices || []).forEach(priceRow);
            s.appendChild(h('button', {type: 'button', class: 'btn btn-small', text: t('edit.add_price'),
                                       onclick: function () { priceRow(null); pricesBox.lastChild.querySelector('input').focus(); }}));
            errorSlot('prices', s);
        }

        /* when it plays */
        s = section('edit.sec_when', kind === 'event' ? 'edit.when_event_hint' : 'edit.when_hint');
        s.appendChild(h('div', {class: 'row2'}, dateTime('from', 'field.from', 'edit.from_hint'),
                                                 dateTime('until', 'field.until', 'edit.until_hint')));
        var on = parseDays(item.days);
        var dayBox = h('fieldset', {class: 'field days'}, h('legend', {text: t('field.days')}),
            h('div', {class: 'toggles'}, DAYS.map(function (d) {
                return h('label', {class: 'toggle'}, h('input', {type: 'checkbox', value: d, checked: !!on[d]}),
                         h('span', {text: t('day.' + d)}));
            })));
        ctl.days = {get: function () {
            var c = Array.prototype.map.call(dayBox.querySelectorAll('input:checked'), function (x) { return x.value; });
            return c.length === 7 ? '' : c.length === 0 ? 'none' : c.join(',');
        }};
        errorSlot('days', dayBox);
        s.appendChild(dayBox);
        windowsBox = h('div', {class: 'windows'});
        var winFs = h('fieldset', {class: 'field'}, h('legend', {text: t('field.hours')}),
            h('p', {class: 'hint', text: t('edit.hours_hint')}), windowsBox,
            h('button', {type: 'button', class: 'btn btn-small', text: t('edit.add_window'),
                         onclick: function () { windowRow(); windowsBox.lastChild.querySelector('input').focus(); }}));
        (item.hours || '').split(',').forEach(function (w) {
            var m = /^\s*(\d{2}:\d{2})-(\d{2}:\d{2})\s*$/.exec(w);
            if (m)
                windowRow(m[1], m[2]);
        });
        ctl.hours = {get: function () {
            return Array.prototype.map.call(windowsBox.children, function (r) {
                var i = r.querySelectorAll('input');
                return i[0].value && i[1].value ? i[0].value + '-' + i[1].value : '';
            }).filter(Boolean).join(',');
        }};
        errorSlot('hours', winFs);
        s.appendChild(winFs);
        var hol = h('select', null, ['any', 'only', 'except'].map(function (v) {
            return h('option', {value: v, text: t('holidays.' + v)});
        }));
        hol.value = item.holidays || 'any';
        s.appendChild(simple('holidays', hol, 'field.holidays'));
        var night = h('input', {type: 'checkbox', checked: item.after_hours === true});
        night.dataset.field = 'after_hours';
        ctl.after_hours = {get: function () { return night.checked ? true : undefined; }};
        var nightBox = h('div', {class: 'field check'}, h('label', null, night, ' ', t('field.after_hours')),
                         h('p', {class: 'hint', text: t('edit.after_hours_hint')}));
        errorSlot('after_hours', nightBox);
        s.appendChild(nightBox);

        if (kind !== 'ticker') {
            s = section('edit.sec_rotation');
            var pr = radios('priority', ['normal', 'high', 'takeover'], item.priority || 'normal', 'field.priority', 'priority');
            pr.querySelector('legend').className = 'sr-only';
            s.appendChild(pr);
        }

        var more = h('details', {class: 'card form-section more'}, h('summary', null, h('h2', {text: t('edit.sec_more')})));
        form.appendChild(more);
        if (kind !== 'ticker')
            more.appendChild(simple('url', h('input', {type: 'url', value: item.url || '', placeholder: 'https://'}),
                                    'field.url', 'edit.url_hint'));
        var partnerSel = h('input', {type: 'text', list: 'partners', value: item.partner || '', spellcheck: 'false'});
        var dl = h('datalist', {id: 'partners'});
        V.api('GET', '/api/partners').then(function (r) {
            (r.body.partners || []).forEach(function (p) { dl.appendChild(h('option', {value: p.id, text: p.name})); });
        });
        more.appendChild(simple('partner', partnerSel, 'field.partner', 'edit.partner_hint'));
        more.appendChild(dl);
        more.appendChild(simple('screens', h('input', {type: 'text', value: item.screens || '', spellcheck: 'false'}),
                                'field.screens', 'edit.screens_hint'));
        if (kind !== 'ticker') {
            more.appendChild(simple('duration', h('input', {type: 'number', min: '1', max: '3600', step: '0.5',
                                                            value: item.duration || ''}), 'field.duration', 'edit.duration_hint'));
            more.appendChild(simple('weight', h('input', {type: 'number', min: '1', max: '100', value: item.weight || ''}),
                                    'field.weight', 'edit.weight_hint'));
            var tr = h('select', null, ['', 'cut', 'fade', 'push', 'wipe'].map(function (v) {
                return h('option', {value: v, text: t('transition.' + (v || 'theme'))});
            }));
            tr.value = item.transition || '';
            more.appendChild(simple('transition', tr, 'field.transition'));
        }

        /* the buttons */
        form.appendChild(h('div', {class: 'form-actions'},
            h('button', {type: 'submit', class: 'btn btn-primary', text: t(source === 'feed' || source === 'drop' ? 'edit.save' : 'edit.save_override')}),
            id ? h('button', {type: 'button', class: 'btn', text: t('edit.duplicate'), onclick: duplicate}) : null,
            id && (source === 'feed' || source === 'drop') ? h('button', {type: 'button', class: 'btn btn-danger', text: t('edit.delete'), onclick: remove}) : null,
            h('a', {class: 'btn btn-quiet', href: '/slides.html', text: t('edit.back')})));
        var topErrors = h('div', {id: 'top-errors', role: 'alert'});
        form.insertBefore(topErrors, form.firstChild);
        form.addEventListener('submit', function (e) { e.preventDefault(); save(); });
        form.addEventListener('input', onInput);
        form.addEventListener('change', onInput);

        /* preview */
        previewImg = h('img', {class: 'preview', alt: t('edit.preview_alt')});
        previewMsg = h('p', {class: 'muted preview-msg', role: 'status', 'aria-live': 'polite'});
        var oBox = h('fieldset', {class: 'segmented'}, h('legend', {class: 'sr-only', text: t('edit.orientation')}),
            ['landscape', 'portrait'].map(function (o) {
                return h('label', null, h('input', {type: 'radio', name: 'po', value: o, checked: o === previewO,
                    onchange: function () { previewO = o; side.classList.toggle('portrait', o === 'portrait'); refreshPreview(); }}),
                    h('span', {text: t('edit.' + o)}));
            }));
        var lBox = h('fieldset', {class: 'segmented'}, h('legend', {class: 'sr-only', text: t('edit.preview_lang')}),
            LANGS.map(function (l) {
                return h('label', null, h('input', {type: 'radio', name: 'pl', value: l, checked: l === previewLang,
                    onchange: function () { previewLang = l; refreshPreview(); }}),
                    h('span', {text: l.toUpperCase(), title: t('lang.' + l)}));
            }));
        side.appendChild(h('div', {class: 'preview-box'}, h('h2', {text: t('edit.preview')}),
            h('div', {class: 'preview-tools'}, oBox, lBox), h('div', {class: 'preview-frame'}, previewImg), previewMsg,
            h('p', {class: 'hint', text: t('edit.preview_hint')})));
        side.lBox = lBox;
        refreshPreview();
        validate();
    }

    function drawQuick() {
        V.clear(statusBox);
        if (kind === 'event') {
            var st = item.status || 'scheduled';
            statusBox.appendChild(h('span', {class: 'quick-label', text: t('edit.status')}));
            ['scheduled', 'cancelled', 'postponed'].forEach(function (v) {
                statusBox.appendChild(h('button', {type: 'button', class: 'btn btn-toggle', 'aria-pressed': v === st ? 'true' : 'false',
                    text: t('status.set.' + v), onclick: function () {
                        item.status = v === 'scheduled' ? undefined : v;
                        drawQuick();
                        quickSave(t('status.done.' + v));
                    }}));
            });
        } else {
            var sold = item.seats === 0 || item.seats === '0';
            statusBox.appendChild(h('span', {class: 'quick-label', text: t('edit.sale')}));
            statusBox.appendChild(h('button', {type: 'button', class: 'btn btn-toggle', 'aria-pressed': sold ? 'true' : 'false',
                text: t(sold ? 'edit.soldout_undo' : 'edit.soldout'), onclick: function () {
                    item.seats = sold ? undefined : 0;
                    if (ctl.seats)
                        ctl.seats.value = sold ? '' : '0';
                    drawQuick();
                    quickSave(t(sold ? 'edit.soldout_undone' : 'edit.soldout_done'));
                }}));
        }
    }

    function quickSave(msg) {
        if (id)
            save(msg);
        else
            onInput();
    }

    function drawPhoto() {
        V.clear(photoBox);
        var file = h('input', {type: 'file', accept: 'image/*', id: 'f-image-file'});
        var bar = h('progress', {max: '100', value: '0', hidden: true, 'aria-label': t('edit.upload_progress')});
        var pct = h('span', {class: 'muted', role: 'status', 'aria-live': 'polite'});
        var path = item.image || '';
        ctl.image = {get: function () { return path; }, focus: function () { file.focus(); }};
        if (path) {
            var q = '?w=480&lang=fr&o=';
            var crops = h('div', {class: 'crops'},
                h('figure', null, h('img', {alt: t('edit.crop_landscape'), class: 'crop-l'}), h('figcaption', {text: t('edit.landscape')})),
                h('figure', null, h('img', {alt: t('edit.crop_portrait'), class: 'crop-p'}), h('figcaption', {text: t('edit.portrait')})));
            photoBox.appendChild(h('p', {text: t('edit.photo_is', {path: path.replace(/^.*\//, '')})}));
            photoBox.appendChild(crops);
            photoBox.appendChild(h('p', {class: 'hint', text: t('edit.crop_hint')}));
            photoBox.crops = crops;
            focusPicker(path);
        }
        photoBox.appendChild(h('div', {class: 'field'},
            h('label', {for: 'f-image-file', class: 'btn upload-btn', text: t(path ? 'edit.photo_change' : 'edit.photo_add')}),
            file, bar, pct,
            path ? h('button', {type: 'button', class: 'btn btn-quiet btn-small', text: t('edit.photo_remove'),
                                onclick: function () { item.image = item.focus = undefined; delete ctl.focus; drawPhoto(); onInput(); }}) : null));
        errorSlot('image', photoBox);
        file.addEventListener('change', function () {
            if (!file.files.length)
                return;
            var fd = new FormData();
            fd.append('file', file.files[0]);
            bar.hidden = false;
            bar.value = 0;
            pct.textContent = t('edit.uploading');
            V.upload('/api/uploads', fd, function (f) {
                bar.value = Math.round(f * 100);
                pct.textContent = t('edit.upload_pct', {p: Math.round(f * 100)});
            }).then(function (r) {
                if (r.status === 201) {
                    item = collect();
                    item.image = r.body.path;
                    item.focus = undefined; /* a new photo: its own point */
                    delete ctl.focus;
                    drawPhoto();
                    photoBox.querySelector('p').textContent = t('edit.uploaded', {w: r.body.width, h: r.body.height});
                    photoBox.querySelector('p').className = 'uploaded';
                    onInput();
                    photoBox.querySelector('.upload-btn').focus();
                } else {
                    bar.hidden = true;
                    pct.textContent = '';
                    errs.image.hidden = false;
                    errs.image.textContent = r.status === 413 ? t('edit.too_big') : r.status === 415 ? t('edit.not_image') : V.errorOf(r);
                }
            });
        });
        refreshCrops();
    }

    /* The focal point (the feed's focus, "x,y" in fractions of the photo):
     * a click on the photo sets it, and the crops above follow. Only for a
     * photo in the content folder's images/, which the console serves. */
    function focusPicker(path) {
        var focus = typeof item.focus === 'string' ? item.focus : '';
        ctl.focus = {get: function () { return focus; }};
        if (!/^images\/[^\/]+$/.test(path))
            return;
        var dot = h('span', {class: 'focus-dot', 'aria-hidden': 'true'});
        var img = h('img', {src: '/' + path, alt: t('edit.focus_alt')});
        var said = h('span', {class: 'muted', role: 'status', 'aria-live': 'polite'});
        var reset = h('button', {type: 'button', class: 'btn btn-quiet btn-small', text: t('edit.focus_reset')});
        function place() {
            var xy = focus ? focus.split(',').map(Number) : [0.5, 0.5];
            dot.style.left = (xy[0] * 100) + '%';
            dot.style.top = (xy[1] * 100) + '%';
            said.textContent = focus ? t('edit.focus_set') : t('edit.focus_centre');
            reset.hidden = !focus;
        }
        function set(v) {
            focus = v;
            item.focus = v || undefined;
            place();
            onInput();
            refreshCrops();
        }
        img.addEventListener('click', function (e) {
            var r = img.getBoundingClientRect();
            var fx = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
            var fy = Math.min(1, Math.max(0, (e.clientY - r.top) / r.height));
            set(fx.toFixed(2) + ',' + fy.toFixed(2));
        });
        reset.addEventListener('click', function () { set(''); });
        photoBox.appendChild(h('div', {class: 'field focus-field'},
            h('p', {class: 'focus-label', text: t('edit.focus_label')}),
            h('div', {class: 'focus-pick'}, img, dot),
            h('p', null, said, ' ', reset)));
        place();
    }

    function refreshCrops() {
        if (!photoBox || !photoBox.crops || !form)
            return;
        var it = collect();
        ['landscape', 'portrait'].forEach(function (o) {
            postPreview(it, o, 'fr', 480).then(function (url) {
                if (url)
                    photoBox.crops.querySelector(o === 'landscape' ? '.crop-l' : '.crop-p').src = url;
            });
        });
    }

    /* The item as the form says now: the stored item, with the form's fields. */
    function collect() {
        var it = JSON.parse(JSON.stringify(item || {kind: kind}));
        it.kind = kind;
        if (id)
            it.id = id;
        (TEXTS[kind] || []).forEach(function (name) {
            var o = {}, any = false, others = false;
            LANGS.forEach(function (l) {
                var c = ctl[name + '.' + l];
                var v = c ? c.value.trim() : '';
                if (v) {
                    o[l] = v;
                    any = true;
                    others = others || l !== 'fr';
                }
            });
            it[name] = !any ? undefined : others ? o : o.fr;
        });
        Object.keys(ctl).forEach(function (name) {
            if (name.indexOf('.') >= 0)
                return;
            var c = ctl[name];
            var v = c.get ? c.get() : c.value.trim();
            if (v === '' || v === undefined)
                v = undefined;
            else if (c.type === 'number')
                v = Number(v);
            if (name === 'holidays' && v === 'any')
                v = undefined;
            if (name === 'priority' && v === 'normal')
                v = undefined;
            it[name] = v;
        });
        if (pricesBox) {
            it.prices = Array.prototype.map.call(pricesBox.children, function (row) {
                var a = row.querySelector('input[type=number]').value;
                var label = {}, others = false, any = false;
                row.querySelectorAll('.price-label').forEach(function (c) {
                    if (c.value.trim()) {
                        label[c.dataset.lang] = c.value.trim();
                        any = true;
                        others = others || c.dataset.lang !== 'fr';
                    }
                });
                var p = {amount: a === '' ? undefined : Number(a)};
                if (any)
                    p.label = others ? label : label.fr;
                return p;
            }).filter(function (p) { return p.amount !== undefined || p.label; });
            if (!it.prices.length)
                it.prices = undefined;
        }
        Object.keys(it).forEach(function (k) { if (it[k] === undefined || it[k] === null) delete it[k]; });
        return it;
    }

    /* ---- live checks and preview ---- */

    var timer = 0;
    function onInput(e) {
        if (e && e.target && e.target.closest) {
            var holder = e.target.closest('[data-field]') || e.target;
            var f = holder.dataset && holder.dataset.field;
            var fs = e.target.closest('fieldset, .price, .photo');
            if (f)
                touched[f] = true;
            if (fs)
                fs.querySelectorAll('[data-field]').forEach(function (c) { touched[c.dataset.field] = true; });
        }
        if (e && e.target && e.target.dataset && e.target.dataset.lang && e.target.value) {
            var l = e.target.dataset.lang;
            if (l !== previewLang) {
                previewLang = l;
                touched['title.fr'] = true;
                var r = form.parentNode.querySelector('input[name=pl][value=' + l + ']');
                if (r)
                    r.checked = true;
            }
        }
        clearTimeout(timer);
        timer = setTimeout(function () { refreshPreview(); validate(); refreshCrops(); }, 200);
    }

    /* A new item has no id until it is saved, and an event no start until
     * one is typed: checks and previews use stand-ins meanwhile. */
    function draftOf(it, forPreview) {
        if (!it.id)
            it.id = 'nouvelle-diapositive';
        if (forPreview && it.kind === 'event' && !it.start)
            it.start = V.today();
        return it;
    }

    var lastUrl = {};
    function postPreview(it, o, lang, w) {
        it = draftOf(it, true);
        return V.api('POST', '/api/preview?o=' + o + '&lang=' + lang + '&w=' + w, it).then(function (r) {
            if (r.status !== 200 || !(r.body instanceof Blob))
                return null;
            var key = o + w;
            if (lastUrl[key])
                URL.revokeObjectURL(lastUrl[key]);
            lastUrl[key] = URL.createObjectURL(r.body);
            return lastUrl[key];
        });
    }

    var pseq = 0;
    function refreshPreview() {
        var mine = ++pseq;
        previewMsg.textContent = t('edit.preview_updating');
        postPreview(collect(), previewO, previewLang, previewO === 'portrait' ? 540 : 960).then(function (url) {
            if (mine !== pseq)
                return;
            if (url) {
                previewImg.src = url;
                previewMsg.textContent = t('edit.preview_shows', {o: t('edit.' + previewO), lang: t('lang.' + previewLang)}) +
                    (kind === 'event' && !ctl.start.get() ? ' ' + t('edit.preview_nodate') : '');
            } else
                previewMsg.textContent = t('edit.preview_waits');
        });
    }

    var vseq = 0;
    function validate() {
        var mine = ++vseq;
        V.api('POST', '/api/validate', draftOf(collect())).then(function (r) {
            if (mine === vseq && r.status === 200)
                showErrors(r.body.errors || [], true);
        });
    }

    function showErrors(list, soft) {
        Object.keys(errs).forEach(function (k) { errs[k].hidden = true; errs[k].textContent = ''; });
        form.querySelectorAll('[aria-invalid]').forEach(function (c) { c.removeAttribute('aria-invalid'); });
        var top = document.getElementById('top-errors');
        V.clear(top);
        var loose = [];
        if (!soft)
            all = true;
        list.forEach(function (e) {
            var f = e.field || '';
            if (soft && !all && id === null && !touched[f] && !touched[f.split('.')[0]])
                return;
            var slot = errs[f] || errs[f.replace(/\.(fr|eu|es|en)$/, '')] || errs[f.split('.')[0]];
            if (/^prices\.\d+\./.test(f))
                slot = errs.prices;
            if (slot) {
                slot.hidden = false;
                slot.textContent = (slot.textContent ? slot.textContent + ' ' : '') + e.message;
                var c = form.querySelector('[data-field="' + f + '"]');
                if (c)
                    c.setAttribute('aria-invalid', 'true');
            } else
                loose.push(e.message);
        });
        if (loose.length)
            top.appendChild(h('div', {class: 'notice notice-bad'}, h('ul', null, loose.map(function (m) { return h('li', {text: m}); }))));
        if (!soft && list.length) {
            var first = form.querySelector('[aria-invalid]');
            if (first)
                first.focus();
            else if (loose.length)
                top.scrollIntoView();
        }
    }

    /* ---- saving ---- */

    function flatten(v, prefix, out) {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
            Object.keys(v).forEach(function (k) { flatten(v[k], prefix ? prefix + '.' + k : k, out); });
        } else if (Array.isArray(v)) {
            v.forEach(function (x, i) { flatten(x, prefix + '.' + i, out); });
        } else
            out[prefix] = v;
        return out;
    }

    function save(msg) {
        var it = collect();
        var req;
        if (source !== 'feed' && source !== 'drop') {
            var a = flatten(original, '', {}), b = flatten(it, '', {}), fields = {};
            Object.keys(b).forEach(function (k) { if (a[k] !== b[k]) fields[k] = b[k]; });
            req = V.api('POST', '/api/items/' + encodeURIComponent(id) + '/override', {fields: fields});
        } else if (id)
            req = V.api('PUT', '/api/items/' + encodeURIComponent(id), it);
        else
            req = V.api('POST', '/api/items', it);
        req.then(function (r) {
            if (r.status === 200 || r.status === 201) {
                showErrors([]);
                if (r.body.item) {
                    item = r.body.item;
                    if (!id) {
                        id = item.id;
                        history.replaceState(null, '', '/edit.html?id=' + encodeURIComponent(id));
                        V.clear(main);
                        main.appendChild(h1);
                        build();
                    }
                }
                saved(msg || t('edit.saved'));
            } else if (r.status === 422) {
                V.say(t('edit.fix_errors'), 'bad');
                showErrors(r.body.errors || []);
            } else
                V.say(V.errorOf(r), 'bad');
        });
    }

    function saved(msg) {
        V.say('', 'ok');
        var box = document.getElementById('notice');
        box.className = 'notice notice-ok';
        box.appendChild(h('p', null, msg + ' ' + t('edit.not_yet_on_screen') + ' ',
            h('a', {class: 'btn btn-primary btn-small', href: '/publish.html', text: t('edit.go_publish')})));
        box.querySelector('a').focus();
        refreshPreview();
    }

    function duplicate() {
        V.api('POST', '/api/items/' + encodeURIComponent(id) + '/duplicate').then(function (r) {
            if (r.status === 201 && r.body.item)
                location.href = '/edit.html?id=' + encodeURIComponent(r.body.item.id) + '&copied=1';
            else
                V.say(V.errorOf(r), 'bad');
        });
    }

    function remove() {
        if (!confirm(t('edit.delete_confirm', {title: textOf(item.title, 'fr') || id})))
            return;
        V.api('DELETE', '/api/items/' + encodeURIComponent(id)).then(function (r) {
            if (r.status === 204)
                location.href = '/slides.html';
            else
                V.say(V.errorOf(r), 'bad');
        });
    }

    load();
    if (V.param('copied'))
        V.say(t('edit.copied'), 'info');
});
