/* vitrine console: what every page shares. Words come from i18n/<lang>.json
 * (one table), the API is the JSON contract of docs/console.md. No library. */
'use strict';
var V = (function () {
    var words = {};
    var csrf = '';
    var lang = 'fr';
    var pending = 0;    /* requests under way (tests wait for none) */

    /* The word for KEY, with {name} replaced from VARS. A missing key shows
     * itself in brackets so that it is found at once. */
    function t(key, vars) {
        var s = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : '[' + key + ']';
        if (vars)
            s = s.replace(/\{(\w+)\}/g, function (m, k) {
                return vars[k] === undefined ? m : String(vars[k]);
            });
        return s;
    }

    function has(key) { return Object.prototype.hasOwnProperty.call(words, key); }

    /* An element: h('p', {class: 'x', onclick: f}, 'text', child...). */
    function h(tag, attrs) {
        var e = document.createElement(tag);
        if (attrs)
            Object.keys(attrs).forEach(function (k) {
                var v = attrs[k];
                if (v === undefined || v === null || v === false)
                    return;
                if (k.slice(0, 2) === 'on')
                    e.addEventListener(k.slice(2), v);
                else if (k === 'class')
                    e.className = v;
                else if (k === 'text')
                    e.textContent = v;
                else if (k === 'style')  /* the CSP forbids style attributes, not the CSSOM */
                    Object.keys(v).forEach(function (p) { e.style.setProperty(p, v[p]); });
                else if (k === 'value' || k === 'checked' || k === 'open')
                    e[k] = v;
                else
                    e.setAttribute(k, v === true ? '' : v);
            });
        for (var i = 2; i < arguments.length; i++)
            add(e, arguments[i]);
        return e;
    }
    function add(e, c) {
        if (c === null || c === undefined || c === false)
            return;
        if (Array.isArray(c))
            c.forEach(function (x) { add(e, x); });
        else
            e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    function clear(e) {
        while (e.firstChild)
            e.removeChild(e.firstChild);
        return e;
    }

    /* Calls the API; resolves with {status, body}; a 401 sends to the login. */
    function api(method, path, body, opts) {
        var init = {method: method, credentials: 'same-origin', headers: {}};
        if (method !== 'GET')
            init.headers['X-CSRF-Token'] = csrf;
        if (body instanceof FormData)
            init.body = body;
        else if (body !== undefined) {
            init.headers['Content-Type'] = 'application/json; charset=utf-8';
            init.body = JSON.stringify(body);
        }
        /* counted until the caller's own .then has run (it may ask for more) */
        pending++;
        function done() { setTimeout(function () { pending--; }, 0); }
        return fetch(path, init).then(function (r) {
            if (r.status === 401 && !(opts && opts.noRedirect)) {
                done();
                location.href = '/login.html?next=' + encodeURIComponent(location.pathname + location.search);
                return new Promise(function () {});
            }
            var type = r.headers.get('Content-Type') || '';
            var p = type.indexOf('json') >= 0 ? r.json().catch(function () { return {}; })
                  : type.indexOf('image') >= 0 ? r.blob() : r.text();
            return p.then(function (b) {
                done();
                return {status: r.status, body: b, headers: r.headers};
            }, function () {
                done();
                return {status: 0, body: {error: t('err.network')}};
            });
        }, function () {
            done();
            return {status: 0, body: {error: t('err.network')}};
        });
    }

    /* The message of a failed answer, in words for staff. */
    function errorOf(res) {
        if (res.body && res.body.error)
            return res.body.error;
        if (res.body && res.body.errors && res.body.errors.length)
            return res.body.errors.map(function (e) { return e.message; }).join(' ');
        return t(res.status === 0 ? 'err.network' : 'err.server', {code: res.status});
    }

    /* An upload with progress: resolves with {status, body}. */
    function upload(path, form, onprogress) {
        return new Promise(function (resolve) {
            var x = new XMLHttpRequest();
            x.open('POST', path);
            x.setRequestHeader('X-CSRF-Token', csrf);
            x.responseType = 'json';
            x.upload.onprogress = function (e) {
                if (e.lengthComputable && onprogress)
                    onprogress(e.loaded / e.total);
            };
            x.onload = function () { resolve({status: x.status, body: x.response || {}}); };
            x.onerror = function () { resolve({status: 0, body: {error: t('err.network')}}); };
            x.send(form);
        });
    }

    var NAV = [
        ['/', 'nav.home'], ['/fleet.html', 'nav.fleet'], ['/slides.html', 'nav.slides'], ['/posters.html', 'nav.posters'],
        ['/programme.html', 'nav.programme'], ['/publish.html', 'nav.publish'],
        ['/partners.html', 'nav.partners'], ['/account.html', 'nav.account']
    ];

    function header(page, user) {
        var here = location.pathname === '/index.html' ? '/' : location.pathname;
        var nav = h('nav', {class: 'nav', 'aria-label': t('nav.label')},
            h('ul', null, NAV.map(function (n) {
                return h('li', null, h('a', {href: n[0], 'aria-current': n[0] === here ? 'page' : null,
                                              text: t(n[1])}));
            })));
        var bar = h('header', {class: 'top'},
            h('a', {class: 'skip', href: '#main', text: t('nav.skip')}),
            h('div', {class: 'top-row'},
                h('a', {class: 'brand', href: '/', text: t('app.name')}),
                h('span', {class: 'who'}, user ? t('nav.user', {user: user}) : ''),
                user ? h('button', {class: 'btn btn-quiet btn-small', type: 'button', onclick: logout,
                                    text: t('nav.logout')}) : null),
            user ? nav : null);
        document.body.insertBefore(bar, document.body.firstChild);
    }

    function logout() {
        api('POST', '/api/logout').then(function () { location.href = '/login.html'; });
    }

    /* A message in the live region at the top of the main column. */
    function say(text, kind) {
        var box = document.getElementById('notice');
        if (!box) {
            box = h('div', {id: 'notice', role: 'status', 'aria-live': 'polite'});
            var main = document.getElementById('main');
            var h1 = main.querySelector('h1');
            main.insertBefore(box, h1 ? h1.nextSibling : main.firstChild);
        }
        clear(box);
        box.className = text ? 'notice notice-' + (kind || 'ok') : '';
        if (text)
            box.appendChild(h('p', null, text));
    }

    function loadWords() {
        return fetch('/i18n/' + lang + '.json', {credentials: 'same-origin'})
            .then(function (r) { return r.json(); })
            .then(function (w) { words = w; document.documentElement.lang = lang; });
    }

    /* Loads the words, checks the session (unless PUBLIC), draws the header,
     * sets the title from TITLE_KEY and runs START(main, me). */
    function boot(titleKey, start, isPublic) {
        var ready = loadWords().then(function () {
            document.title = t(titleKey) + ' · ' + t('app.name');
            if (isPublic)
                return {user: null};
            return api('GET', '/api/me').then(function (r) {
                csrf = r.body.csrf || '';
                return r.body;
            });
        });
        ready.then(function (me) {
            header(titleKey, me.user);
            var main = document.getElementById('main');
            main.insertBefore(h('h1', {text: t(titleKey)}), main.firstChild);
            start(main, me);
        });
    }

    function setCsrf(c) { csrf = c; }

    function param(name) { return new URLSearchParams(location.search).get(name); }

    /* Dates in words: "samedi 17 octobre 2026", "17/10", "20:30". */
    function dateWords(s, short) {
        if (!s)
            return '';
        var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(s);
        if (!m)
            return s;
        var d = new Date(+m[1], +m[2] - 1, +m[3]);
        var txt = short ? t('date.short', {d: +m[3], m: t('month.short.' + (+m[2])), y: m[1]})
                        : t('date.long', {wd: t('weekday.' + d.getDay()), d: +m[3], m: t('month.' + (+m[2])), y: m[1]});
        return m[4] ? t('date.at', {date: txt, time: m[4] + ':' + m[5]}) : txt;
    }

    /* "le 12 déc. 2026, 20:30 – 22:15", "du 3 oct. au 4 oct. 2026", "à partir du …". */
    function dateRange(from, until) {
        var f = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(from || '');
        var u = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(until || '');
        if (f && u && f[1] === u[1])
            return t('range.day', {date: dateWords(f[1], true)}) +
                   (f[2] ? ', ' + f[2] + (u[2] ? ' – ' + u[2] : '') : '');
        if (f && u)
            return t('slides.from_until', {from: dateWords(from, true), until: dateWords(until, true)});
        if (f)
            return t('slides.from', {from: dateWords(from, true)});
        if (u)
            return t('slides.until', {until: dateWords(until, true)});
        return t('slides.always');
    }

    function today() {
        var d = new Date();
        return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
    }
    function pad(n) { return (n < 10 ? '0' : '') + n; }

    /* "1 h 05 min", "42 s". */
    function duration(sec) {
        sec = Math.round(sec || 0);
        if (sec < 60)
            return t('dur.s', {s: sec});
        var m = Math.floor(sec / 60), hh = Math.floor(m / 60);
        return hh ? t('dur.hm', {h: hh, m: pad(m % 60)}) : t('dur.m', {m: m});
    }

    function number(n) { return Number(n || 0).toLocaleString(lang); }

    /* A labelled field: label, control, hint and the place for its error. */
    function field(labelText, control, hint, extraClass) {
        var id = control.id || ('f-' + Math.random().toString(36).slice(2, 9));
        control.id = id;
        var hintEl = hint ? h('p', {class: 'hint', id: id + '-hint', text: hint}) : null;
        var err = h('p', {class: 'field-error', id: id + '-err', hidden: true});
        control.setAttribute('aria-describedby', (hint ? id + '-hint ' : '') + id + '-err');
        return h('div', {class: 'field' + (extraClass ? ' ' + extraClass : '')},
            h('label', {for: id, text: labelText}), hintEl, control, err);
    }

    function kindName(k) { return t('kind.' + k); }

    /* A screen's name for staff: the player on the console's own computer,
     * which has no configured id, is "local" in the API. */
    function screenName(name) { return name === 'local' ? t('screen.local') : name; }

    /* A file chooser that looks like a button and says which file is chosen
     * (the browser's own words would be in its language, not the table's). */
    function filePicker(id, name, buttonKey, noneKey, accept) {
        var input = h('input', {type: 'file', id: id, name: name, accept: accept, class: 'file-input'});
        var chosen = h('span', {class: 'muted file-name', text: t(noneKey)});
        input.addEventListener('change', function () {
            chosen.textContent = input.files.length ? input.files[0].name : t(noneKey);
        });
        var wrap = h('div', {class: 'file-picker'},
            h('label', {for: id, class: 'btn upload-btn', text: t(buttonKey)}), input, chosen);
        return {wrap: wrap, input: input, chosen: chosen};
    }

    /* The word for a count: KEY.one for 0 and 1 when the table has it. */
    function tn(key, n, vars) {
        vars = vars || {};
        vars.n = vars.n === undefined ? number(n) : vars.n;
        return t(n < 2 && has(key + '.one') ? key + '.one' : key, vars);
    }

    return {busy: function () { return pending; }, t: t, tn: tn, has: has, filePicker: filePicker, dateRange: dateRange, h: h, clear: clear, api: api, errorOf: errorOf, upload: upload, boot: boot, say: say,
            setCsrf: setCsrf, param: param, dateWords: dateWords, today: today, pad: pad,
            duration: duration, number: number, field: field, kindName: kindName, logout: logout,
            screenName: screenName};
})();
