import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { bundle as manifest } from '../fixtures/generated/many-archive';
import { files } from '../fixtures/generated/many-assets';
import { bundle as rebuiltManifest } from '../fixtures/generated/many-rebuilt-archive';
import { facts as rebuilt, files as rebuiltFiles } from '../fixtures/generated/many-rebuilt-assets';
import { bundle } from '../fixtures/generated/many';
import { bundle as patchedManifest } from '../fixtures/generated/many-patched-archive';
import { files as patchedFiles } from '../fixtures/generated/many-patched-assets';
import { bundle as wholeManifest } from '../fixtures/generated/many-whole-archive';
import { files as wholeFiles } from '../fixtures/generated/many-whole-assets';
import { PATCHED_TEXT } from '../support/patched-fixture';

const BEFORE = Date.parse('2026-06-02T00:00:00Z');
const DUE = Date.parse('2030-01-01T06:00:00Z');

/** Workers Static Assets as the CONTENT binding sees them, served from the files the build wrote. */
function makeAssets(missing: (path: string) => boolean = () => false, served = files): Fetcher {
  const fetcher = {
    fetch: async (input: RequestInfo | URL) => {
      const { pathname } = new URL(input instanceof Request ? input.url : String(input));
      const text = missing(pathname) ? undefined : served[pathname];
      return text === undefined ? new Response('Not Found', { status: 404 }) : new Response(text);
    },
  };
  return fetcher as unknown as Fetcher;
}

const paths = [
  '/', '/articles/central-bank-holds-rates-as-inflation-cools', '/articles/a-story-from-the-future', '/tags/economy',
  '/tags/markets', '/rss.xml', '/atom.xml', '/feed.json', '/tags/markets/atom.xml', '/subscribe', '/sitemap.xml',
  '/robots.txt', '/feed.xsl', '/favicon.svg', '/no/such/page', '/Articles/Central-Bank-Holds-Rates-As-Inflation-Cools/',
];

describe('large-archive mode (documents in Workers Static Assets)', () => {
  it('splits the fixture into several chunk and index files, as a large site would be', () => {
    const names = Object.keys(files);
    expect(names.filter((name) => name.startsWith('/_content/chunks/')).length).toBeGreaterThan(3);
    expect(manifest.shards).toBeGreaterThan(1);
    expect(names.filter((name) => name.startsWith('/_content/index/1/'))).toHaveLength(manifest.shards);
  });

  it.each([
    ['written whole', 'before the scheduled article', manifest, files, BEFORE],
    ['written whole', 'after it falls due', manifest, files, DUE],
    ['a rebuild wrote over an older one', 'before the scheduled article', rebuiltManifest, rebuiltFiles, BEFORE],
    ['a rebuild wrote over an older one', 'after it falls due', rebuiltManifest, rebuiltFiles, DUE],
  ])('answers every path exactly as the bundled site does, from an archive %s, %s', async (_, __, archive, served, now) => {
    const bundled = createApp(bundle, { now: () => now });
    const archived = createApp(archive, { now: () => now });
    for (const path of paths) {
      const [want, got] = await Promise.all([
        bundled.request(`http://localhost${path}`),
        archived.request(`http://localhost${path}`, {}, { SITE_URL: '', CONTENT: makeAssets(() => false, served) }),
      ]);
      expect(got.status, path).toBe(want.status);
      expect(got.headers.get('ETag'), path).toBe(want.headers.get('ETag'));
      expect(got.headers.get('Content-Type'), path).toBe(want.headers.get('Content-Type'));
      expect(await got.text(), path).toBe(await want.text());
    }
  });

  it.each([
    ['before the scheduled article', BEFORE],
    ['after it falls due', DUE],
  ])('answers every path of an archive a patch build wrote as a whole build of the same seeds does, %s', async (_, now) => {
    const patched = createApp(patchedManifest, { now: () => now });
    const whole = createApp(wholeManifest, { now: () => now });
    const env = (served: Readonly<Record<string, string>>) => ({ SITE_URL: '', CONTENT: makeAssets(() => false, served) });
    for (const path of paths) {
      const [want, got] = await Promise.all([whole.request(`http://localhost${path}`, {}, env(wholeFiles)), patched.request(`http://localhost${path}`, {}, env(patchedFiles))]);
      expect(got.status, path).toBe(want.status);
      expect(got.headers.get('ETag'), path).toBe(want.headers.get('ETag'));
      expect(await got.text(), path).toBe(await want.text());
    }
    const page = await patched.request('http://localhost/articles/central-bank-holds-rates-as-inflation-cools', {}, env(patchedFiles));
    expect(await page.text()).toContain(PATCHED_TEXT);
  });

  it('has the rebuilt archive keep most texts where the older build put them', () => {
    expect(rebuilt['written']).toBeGreaterThan(0);
    expect(rebuilt['written']).toBeLessThan(rebuilt['texts']! / 2);
  });

  it('answers a document again at once, not as a promise, once it holds its index shard and text', async () => {
    const app = createApp(manifest, { now: () => BEFORE });
    const env = { SITE_URL: '', CONTENT: makeAssets() };
    const ask = () => app.fetch(new Request('http://localhost/tags/markets/atom.xml'), env);
    const first = await ask();
    const again = ask();
    expect(again).toBeInstanceOf(Response);
    expect((again as Response).headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await (again as Response).text()).toBe(await first.text());
  });

  it('answers RFC 3229 deltas from the archive too', async () => {
    const app = createApp(manifest, { now: () => BEFORE });
    const etag = `"${Date.parse('2026-04-21T00:00:00Z').toString(36)}-${'0'.repeat(32)}"`;
    const response = await app.request('http://localhost/feed.json', { headers: { 'A-IM': 'feed', 'If-None-Match': etag } }, { SITE_URL: '', CONTENT: makeAssets() });
    expect(response.status).toBe(226);
    expect(((await response.json()) as { items: { title: string }[] }).items.map((item) => item.title)).toEqual(['Central bank holds rates as inflation cools']);
  });

  it('answers 500 and logs why when the content files are missing', async () => {
    const app = createApp(manifest, { now: () => BEFORE });
    const response = await app.request('http://localhost/rss.xml', {}, { SITE_URL: '', CONTENT: makeAssets((path) => path.startsWith('/_content/chunks/')) });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
  });

  it('answers 500 when the Worker was deployed without its CONTENT binding', async () => {
    const response = await createApp(manifest).request('http://localhost/', {}, { SITE_URL: '' });
    expect(response.status).toBe(500);
  });
});
