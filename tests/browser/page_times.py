#!/usr/bin/python3
"""Server time of each console page: the page itself and every API request
it makes when it opens, timed from this machine over 127.0.0.1, median of
REPEAT runs. Prints one line per page. Not a test: a measurement for
docs and reports (the target is under 100 ms per request for a 500-item feed).

usage: page_times.py BASE_URL USER PASSWORD [REPEAT]
"""
import http.cookiejar
import json
import statistics
import sys
import time
import urllib.request

base, user, password = sys.argv[1:4]
repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 5
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(path, body=None):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={'Content-Type': 'application/json'})
    t0 = time.perf_counter()
    with web.open(req, timeout=30) as r:
        data = r.read()
    return time.perf_counter() - t0, data


call('/api/login', {'user': user, 'password': password})
items = json.loads(call('/api/items?when=all')[1])['items']
partners = json.loads(call('/api/partners')[1])['partners']
first = items[0]['id'] if items else ''
month = time.strftime('%Y-%m')
pid = partners[0]['id'] if partners else ''
PAGES = {
    '/ (screens)': ['/', '/api/me', '/api/draft', '/api/screens'],
    '/slides.html': ['/slides.html', '/api/me', '/api/partners', '/api/items'],
    '/edit.html': ['/edit.html', '/api/me', '/api/items/' + first, '/api/partners', '/api/items?kind=event&when=all'],
    '/posters.html': ['/posters.html', '/api/me', '/api/posters'],
    '/publish.html': ['/publish.html', '/api/me', '/api/screens', '/api/items?when=all', '/api/draft', '/api/history'],
    '/programme.html': ['/programme.html', '/api/me', '/api/screens', '/api/timeline?day=' + time.strftime('%Y-%m-%d')],
    '/partners.html': ['/partners.html', '/api/me', '/api/settings', '/api/partners',
                       '/api/plays?partner=%s&from=%s-01&to=%s-28&format=json' % (pid, month, month)],
    '/account.html': ['/account.html', '/api/me'],
}
print('%d items in the feed; median of %d runs, ms' % (len(items), repeat))
for page, paths in PAGES.items():
    times = {p: statistics.median(call(p)[0] for _ in range(repeat)) * 1000 for p in paths}
    slow = max(times, key=times.get)
    print('%-16s total %6.1f   slowest %6.1f %s' % (page, sum(times.values()), times[slow], slow))
