import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readContent } from '../../../src/content/build';
import { BuildCache, CacheEntryLost, KeptValues } from '../../../src/content/build-cache';
import { CacheLog } from '../../../src/content/cache-log';
import { ArticleSource } from '../../../src/content/stored-readings';
import { makeConfig } from '../../factories';
import { makeSeeds } from '../../support/seeds-folder';
import { plainArticle } from '../../support/plain-article';

const config = makeConfig();
const markdown = (title: string, date: string, body = `Body of ${title}.`) => `---\ntitle: ${title}\ndate: ${date}\n---\n${body}\n`;

afterEach(() => {
  vi.restoreAllMocks();
});

async function cacheFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'bulletin-bodies-')), 'build.cache');
}

describe('articles read back from the build cache', () => {
  it('read their details and bodies only when asked, and then the same as a fresh reading', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('First', '2026-01-01', 'Some *emphasis*.'), 'b.md': markdown('Second', '2026-02-01') });
    const fresh = await readContent(dir, config, root);
    const file = await cacheFile();
    const cold = await BuildCache.open(file, 'code-1');
    await readContent(dir, config, root, cold);
    await cold.save();

    const reads = vi.spyOn(CacheLog.prototype, 'read');
    const cache = await BuildCache.open(file, 'code-1');
    const content = await readContent(dir, config, root, cache);
    const readsOf = (kind: string) => reads.mock.calls.map(([key]) => key).filter((key) => key.startsWith(kind));
    const bodyReads = () => readsOf('seed-body:');
    expect(bodyReads()).toEqual([]);
    // The outline is read with the folder's readings; the details when a field of them is asked for, once.
    expect(content.articles.map((article) => [article.id, article.slug, article.published, article.tags])).toEqual(fresh.articles.map((article) => [article.id, article.slug, article.published, article.tags]));
    expect(readsOf('seed-details:')).toEqual([]);
    expect(content.articles.map((article) => article.title)).toEqual(['Second', 'First']);
    expect(content.articles.map((article) => article.summary)).toEqual(fresh.articles.map((article) => article.summary));
    expect(readsOf('seed-details:')).toHaveLength(2);

    expect(content.articles[1]!.html).toBe('<p>Some <em>emphasis</em>.</p>');
    expect(content.articles[1]!.html).toBe(fresh.articles[1]!.html);
    expect(bodyReads()).toHaveLength(1);
    expect(content.articles.map(plainArticle)).toEqual(fresh.articles);
    await cache.save();
  });

  it('read details that are not a JSON object as a lost entry, which has the build start again', async () => {
    for (const stored of ['{"title": "Fir', 'null']) {
      const { dir, root } = await makeSeeds({ 'a.md': markdown('First', '2026-01-01') });
      const file = await cacheFile();
      const sets = vi.spyOn(BuildCache.prototype, 'set');
      const cold = await BuildCache.open(file, 'code-1');
      await readContent(dir, config, root, cold);
      const key = sets.mock.calls.map(([name]) => name).find((name) => name.startsWith('seed-details:'))!;
      sets.mockRestore();
      cold.replace(key, stored);
      await cold.save();

      const cache = await BuildCache.open(file, 'code-1');
      const [article] = (await readContent(dir, config, root, cache)).articles;
      expect(() => article!.title).toThrow(CacheEntryLost);
      await cache.save();
    }
  });

  it('keep their unread bodies in the file when it is written again without what no build uses', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('First', '2026-01-01', 'x'.repeat(200_000)), 'b.md': markdown('Second', '2026-02-01') });
    const file = await cacheFile();
    const build = async (readBodies: boolean) => {
      const cache = await BuildCache.open(file, 'code-1');
      const content = await readContent(dir, config, root, cache);
      const stats = { ...cache.stats };
      const bodies = readBodies ? content.articles.map((article) => article.html) : [];
      await cache.save();
      return { stats, bodies };
    };
    await build(true);
    // The old reading of a.md is now most of the file: this save writes it again with only what the build used,
    // and the build reads no body.
    await writeFile(join(dir, 'a.md'), markdown('First', '2026-01-01', 'Short now.'));
    const rewrite = vi.spyOn(CacheLog.prototype, 'rewrite');
    await build(false);
    expect(rewrite).toHaveBeenCalledTimes(1);

    const third = await build(true);
    expect(third.stats).toEqual({ hits: 2, misses: 0 });
    expect(third.bodies).toEqual(['<p>Body of Second.</p>', '<p>Short now.</p>']);
  });
});

describe('a seeds folder\'s readings in the build cache', () => {
  const seeds = (count: number, edited: readonly number[] = []) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}.md`, markdown(`Article ${i}${edited.includes(i) ? ', edited' : ''}`, '2026-01-01')]));

  /** Reads `dir` through the cache in `file`, as a build does, saying which entries it stored in place of others. */
  async function read(dir: string, root: string, file: string) {
    const replaced = vi.spyOn(BuildCache.prototype, 'replace');
    const cache = await BuildCache.open(file, 'code-1');
    const content = await readContent(dir, config, root, cache);
    const titles = content.articles.map((article) => `${article.title}: ${article.html}`).sort();
    await cache.save();
    const keys = replaced.mock.calls.map(([key]) => key.split(':')[0]);
    replaced.mockRestore();
    return { titles, replacedReadings: keys.includes('seed-readings'), stats: { ...cache.stats } };
  }

  async function fresh(dir: string, root: string) {
    return (await readContent(dir, config, root)).articles.map((article) => `${article.title}: ${article.html}`).sort();
  }

  it('are written in one entry by the first build, and after one change of 16 only that reading is stored', async () => {
    const { dir, root } = await makeSeeds(seeds(16));
    const file = await cacheFile();
    expect((await read(dir, root, file)).replacedReadings).toBe(true);
    await writeFile(join(dir, 'a3.md'), seeds(16, [3])['a3.md']!);
    const changed = await read(dir, root, file);
    expect(changed.replacedReadings).toBe(false);
    expect(changed.titles).toEqual(await fresh(dir, root));
    const again = await read(dir, root, file);
    expect(again.stats).toEqual({ hits: 16, misses: 0 });
    expect(again.titles).toEqual(changed.titles);
  });

  it('are written again in one entry once more than one in eight lies outside it, or in it for seeds gone', async () => {
    const { dir, root } = await makeSeeds(seeds(16));
    const file = await cacheFile();
    await read(dir, root, file);
    for (const i of [1, 2, 3]) await writeFile(join(dir, `a${i}.md`), seeds(16, [i])[`a${i}.md`]!);
    const edited = await read(dir, root, file);
    expect(edited.replacedReadings).toBe(true);
    expect(edited.titles).toEqual(await fresh(dir, root));

    for (const i of [4, 5, 6]) await rm(join(dir, `a${i}.md`));
    const removed = await read(dir, root, file);
    expect(removed.replacedReadings).toBe(true);
    expect(removed.titles).toEqual(await fresh(dir, root));
    expect((await read(dir, root, file)).stats).toEqual({ hits: 13, misses: 0 });
  });

  it('give a builder kept between builds the very same articles, also after the folder\'s entry is written again', async () => {
    const { dir, root } = await makeSeeds(seeds(16));
    const file = await cacheFile();
    // As npm start's builder keeps them (see builder.ts).
    const kept = new KeptValues();
    const source = new ArticleSource();
    const build = async () => {
      const cache = await BuildCache.open(file, 'code-1', { kept });
      const { articles } = await readContent(dir, config, root, cache, source);
      await cache.save();
      return new Map(articles.map((article) => [article.source, article]));
    };
    const first = await build();
    const second = await build();
    expect([...second].every(([file, article]) => first.get(file) === article)).toBe(true);
    // Three of sixteen changed: the folder's entry is written again, and the other thirteen are the same objects.
    for (const i of [1, 2, 3]) await writeFile(join(dir, `a${i}.md`), seeds(16, [i])[`a${i}.md`]!);
    const third = await build();
    const unchanged = [...third].filter(([file]) => !/a[123]\.md$/.test(file));
    expect(unchanged).toHaveLength(13);
    expect(unchanged.every(([file, article]) => second.get(file) === article)).toBe(true);
    const fourth = await build();
    expect([...fourth].every(([file, article]) => third.get(file) === article)).toBe(true);
  });
});
