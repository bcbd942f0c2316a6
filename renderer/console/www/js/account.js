/* The account: who is logged in, change one's own password, log out. */
'use strict';
V.boot('account.title', function (main, me) {
    var t = V.t, h = V.h;
    var old = h('input', {type: 'password', autocomplete: 'current-password', required: true});
    var nw = h('input', {type: 'password', autocomplete: 'new-password', required: true, minlength: '10'});
    var again = h('input', {type: 'password', autocomplete: 'new-password', required: true});
    var err = h('div', {class: 'form-error', role: 'alert'});
    var form = h('form', {class: 'card narrow', novalidate: true},
        h('h2', {text: t('account.change')}),
        V.field(t('account.old'), old), V.field(t('account.new'), nw, t('account.new_hint')),
        V.field(t('account.again'), again), err,
        h('button', {type: 'submit', class: 'btn btn-primary', text: t('account.save')}));
    main.appendChild(h('p', {class: 'lead', text: t('account.who', {user: me.user})}));
    main.appendChild(form);
    main.appendChild(h('section', {class: 'card narrow'}, h('h2', {text: t('account.leave')}),
        h('p', {text: t('account.leave_hint')}),
        h('button', {type: 'button', class: 'btn', text: t('nav.logout'), onclick: V.logout})));
    form.addEventListener('submit', function (e) {
        e.preventDefault();
        V.clear(err);
        if (!old.value || !nw.value) {
            err.textContent = t('account.empty');
            return;
        }
        if (nw.value !== again.value) {
            err.textContent = t('account.mismatch');
            again.focus();
            return;
        }
        V.api('POST', '/api/password', {old: old.value, new: nw.value}).then(function (r) {
            if (r.status === 204 || r.status === 200) {
                form.reset();
                V.say(t('account.changed'));
            } else
                err.textContent = V.errorOf(r);
        });
    });
});
