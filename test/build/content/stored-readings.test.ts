import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readContent } from '../../../src/content/build';
import { BuildCache } from '../../../src/content/build-cache';
import { CacheLog } from '../../../src/content/cache-log';
import { makeConfig } from '../../factories';
import { makeSeeds } from '../../support/seeds-folder';

const config = makeConfig();
const markdown = (title: string, date: string, body = `Body of ${title}.`) => `---\ntitle: ${title}\ndate: ${date}\n---\n${body}\n`;

afterEach(() => {
  vi.restoreAllMocks();
});

async function cacheFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'bulletin-bodies-')), 'build.cache');
}

describe('articles read back from the build cache', () => {
  it('read their bodies only when asked, and then the same HTML as a fresh reading', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('First', '2026-01-01', 'Some *emphasis*.'), 'b.md': markdown('Second', '2026-02-01') });
    const fresh = await readContent(dir, config, root);
    const file = await cacheFile();
    const cold = await BuildCache.open(file, 'code-1');
    await readContent(dir, config, root, cold);
    await cold.save();

    const reads = vi.spyOn(CacheLog.prototype, 'read');
    const cache = await BuildCache.open(file, 'code-1');
    const content = await readContent(dir, config, root, cache);
    const bodyReads = () => reads.mock.calls.map(([key]) => key).filter((key) => key.startsWith('seed-body:'));
    expect(bodyReads()).toEqual([]);
    expect(content.articles.map((article) => article.title)).toEqual(['Second', 'First']);

    expect(content.articles[1]!.html).toBe('<p>Some <em>emphasis</em>.</p>');
    expect(content.articles[1]!.html).toBe(fresh.articles[1]!.html);
    expect(bodyReads()).toHaveLength(1);
    expect(content.articles.map((article) => ({ ...article, html: article.html }))).toEqual(fresh.articles);
    await cache.save();
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
