import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app';
import { type ArchiveManifest, chunkPath, shardPath } from '../../src/site/archive';
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

/** Workers Static Assets as the CONTENT binding sees them, served from the files the build wrote; `read` lists the paths asked for. */
function makeAssets(missing: (path: string) => boolean = () => false, served = files, read: string[] = []): Fetcher {
  const fetcher = {
    fetch: async (input: RequestInfo | URL) => {
      const { pathname } = new URL(input instanceof Request ? input.url : String(input));
      read.push(pathname);
      const text = missing(pathname) ? undefined : served[pathname];
      return text === undefined ? new Response('Not Found', { status: 404 }) : new Response(text);
    },
  };
  return fetcher as unknown as Fetcher;
}

/** A Cache API cache of its own: every test's isolates share the runtime's `caches.default`. */
async function ownCache(): Promise<() => Cache> {
  const cache = await caches.open(crypto.randomUUID());
  return () => cache;
}

/** A GET as the runtime hands it to the Worker, with an ExecutionContext whose waitUntil work is awaited. */
async function fetchThrough(app: ReturnType<typeof createApp>, url: string, env: object): Promise<Response> {
  const context = createExecutionContext();
  const response = await app.fetch(new Request(url), env, context);
  await waitOnExecutionContext(context);
  return response;
}

const paths = [
  '/', '/articles/central-bank-holds-rates-as-inflation-cools', '/articles/a-story-from-the-future', '/tags/economy',
  '/tags/markets', '/rss.xml', '/atom.xml', '/feed.json', '/tags/markets/atom.xml', '/subscribe', '/sitemap.xml',
  '/robots.txt', '/feed.xsl', '/favicon.svg', '/no/such/page', '/Articles/Central-Bank-Holds-Rates-As-Inflation-Cools/',
];
/** A browser tab opening a feed, which gets the feed's page (see app.ts). */
const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'Sec-Fetch-Dest': 'document' };
/** Each path as a feed reader or crawler asks for it, and each feed as a browser opens it. */
const requests: [path: string, headers: Record<string, string>][] = [
  ...paths.map((path): [string, Record<string, string>] => [path, {}]),
  ...['/rss.xml', '/atom.xml', '/tags/markets/atom.xml'].map((path): [string, Record<string, string>] => [path, BROWSER]),
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
    const archived = createApp(archive, { now: () => now, cache: await ownCache() });
    for (const [path, headers] of requests) {
      const [want, got] = await Promise.all([
        bundled.request(`http://localhost${path}`, { headers }),
        archived.request(`http://localhost${path}`, { headers }, { SITE_URL: '', CONTENT: makeAssets(() => false, served) }),
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
    const patched = createApp(patchedManifest, { now: () => now, cache: await ownCache() });
    const whole = createApp(wholeManifest, { now: () => now, cache: await ownCache() });
    const env = (served: Readonly<Record<string, string>>) => ({ SITE_URL: '', CONTENT: makeAssets(() => false, served) });
    for (const [path, headers] of requests) {
      const [want, got] = await Promise.all([
        whole.request(`http://localhost${path}`, { headers }, env(wholeFiles)),
        patched.request(`http://localhost${path}`, { headers }, env(patchedFiles)),
      ]);
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
    const app = createApp(manifest, { now: () => BEFORE, cache: await ownCache() });
    const env = { SITE_URL: '', CONTENT: makeAssets() };
    const ask = () => app.fetch(new Request('http://localhost/tags/markets/atom.xml'), env);
    const first = await ask();
    const again = ask();
    expect(again).toBeInstanceOf(Response);
    expect((again as Response).headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await (again as Response).text()).toBe(await first.text());
  });

  it('has requests that come at once each read the files they need, and keeps them for those that come after', async () => {
    // In workerd, a request awaiting a read another request began goes on in that request's context (see
    // AssetsSource; test/build/serve/concurrent-requests.test.ts shows what that did).
    const app = createApp(manifest, { now: () => BEFORE, cache: () => null });
    const read: string[] = [];
    const env = { SITE_URL: '', CONTENT: makeAssets(() => false, files, read) };
    const ask = () => app.fetch(new Request('http://localhost/rss.xml'), env);
    const together = await Promise.all([ask(), ask()]);
    expect(together.map((response) => response.status)).toEqual([200, 200]);
    const once = [...new Set(read)];
    expect(once.length).toBeGreaterThan(1);
    expect(read.toSorted()).toEqual([...once, ...once].toSorted());

    read.length = 0;
    expect((await ask()).status).toBe(200);
    expect(read).toEqual([]);
  });

  it('finds a feed’s page for browsers in the feed’s own index shard, and answers it at once the next time', async () => {
    const app = createApp(manifest, { now: () => BEFORE, cache: await ownCache() });
    const read: string[] = [];
    const env = { SITE_URL: '', CONTENT: makeAssets(() => false, files, read) };
    const ask = () => app.fetch(new Request('http://localhost/tags/markets/atom.xml', { headers: BROWSER }), env);
    const first = await ask();
    expect(first.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(read.filter((file) => file.startsWith('/_content/index/'))).toHaveLength(1);
    const again = ask();
    expect(again).toBeInstanceOf(Response);
    expect(await (again as Response).text()).toBe(await first.text());
  });

  it('answers RFC 3229 deltas from the archive too', async () => {
    const app = createApp(manifest, { now: () => BEFORE, cache: await ownCache() });
    const etag = `"${Date.parse('2026-04-21T00:00:00Z').toString(36)}-${'0'.repeat(32)}"`;
    const response = await app.request('http://localhost/feed.json', { headers: { 'A-IM': 'feed', 'If-None-Match': etag } }, { SITE_URL: '', CONTENT: makeAssets() });
    expect(response.status).toBe(226);
    expect(((await response.json()) as { items: { title: string }[] }).items.map((item) => item.title)).toEqual(['Central bank holds rates as inflation cools']);
  });

  it('reads each text from its own bytes: one that starts with U+FEFF keeps it, wherever it lies in its chunk', async () => {
    const texts = ['\uFEFFfirst “text” 📰', '\uFEFFsecond, 新闻', 'not found'];
    const spans: [number, number, number][] = [];
    let at = 0;
    for (const text of texts) spans.push([0, at, (at += Buffer.byteLength(text))]);
    const document = (span: [number, number, number]) => ({ contentType: 'text/plain; charset=utf-8', lastModified: '2026-01-01T00:00:00.000Z', cache: 'page' as const, segments: [span] });
    const archive: ArchiveManifest = { storage: 'assets', version: 'bom-test', shards: 1, epochs: [{ from: null, notFound: document(spans[2]!) }] };
    const served = {
      [chunkPath(0)]: texts.join(''),
      [shardPath(0, 0)]: JSON.stringify({ '/first': document(spans[0]!), '/second': document(spans[1]!) }),
    };
    const app = createApp(archive, { now: () => BEFORE, cache: await ownCache() });
    for (const [path, text] of [['/first', texts[0]], ['/second', texts[1]]]) {
      const response = await app.request(`http://localhost${path}`, {}, { SITE_URL: '', CONTENT: makeAssets(() => false, served) });
      expect(new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(await response.arrayBuffer()), path).toBe(text);
    }
  });

  it('answers 500 and logs why when the content files are missing', async () => {
    const app = createApp(manifest, { now: () => BEFORE, cache: await ownCache() });
    const response = await app.request('http://localhost/rss.xml', {}, { SITE_URL: '', CONTENT: makeAssets((path) => path.startsWith('/_content/chunks/')) });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
  });

  it('keeps the files it reads in the Cache API, where a new isolate finds them without reading the assets', async () => {
    const cache = await ownCache();
    const path = '/articles/central-bank-holds-rates-as-inflation-cools';
    const read: string[] = [];
    const first = await fetchThrough(createApp(manifest, { now: () => BEFORE, cache }), `http://localhost${path}`, { SITE_URL: '', CONTENT: makeAssets(() => false, files, read) });
    expect(read.filter((file) => file.startsWith('/_content/index/')).length).toBe(1);
    expect(read.filter((file) => file.startsWith('/_content/chunks/')).length).toBeGreaterThan(0);
    for (const file of read) expect(await cache().match(`https://content.bulletin.invalid/${manifest.version}${file}`), file).toBeDefined();

    // Another isolate of the same data center, whose assets would fail every read.
    const readAgain: string[] = [];
    const again = await fetchThrough(createApp(manifest, { now: () => BEFORE, cache }), `http://localhost${path}`, { SITE_URL: '', CONTENT: makeAssets(() => true, files, readAgain) });
    expect(readAgain).toEqual([]);
    expect(again.status).toBe(200);
    expect(again.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect(await again.text()).toBe(await first.text());
  });

  it('never reads another archive’s files from the Cache API: its keys name the version', async () => {
    expect(patchedManifest.version).not.toBe(manifest.version);
    // The same file names, other contents.
    expect(Object.keys(patchedFiles).filter((name) => files[name] !== undefined && files[name] !== patchedFiles[name]).length).toBeGreaterThan(0);
    const cache = await ownCache();
    const env = (served: Readonly<Record<string, string>>) => ({ SITE_URL: '', CONTENT: makeAssets(() => false, served) });
    const older = createApp(manifest, { now: () => BEFORE, cache });
    for (const path of paths) await fetchThrough(older, `http://localhost${path}`, env(files));

    // The edited site, deployed since, in an isolate of the same data center.
    const whole = createApp(wholeManifest, { now: () => BEFORE, cache: await ownCache() });
    const patched = createApp(patchedManifest, { now: () => BEFORE, cache });
    for (const path of paths) {
      const [want, got] = await Promise.all([fetchThrough(whole, `http://localhost${path}`, env(wholeFiles)), fetchThrough(patched, `http://localhost${path}`, env(patchedFiles))]);
      expect(got.status, path).toBe(want.status);
      expect(await got.text(), path).toBe(await want.text());
    }
    const page = await fetchThrough(patched, 'http://localhost/articles/central-bank-holds-rates-as-inflation-cools', env(patchedFiles));
    expect(await page.text()).toContain(PATCHED_TEXT);
  });

  it('reads the assets when the Cache API fails, and stops asking it', async () => {
    const failing = { match: vi.fn(async () => Promise.reject(new Error('No Cache was configured'))), put: vi.fn(async () => undefined) };
    const app = createApp(manifest, { now: () => BEFORE, cache: () => failing as unknown as Cache });
    const env = { SITE_URL: '', CONTENT: makeAssets() };
    for (const path of ['/', '/rss.xml', '/tags/economy']) expect((await fetchThrough(app, `http://localhost${path}`, env)).status, path).toBe(200);
    expect(failing.match).toHaveBeenCalledTimes(1);
    expect(failing.put).not.toHaveBeenCalled();
  });

  it('answers 500 when the Worker was deployed without its CONTENT binding', async () => {
    const response = await createApp(manifest).request('http://localhost/', {}, { SITE_URL: '' });
    expect(response.status).toBe(500);
  });
});
