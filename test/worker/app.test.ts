import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app';
import { bundle } from '../fixtures/generated/many';

/** The fixture site was built as of 2026-06-01; its scheduled article falls due on 2030-01-01T06:00:00Z. */
const BEFORE = Date.parse('2026-06-02T00:00:00Z');
const DUE = Date.parse('2030-01-01T06:00:00Z');

function makeApp(now = BEFORE) {
  return createApp(bundle, { now: () => now });
}

const get = (path: string, headers: Record<string, string> = {}, now = BEFORE) =>
  makeApp(now).request(`http://localhost:8787${path}`, { headers });

describe('routes', () => {
  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/articles/central-bank-holds-rates-as-inflation-cools', 'text/html; charset=utf-8'],
    ['/articles/parliament-sets-date-for-local-elections', 'text/html; charset=utf-8'],
    ['/articles/syrias-al-sharaa-meets-putin-as-moscow-seeks-to-secure-military-bases', 'text/html; charset=utf-8'],
    ['/tags/economy', 'text/html; charset=utf-8'],
    ['/subscribe', 'text/html; charset=utf-8'],
    ['/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/tags/economy/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/tags/economy/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/tags/economy/feed.json', 'application/feed+json; charset=utf-8'],
    ['/feed.xsl', 'text/xsl; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml'],
    ['/sitemap.xml', 'application/xml; charset=utf-8'],
    ['/robots.txt', 'text/plain; charset=utf-8'],
  ])('GET %s answers 200 as %s', async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(type);
    expect((await response.text()).length).toBeGreaterThan(0);
  });

  it('lists the published articles newest first on the index', async () => {
    const html = await (await get('/')).text();
    const titles = [...html.matchAll(/<h2><a href="\/articles\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Central bank holds rates as inflation cools',
      'Markets rally on trade hopes',
      'Parliament sets date for local elections',
      'Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases',
    ]);
  });

  it('serves the stylesheet the pages link to, cached for a year', async () => {
    const html = await (await get('/')).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
    const css = await get(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers an unknown path with the styled 404 page', async () => {
    const response = await get('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<h1>Page not found</h1>');
  });

  it('builds drafts for nobody', async () => {
    expect((await get('/articles/an-unfinished-story')).status).toBe(404);
    expect(await (await get('/rss.xml')).text()).not.toContain('unfinished');
  });

  it('publishes a scheduled article when its time comes, without a rebuild', async () => {
    const path = '/articles/a-story-from-the-future';
    expect((await get(path, {}, DUE - 1)).status).toBe(404);
    expect(await (await get('/feed.json', {}, DUE - 1)).text()).not.toContain('A story from the future');
    expect((await get(path, {}, DUE)).status).toBe(200);
    expect(await (await get('/feed.json', {}, DUE)).text()).toContain('A story from the future');
    expect(await (await get('/tags/markets', {}, DUE)).text()).toContain('A story from the future');
  });

  it('lets no cache keep a page past the moment a scheduled article falls due', async () => {
    const response = await get('/', {}, DUE - 100_000);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=100, must-revalidate');
  });
});

describe('absolute URLs', () => {
  it('use the request origin when SITE_URL is empty', async () => {
    const app = makeApp();
    const html = await (await app.request('http://127.0.0.1:9999/', {}, { SITE_URL: '' })).text();
    expect(html).toContain('<link rel="canonical" href="http://127.0.0.1:9999/"/>');
    expect(html).not.toContain('origin.bulletin.invalid');
  });

  it('name each request\'s own origin when SITE_URL is empty, however the isolate was asked before', async () => {
    const app = makeApp();
    const canonical = async (origin: string) => /<link rel="canonical" href="([^"]+)"/.exec(await (await app.request(`${origin}/`, {}, { SITE_URL: '' })).text())![1];
    for (const origin of ['http://127.0.0.1:9999', 'http://localhost:8787', 'http://localhost:8787', 'http://127.0.0.1:9999']) {
      expect(await canonical(origin)).toBe(`${origin}/`);
    }
  });

  it('use SITE_URL when it is set, whatever the request origin', async () => {
    const app = makeApp();
    const feed = await (await app.request('http://localhost:8787/atom.xml', {}, { SITE_URL: 'https://news.example.com/' })).text();
    expect(feed).toContain('<link rel="self" href="https://news.example.com/atom.xml"/>');
    expect(feed).not.toContain('localhost');
  });

  it('answer 500 without internals when SITE_URL is not an origin', async () => {
    const response = await makeApp().request('http://localhost/', {}, { SITE_URL: 'news.example.com/blog' });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
  });
});

describe('HTTP semantics', () => {
  it('answers HEAD with the GET headers and no body', async () => {
    const app = makeApp();
    const [head, full] = await Promise.all([
      app.request('http://localhost/rss.xml', { method: 'HEAD' }),
      app.request('http://localhost/rss.xml'),
    ]);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('ETag')).toBe(full.headers.get('ETag'));
    expect(head.headers.get('Content-Type')).toBe(full.headers.get('Content-Type'));
  });

  it('gives every document a strong ETag and a Last-Modified from its newest update', async () => {
    const response = await get('/articles/central-bank-holds-rates-as-inflation-cools');
    expect(response.headers.get('ETag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get('Last-Modified')).toBe('Sat, 02 May 2026 06:00:00 GMT');
  });

  it.each([
    ['the same ETag', (etag: string) => ({ 'If-None-Match': etag }), 304],
    ['the ETag in a list', (etag: string) => ({ 'If-None-Match': `"other", ${etag}` }), 304],
    ['the ETag marked weak', (etag: string) => ({ 'If-None-Match': `W/${etag}` }), 304],
    ['*', () => ({ 'If-None-Match': '*' }), 304],
    ['another ETag', () => ({ 'If-None-Match': '"0123"' }), 200],
    ['a malformed If-None-Match', () => ({ 'If-None-Match': 'not-an-etag' }), 200],
    ['If-Modified-Since at Last-Modified', () => ({ 'If-Modified-Since': 'Sat, 02 May 2026 06:00:00 GMT' }), 304],
    ['If-Modified-Since later', () => ({ 'If-Modified-Since': 'Sun, 03 May 2026 00:00:00 GMT' }), 304],
    ['If-Modified-Since earlier', () => ({ 'If-Modified-Since': 'Fri, 01 May 2026 00:00:00 GMT' }), 200],
    ['a malformed If-Modified-Since', () => ({ 'If-Modified-Since': 'yesterday' }), 200],
    ['another ETag and a later If-Modified-Since (the ETag wins)', () => ({ 'If-None-Match': '"0123"', 'If-Modified-Since': 'Sun, 03 May 2026 00:00:00 GMT' }), 200],
  ])('answers a conditional GET with %s: %i', async (_, headers, status) => {
    const path = '/rss.xml';
    const etag = (await get(path)).headers.get('ETag')!;
    const response = await get(path, headers(etag));
    expect(response.status).toBe(status);
    if (status === 304) {
      expect(await response.text()).toBe('');
      expect(response.headers.get('ETag')).toBe(etag);
      expect(response.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+/);
      expect(response.headers.get('Vary')).toBe('Accept-Encoding, Accept, Sec-Fetch-Dest, A-IM');
    }
  });

  it('answers 304 with only the headers RFC 9110 asks it to repeat: ETag, Cache-Control and Vary', async () => {
    for (const path of ['/', '/rss.xml', '/articles/central-bank-holds-rates-as-inflation-cools']) {
      const full = await get(path);
      const response = await get(path, { 'If-None-Match': full.headers.get('ETag')! });
      expect(response.status).toBe(304);
      expect([...response.headers.keys()].sort()).toEqual(['cache-control', 'etag', 'vary']);
      for (const name of ['ETag', 'Cache-Control', 'Vary']) expect(response.headers.get(name)).toBe(full.headers.get(name));
    }
  });

  it('answers other methods with 405 and Allow', async () => {
    const response = await makeApp().request('http://localhost/rss.xml', { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS with the methods it allows', async () => {
    const response = await makeApp().request('http://localhost/', { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
  });

  it.each([
    ['/articles/Central-Bank-Holds-Rates-As-Inflation-Cools', '/articles/central-bank-holds-rates-as-inflation-cools'],
    ['/articles/central-bank-holds-rates-as-inflation-cools/', '/articles/central-bank-holds-rates-as-inflation-cools'],
    ['//tags//economy/', '/tags/economy'],
    ['/RSS.XML', '/rss.xml'],
  ])('redirects %s permanently to %s', async (path, location) => {
    const response = await get(path);
    expect(response.status).toBe(301);
    expect(response.headers.get('Location')).toBe(location);
  });
});

describe('feeds opened in a browser', () => {
  const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'Sec-Fetch-Dest': 'document' };

  it.each([
    ['/rss.xml', 'http://localhost:8787/rss.xml'],
    ['/atom.xml', 'http://localhost:8787/atom.xml'],
    ['/tags/economy/rss.xml', 'http://localhost:8787/tags/economy/rss.xml'],
  ])('answer %s with a page of the site: the feed’s articles and its addresses', async (path, address) => {
    const [page, feed] = [await get(path, BROWSER), await get(path)];
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<h2 id="feed-addresses">This is a web feed</h2>');
    expect(html).toContain(`<span class="feed-url">${address}</span>`);
    const titles = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);
    expect(titles(html, /<h2><a href="\/articles\/[^"]+">([^<]+)<\/a><\/h2>/g)).toEqual(titles(await feed.text(), /<(?:item|entry[^>]*)>\s*<title(?: type="text")?>([^<]+)<\/title>/g));
    expect(page.headers.get('ETag')).not.toBe(feed.headers.get('ETag'));
    expect(page.headers.get('Vary')).toBe(feed.headers.get('Vary'));
    expect(page.headers.get('Vary')).toContain('Accept, Sec-Fetch-Dest');
    // A page's security headers, not a feed's: no cross-origin reading.
    expect(page.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(page.headers.get('Content-Security-Policy')).not.toBe(feed.headers.get('Content-Security-Policy'));
  });

  it('advertise a tag’s feeds on the page of its feed', async () => {
    const html = await (await get('/tags/economy/atom.xml', BROWSER)).text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="bulletin: Economy (Atom)" href="http://localhost:8787/tags/economy/atom.xml"/>');
  });

  it('answer a browser that has the page with 304, and a feed reader with that ETag with the feed', async () => {
    const etag = (await get('/rss.xml', BROWSER)).headers.get('ETag')!;
    expect((await get('/rss.xml', { ...BROWSER, 'If-None-Match': etag })).status).toBe(304);
    const feed = await get('/rss.xml', { 'If-None-Match': etag });
    expect(feed.status).toBe(200);
    expect(feed.headers.get('Content-Type')).toBe('application/rss+xml; charset=utf-8');
  });

  it('keep the page out of reach of any other request', async () => {
    const escaped = await get('/rss.xml%23page', BROWSER);
    expect(escaped.status).toBe(404);
    expect(await escaped.text()).not.toContain('id="feed-addresses"');
    const reader = await get('/rss.xml#page');
    expect(reader.headers.get('Content-Type')).toBe('application/rss+xml; charset=utf-8');
  });

  it.each([
    ['a feed reader naming the feed types', { Accept: 'application/rss+xml, application/atom+xml, text/html;q=0.1' }],
    ['a feed reader taking anything', { Accept: '*/*' }],
    ['no Accept at all', {}],
  ])('keep the feed type for %s', async (_, headers) => {
    expect((await get('/rss.xml', headers)).headers.get('Content-Type')).toBe('application/rss+xml; charset=utf-8');
  });

  it('leave JSON Feed as it is', async () => {
    expect((await get('/feed.json', BROWSER)).headers.get('Content-Type')).toBe('application/feed+json; charset=utf-8');
  });
});

describe('RFC 3229 feed deltas', () => {
  /** The feed's ETag as a reader would have kept it when the newest item was updated at `instant`. */
  const etagAsOf = (instant: string) => `"${Date.parse(instant).toString(36)}-${'0'.repeat(32)}"`;

  it('sends only the items updated since the reader’s version, as 226 IM Used', async () => {
    const response = await get('/feed.json', { 'A-IM': 'feed', 'If-None-Match': etagAsOf('2026-04-21T00:00:00Z') });
    expect(response.status).toBe(226);
    expect(response.headers.get('IM')).toBe('feed');
    expect(response.headers.get('Cache-Control')).toBe('no-store, im');
    const feed = (await response.json()) as { items: { title: string }[] };
    expect(feed.items.map((item) => item.title)).toEqual(['Central bank holds rates as inflation cools']);
  });

  it('answers 304 when the reader has the current version', async () => {
    const etag = (await get('/atom.xml')).headers.get('ETag')!;
    expect((await get('/atom.xml', { 'A-IM': 'feed', 'If-None-Match': etag })).status).toBe(304);
  });

  it.each([
    ['an ETag that is not one of ours', '"abc"'],
    ['a version older than every item in the feed', etagAsOf('2020-01-01T00:00:00Z')],
  ])('sends the whole feed for %s', async (_, etag) => {
    const response = await get('/rss.xml', { 'A-IM': 'feed', 'If-None-Match': etag });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Syria’s al-Sharaa');
  });

  it('ignores A-IM on pages', async () => {
    expect((await get('/', { 'A-IM': 'feed', 'If-None-Match': etagAsOf('2026-04-21T00:00:00Z') })).status).toBe(200);
  });
});

describe('a document this isolate has sent before', () => {
  const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'Sec-Fetch-Dest': 'document' };
  const ENV = { SITE_URL: '' };
  const snapshot = async (response: Response) => ({ status: response.status, headers: [...response.headers], body: await response.text() });

  it.each([
    ['a page', 'GET', '/articles/central-bank-holds-rates-as-inflation-cools', {}],
    ['a feed', 'GET', '/rss.xml', {}],
    ['a feed opened in a browser', 'GET', '/atom.xml', BROWSER],
    ['a tag feed', 'GET', '/tags/economy/feed.json', {}],
    ['HEAD of a feed', 'HEAD', '/rss.xml', {}],
    ['HEAD of a page over https', 'HEAD', '/articles/central-bank-holds-rates-as-inflation-cools', {}, 'https://news.example.com'],
    ['a percent-encoded path', 'GET', '/rss%2Exml', {}],
  ])('is answered at once once ready, before Hono dispatches it, and alike: %s', async (_, method, path, headers, origin = 'http://localhost') => {
    const app = makeApp();
    const ask = (extra: Record<string, string> = {}) => app.fetch(new Request(`${origin}${path}`, { method, headers: { ...headers, ...extra } }), ENV);
    const first = ask();
    expect(first).toBeInstanceOf(Promise);
    const sent = await snapshot(await first);
    // Spied on after the first request: Hono's SmartRouter then replaces its own `match` with the router it chose.
    const match = vi.spyOn(app.router, 'match');
    const again = ask();
    expect(again).toBeInstanceOf(Response);
    expect(await snapshot(again as Response)).toEqual(sent);

    const etag = sent.headers.find(([name]) => name === 'etag')![1];
    const notModified = ask({ 'If-None-Match': etag });
    expect(notModified).toBeInstanceOf(Response);
    expect((notModified as Response).status).toBe(304);
    expect(await (notModified as Response).text()).toBe('');
    expect(match).not.toHaveBeenCalled();
  });

  it('answers every 304 of a variant with one Response, made when its headers were, and never changed', async () => {
    const app = makeApp();
    const ask = (headers: Record<string, string> = {}) => app.fetch(new Request('http://localhost/rss.xml', { headers }), ENV);
    const etag = (await ask()).headers.get('ETag')!;
    const first = (await ask({ 'If-None-Match': etag })) as Response;
    const headers = [...first.headers];
    const again = ask({ 'If-None-Match': etag });
    expect(again).toBe(first);
    expect([...(again as Response).headers]).toEqual(headers);
    // HEAD gets its own, made from it.
    const head = await app.fetch(new Request('http://localhost/rss.xml', { method: 'HEAD', headers: { 'If-None-Match': etag } }), ENV);
    expect(head).not.toBe(first);
    expect(head.status).toBe(304);
    expect([...head.headers]).toEqual(headers);
  });

  it.each([
    ['a method it does not serve', new Request('http://localhost/rss.xml', { method: 'POST' })],
    ['OPTIONS', new Request('http://localhost/rss.xml', { method: 'OPTIONS' })],
    ['a path it cannot decode', new Request('http://localhost/rss%E0%A4%A')],
    ['an RFC 3229 delta', new Request('http://localhost/rss.xml', { headers: { 'A-IM': 'feed', 'If-None-Match': '"0-0"' } })],
    ['another document', new Request('http://localhost/atom.xml')],
  ])('leaves %s to Hono, the document being ready', async (_, request) => {
    const app = makeApp();
    await app.fetch(new Request('http://localhost/rss.xml'), ENV);
    const match = vi.spyOn(app.router, 'match');
    await app.fetch(request, ENV);
    expect(match).toHaveBeenCalledTimes(1);
  });

  it('still gets its RFC 3229 delta worked out when a reader asks for one', async () => {
    const app = makeApp();
    await app.fetch(new Request('http://localhost/feed.json'), ENV);
    const etag = `"${Date.parse('2026-04-21T00:00:00Z').toString(36)}-${'0'.repeat(32)}"`;
    const delta = await app.fetch(new Request('http://localhost/feed.json', { headers: { 'A-IM': 'feed', 'If-None-Match': etag } }), ENV);
    expect(delta.status).toBe(226);
  });

  it('gets the Cache-Control of the time it is asked at, once a scheduled article nears', async () => {
    let now = BEFORE;
    const app = createApp(bundle, { now: () => now });
    await app.fetch(new Request('http://localhost/rss.xml'), ENV);
    now = DUE - 30_000;
    const response = await app.fetch(new Request('http://localhost/rss.xml'), ENV);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=30, must-revalidate');
  });
});

describe('security headers', () => {
  it.each([
    ['GET', '/', 200], ['GET', '/rss.xml', 200], ['GET', '/no/such/page', 404], ['GET', '/Subscribe/', 301],
    ['GET', '/%E0%A4%A', 400], ['GET', `/${'a'.repeat(1100)}`, 414], ['POST', '/', 405], ['OPTIONS', '/', 204],
  ])('come with every response but 304s: %s %s (%i)', async (method, path, status) => {
    const response = await makeApp().request(`http://localhost${path}`, { method, redirect: 'manual' });
    expect(response.status).toBe(status);
    expect(response.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('Content-Security-Policy')).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
    expect(response.headers.get('Permissions-Policy')).toContain('camera=()');
  });

  it('are the same on documents, built ahead, as on the answers they are added to', async () => {
    const security = (response: Response) =>
      [...response.headers].filter(([name]) => !/^(content-type|etag|last-modified|cache-control|vary|allow|content-length)$/.test(name));
    const [page, refused] = [await get('/'), await makeApp().request('http://localhost/', { method: 'POST' })];
    expect(security(page)).toEqual(security(refused));
    expect(security(page).length).toBeGreaterThan(8);
  });

  it('add HSTS over https only', async () => {
    const app = makeApp();
    expect((await app.request('https://news.example.com/')).headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
    expect((await app.request('http://localhost/')).headers.get('Strict-Transport-Security')).toBeNull();
  });
});
