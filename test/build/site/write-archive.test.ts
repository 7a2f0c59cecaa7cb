import { appendFile, mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import type { Article } from '../../../src/content/article';
import { BuildCache } from '../../../src/content/build-cache';
import { chunkPath, type Shard, shardOf, shardPath } from '../../../src/site/archive';
import { type BuiltBundle, type BuiltFragment, buildBundle, bundleTexts } from '../../../src/site/build-bundle';
import { documentText } from '../../../src/site/bundle';
import { chunkLengthFor, loadLayout, saveLayout, shardCountFor, writeArchive } from '../../../src/site/write-archive';
import { makeArticle } from '../../factories';
import { readArchive } from '../../support/archive';

const NOW = new Date('2026-06-01T00:00:00Z');

function makeArticles(count: number): Article[] {
  return Array.from({ length: count }, (_, i) => {
    const published = new Date(Date.UTC(2026, 0, count - i)).toISOString();
    return makeArticle({ id: `urn:uuid:00000000-0000-5000-8000-${String(i).padStart(12, '0')}`, slug: `story-${i}`, title: `Story ${i}`, published, updated: published, source: `seeds/${i}.md` });
  });
}

describe('writing a large archive', () => {
  it('writes every document so that its spans read back as the bundle’s text', async () => {
    const bundle = buildBundle(makeArticles(30), site, NOW);
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const { manifest } = await writeArchive(bundle, directory, { chunkLength: 2000, routesPerShard: 10 });

    expect(await readArchive(directory)).toEqual(routeTexts(bundle));
    expect((await readdir(join(directory, '_content/chunks'))).length).toBeGreaterThan(10);
    expect(manifest.shards).toBe(Math.ceil(Object.keys(bundle.epochs[0]!.routes).length / 10));
  });

  it('writes the site feeds first and together, so a feed’s first request reads few chunks', async () => {
    const bundle = buildBundle(makeArticles(30), site, NOW);
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const { manifest } = await writeArchive(bundle, directory, { chunkLength: 2000, routesPerShard: 10 });
    const shard: Shard = JSON.parse(await readFile(join(directory, shardPath(0, shardOf('/rss.xml', manifest.shards))), 'utf8'));
    const chunks = [...new Set(shard['/rss.xml']!.segments.map(([chunk]) => chunk))].sort((a, b) => a - b);
    expect(chunks).toEqual(Array.from({ length: chunks.length }, (_, i) => i));
  });

  it('reads back texts of any script, and texts far longer than a chunk, exactly', async () => {
    // Three-byte and four-byte UTF-8 (CJK, emoji) in documents of several kilobytes, in chunks of 100 bytes.
    const long = `<p>${'新闻 📰 Ünïcödé “quoted” '.repeat(400)}</p>`;
    const bundle = buildBundle(makeArticles(5).map((article) => ({ ...article, title: `${article.title} 📰`, html: long })), site, NOW);
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    await writeArchive(bundle, directory, { chunkLength: 100, routesPerShard: 10 });

    const texts = await readArchive(directory);
    expect(texts).toEqual(routeTexts(bundle));
    expect(texts.get('/rss.xml')).toContain(`${'新闻 📰 Ünïcödé “quoted” '.repeat(2)}`);
  });

  it('copies the texts the build cache holds as UTF-8, reading none of them as a string', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bulletin-archive-'));
    // Texts go to the cache's file 20 kB at a time: most are read back from the file, the last from the write buffer.
    const cache = await BuildCache.open(join(folder, 'cache'), 'code-1', { writeBufferBytes: 20_000 });
    const long = `<p>${'新闻 📰 Ünïcödé “quoted” '.repeat(100)}</p>`;
    const bundle = buildBundle(makeArticles(30).map((article) => ({ ...article, html: long })), site, NOW, cache);
    const want = routeTexts(bundle);
    const held = (fragment: BuiltFragment) => cache.utf8Size(fragment.key) !== undefined;
    const unreadable = ({ key }: BuiltFragment): BuiltFragment => ({
      key,
      get text(): string {
        throw new Error(`${key} was read as a string`);
      },
    });
    const guarded: BuiltBundle = { ...bundle, fragments: bundle.fragments.map((fragment) => (held(fragment) ? unreadable(fragment) : fragment)) };
    expect(bundle.fragments.filter(held).length).toBeGreaterThan(bundle.fragments.length / 2);
    const directory = join(folder, 'assets');
    await writeArchive(guarded, directory, { chunkLength: 2000, routesPerShard: 10, texts: cache });
    expect(await readArchive(directory)).toEqual(want);
  });

  it('keeps chunk files short, and their number within the free plan’s 20,000 files at any archive size', () => {
    expect(chunkLengthFor(0)).toBe(128 * 1024);
    expect(chunkLengthFor(265e6)).toBe(128 * 1024);
    for (const bytes of [2e9, 2.6e9, 2.6e10]) {
      expect(chunkLengthFor(bytes)).toBeGreaterThan(128 * 1024);
      // A chunk file per chunk length of text; up to ~2.25 times that many once rebuilds keep and patch them.
      expect(2.25 * Math.ceil(bytes / chunkLengthFor(bytes))).toBeLessThanOrEqual(18_000);
    }
  });

  it('keeps index shards short, and their number over all epochs within what the chunk files leave of 20,000', () => {
    expect(shardCountFor(1, 1)).toBe(1);
    expect(shardCountFor(13_751, 1)).toBe(215);
    expect(shardCountFor(13_751, 1, 256)).toBe(54);
    for (const [routes, epochs] of [[133_000, 1], [133_000, 3], [1e6, 7], [500, 5000]] as const) {
      const shards = shardCountFor(routes, epochs);
      expect(shards).toBeGreaterThanOrEqual(1);
      expect(shards * epochs).toBeLessThanOrEqual(Math.max(2000, epochs));
    }
  });

  it('writes index shards of shardCountFor the routes by default', async () => {
    const bundle = buildBundle(makeArticles(150), site, NOW);
    const { manifest } = await writeArchive(bundle, join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets'));
    const routes = Object.keys(bundle.epochs[0]!.routes).length;
    expect(routes).toBeGreaterThan(64 * 3);
    expect(manifest.shards).toBe(shardCountFor(routes, 1));
    expect(manifest.shards).toBe(Math.ceil(routes / 64));
  });

  it('writes chunk files of chunkLengthFor the archive’s text by default', async () => {
    // Long enough for several chunks of the shortest chunk length.
    const html = `<p>${'A story told at length. '.repeat(4000)}</p>`;
    const bundle = buildBundle(makeArticles(12).map((article) => ({ ...article, html })), site, NOW);
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const { layout } = await writeArchive(bundle, directory);

    const bytes = bundle.fragments.reduce((sum, fragment) => sum + Buffer.byteLength(fragment.text), 0);
    const chunks = [...layout.chunks.values()].map((chunk) => chunk.bytes);
    expect(chunks.length).toBeGreaterThan(2);
    // Each chunk but the last filled to the chunk length, short of one more fragment.
    const longest = Math.max(...bundle.fragments.map((fragment) => Buffer.byteLength(fragment.text)));
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk).toBeLessThanOrEqual(chunkLengthFor(bytes));
      expect(chunk).toBeGreaterThan(chunkLengthFor(bytes) - longest);
    }
  });

  it('keeps the manifest small and free of article text', async () => {
    const bundle = buildBundle(makeArticles(30), site, NOW);
    const { manifest } = await writeArchive(bundle, join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets'));
    expect(JSON.stringify(manifest)).not.toContain('Story 1');
    expect(JSON.stringify(manifest).length).toBeLessThan(1000);
  });
});

describe('naming an archive’s files (its version, the Worker’s Cache API keys)', () => {
  const options = { chunkLength: 2000, routesPerShard: 10 };
  const fresh = async () => join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');

  it('names the same files alike, whoever writes them', async () => {
    const [one, two] = [await fresh(), await fresh()];
    const first = await writeArchive(buildBundle(makeArticles(30), site, NOW), one, options);
    const second = await writeArchive(buildBundle(makeArticles(30), site, NOW), two, options);
    expect(first.manifest.version).toMatch(/^[0-9a-f]{32}$/);
    expect(second.manifest.version).toBe(first.manifest.version);
    expect(first.layout.version).toBe(first.manifest.version);
  });

  it('names files otherwise when a chunk’s bytes change and nothing else does', async () => {
    const [one, two] = [await fresh(), await fresh()];
    const articles = makeArticles(30);
    // As long as the title it replaces: every span, and so every index shard, stays as it was.
    const edited = articles.map((article, i) => (i === 12 ? { ...article, title: 'Story 21' } : article));
    const first = await writeArchive(buildBundle(articles, site, NOW), one, options);
    const second = await writeArchive(buildBundle(edited, site, NOW), two, options);
    const shards = async (directory: string) => Promise.all(Array.from({ length: first.manifest.shards }, (_, s) => readFile(join(directory, shardPath(0, s)), 'utf8')));
    expect(await shards(two)).toEqual(await shards(one));
    expect(second.manifest.version).not.toBe(first.manifest.version);
  });

  it('names a rebuild that keeps the chunk files anew, and carries the name in the layout it leaves', async () => {
    const directory = await fresh();
    const articles = makeArticles(30);
    const first = await writeArchive(buildBundle(articles, site, NOW), directory, options);
    const edited = articles.map((article, i) => (i === 12 ? { ...article, title: 'Story 12, corrected' } : article));
    const second = await writeArchive(buildBundle(edited, site, NOW), directory, { ...options, previous: first.layout });
    expect(second.written).toBeLessThan(second.layout.spans.size);
    expect(second.manifest.version).not.toBe(first.manifest.version);
    expect(second.layout.version).toBe(second.manifest.version);
  });
});

/** Every route of the bundle's first epoch, joined from its fragments. */
function routeTexts(bundle: BuiltBundle): Map<string, string> {
  const texts = bundleTexts(bundle);
  return new Map(Object.entries(bundle.epochs[0]!.routes).map(([path, index]) => [path, documentText(texts, bundle.documents[index]!)]));
}

async function chunkFiles(directory: string): Promise<Map<string, number>> {
  const names = await readdir(join(directory, '_content/chunks'));
  return new Map(await Promise.all(names.map(async (name) => [name, (await stat(join(directory, '_content/chunks', name))).mtimeMs] as const)));
}

describe('writing a large archive again', () => {
  const options = { chunkLength: 2000, routesPerShard: 10 };
  const articles = makeArticles(30);
  const edited = articles.map((article, i) => (i === 12 ? { ...article, title: 'Story 12, corrected' } : article));

  it('writes only the texts that are new, into new chunk files, and leaves the other files as they were', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const first = await writeArchive(buildBundle(articles, site, NOW), directory, options);
    const before = await chunkFiles(directory);
    const bundle = buildBundle(edited, site, NOW);
    const second = await writeArchive(bundle, directory, { ...options, previous: first.layout });

    expect(second.written).toBeGreaterThan(0);
    expect(second.written).toBeLessThan(bundle.fragments.length / 4);
    const after = await chunkFiles(directory);
    const kept = [...after].filter(([name, mtime]) => before.get(name) === mtime);
    expect(kept.length).toBeGreaterThan(before.size / 2);
    expect([...after.keys()].filter((name) => !before.has(name)).length).toBeGreaterThan(0);
    const expected = routeTexts(bundle);
    expect(await readArchive(directory)).toEqual(expected);
  });

  it('fails with the file system’s error when a chunk file cannot be written, while later chunks are being filled', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const first = await writeArchive(buildBundle(articles, site, NOW), directory, options);
    const numbers = [...(await chunkFiles(directory)).keys()].map((name) => Number.parseInt(name, 10));
    // The next chunk file's name is taken by a folder.
    await mkdir(join(directory, chunkPath(Math.max(...numbers) + 1)));
    const retitled = articles.map((article, i) => ({ ...article, title: `${article.title}, corrected ${i}` }));
    await expect(writeArchive(buildBundle(retitled, site, NOW), directory, { ...options, previous: first.layout })).rejects.toThrow(/EISDIR/);
  });

  it('deletes the chunk files no document uses any more', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const first = await writeArchive(buildBundle(articles, site, NOW), directory, options);
    const second = await writeArchive(buildBundle(articles.slice(0, 3), site, NOW), directory, { ...options, previous: first.layout });
    const used = new Set([...second.layout.spans.values()].map(([chunk]) => `${chunk}.txt`));
    expect(new Set((await readdir(join(directory, '_content/chunks'))))).toEqual(used);
  });

  it('writes everything again when a chunk file changed since the last build', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const first = await writeArchive(buildBundle(articles, site, NOW), directory, options);
    await appendFile(join(directory, chunkPath(0)), 'changed by someone else');
    const bundle = buildBundle(edited, site, NOW);
    const second = await writeArchive(bundle, directory, { ...options, previous: first.layout });
    expect(second.written).toBe(bundle.fragments.length);
    const expected = routeTexts(bundle);
    expect(await readArchive(directory)).toEqual(expected);
  });

  it('writes everything again once texts no document uses fill more of the kept chunks than live ones', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const large = { ...options, chunkLength: 8000 };
    const first = await writeArchive(buildBundle(articles, site, NOW), directory, large);
    // Three articles of every four: each chunk of several items keeps some live text and more dead text.
    const bundle = buildBundle(articles.map((article, i) => (i % 4 === 0 ? article : { ...article, title: `${article.title}, renamed` })), site, NOW);
    const second = await writeArchive(bundle, directory, { ...large, previous: first.layout });
    expect(second.written).toBe(bundle.fragments.length);
    expect(Math.max(...[...second.layout.chunks.keys()])).toBe(second.layout.chunks.size - 1);
  });
});

describe('keeping a layout between builds', () => {
  const options = { chunkLength: 2000, routesPerShard: 10 };
  const articles = makeArticles(30);

  /** A store that records what each save replaced, and what was read. */
  function recordingStore() {
    const entries = new Map<string, unknown>();
    const replaced: string[] = [];
    const read: string[] = [];
    return {
      entries, replaced, read,
      has: (key: string) => entries.has(key),
      get: (key: string) => (read.push(key), entries.get(key)),
      replace: (key: string, value: unknown) => void (replaced.push(key), entries.set(key, value)),
    };
  }

  /** The articles written as a whole archive into a new directory, and its layout saved into a new store. */
  async function savedArchive() {
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const written = await writeArchive(buildBundle(articles, site, NOW), directory, options);
    const store = recordingStore();
    saveLayout(store, 'layout', written);
    return { directory, written, store };
  }

  it('stores a layout chunk by chunk, and loads it back with every span', async () => {
    const { written: { layout }, store } = await savedArchive();
    expect(store.replaced.sort()).toEqual(['layout', ...[...layout.chunks.keys()].map((n) => `layout:${n}`)].sort());
    const loaded = loadLayout(store, 'layout')!;
    expect(loaded.chunks).toEqual(layout.chunks);
    expect(loaded.spans).toEqual(layout.spans);
    const some = new Set([...layout.spans.keys()].filter((_, i) => i % 7 === 0));
    expect(loadLayout(store, 'layout')!.spansOf(new Set([...some, 'text:none']))).toEqual(new Map([...some].map((key) => [key, layout.spans.get(key)])));
  });

  it('stores again only the chunks a build added, and the list, and still knows the texts no document uses now', async () => {
    const { directory, written: first, store } = await savedArchive();
    const previous = loadLayout(store, 'layout')!;
    const edited = articles.map((article, i) => (i === 12 ? { ...article, title: 'Story 12, corrected' } : article));
    const second = await writeArchive(buildBundle(edited, site, NOW), directory, { ...options, previous });
    store.replaced.length = 0;
    saveLayout(store, 'layout', second, previous);

    const added = [...second.layout.chunks.keys()].filter((n) => !first.layout.chunks.has(n));
    expect(added.length).toBeGreaterThan(0);
    expect(store.replaced.sort()).toEqual(['layout', ...added.map((n) => `layout:${n}`)].sort());
    const loaded = loadLayout(store, 'layout')!;
    expect(loaded.chunks).toEqual(second.layout.chunks);
    for (const [key, span] of second.layout.spans) expect(loaded.spans.get(key)).toEqual(span);
    // Story 12's old texts are still in the kept chunks, and where they were.
    const dead = [...first.layout.spans].filter(([key]) => !second.layout.spans.has(key) && second.layout.chunks.has(first.layout.spans.get(key)![0]));
    expect(dead.length).toBeGreaterThan(0);
    for (const [key, span] of dead) expect(loaded.spans.get(key)).toEqual(span);
  });

  it('reads, for a few texts, only the entries of the chunks that hold them', async () => {
    const { written: { layout }, store } = await savedArchive();
    store.read.length = 0;
    const loaded = loadLayout(store, 'layout')!;
    expect(store.read).toEqual(['layout']);

    const some = [...layout.spans].filter((_, i) => i % 13 === 0);
    expect(loaded.spansOf(new Set(some.map(([key]) => key)))).toEqual(new Map(some));
    const holding = new Set(some.map(([, [chunk]]) => `layout:${chunk}`));
    expect(new Set(store.read.slice(1))).toEqual(holding);
    expect(holding.size).toBeLessThan(layout.chunks.size / 2);
  });

  it('finds texts across builds that patch the archive and save the layout again', async () => {
    const { written: first, store } = await savedArchive();
    const spans = new Map(first.layout.spans);
    for (const round of [1, 2, 3]) {
      const previous = loadLayout(store, 'layout')!;
      // A patch: new chunks, numbered after the kept ones, with texts that are not there yet.
      const key = `text:round-${round}`;
      const added = new Map([[Math.max(...previous.chunks.keys()) + 1, { file: { bytes: 5, mtimeMs: round }, keys: [key], offsets: Float64Array.of(0, 5) }]]);
      const patched = previous.with(added, `version-${round}`);
      saveLayout(store, 'layout', { layout: patched, newChunks: added }, previous);
      spans.set(key, [[...added.keys()][0]!, 0, 5]);
      const loaded = loadLayout(store, 'layout')!;
      expect(loaded.chunks).toEqual(patched.chunks);
      expect(loaded.version).toBe(`version-${round}`);
      expect(loaded.spansOf(new Set([...spans.keys(), 'text:none']))).toEqual(spans);
      expect(loaded.spans).toEqual(spans);
    }
  });

  it('loads nothing when a chunk of the stored layout is missing', async () => {
    const { written: { layout }, store } = await savedArchive();
    store.entries.delete(`layout:${[...layout.chunks.keys()][1]}`);
    expect(loadLayout(store, 'layout')).toBeUndefined();
    expect(loadLayout(recordingStore(), 'layout')).toBeUndefined();
  });
});
