import { appendFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../../src/content/build';
import { CacheLog, keyHash } from '../../../src/content/cache-log';
import { articleKey, BuildCache, buildFingerprint, CacheEntryLost, KeptValues, readLater } from '../../../src/content/build-cache';
import { buildBundle, bundleTexts } from '../../../src/site/build-bundle';
import { makeArticle, makeConfig } from '../../factories';
import { makeSeeds } from '../../support/seeds-folder';

const ROOT = join(import.meta.dirname, '../../..');

async function cacheFile() {
  return join(await mkdtemp(join(tmpdir(), 'bulletin-cache-')), 'build.cache');
}

/** Opens `file`, puts `entries` in through `memo`, saves, and returns what the next build sees. */
async function buildWith(file: string, entries: Record<string, unknown>, fingerprint = 'code-1') {
  const cache = await BuildCache.open(file, fingerprint);
  for (const [key, value] of Object.entries(entries)) cache.memo(key, () => value);
  await cache.save();
  return BuildCache.open(file, fingerprint);
}

describe('the build cache', () => {
  it('gives the next build what this one made, texts and objects alike', async () => {
    const file = await cacheFile();
    const reading = { article: makeArticle({ title: 'Ünïcode “quotes” 😀' }), draft: false, problems: [{ file: 'a.md', severity: 'warning', message: 'x' }] };
    // UTF-8 cannot carry a lone surrogate, and writes one as U+FFFD, which a text may also hold of its own.
    const texts = { 'item:rss:a': '<item>“😀”</item>', 'odd': 'lone \uD800 surrogate', 'replaced': 'a real \uFFFD', 'both': '\uFFFD and a lone \uDC00' };
    const next = await buildWith(file, { 'seed:a': reading, ...texts });
    expect(next.dropped).toBeUndefined();
    expect(next.memo('seed:a', () => 'made again')).toEqual(reading);
    for (const [key, text] of Object.entries(texts)) expect(next.memo(key, () => 'made again'), key).toBe(text);
    expect(next.stats).toEqual({ hits: 5, misses: 0 });
  });

  it('makes what it does not hold, and counts it', async () => {
    const cache = await BuildCache.open(await cacheFile(), 'code-1');
    expect(cache.memo('k', () => 'made')).toBe('made');
    expect(cache.memo('k', () => 'made twice')).toBe('made');
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
  });

  it('appends only new entries while most of the file is still used', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'x'.repeat(1000), b: 'y'.repeat(1000) });
    const before = await readFile(file);
    const cache = await BuildCache.open(file, 'code-1');
    cache.memo('a', () => 'unused');
    cache.memo('b', () => 'unused');
    cache.memo('c', () => 'z'.repeat(10));
    await cache.save();
    const after = await readFile(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
    expect((await BuildCache.open(file, 'code-1')).memo('c', () => 'unused')).toBe('z'.repeat(10));
  });

  it('writes the file again with only the entries in use once unused ones fill most of it', async () => {
    const file = await cacheFile();
    await buildWith(file, { old: 'x'.repeat(10_000), kept: 'y'.repeat(100) });
    const cache = await BuildCache.open(file, 'code-1');
    cache.memo('kept', () => 'unused');
    await cache.save();
    expect((await stat(file)).size).toBeLessThan(1000);
    const next = await BuildCache.open(file, 'code-1');
    expect(next.get('old')).toBeUndefined();
    expect(next.get('kept')).toBe('y'.repeat(100));
  });

  it.each([1, 700, 1 << 20])('copies the entries it keeps in runs of at most %i bytes (or one entry), each one readable after', async (copyBytes) => {
    const file = await cacheFile();
    const header = 'test-log 1';
    const log = CacheLog.empty(file, header);
    const values = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i % 3 === 0 ? { n: i, text: 'o'.repeat(300) } : `${i}`.repeat(200 + i)]));
    for (const [key, value] of Object.entries(values)) log.append(key, value);
    await log.saveIndex();
    log.close();
    // Kept in another order than the file's, with dead entries between runs, and one key twice.
    const keep = ['k11', 'k1', 'k2', 'k3', 'k7', 'k5', 'k6', 'k9', 'k1'];
    const reopened = await CacheLog.open(file, header);
    if (!(reopened instanceof CacheLog)) throw new Error('the log did not open');
    await reopened.rewrite(keep, copyBytes);
    reopened.close();
    const after = await CacheLog.open(file, header);
    if (!(after instanceof CacheLog)) throw new Error('the rewritten log did not open');
    expect(after.frames.size).toBe(new Set(keep).size);
    for (const key of Object.keys(values)) expect(after.frames.has(key), key).toBe(keep.includes(key));
    for (const key of new Set(keep)) expect(after.read(key)).toEqual(values[key]);
    after.close();
  });

  it.each([
    ['another fingerprint', async (file: string) => BuildCache.open(file, 'code-2'), 'the build code or settings changed'],
    ['another file format', async (file: string) => {
      await writeFile(file, 'something else entirely\n');
      return BuildCache.open(file, 'code-1');
    }, 'it is not a bulletin build cache of this version'],
  ])('drops every entry when it finds %s', async (_, open, reason) => {
    const file = await cacheFile();
    await buildWith(file, { a: 'x' });
    const cache = await open(file);
    expect(cache.dropped).toBe(reason);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps the whole entries of a file a stopped build cut short, and writes it again', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'first', b: 'second' });
    await truncate(file, (await stat(file)).size - 3);
    const cache = await BuildCache.open(file, 'code-1');
    expect(cache.dropped).toBeUndefined();
    expect(cache.get('a')).toBe('first');
    expect(cache.get('b')).toBeUndefined();
    cache.set('b', 'second again');
    await cache.save();
    const next = await BuildCache.open(file, 'code-1');
    expect([next.get('a'), next.get('b')]).toEqual(['first', 'second again']);
  });

  it('reads an entry whose bytes changed as missing, as a string or as UTF-8', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'first', b: 'second' });
    const bytes = await readFile(file);
    bytes[bytes.lastIndexOf('second')] = 'S'.charCodeAt(0);
    await writeFile(file, bytes);
    const cache = await BuildCache.open(file, 'code-1');
    expect([Buffer.from(cache.utf8('a')!).toString(), cache.utf8('b')]).toEqual(['first', undefined]);
    expect([cache.get('a'), cache.get('b')]).toEqual(['first', undefined]);
  });

  it('reads an entry whose neighbours were damaged, and reads the damaged one as missing', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'first', b: 'second', c: 'third' });
    const bytes = await readFile(file);
    bytes[bytes.lastIndexOf('second')] = 'S'.charCodeAt(0);
    await writeFile(file, bytes);
    const cache = await BuildCache.open(file, 'code-1');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['first', undefined, 'third']);
    expect(cache.memo('b', () => 'second again')).toBe('second again');
    await cache.save();
    expect((await BuildCache.open(file, 'code-1')).get('b')).toBe('second again');
  });

  it('throws CacheEntryLost when a text it said it holds does not read back', async () => {
    const file = await cacheFile();
    await buildWith(file, { 'page:a': 'the page' });
    const bytes = await readFile(file);
    bytes[bytes.lastIndexOf('the page')] = 'T'.charCodeAt(0);
    await writeFile(file, bytes);
    const pages = (await BuildCache.open(file, 'code-1')).scope<string>('page:');
    expect(pages.has('a')).toBe(true);
    expect(readLater(pages, 'a')).toThrow(CacheEntryLost);
  });

  it('reads the file whole when its index is missing or belongs to another file', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'x'.repeat(1000) });
    const firstIndex = await readFile(`${file}.index`);
    // Written again (the unused entry fills most of it): another file, whose frames lie elsewhere.
    const cache = await BuildCache.open(file, 'code-1');
    cache.set('b', 'y');
    await cache.save();
    await writeFile(`${file}.index`, firstIndex);
    expect((await BuildCache.open(file, 'code-1')).get('b')).toBe('y');
    await rm(`${file}.index`);
    expect((await BuildCache.open(file, 'code-1')).get('b')).toBe('y');
  });

  it('reads the entries a build appended after the index it could not save', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'first' });
    const firstIndex = await readFile(`${file}.index`);
    await buildWith(file, { a: 'first', b: 'second' });
    await writeFile(`${file}.index`, firstIndex);
    const cache = await BuildCache.open(file, 'code-1');
    expect([cache.get('a'), cache.get('b')]).toEqual(['first', 'second']);
  });

  it('writes its index again after a build that appended, and not after one that did not', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'first' });
    const firstIndex = await readFile(`${file}.index`);
    const second = await buildWith(file, { a: 'first', b: 'second' });
    const secondIndex = await readFile(`${file}.index`);
    expect(secondIndex.equals(firstIndex)).toBe(false);
    expect([second.get('a'), second.get('b')]).toEqual(['first', 'second']);
    second.close();

    const third = await buildWith(file, { a: 'unused', b: 'unused' });
    expect((await readFile(`${file}.index`)).equals(secondIndex)).toBe(true);
    expect([third.get('a'), third.get('b')]).toEqual(['first', 'second']);
    third.close();
    await appendFile(file, 'noise past the last frame');
    const fourth = await BuildCache.open(file, 'code-1');
    expect([fourth.get('a'), fourth.get('b')]).toEqual(['first', 'second']);
  });

  it('reads a key whose hash the index lists for another key\'s frame as missing, never as that value', async () => {
    const file = await cacheFile();
    await buildWith(file, { a: 'the value of a', b: 'the value of b' });
    // The index as it would be if `b`'s hash were `a`'s: `b` is listed, at `a`'s frame.
    const index = deserialize(await readFile(`${file}.index`)) as { hashes: Float64Array; frames: Float64Array };
    const [a, b] = [index.hashes.indexOf(keyHash('a')), index.hashes.indexOf(keyHash('b'))];
    index.frames.copyWithin(2 * b, 2 * a, 2 * a + 2);
    await writeFile(`${file}.index`, serialize(index));
    const cache = await BuildCache.open(file, 'code-1');
    expect(cache.has('b')).toBe(true);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('the value of a');
  });

  it('keeps the value replace gives in place of the stored one', async () => {
    const file = await cacheFile();
    await buildWith(file, { layout: { version: 1 } });
    const cache = await BuildCache.open(file, 'code-1');
    expect(cache.get('layout')).toEqual({ version: 1 });
    cache.replace('layout', { version: 2 });
    expect(cache.get('layout')).toEqual({ version: 2 });
    await cache.save();
    expect((await BuildCache.open(file, 'code-1')).get('layout')).toEqual({ version: 2 });
  });

  it('writes its texts to the file while the build runs, a write buffer at a time, and reads them back from either', async () => {
    const file = await cacheFile();
    const cache = await BuildCache.open(file, 'code-1', { writeBufferBytes: 100 });
    const texts = Array.from({ length: 10 }, (_, i) => `text ${i} “${'x'.repeat(40)}”`);
    texts.forEach((text, i) => cache.set(`t${i}`, text));
    // Each text's frame fills most of the buffer: all but the last are in the file, and the last goes there on save.
    const frameBytes = 13 + 2 + Buffer.byteLength(texts[0]!);
    const written = (await stat(file)).size;
    expect(written).toBeGreaterThan(9 * frameBytes);
    expect(texts.map((_, i) => cache.get(`t${i}`))).toEqual(texts);
    await cache.save();
    expect((await stat(file)).size).toBe(written + frameBytes);
    const next = await BuildCache.open(file, 'code-1');
    expect(texts.map((_, i) => next.get(`t${i}`))).toEqual(texts);
  });

  it('gives a text it holds as its UTF-8 bytes and their size, made (in the write buffer or the file) or stored, and nothing else', async () => {
    const file = await cacheFile();
    const cache = await BuildCache.open(file, 'code-1', { writeBufferBytes: 100 });
    // Three- and four-byte UTF-8, a text larger than the write buffer, ones that fit in it, and values that are not texts.
    const texts = { long: `“${'新闻 📰 '.repeat(30)}”`, short: 'ok', empty: '', replaced: '\uFFFD' };
    const values: Record<string, unknown> = { ...texts, object: { a: 1 }, lone: 'half \uD83D a pair' };
    const expectUtf8 = (holder: BuildCache) => {
      for (const [key, text] of Object.entries(texts)) {
        expect(holder.utf8Size(key), key).toBe(Buffer.byteLength(text));
        // Copied at once: bytes read from the file are valid until the next call.
        expect(Buffer.from(holder.utf8(key)!).toString('utf8'), key).toBe(text);
      }
      for (const key of ['object', 'lone', 'missing']) expect(holder.utf8(key), key).toBeUndefined();
      expect(holder.utf8Size('missing')).toBeUndefined();
    };
    for (const [key, value] of Object.entries(values)) cache.set(key, value);
    expect((await stat(file)).size).toBeGreaterThan(0);
    expectUtf8(cache);
    await cache.save();
    expectUtf8(await BuildCache.open(file, 'code-1'));
  });

  it('keeps the texts this build wrote when it writes the file again without the unused entries', async () => {
    const file = await cacheFile();
    await buildWith(file, { old: 'x'.repeat(10_000) });
    const cache = await BuildCache.open(file, 'code-1', { writeBufferBytes: 100 });
    const texts = Array.from({ length: 5 }, (_, i) => `new text ${i} ${'y'.repeat(200)}`);
    texts.forEach((text, i) => cache.set(`t${i}`, text));
    await cache.save();
    expect((await stat(file)).size).toBeLessThan(2000);
    const next = await BuildCache.open(file, 'code-1');
    expect(next.get('old')).toBeUndefined();
    expect(texts.map((_, i) => next.get(`t${i}`))).toEqual(texts);
  });

  it('gives a later build in the same process the very objects an earlier one read or made, not texts', async () => {
    const file = await cacheFile();
    const kept = new KeptValues();
    const reading = { title: 'made' };
    const first = await BuildCache.open(file, 'code-1', { kept });
    first.memo('seed:a', () => reading);
    first.memo('page:a', () => '<p>a</p>');
    first.replace('layout', { version: 1 });
    await first.save();
    expect([...kept.keys()].sort()).toEqual(['layout', 'seed:a']);

    const second = await BuildCache.open(file, 'code-1', { kept });
    expect(second.memo('seed:a', () => ({ title: 'made again' }))).toBe(reading);
    expect(second.memo('page:a', () => 'made again')).toBe('<p>a</p>');
    expect(second.get('layout')).toEqual({ version: 1 });
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
    await second.save();
    expect([...kept.keys()].sort()).toEqual(['layout', 'seed:a']);
    // What a build does not ask for leaves the map.
    const third = await BuildCache.open(file, 'code-1', { kept });
    third.get('layout');
    await third.save();
    expect([...kept.keys()]).toEqual(['layout']);
  });

  it('reads a value again when another process replaced it in the file since', async () => {
    const file = await cacheFile();
    const kept = new KeptValues();
    const resident = await BuildCache.open(file, 'code-1', { kept });
    resident.replace('layout', { version: 1 });
    await resident.save();
    // `npm run build` in another terminal, between two of npm start's builds.
    const other = await BuildCache.open(file, 'code-1');
    other.replace('layout', { version: 2 });
    await other.save();
    const next = await BuildCache.open(file, 'code-1', { kept });
    expect(next.get('layout')).toEqual({ version: 2 });
    await next.save();
    expect((await BuildCache.open(file, 'code-1', { kept })).get('layout')).toEqual({ version: 2 });
  });

  it('keeps what it kept across a rewrite of the file, which moves every frame', async () => {
    const file = await cacheFile();
    const kept = new KeptValues();
    const reading = { title: 'kept' };
    await buildWith(file, { dead: 'x'.repeat(10_000) });
    const first = await BuildCache.open(file, 'code-1', { kept });
    first.memo('seed:a', () => reading);
    await first.save();
    const next = await BuildCache.open(file, 'code-1', { kept });
    expect(next.memo('seed:a', () => ({ title: 'made again' }))).toBe(reading);
    expect((await stat(file)).size).toBeLessThan(1000);
  });

  it('does not give a kept object for a key its file no longer holds', async () => {
    const file = await cacheFile();
    const kept = new KeptValues();
    kept.set('seed:a', { title: 'from a build with other code' }, 'another-file:0:10');
    const cache = await BuildCache.open(file, 'code-2', { kept });
    expect(cache.memo('seed:a', () => ({ title: 'made' }))).toEqual({ title: 'made' });
    expect(kept.get('seed:a', undefined)).toBeUndefined();
  });

  it('does not write a cache that has no file', async () => {
    const cache = BuildCache.none();
    cache.set('a', 'x');
    await expect(cache.save()).resolves.toBeUndefined();
    expect(cache.get('a')).toBe('x');
  });

  it('keys articles by content: equal fields, equal keys; one field changed, another key', () => {
    expect(articleKey(makeArticle({ title: 'A' }))).toBe(articleKey(makeArticle({ title: 'A' })));
    expect(articleKey(makeArticle({ title: 'A' }))).not.toBe(articleKey(makeArticle({ title: 'B' })));
  });

  it('fingerprints the settings with the build code and dependency versions', async () => {
    const fingerprint = await buildFingerprint(ROOT, makeConfig());
    expect(fingerprint).toMatch(/^[\w-]{43}$/);
    expect(await buildFingerprint(ROOT, makeConfig())).toBe(fingerprint);
    expect(await buildFingerprint(ROOT, makeConfig({ title: 'Another title' }))).not.toBe(fingerprint);
  });

  it('fingerprints the settings with the compiled build\'s code hash when it has one, without reading src/', async () => {
    const fingerprint = await buildFingerprint('/nowhere', makeConfig(), 'code-1');
    expect(fingerprint).toMatch(/^[\w-]{43}$/);
    expect(await buildFingerprint('/elsewhere', makeConfig(), 'code-1')).toBe(fingerprint);
    expect(await buildFingerprint('/nowhere', makeConfig(), 'code-2')).not.toBe(fingerprint);
    expect(await buildFingerprint('/nowhere', makeConfig({ title: 'Another title' }), 'code-1')).not.toBe(fingerprint);
    expect(await buildFingerprint(ROOT, makeConfig())).not.toBe(fingerprint);
  });
});

const markdown = (title: string, date: string, body = `Body of ${title}.`) => `---\ntitle: ${title}\ndate: ${date}\ntags: [news]\n---\n${body}\n`;


describe('a build through the cache', () => {
  const NOW = new Date('2026-06-01T00:00:00Z');
  const config = makeConfig();

  async function buildOnce(dir: string, root: string, file: string) {
    const cache = await BuildCache.open(file, 'code-1');
    const content = await readContent(dir, config, root, cache);
    // Read before the cache is saved, which closes it.
    const bundle = bundleTexts(buildBundle(content.articles, config, NOW, cache));
    await cache.save();
    return { bundle, content, stats: { ...cache.stats } };
  }

  it('gives the same bundle as a build without it, cold and warm, and reuses everything when nothing changed', async () => {
    const { dir, root } = await makeSeeds({
      'a.md': markdown('First', '2026-01-01'),
      'b.md': markdown('Second', '2026-02-01', 'A [link](/articles/first) and ![a photo](/images/p.jpg).'),
      'c.md': markdown('Third', '2026-03-01'),
      'later.md': markdown('Scheduled', '2026-09-01'),
    });
    const uncached = bundleTexts(buildBundle((await readContent(dir, config, root)).articles, config, NOW));
    const file = await cacheFile();
    const cold = await buildOnce(dir, root, file);
    const warm = await buildOnce(dir, root, file);
    expect(cold.bundle).toEqual(uncached);
    expect(warm.bundle).toEqual(uncached);
    expect(cold.stats.hits).toBe(0);
    expect(warm.stats.misses).toBe(0);
    expect(warm.stats.hits).toBe(cold.stats.misses);
  });

  it('reads, renders and writes again only what a changed seed touches', async () => {
    const { dir, root } = await makeSeeds({
      'a.md': markdown('First', '2026-01-01'),
      'b.md': markdown('Second', '2026-02-01'),
      'c.md': markdown('Third', '2026-03-01'),
      'd.md': markdown('Fourth', '2026-04-01'),
    });
    const file = await cacheFile();
    await buildOnce(dir, root, file);
    await appendFile(join(dir, 'a.md'), '\nA correction.\n');
    const rebuilt = await buildOnce(dir, root, file);
    // The seed; its three feed items; the pages of the article and of its neighbour, which links to it; the
    // index page and the tag page that list it; the RSS and Atom subscription documents of the site and the tag,
    // and the page for browsers that each's two share.
    expect(rebuilt.stats.misses).toBe(1 + 3 + 2 + 2 + 4 + 2);
    const fresh = bundleTexts(buildBundle((await readContent(dir, config, root)).articles, config, NOW));
    expect(rebuilt.bundle).toEqual(fresh);
  });

  it('repeats the warnings of seeds it did not read again', async () => {
    const scraped = await readFile(join(ROOT, 'seeds/000_3b7bd609114b647d.txt'), 'utf8');
    const { dir, root } = await makeSeeds({ 'story.txt': `${scraped}\nText after the footer.\n` });
    const file = await cacheFile();
    const cold = await buildOnce(dir, root, file);
    const warm = await buildOnce(dir, root, file);
    expect(cold.content.warnings.map((w) => w.message)).toEqual([expect.stringContaining('after')]);
    expect(warm.stats.misses).toBe(0);
    expect(warm.content.warnings).toEqual(cold.content.warnings);
  });

  it('uses the article objects readContent made, keyed by their seed', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('First', '2026-01-01') });
    const file = await cacheFile();
    const first = await buildOnce(dir, root, file);
    const second = await buildOnce(dir, root, file);
    expect(articleKey(second.content.articles[0]!)).toBe(articleKey(first.content.articles[0]!));
    expect(articleKey(first.content.articles[0]!)).toMatch(/^seed:/);
  });

});
