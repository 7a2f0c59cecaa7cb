import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { bundle } from '../fixtures/generated/many';

const app = createApp(bundle, { now: () => Date.parse('2026-06-02T00:00:00Z') });
const ARTICLE = '/articles/central-bank-holds-rates-as-inflation-cools';

/** Sends a raw path, as a client that does not normalise URLs would. */
function send(path: string, init: RequestInit = {}) {
  return app.request(`http://localhost${path}`, init);
}

describe('hostile and odd requests get a deliberate answer, never a 500', () => {
  it.each([
    ['a dot-dot segment', '/articles/../rss.xml', 200],
    ['an encoded dot-dot segment', '/articles/%2e%2e/rss.xml', 200],
    ['an encoded slash', '/articles%2fcentral-bank-holds-rates-as-inflation-cools', 404],
    ['an encoded NUL', '/articles/%00', 404],
    ['a non-UTF-8 percent-encoding', '/articles/%ff%fe', 400],
    ['a broken percent-encoding', '/articles/%e2%82', 400],
    ['a prototype property as path', '/__proto__', 404],
    ['another object property', '/constructor', 404],
    ['a very long path', `/articles/${'a'.repeat(5000)}`, 414],
    ['a very long query string', `/?q=${'x'.repeat(20_000)}`, 200],
    ['a query string on an article', `${ARTICLE}?utm_source=feed`, 200],
    ['a trailing slash', `${ARTICLE}/`, 301],
    ['upper case', ARTICLE.toUpperCase(), 301],
    ['double slashes', `/${ARTICLE}`, 301],
    ['a trailing slash on an unknown path', '/nothing/', 404],
    ['an index.html', '/index.html', 404],
  ])('%s: %s → %i', async (_, path, status) => {
    const response = await send(path);
    expect(response.status).toBe(status);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND'])('answers %s with 405 and Allow', async (method) => {
    const response = await send('/', { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
  });

  it.each(['/', ARTICLE, '/rss.xml', '/no/such/page', `${ARTICLE}/`])('answers HEAD %s without a body', async (path) => {
    const [head, get] = [await send(path, { method: 'HEAD' }), await send(path)];
    expect(head.status).toBe(get.status);
    expect(await head.text()).toBe('');
  });

  it.each([
    ['If-None-Match', '"unterminated'],
    ['If-None-Match', ',,,'],
    ['If-None-Match', 'W/'],
    ['If-Modified-Since', 'Thu, 99 Foo 2026 99:99:99 GMT'],
    ['If-Modified-Since', '0'],
    ['A-IM', 'feed;;;=,'],
    ['A-IM', ''],
    ['Accept', 'x'.repeat(32_000)],
  ])('ignores a malformed %s header (%s)', async (name, value) => {
    const response = await send('/rss.xml', { headers: { [name]: value } });
    expect(response.status).toBe(200);
  });

  it('answers an A-IM delta request with a malformed ETag with the whole feed', async () => {
    const response = await send('/rss.xml', { headers: { 'A-IM': 'feed', 'If-None-Match': '"zzzzzzzzzzzz-nothex"' } });
    expect(response.status).toBe(200);
  });
});
