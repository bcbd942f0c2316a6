#!/usr/bin/python3
"""End-to-end tests of the console's pages in headless Chromium (Debian's
chromium, chromium-driver and python3-selenium), against a running
`vitrine console`. Prints PASS/FAIL lines for tests/run.sh; each failure
says what was expected. Pages are found by their French words, read from
the pages' own word table (renderer/console/www/i18n/fr.json), so that a
change of wording does not break the test.

usage: console_test.py --base URL --user U --password P --content DIR
                       --vitrine BIN --state DIR --artefacts DIR --config FILE
                       --player PID --xdisplay :N
"""
import argparse
import base64
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORDS = json.load(open(os.path.join(ROOT, 'renderer/console/www/i18n/fr.json'), encoding='utf-8'))
PAGES = ['/', '/slides.html', '/edit.html?kind=event', '/posters.html', '/publish.html',
         '/programme.html', '/partners.html', '/account.html']
failures = 0
results = {}


def w(key, **kw):
    s = WORDS[key]
    for k, v in kw.items():
        s = s.replace('{' + k + '}', str(v))
    return s


def check(name, fn):
    """Runs FN; PASS when it returns (its value is printed), FAIL on any error."""
    global failures
    t0 = time.time()
    try:
        out = fn()
        if os.environ.get('BROWSER_TIMES'):
            print('  %.1f s' % (time.time() - t0), file=sys.stderr)
        print('PASS %s%s' % (name, ' (%s)' % out if out not in (None, True) else ''), flush=True)
        results[name] = True
        return out
    except Exception as e:  # the failure names the step and what was wanted
        failures += 1
        results[name] = False
        print('FAIL %s: %s' % (name, str(e).strip().splitlines()[0] if str(e).strip() else repr(e)), flush=True)
        return None


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def browser(width, height, profile):
    """Headless Chromium with its profile in PROFILE (removed by the caller)."""
    o = webdriver.ChromeOptions()
    for a in ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
              '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=fr-FR',
              '--user-data-dir=' + profile,
              '--window-size=%d,%d' % (width, height)]:
        o.add_argument(a)
    o.add_experimental_option('prefs', {'intl.accept_languages': 'fr-FR,fr'})
    d = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=o)
    d.set_window_size(width, height)
    d.set_script_timeout(20)
    return d


class Console:
    def __init__(self, d, a, tag):
        self.d, self.a, self.tag = d, a, tag
        self.wait = WebDriverWait(d, 15)

    def go(self, path):
        self.d.get(self.a.base + path)
        self.wait.until(lambda d: d.execute_script(
            "var m = document.getElementById('main'); return m && m.querySelector('h1') !== null"))

    def settle(self):
        """Waits until the page has no request under way (V.busy counts a
        request until its caller has run, so a chain of requests is one)."""
        WebDriverWait(self.d, 15, poll_frequency=0.05).until(
            lambda d: d.execute_script("return window.V && V.busy() === 0"))

    def until(self, fn, what, timeout=15, poll=0.5):
        try:
            return WebDriverWait(self.d, timeout, poll_frequency=poll).until(lambda d: fn())
        except TimeoutException:
            raise AssertionError('waited %d s for %s' % (timeout, what))

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def api(self, method, path, body=None):
        """The page's own fetch, with its session and CSRF token."""
        return self.d.execute_async_script("""
            var done = arguments[arguments.length - 1];
            V.api(arguments[0], arguments[1], arguments[2] === null ? undefined : arguments[2])
             .then(function (r) { done({status: r.status, body: r.body instanceof Blob ? null : r.body}); });
        """, method, path, body)

    def button(self, text, scope=None):
        """The visible button or link saying TEXT, once the page has drawn it."""
        xp = ".//*[self::button or self::a][normalize-space()=%s]" % xpath_str(text)
        try:
            return WebDriverWait(self.d, 10).until(lambda d: next(
                (e for e in (scope or d).find_elements(By.XPATH, xp) if e.is_displayed()), False))
        except TimeoutException:
            raise AssertionError('a button "%s" on %s' % (text, self.d.current_url))

    def click(self, text, scope=None):
        b = self.button(text, scope)
        self.js('arguments[0].scrollIntoView({block: "center"})', b)
        b.click()

    def set_value(self, el, value):
        """A native date/time input set as a picker would, whatever the locale."""
        self.js("""var e = arguments[0]; e.value = arguments[1];
                   e.dispatchEvent(new Event('input', {bubbles: true}));
                   e.dispatchEvent(new Event('change', {bubbles: true}));""", el, value)

    def shot(self, name):
        self.js('window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur()')
        h = self.js('return document.documentElement.scrollHeight')
        w0, h0 = self.d.get_window_size()['width'], self.d.get_window_size()['height']
        extra = h0 - self.js('return window.innerHeight')  # the window's own bars
        if h > h0 - extra:
            self.d.set_window_size(w0, min(h + extra, 6000))
            try:
                WebDriverWait(self.d, 2, poll_frequency=0.05).until(lambda d: d.execute_script(
                    "return window.innerHeight >= arguments[0]", min(h, 6000 - extra)))
            except TimeoutException:
                pass
        try:  # the thumbnails in view are drawn on demand: wait for them (lazy ones below the shot never load)
            WebDriverWait(self.d, 10, poll_frequency=0.1).until(lambda d: d.execute_script(
                "return Array.prototype.every.call(document.images, function (i) {"
                " return i.complete || i.getBoundingClientRect().top > window.innerHeight; })"))
        except TimeoutException:
            pass
        path = os.path.join(self.a.artefacts, 'console-%s-%s.png' % (name, self.tag))
        self.d.save_screenshot(path)
        if h > h0 - extra:
            self.d.set_window_size(w0, h0)
        return path

    def login(self, user, password):
        self.d.get(self.a.base + '/login.html')
        self.until(lambda: self.d.find_elements(By.CSS_SELECTOR, 'input[name=user]'), 'the login form')
        u = self.d.find_element(By.CSS_SELECTOR, 'input[name=user]')
        u.clear()
        u.send_keys(user)
        p = self.d.find_element(By.CSS_SELECTOR, 'input[name=password]')
        p.send_keys(password)
        p.send_keys(Keys.ENTER)


def xpath_str(s):
    if "'" not in s:
        return "'%s'" % s
    return 'concat(%s)' % ", \"'\", ".join("'%s'" % p for p in s.split("'"))


def public_json(a, path):
    with urllib.request.urlopen(a.base + path, timeout=10) as r:
        return json.loads(r.read().decode('utf-8'))


def feed_ids(a):
    try:
        f = public_json(a, '/feed.json')
    except Exception:
        return None
    return [i.get('id') for i in f.get('items', [])]


# ---- accessibility, checked in the page itself ----

A11Y = r"""
function lum(c) {
    var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c);
    if (!m) return null;
    var v = [m[1], m[2], m[3]].map(function (x) {
        x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return {l: 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2], a: m[4] === undefined ? 1 : +m[4]};
}
function bg(e) {
    for (; e && e.nodeType === 1; e = e.parentElement) {
        var s = getComputedStyle(e);
        if (s.backgroundImage !== 'none' && e.tagName !== 'BODY') return null;  /* over a picture: not judged */
        var c = lum(s.backgroundColor);
        if (c && c.a > 0.5) return c.l;
    }
    return 1;
}
function visible(e) {
    var r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    var s = getComputedStyle(e);
    return s.visibility !== 'hidden' && s.display !== 'none' && +s.opacity > 0.1;
}
var problems = [];
/* every control has a name */
document.querySelectorAll('input, select, textarea').forEach(function (c) {
    if (c.type === 'hidden') return;
    var name = c.getAttribute('aria-label') || (c.labels && c.labels.length && c.labels[0].textContent.trim());
    if (!name && c.getAttribute('aria-labelledby'))
        name = c.getAttribute('aria-labelledby').split(' ').map(function (i) {
            var x = document.getElementById(i); return x ? x.textContent : ''; }).join(' ').trim();
    if (!name && (c.type === 'radio' || c.type === 'checkbox') && c.closest('label')) name = c.closest('label').textContent.trim();
    if (!name) problems.push('no label: ' + c.outerHTML.slice(0, 90));
});
/* every button and link says what it does */
document.querySelectorAll('button, a[href]').forEach(function (b) {
    if (!visible(b) && !b.closest('.menu')) return;
    var name = (b.getAttribute('aria-label') || b.textContent || '').trim() || (b.querySelector('img[alt]') || {}).alt;
    if (!name && b.getAttribute('aria-hidden') !== 'true') problems.push('no name: ' + b.outerHTML.slice(0, 90));
});
/* images have alt text (empty when decorative) */
document.querySelectorAll('img').forEach(function (i) {
    if (!i.hasAttribute('alt')) problems.push('img without alt: ' + i.src.slice(0, 60));
});
/* text contrast, WCAG AA */
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
var seen = 0;
for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    var e = n.parentElement;
    if (!visible(e) || e.closest('.sr-only, svg, option')) continue;
    var s = getComputedStyle(e), fg = lum(s.color), b = bg(e);
    if (!fg || b === null) continue;
    var hi = Math.max(fg.l, b), lo = Math.min(fg.l, b), ratio = (hi + 0.05) / (lo + 0.05);
    var size = parseFloat(s.fontSize), bold = +s.fontWeight >= 700;
    var need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    seen++;
    if (ratio < need - 0.01)
        problems.push('contrast ' + ratio.toFixed(2) + ' < ' + need + ': "' + n.nodeValue.trim().slice(0, 40) + '"');
}
/* every word comes from the table */
var missing = document.body.innerText.match(/\[[a-z]+\.[a-z_.0-9]+\]/g);
if (missing) problems.push('words missing from the table: ' + missing.slice(0, 5).join(' '));
if (document.documentElement.lang !== 'fr') problems.push('html lang is not fr');
return {problems: problems, texts: seen};
"""


def a11y(c, page):
    c.go(page)
    c.settle()
    r = c.js(A11Y)
    if page in ('/slides.html', '/programme.html') and c.tag == 'desk':
        c.shot(page.strip('/').split('.')[0] + '-all')
    expect(not r['problems'], '%s: %s' % (page, '; '.join(r['problems'][:6])))
    expect(r['texts'] > 5, '%s: only %d texts judged' % (page, r['texts']))
    return '%d texts' % r['texts']


def keyboard(c):
    """The login form, then the navigation and the editor, with the keyboard only."""
    c.js("return V.logout()")
    c.until(lambda: '/login.html' in c.d.current_url, 'the login page after logging out')
    c.until(lambda: c.js("return document.activeElement && document.activeElement.name === 'user'"),
            'the focus in the user field')
    act = webdriver.ActionChains(c.d)
    act.send_keys(c.a.user).send_keys(Keys.TAB).send_keys(c.a.password).send_keys(Keys.ENTER).perform()
    c.until(lambda: c.js("return location.pathname === '/' && !!document.querySelector('h1')"),
            'the home page after a keyboard login')
    # Tab from the top reaches the skip link, then the menu, each with a visible focus.
    c.js("document.activeElement.blur(); window.scrollTo(0, 0)")
    seen = []
    for _ in range(14):
        webdriver.ActionChains(c.d).send_keys(Keys.TAB).perform()
        info = c.js("""var e = document.activeElement, s = getComputedStyle(e);
                       return [e.tagName, (e.textContent || '').trim().slice(0, 30),
                               s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2];""")
        if info[0] == 'BODY':
            continue  # the focus left the page for the browser's own bar
        seen.append(info)
        expect(info[2], 'no visible focus on %s "%s"' % (info[0], info[1]))
    texts = [s[1] for s in seen]
    expect(w('nav.skip') in texts and w('nav.slides') in texts,
           'the skip link and the menu reached by Tab (got %s)' % texts)
    # Open the editor from the menu with Enter, type a title, reach the Save button.
    c.go('/edit.html?kind=notice')
    c.d.find_element(By.ID, 'f-title-fr').click()
    webdriver.ActionChains(c.d).send_keys('Essai clavier').perform()
    # as many Tabs as there are controls between the title and Save, at once
    n = c.js("""var all = Array.prototype.filter.call(document.querySelectorAll(
                    'a[href], button, input, select, textarea, summary, [tabindex]'), function (e) {
                    var r = e.getBoundingClientRect();
                    return e.tabIndex >= 0 && !e.disabled && (r.width > 0 || r.height > 0 || e.type === 'radio' || e.type === 'file');
                });
                var from = all.indexOf(document.getElementById('f-title-fr'));
                var to = all.indexOf(document.querySelector('button[type=submit]'));
                var radios = {};
                /* a group of radio buttons is one Tab stop */
                return all.slice(from + 1, to + 1).filter(function (e) {
                    if (e.type !== 'radio') return true;
                    if (radios[e.name]) return false;
                    return (radios[e.name] = true);
                }).length;""")
    expect(n and n < 120, 'the Save button after the title (%r controls)' % n)
    webdriver.ActionChains(c.d).send_keys(Keys.TAB * n).perform()
    for _ in range(10):  # a control this count missed: a few more Tabs, one at a time
        if c.js("return document.activeElement.type === 'submit'"):
            return 'Save reached by Tab'
        webdriver.ActionChains(c.d).send_keys(Keys.TAB).perform()
    raise AssertionError('the Save button not reached with Tab (%d Tabs after the title)' % (n + 10))


def preview_band(c):
    """How many pixels of the preview are the theme's band red (#c8102e)."""
    return c.d.execute_async_script("""
        var done = arguments[0], img = document.querySelector('img.preview');
        function count() {
            var cv = document.createElement('canvas'); cv.width = img.naturalWidth; cv.height = img.naturalHeight;
            var g = cv.getContext('2d'); g.drawImage(img, 0, 0);
            var p = g.getImageData(0, 0, cv.width, cv.height).data, n = 0;
            for (var i = 0; i < p.length; i += 4)
                if (Math.abs(p[i] - 200) < 18 && p[i + 1] < 40 && Math.abs(p[i + 2] - 46) < 20) n++;
            done(n / (cv.width * cv.height));
        }
        if (img.complete && img.naturalWidth) count(); else img.onload = count;
    """)


def flow(c, title, photo, shots, before=None, fresh=True):
    """Log in, upload a photo and create an event with it, see its thumbnail,
    publish, mark it cancelled and see the band, restore and see it gone."""
    a = c.a
    state = {}

    def login():
        c.d.get(a.base + '/')
        c.until(lambda: '/login.html' in c.d.current_url, 'the redirect to /login.html')
        c.until(lambda: c.d.find_elements(By.CSS_SELECTOR, 'input[name=user]'), 'the login form')
        if shots:
            c.shot('login')
        c.login(a.user, a.password)
        c.until(lambda: c.js("return location.pathname === '/' && document.querySelector('h1') && "
                             "document.querySelector('h1').textContent") == w('home.title'), 'the home page')
        if shots:
            c.shot('home')
    if fresh:
        check('%s: log in' % c.tag, login)
    elif shots:  # the session goes on: the login page's look only
        c.d.get(a.base + '/login.html')
        c.until(lambda: c.d.find_elements(By.CSS_SELECTOR, 'input[name=user]'), 'the login form')
        c.shot('login')
    if before:
        before()

    def errors_beside_fields():
        """A price too high, typed: the check's words appear beside the prices."""
        c.go('/edit.html?kind=event')
        c.click(w('edit.add_price'))
        c.d.find_element(By.CSS_SELECTOR, '.price input[type=number]').send_keys('200000')
        err = c.until(lambda: c.js("""var f = document.querySelector('.prices').parentNode.querySelector(':scope > .field-error');
            return f && !f.hidden && f.textContent"""), 'an error beside the prices')
        expect(c.js("return document.querySelector('.price input[type=number]').getAttribute('aria-invalid')") == 'true',
               'the amount marked invalid')
        return err
    check('%s: an error shows beside its field' % c.tag, errors_beside_fields)

    def create():
        c.go('/edit.html?kind=event')
        c.d.find_element(By.ID, 'f-title-fr').send_keys(title)
        c.d.find_element(By.ID, 'f-venue-fr').send_keys('Salle des Fêtes')
        c.set_value(c.d.find_element(By.ID, 'f-start-d'), time.strftime('%Y-%m-%d', time.localtime(time.time() + 3 * 86400)))
        c.set_value(c.d.find_element(By.ID, 'f-start-t'), '20:30')
        c.d.find_element(By.ID, 'f-image-file').send_keys(photo)
        c.until(lambda: c.js("var p = document.querySelector('.photo .uploaded'); return p && p.textContent"),
                'the photo uploaded')
        c.until(lambda: c.js("var i = document.querySelector('.crops img.crop-l'); return i && i.naturalWidth > 0"),
                'the landscape crop of the photo')
        c.until(lambda: c.js("var i = document.querySelector('.crops img.crop-p'); return i && i.naturalWidth > 0"),
                'the portrait crop of the photo')
        # The focal point: a click on the whole photo, high on the right.
        c.until(lambda: c.js("var i = document.querySelector('.focus-pick img'); return i && i.naturalWidth > 0"),
                'the photo to choose the focal point on')
        c.js("""var i = document.querySelector('.focus-pick img'), r = i.getBoundingClientRect();
            i.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width * 0.8,
                                                     clientY: r.top + r.height * 0.25}));""")
        c.until(lambda: c.js("var d = document.querySelector('.focus-dot'); return d && d.style.left") == '80%',
                'the focal point marked where clicked')
        if shots:
            c.shot('edit')
        c.click(w('edit.save'))
        c.until(lambda: 'id=' in c.js('return location.search'), 'the new id in the address')
        state['id'] = c.js("return new URLSearchParams(location.search).get('id')")
        item = c.api('GET', '/api/items/' + state['id'])
        expect(item['status'] == 200, 'GET /api/items/%s: %s' % (state['id'], item))
        expect(item['body']['item'].get('image', '').startswith('images/'),
               'the event has the uploaded photo (image=%r)' % item['body']['item'].get('image'))
        expect(item['body']['item'].get('focus') == '0.80,0.25',
               'the event keeps the focal point clicked (focus=%r)' % item['body']['item'].get('focus'))
        return state['id']
    check('%s: upload a photo and create an event with it' % c.tag, create)

    def live_preview():
        """Typing in English shows the English preview, soon after the pause."""
        before = c.js("return document.querySelector('img.preview').src")
        c.d.find_element(By.ID, 'f-title-en').send_keys('Test concert')
        t0 = time.time()
        c.until(lambda: c.js("return document.querySelector('img.preview').src") != before and
                c.js("return document.querySelector('input[name=pl][value=en]').checked"),
                'the English preview after typing', timeout=10, poll=0.02)
        return 'updated %.2f s after the last key' % (time.time() - t0)
    if state.get('id'):
        check('%s: the live preview follows the typing' % c.tag, live_preview)

        def save_en():
            c.click(w('edit.save'))
            c.until(lambda: c.js("var n = document.getElementById('notice'); return n && /notice-ok/.test(n.className)"),
                    'the saved notice')
        check('%s: save the English title' % c.tag, save_en)

    def thumbnail():
        c.go('/slides.html?q=' + urllib.request.quote(title))
        c.until(lambda: c.js("""var title = arguments[0];
            return Array.prototype.some.call(document.querySelectorAll('.slide'), function (s) {
                var i = s.querySelector('img.thumb');
                return s.textContent.indexOf(title) >= 0 && i && i.complete && i.naturalWidth > 0; });""", title),
                'the card of "%s" with its thumbnail' % title)
        if shots:
            c.shot('slides')
    check('%s: see its thumbnail' % c.tag, thumbnail)

    def publish():
        c.go('/publish.html')
        h = c.api('GET', '/api/history')
        state['before'] = max([v['version'] for v in (h['body'] or {}).get('versions', [])] or [0])
        c.until(lambda: c.button(w('publish.button')), 'the publish button')
        if shots:
            c.shot('publish')
        c.click(w('publish.button'))
        done = c.until(lambda: c.js("var t = document.querySelector('.notice-ok .notice-title'); return t && t.textContent"),
                       'the "published" notice')
        ids = feed_ids(a)
        expect(ids is None or state['id'] in ids, 'the published feed has %s' % state['id'])
        # "Afficher maintenant": the request reaches the screen's inbox (202)
        if a.player:  # the player has the published feed before it is asked to show it
            c.until(lambda: state['id'] in (status(a).get('feed') or {}).get('ids', []),
                    'the player\'s feed with %s (status.json)' % state['id'], timeout=20)
        c.js("document.getElementById('show-item').value = arguments[0]", state['id'])
        c.click(w('publish.show_now'))
        state['clicked'] = time.time()
        screen = c.js("var s = document.getElementById('show-screen'); return s.options[s.selectedIndex].text")
        c.until(lambda: c.js("return document.body.innerText.indexOf(arguments[0]) >= 0",
                             w('publish.shown', screen=screen)), 'the "shown now" answer')
        return done
    if state.get('id'):
        check('%s: publish' % c.tag, publish)
        if a.player and results.get('%s: publish' % c.tag):
            check('%s: "show it now" shows the event on the player under Xvfb' % c.tag,
                  lambda: show_now_on_player(c, state['id'], state['clicked']))
        stop_player(a)

    def cancel():
        c.go('/edit.html?id=' + state['id'])
        c.until(lambda: c.js("var i = document.querySelector('img.preview'); return i && i.naturalWidth > 0"), 'the preview')
        c.settle()
        before = preview_band(c)
        src = c.js("return document.querySelector('img.preview').src")
        c.click(w('status.set.cancelled'))
        c.until(lambda: c.js("var n = document.getElementById('notice'); return n && /notice-ok/.test(n.className)"),
                'the "cancelled" notice')
        c.until(lambda: c.js("return document.querySelector('img.preview').src") != src, 'a new preview')
        after = preview_band(c)
        item = c.api('GET', '/api/items/' + state['id'])['body']['item']
        expect(item.get('status') == 'cancelled', 'status cancelled saved (got %r)' % item.get('status'))
        expect(after > before + 0.01, 'the red band on the preview (red share %.3f before, %.3f after)' % (before, after))
        if shots:
            c.shot('edit-cancelled')
        return 'band covers %.1f %% of the preview' % (100 * after)
    if state.get('id'):
        check('%s: mark the event cancelled and see the band' % c.tag, cancel)

    def restore():
        c.go('/publish.html')
        expect(state['before'] > 0, 'a version before ours to restore (history was empty)')
        c.until(lambda: c.d.find_elements(By.CSS_SELECTOR, '.version'), 'the history')
        rows = [r for r in c.d.find_elements(By.CSS_SELECTOR, '.version')
                if r.find_element(By.CSS_SELECTOR, 'strong').text == w('publish.version', v=state['before'])]
        expect(rows, 'version %d in the history' % state['before'])
        diff = c.button(w('publish.see_diff'))
        diff.click()
        c.until(lambda: c.d.find_elements(By.CSS_SELECTOR, 'table.diff, .diff-holder p'), 'a readable difference')
        if shots:
            c.shot('history')
        c.click(w('publish.restore'), rows[0])
        c.d.switch_to.alert.accept()
        c.until(lambda: c.js("var n = document.getElementById('notice'); return n && /notice-ok/.test(n.className)"),
                'the "restored" notice')
        ids = feed_ids(a)
        expect(ids is not None and state['id'] not in ids, 'the event gone from /feed.json after the restore')
        c.go('/slides.html?q=' + urllib.request.quote(title))
        c.settle()
        expect(not c.js("return document.querySelectorAll('.slide').length"), 'the event gone from the slides')
    if state.get('id'):
        check('%s: restore the previous version and see the event gone' % c.tag, restore)
    return state


def status(a):
    """The player's STATE/status.json, or {} while it is being written."""
    try:
        return json.load(open(os.path.join(a.state, 'status.json'), encoding='utf-8'))
    except (OSError, ValueError):
        return {}


def schedule_day(a):
    """`vitrine schedule --day --json` today on the test's configuration:
    the ids of the day's slides, in order."""
    out = subprocess.run([a.vitrine, 'schedule', '-c', a.config, '--day', time.strftime('%Y-%m-%d'), '--json'],
                         capture_output=True, text=True)
    expect(out.returncode == 0, 'vitrine schedule: %s' % out.stderr.strip()[-300:])
    ids = [x.get('id') for x in json.loads(out.stdout).get('slides', [])]
    expect(ids, 'slides in vitrine schedule --day: %r' % out.stdout[-300:])
    return ids


IMPORTED_HIDE, IMPORTED_PIN = 'RESNOR050V50LHP5', 'DEGLAR034V51N5DK'


def imported(c, shots):
    """An imported item hidden, another pinned and its title corrected, in
    the pages; published, the screen's rotation (vitrine schedule, the
    running player) and the overlay of the import (vitrine import
    --overlay) follow."""
    a = c.a
    corrected = 'Domaine de Soustres, caveau ouvert'

    def card_of(iid, words):
        """The card of IID, found as staff would: by words of its title."""
        c.go('/slides.html?q=' + urllib.request.quote(words))
        c.settle()
        return c.until(lambda: next((e for e in c.d.find_elements(By.CSS_SELECTOR, '.slide')
                                     if w('source.datatourisme') in e.text and
                                     e.find_element(By.CSS_SELECTOR, 'a').get_attribute('href').endswith('id=' + iid)), False),
                       'the card of the imported %s with its source' % iid)

    def done(key):
        c.until(lambda: c.js("var n = document.getElementById('notice'); return n && /notice-ok/.test(n.className) && n.textContent"),
                'the "%s" notice' % w(key, title='…'))

    before = schedule_day(a)
    expect(IMPORTED_HIDE in before and IMPORTED_PIN in before, 'the imported items in today\'s rotation')
    card = card_of(IMPORTED_HIDE, 'Chez Jeanne')
    c.click(w('slides.hide'), card)
    done('slides.hidden_done')
    c.until(lambda: w('slides.is_hidden') in c.d.find_element(By.CSS_SELECTOR, '.slide').text, 'the "hidden" badge')
    card = card_of(IMPORTED_PIN, 'Soustres')
    c.click(w('slides.pin'), card)
    done('slides.pinned_done')
    card = c.until(lambda: next((e for e in c.d.find_elements(By.CSS_SELECTOR, '.slide')
                                 if w('slides.is_pinned') in e.text), False), 'the "pinned" badge')
    c.settle()
    if shots:
        c.shot('slides-imported')
    c.click(w('slides.correct'), card)
    title = c.until(lambda: c.d.find_elements(By.ID, 'f-title-fr'), 'the editor of the imported item')[0]
    expect(w('edit.imported', source=w('source.datatourisme')) in c.js("return document.getElementById('main').textContent"),
           'the editor says where the item comes from')
    title.clear()
    title.send_keys(corrected)
    c.click(w('edit.save_override'))
    done('edit.saved')
    if shots:
        c.shot('edit-imported')
    c.go('/publish.html')
    c.click(w('publish.button'))
    c.until(lambda: c.js("var t = document.querySelector('.notice-ok .notice-title'); return t && t.textContent"),
            'the "published" notice')
    # what the screen will play: the rotation of today, the import laid under the office's feed
    after = schedule_day(a)
    expect(IMPORTED_HIDE not in after, 'the hidden %s out of vitrine schedule --day' % IMPORTED_HIDE)
    # pinned: every cycle, ahead of the others
    expect(after.index(IMPORTED_PIN) < before.index(IMPORTED_PIN) and after.index(IMPORTED_PIN) < 3,
           'the pinned %s sooner in the rotation (slide %d of the day, was %d)'
           % (IMPORTED_PIN, after.index(IMPORTED_PIN) + 1, before.index(IMPORTED_PIN) + 1))
    feed = re.search(r'^feed = (.*)$', open(a.config).read(), re.M).group(1)  # the office's, first
    ov = subprocess.run([a.vitrine, 'import', '--overlay', feed,
                         os.path.join(ROOT, 'tests/fixtures/sit/datatourisme')], capture_output=True, text=True)
    expect(ov.returncode == 0, 'vitrine import --overlay: %s' % ov.stderr.strip()[-300:])
    items = {i['id']: i for i in json.loads(ov.stdout)['items']}
    t = items.get(IMPORTED_PIN, {}).get('title')
    expect((t.get('fr') if isinstance(t, dict) else t) == corrected,
           'the corrected title in the overlay (got %r)' % t)
    expect(IMPORTED_HIDE not in items, 'the hidden item out of the overlay')
    # the running player took the published feed: the hidden item is gone
    c.until(lambda: IMPORTED_HIDE not in (status(a).get('feed') or {}).get('ids', [IMPORTED_HIDE]) and
            IMPORTED_PIN in (status(a).get('feed') or {}).get('ids', []),
            'the player\'s feed without %s (status.json)' % IMPORTED_HIDE, timeout=20)
    return 'pinned: slide %d of the day instead of %d; hidden: %s' % (
        after.index(IMPORTED_PIN) + 1, before.index(IMPORTED_PIN) + 1, IMPORTED_HIDE)


def player_running(a):
    """True while the player runs (a zombie, ended but not yet reaped by
    the shell that started it, has ended)."""
    try:
        return open('/proc/%d/stat' % a.player).read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return False


def stop_player(a):
    """Ends the real player (so that the play log stops growing)."""
    if a.player and player_running(a):
        os.kill(a.player, signal.SIGTERM)
        for _ in range(100):
            if not player_running(a):
                break
            time.sleep(0.05)
    a.player = 0


def magick_distance(x, y):
    """ImageMagick's RMSE between two pictures of the same size, 0 to 1."""
    r = subprocess.run(['compare', '-metric', 'RMSE', x, y, 'null:'], capture_output=True, text=True)
    m = re.search(r'\(([\d.e+-]+)\)', r.stderr)
    expect(m, 'compare %s %s: %s' % (x, y, r.stderr.strip()))
    return float(m.group(1))


def show_now_on_player(c, iid, t0):
    """After "show it now": the player under Xvfb shows IID within seconds
    (its status.json, then its play log), and a screenshot of its screen is
    nearer the console's preview of IID than the previews of the slides it
    showed before."""
    a = c.a
    c.until(lambda: (status(a).get('showing') or {}).get('item') == iid,
            'the player showing %s (status.json: %r)' % (iid, (status(a).get('showing') or {})), timeout=20)
    took = time.time() - t0
    time.sleep(1.2)  # the transition's end
    shot = os.path.join(a.artefacts, 'player-show-now.png')
    r = subprocess.run(['import', '-display', a.xdisplay, '-window', 'root', shot], capture_output=True, text=True)
    expect(r.returncode == 0, 'import -window root: %s' % r.stderr.strip())
    lang = (status(a).get('showing') or {}).get('lang') or 'fr'
    cookies = '; '.join('%s=%s' % (k['name'], k['value']) for k in c.d.get_cookies())

    tmp = tempfile.mkdtemp(prefix='vitrine-previews-')

    def preview(pid):
        req = urllib.request.Request(a.base + '/api/preview/%s.png?o=landscape&lang=%s&w=960' % (pid, lang),
                                     headers={'Cookie': cookies})
        path = os.path.join(a.artefacts if pid == iid else tmp, 'preview-%s.png' % pid)
        with urllib.request.urlopen(req, timeout=20) as res:
            open(path, 'wb').write(res.read())
        return path
    others = []
    for f in sorted(os.listdir(a.state)):
        if f.startswith('playlog-') and f.endswith('.jsonl'):
            for line in open(os.path.join(a.state, f), encoding='utf-8'):
                try:
                    others.append(json.loads(line)['id'])
                except (ValueError, KeyError):
                    pass
    others = [x for x in dict.fromkeys(reversed(others)) if x != iid][:3]
    mine = magick_distance(shot, preview(iid))
    theirs = {x: magick_distance(shot, preview(x)) for x in others}
    shutil.rmtree(tmp, ignore_errors=True)
    expect(theirs and mine < min(theirs.values()),
           'the screen is nearer the preview of %s (%.3f) than of %r' % (iid, mine, theirs))
    # the home page with the player's own screenshot of the event (every 2 s, vitrine.conf)
    c.go('/')
    c.until(lambda: c.js("var i = document.querySelector('img.shot'); return i && i.complete && i.naturalWidth > 0"),
            'the screen\'s screenshot on the home page')
    c.shot('home')
    return 'on screen %.1f s after the click; distance to its preview %.3f, to others %.3f+' % (
        took, mine, min(theirs.values()))


def partners(c, shots):
    """The partner's figures for this month equal `vitrine report`'s."""
    a = c.a
    done = os.path.join(os.path.dirname(a.state), 'play.done')
    c.until(lambda: os.path.exists(done), 'the end of vitrine play (%s)' % done, timeout=40)
    stop_player(a)
    month = time.strftime('%Y-%m')
    first = month + '-01'
    last = time.strftime('%Y-%m-%d')
    rep = subprocess.run([a.vitrine, 'report', '--state', a.state, '--by', 'partner', '--csv',
                          '--from', first, '--to', time.strftime('%Y-%m-31')], capture_output=True, text=True)
    expect(rep.returncode == 0, 'vitrine report: %s' % rep.stderr.strip())
    rows = {r['partner']: r for r in csv.DictReader(io.StringIO(rep.stdout))}
    rows.pop('total', None)
    expect(rows, 'plays for some partner in the play log (vitrine report printed %r)' % rep.stdout)
    pid = max(rows, key=lambda k: int(rows[k]['plays']))
    c.go('/partners.html?partner=%s&month=%s' % (pid, month))
    c.until(lambda: c.d.find_elements(By.ID, 'fig-plays'), 'the figures of %s' % pid)
    shown = c.d.find_element(By.ID, 'fig-plays').text
    expect(int(re.sub(r'\D', '', shown)) == int(rows[pid]['plays']),
           'plays of %s: page says %s, vitrine report says %s' % (pid, shown, rows[pid]['plays']))
    # the per-screen table adds up to the total, the chart has a bar per day
    per = sum(int(re.sub(r'\D', '', td.text)) for td in
              c.d.find_elements(By.CSS_SELECTOR, '#per-screen tbody td:nth-child(2)'))
    expect(per == int(rows[pid]['plays']), 'per-screen plays add up (%d)' % per)
    bars = len(c.d.find_elements(By.CSS_SELECTOR, 'svg.chart rect.bar'))
    expect(bars >= 28, 'a bar per day in the chart (%d)' % bars)
    # the CSV download has the same figure
    href = c.d.find_element(By.XPATH, "//a[normalize-space()=%s]" % xpath_str(w('partners.csv'))).get_attribute('href')
    got = c.d.execute_async_script("""var done = arguments[1];
        fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(done);""", href)
    expect(str(rows[pid]['plays']) in got, 'the CSV has %s plays: %r' % (rows[pid]['plays'], got[:200]))
    # the printable attestation: print media hides the menu; A4 PDF kept as an artefact
    c.d.execute_cdp_cmd('Emulation.setEmulatedMedia', {'media': 'print'})
    hidden = c.js("return getComputedStyle(document.querySelector('header.top')).display === 'none' && "
                  "getComputedStyle(document.querySelector('form.filters')).display === 'none'")
    c.d.execute_cdp_cmd('Emulation.setEmulatedMedia', {'media': ''})
    expect(hidden, 'the menu and the form hidden when printing')
    pdf = c.d.execute_cdp_cmd('Page.printToPDF', {'paperWidth': 8.27, 'paperHeight': 11.69, 'preferCSSPageSize': True})
    data = base64.b64decode(pdf['data'])
    open(os.path.join(a.artefacts, 'attestation-%s.pdf' % c.tag), 'wb').write(data)
    pages = len(re.findall(rb'/Type\s*/Page[^s]', data))
    expect(pages >= 1, 'a printable PDF')
    if shots:
        c.shot('partners')
    return '%s: %s plays, %d PDF page(s)' % (pid, rows[pid]['plays'], pages)


def duplicate_and_sold_out(c):
    """Duplicate an event (next year's festival) and delete the copy; mark a
    ticket sold out in one click."""
    c.go('/edit.html?id=concert-noel')
    c.click(w('edit.duplicate'))
    c.until(lambda: 'copied=1' in c.d.current_url and c.js("return !!document.getElementById('f-title-fr')"),
            'the copy opened in the editor')
    copy = c.js("return new URLSearchParams(location.search).get('id')")
    expect(copy and copy != 'concert-noel', 'a new id for the copy (%r)' % copy)
    expect(c.d.find_element(By.ID, 'f-title-fr').get_attribute('value'), 'the copy keeps the title')
    c.click(w('edit.delete'))
    c.d.switch_to.alert.accept()
    c.until(lambda: '/slides.html' in c.d.current_url, 'the list after deleting the copy')
    c.go('/edit.html?id=billet-concert-noel')
    c.click(w('edit.soldout'))
    c.until(lambda: c.js("var n = document.getElementById('notice'); return n && /notice-ok/.test(n.className)"),
            'the "sold out" notice')
    seats = c.api('GET', '/api/items/billet-concert-noel')['body']['item'].get('seats')
    expect(seats in (0, '0'), 'seats 0 saved (got %r)' % seats)
    c.api('POST', '/api/draft/discard')
    return 'copy %s' % copy


def posters(c, photo, shots):
    c.go('/posters.html')
    c.d.find_element(By.CSS_SELECTOR, 'input[name=file]').send_keys(photo)
    c.set_value(c.d.find_element(By.CSS_SELECTOR, 'input[name=until]'), time.strftime('%Y-12-31'))
    c.d.find_element(By.CSS_SELECTOR, 'input[name=caption]').send_keys('Marché de Noël des producteurs')
    c.click(w('posters.send'))
    c.until(lambda: c.js("return document.body.innerText.indexOf(arguments[0]) >= 0", w('posters.done')), 'the poster dropped')
    c.until(lambda: c.js("return Array.prototype.some.call(document.querySelectorAll('.slide'), function (s) {"
                         "return s.textContent.indexOf('Marché de Noël des producteurs') >= 0; })"), 'the poster in the list')
    if shots:
        c.shot('posters')


def programme(c, shots):
    c.go('/programme.html')
    c.until(lambda: c.d.find_elements(By.CSS_SELECTOR, '.timeline .slot, .empty'), 'the timeline')
    n = len(c.d.find_elements(By.CSS_SELECTOR, '.timeline .slot'))
    reasons = [e.text for e in c.d.find_elements(By.CSS_SELECTOR, '.hidden-list li')]
    expect(n > 0, 'slides in today\'s timeline')
    expect(reasons and all(' — ' in r and len(r.split(' — ', 1)[1]) > 3 for r in reasons),
           'a reason for each slide that does not play (%r)' % reasons[:3])
    if shots:
        c.shot('programme')
    return '%d slots, %d hidden with a reason' % (n, len(reasons))


def account(c, shots):
    a = c.a
    c.go('/account.html')
    if shots:
        c.shot('account')
    new = a.password + '-2'
    pw = c.d.find_elements(By.CSS_SELECTOR, 'input[type=password]')
    pw[0].send_keys(a.password)
    pw[1].send_keys(new)
    pw[2].send_keys(new)
    c.click(w('account.save'))
    c.until(lambda: c.js("return document.body.innerText.indexOf(arguments[0]) >= 0", w('account.changed')),
            'the "password changed" notice')
    c.click(w('nav.logout'))
    c.until(lambda: '/login.html' in c.d.current_url, 'the login page after logging out')
    c.login(a.user, new)
    c.until(lambda: c.js("return location.pathname") == '/', 'a login with the new password')
    a.password = new


def phone_layout(c):
    bad = []
    for p in PAGES + ['/edit.html?id=concert-noel']:
        t0 = time.time()
        c.go(p)
        c.settle()
        sw = c.js('return document.documentElement.scrollWidth')
        if sw > 391:
            bad.append('%s is %d px wide' % (p, sw))
        small = c.js("""return Array.prototype.filter.call(document.querySelectorAll('button, a.btn, input, select, .nav a'),
            function (e) {
                if (e.type === 'file') return false;
                var t = (e.type === 'checkbox' || e.type === 'radio') && e.closest('label') ? e.closest('label') : e;
                var r = t.getBoundingClientRect();
                return r.width > 0 && r.height < 40; })
            .map(function (e) { return e.tagName + ':' + (e.textContent || e.name || e.type).trim().slice(0, 20); })""")
        if small:
            bad.append('%s: small touch targets %s' % (p, small[:4]))
        name = p.strip('/').split('.')[0] or 'home'
        t1 = time.time()
        c.shot(name if name != 'edit' else 'edit-new' if 'kind=' in p else 'edit-existing')
        if os.environ.get('BROWSER_TIMES'):
            print('    %s %.1f + shot %.1f s' % (p, t1 - t0, time.time() - t1), file=sys.stderr)
    expect(not bad, '; '.join(bad))


def without_js(c):
    """With JavaScript off, every page says so in French, in the table's
    words, and how to turn it on; a page that needs a session still sends
    to the login page first (the server does)."""
    a = c.a
    bad = []
    c.d.execute_cdp_cmd('Emulation.setScriptExecutionDisabled', {'value': True})
    try:
        for p in PAGES + ['/login.html']:
            c.d.get(a.base + p)
            shown = [e.text for e in c.d.find_elements(By.CSS_SELECTOR, '.noscript') if e.is_displayed()]
            text = ' '.join(shown).replace('\u00a0', ' ')
            if w('app.noscript_title') not in text or w('app.noscript').replace('\u00a0', ' ') not in text:
                bad.append('%s says %r' % (p, text[:80]))
        c.shot('nojs')
    finally:
        c.d.execute_cdp_cmd('Emulation.setScriptExecutionDisabled', {'value': False})
        c.go('/')
    expect(not bad, 'the French "JavaScript is off" message: ' + '; '.join(bad))
    return '%d pages' % (len(PAGES) + 1)


def main():
    ap = argparse.ArgumentParser()
    for k in ['base', 'user', 'password', 'content', 'vitrine', 'state', 'artefacts', 'config', 'xdisplay']:
        ap.add_argument('--' + k, required=True)
    ap.add_argument('--player', type=int, required=True)
    a = ap.parse_args()
    os.makedirs(a.artefacts, exist_ok=True)
    photo = os.path.abspath(os.path.join(a.content, 'images', 'choeur.jpg'))

    profile = tempfile.mkdtemp(prefix='vitrine-chromium-')
    d = browser(1366, 900, profile)
    try:
        c = Console(d, a, 'desk')

        def wrong():
            c.login(a.user, 'not-the-password')
            c.until(lambda: c.js("var e = document.querySelector('.form-error'); return e && e.textContent") == w('login.wrong'),
                    'the "wrong password" message')
        check('desk: a wrong password is refused in words', wrong)
        flow(c, 'Soirée des chœurs d’hommes', photo, True,
             lambda: check('desk: hide, pin and correct imported items, publish, the screen follows',
                           lambda: imported(c, True)))
        check('desk: duplicate an event; a ticket sold out in one click', lambda: duplicate_and_sold_out(c))
        check('desk: drop a poster', lambda: posters(c, photo, True))
        check('desk: the day\'s programme says why slides are hidden', lambda: programme(c, True))
        check('desk: partner report equals vitrine report, printable, CSV', lambda: partners(c, True))
        for p in PAGES:
            check('desk: accessible %s (labels, names, contrast AA, words)' % p, lambda p=p: a11y(c, p))
        check('desk: with JavaScript off, every page says so in French', lambda: without_js(c))
        check('desk: keyboard only', lambda: keyboard(c))
        check('desk: change the password, log out, log in again', lambda: account(c, True))

        # the same at a phone's size, in the same browser and session
        d.set_window_size(390, 844)
        c = Console(d, a, 'phone')
        flow(c, 'Récital d’orgue à l’église', photo, True, fresh=False)
        check('phone: no page wider than the phone, touch targets 40 px+', lambda: phone_layout(c))
        check('phone: the day\'s programme', lambda: programme(c, True))
        check('phone: partner report', lambda: partners(c, True))
        for p in ['/', '/edit.html?kind=event', '/publish.html']:
            check('phone: accessible %s' % p, lambda p=p: a11y(c, p))
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)
        stop_player(a)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
