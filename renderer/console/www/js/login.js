/* The login page: user and password, then back to the page asked for. */
'use strict';
V.boot('login.title', function (main) {
    var t = V.t, h = V.h;
    var user = h('input', {type: 'text', name: 'user', autocomplete: 'username', required: true,
                           autocapitalize: 'none', spellcheck: 'false'});
    var pass = h('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true});
    var err = h('p', {class: 'form-error', role: 'alert'});
    var btn = h('button', {class: 'btn btn-primary btn-wide', type: 'submit', text: t('login.submit')});
    var form = h('form', {class: 'card login-card', novalidate: true},
        h('p', {class: 'lead', text: t('login.intro')}),
        V.field(t('login.user'), user), V.field(t('login.password'), pass), err, btn);
    main.appendChild(form);
    user.focus();
    form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        err.textContent = '';
        if (!user.value || !pass.value) {
            err.textContent = t('login.empty');
            (user.value ? pass : user).focus();
            return;
        }
        btn.disabled = true;
        V.api('POST', '/api/login', {user: user.value.trim(), password: pass.value}, {noRedirect: true})
            .then(function (r) {
                btn.disabled = false;
                if (r.status === 200) {
                    var next = V.param('next');
                    location.href = next && next.charAt(0) === '/' && next.charAt(1) !== '/' ? next : '/';
                } else if (r.status === 429) {
                    err.textContent = t('login.throttled', {s: r.headers ? r.headers.get('Retry-After') || '60' : '60'});
                } else if (r.status === 401) {
                    err.textContent = t('login.wrong');
                    pass.value = '';
                    pass.focus();
                } else {
                    err.textContent = V.errorOf(r);
                }
            });
    });
}, true);
