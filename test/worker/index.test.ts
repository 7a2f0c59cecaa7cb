import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const SEED_URL = '/articles/syrias-al-sharaa-meets-putin-as-moscow-seeks-to-secure-military-bases';

describe('the Worker built from seeds/', () => {
  it('serves the first article at its URL', async () => {
    const response = await exports.default.fetch(`http://localhost:8787${SEED_URL}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.match(/Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases/g)!.length).toBeGreaterThanOrEqual(1);
    expect(html).toContain('<h1>Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases</h1>');
    expect(html).toContain('bna Cairo bureau');
    expect(html).toContain('SANA');
    expect(html).toContain(`<link rel="canonical" href="http://localhost:8787${SEED_URL}"/>`);
  });

  it('lists it on the index and in every feed', async () => {
    for (const path of ['/', '/rss.xml', '/atom.xml', '/feed.json']) {
      const body = await (await exports.default.fetch(`http://localhost:8787${path}`)).text();
      expect(body, path).toContain(SEED_URL);
    }
  });

  it('answers a feed reader that asks again and again with 304 each time, its headers whole', async () => {
    const fetchFeed = (headers: Record<string, string> = {}) => exports.default.fetch('http://localhost:8787/rss.xml', { headers });
    const full = await fetchFeed();
    await full.arrayBuffer();
    const etag = full.headers.get('ETag')!;
    // Each request its own, through the runtime: a 304 the isolate has ready is one Response for all of them.
    for (let i = 0; i < 3; i++) {
      const response = await fetchFeed({ 'If-None-Match': etag });
      expect(response.status).toBe(304);
      expect(await response.text()).toBe('');
      expect([...response.headers]).toEqual([
        ['cache-control', full.headers.get('Cache-Control')],
        ['etag', etag],
        ['vary', full.headers.get('Vary')],
      ]);
    }
  });
});
