#!/usr/bin/python3
"""The fleet page (fleet.html) in headless Chromium at 390 px, against a
running `vitrine console` given the collector (tests/it_fleetview.sh): both
screens listed with their state, nothing wider than the phone, a "reload"
confirmed and its result in words, the audit log's line. Words come from
the pages' table (i18n/fr.json). Prints one line per check passed (the
caller prefixes PASS); exits 1 at the first failure, saying what was wanted.

usage: fleetview.py BASE USER PASSWORD DIR   (DIR: the test's folder; the
screenshot is left there as fleet-390.png, the audit log read from DIR/data)
"""
import json
import os
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORDS = json.load(open(os.path.join(ROOT, 'renderer/console/www/i18n/fr.json'), encoding='utf-8'))


def w(key, **kw):
    s = WORDS[key]
    for k, v in kw.items():
        s = s.replace('{' + k + '}', str(v))
    return s


def main():
    base, user, password, tdir = sys.argv[1:5]
    o = webdriver.ChromeOptions()
    for a in ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
              '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=fr-FR',
              '--user-data-dir=' + tempfile.mkdtemp(prefix='vitrine-chromium-'),
              '--window-size=390,844']:
        o.add_argument(a)
    d = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=o)
    try:
        d.set_window_size(390, 844)
        wait = WebDriverWait(d, 20, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,))
        d.get(base + '/login.html')
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, 'input[name=user]'))
        d.find_element(By.CSS_SELECTOR, 'input[name=user]').send_keys(user)
        p = d.find_element(By.CSS_SELECTOR, 'input[name=password]')
        p.send_keys(password)
        p.send_keys(Keys.ENTER)
        wait.until(lambda d: d.execute_script("return location.pathname === '/'"))
        d.get(base + '/fleet.html')
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, 'article[data-screen]')) == 2)
        cards = {c.get_attribute('data-screen'): c.text
                 for c in d.find_elements(By.CSS_SELECTOR, 'article[data-screen]')}
        assert w('fleet.online') in cards['cambo/accueil'], cards
        assert w('fleet.offline') in cards['cambo/thermes'], cards
        print('both screens listed, accueil %s and thermes %s' % (w('fleet.online'), w('fleet.offline')))
        wide = d.execute_script('return document.documentElement.scrollWidth')
        assert wide <= 390, 'the page is %d px wide at 390 px' % wide
        print('nothing wider than 390 px (%d px)' % wide)
        nav = d.execute_script("return [...document.querySelectorAll('nav a')].map(a => a.textContent)")
        assert w('nav.fleet') in nav, nav

        # A reload of accueil: a confirmation first, then the result in words.
        # (the list is drawn again every 10 s: find the button afresh if it was)
        for attempt in range(3):
            try:
                btn = d.find_element(By.CSS_SELECTOR,
                                     'article[data-screen="cambo/accueil"] button[data-cmd=reload]')
                d.execute_script('arguments[0].scrollIntoView()', btn)
                btn.click()
                break
            except StaleElementReferenceException:
                if attempt == 2:
                    raise
        ask = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.fleet-confirm'))[0]
        want = w('fleet.confirm', what=w('fleet.cmd.reload'), target='cambo/accueil')
        assert want in ask.text, ask.text
        print('a confirmation first: "%s"' % want)
        d.find_element(By.ID, 'fleet-confirm-yes').click()
        done = w('fleet.done', what=w('fleet.cmd.reload'))
        # The list is drawn again after a command: read it afresh each time.
        wait.until(lambda d: done in d.execute_script(
            "var a = document.querySelector('article[data-screen=\"cambo/accueil\"]');"
            "return a ? a.textContent : ''"))
        print('the result in words: "%s"' % done)
        time.sleep(0.5)
        d.save_screenshot(os.path.join(tdir, 'fleet-390.png'))
        d.set_window_size(390, d.execute_script('return document.documentElement.scrollHeight') + 100)
        time.sleep(0.3)
        d.save_screenshot(os.path.join(tdir, 'fleet-390-full.png'))
        audit = open(os.path.join(tdir, 'data', 'audit.log'), encoding='utf-8').read()
        assert '"id":"cambo/accueil","changes":{"command":{"cmd":"reload"}' in audit, audit[-300:]
        print('the reload from the page is in the audit log')
    finally:
        d.quit()


if __name__ == '__main__':
    try:
        main()
    except Exception as e:
        print('%s: %s' % (type(e).__name__, e))
        sys.exit(1)
