import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { site } from '../../../src/config';
import { readContent } from '../../../src/content/build';
import { BuildCache } from '../../../src/content/build-cache';
import { makeSeeds } from '../../support/seeds-folder';
import { plainArticle } from '../../support/plain-article';

const reads: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    readFile: (path: string, ...rest: unknown[]) => {
      if (String(path).endsWith('.md')) reads.push(String(path).split('/').at(-1)!);
      return (fs.readFile as (...args: unknown[]) => void)(path, ...rest);
    },
  };
});

const seed = (title: string, date: string) => `---\ntitle: ${title}\ndate: ${date}\n---\nBody of ${title}.\n`;
const HOUR_AGO = new Date(Date.now() - 3_600_000);

async function age(dir: string, ...names: string[]) {
  for (const name of names) await utimes(join(dir, name), HOUR_AGO, HOUR_AGO);
}

describe('seeds whose files did not change since the last build', () => {
  beforeEach(() => {
    reads.length = 0;
  });

  async function readWith(dir: string, root: string, file: string) {
    const cache = await BuildCache.open(file, 'code-1');
    const content = await readContent(dir, site, root, cache);
    // Read while the cache is open: an article it holds reads its details and body from there when asked.
    const articles = content.articles.map(plainArticle);
    await cache.save();
    return { ...content, articles };
  }

  it('are not read again: their size, times and inode say their bytes are those the cache hashed', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': seed('First', '2026-01-01'), 'b.md': seed('Second', '2026-02-01') });
    await age(dir, 'a.md', 'b.md');
    const file = join(await mkdtemp(join(tmpdir(), 'bulletin-stamps-')), 'build.cache');
    const first = await readWith(dir, root, file);
    expect(reads.sort()).toEqual(['a.md', 'b.md']);
    reads.length = 0;
    const second = await readWith(dir, root, file);
    expect(reads).toEqual([]);
    expect(second.articles).toEqual(first.articles);
  });

  it('are not read again when seeds are added before, between and after them, and others removed', async () => {
    const { dir, root } = await makeSeeds({ 'b.md': seed('Bee', '2026-01-02'), 'd.md': seed('Dee', '2026-01-04'), 'f.md': seed('Ef', '2026-01-06') });
    await age(dir, 'b.md', 'd.md', 'f.md');
    const file = join(await mkdtemp(join(tmpdir(), 'bulletin-stamps-')), 'build.cache');
    await readWith(dir, root, file);
    await rm(join(dir, 'd.md'));
    for (const [name, title, date] of [['a.md', 'Ay', '2026-01-01'], ['c.md', 'Cee', '2026-01-03'], ['g.md', 'Gee', '2026-01-07']] as const) {
      await writeFile(join(dir, name), seed(title, date));
      await age(dir, name);
    }
    reads.length = 0;
    const again = await readWith(dir, root, file);
    expect(reads.sort()).toEqual(['a.md', 'c.md', 'g.md']);
    expect(again.articles.map((article) => article.title)).toEqual(['Gee', 'Ef', 'Cee', 'Bee', 'Ay']);
    reads.length = 0;
    await readWith(dir, root, file);
    expect(reads).toEqual([]);
  });

  it('are read again once a file is written, even with the same size and the old modification time', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': seed('First', '2026-01-01'), 'b.md': seed('Second', '2026-02-01') });
    await age(dir, 'a.md', 'b.md');
    const file = join(await mkdtemp(join(tmpdir(), 'bulletin-stamps-')), 'build.cache');
    await readWith(dir, root, file);
    await writeFile(join(dir, 'a.md'), seed('Fixed', '2026-01-01'));
    await age(dir, 'a.md');
    reads.length = 0;
    const again = await readWith(dir, root, file);
    expect(reads).toEqual(['a.md']);
    expect(again.articles.map((article) => article.title)).toEqual(['Second', 'Fixed']);
  });

  it('are read again for another root, so that messages name them from there', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': seed('First', '2026-01-01') });
    await age(dir, 'a.md');
    const file = join(await mkdtemp(join(tmpdir(), 'bulletin-stamps-')), 'build.cache');
    await readWith(dir, root, file);
    const cache = await BuildCache.open(file, 'code-1');
    const elsewhere = await readContent(dir, site, join(root, '..'), cache);
    expect(elsewhere.articles[0]!.source).toBe(`${basename(root)}/seeds/a.md`);
  });

  it('are read again when a symbolic link is pointed at another file, however alike the two', async () => {
    const { dir, root } = await makeSeeds({});
    const elsewhere = join(root, 'drafts');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'x.md'), seed('Ex', '2026-01-01'));
    await writeFile(join(elsewhere, 'y.md'), seed('Wy', '2026-01-01'));
    await age(elsewhere, 'x.md', 'y.md');
    await symlink(join(elsewhere, 'x.md'), join(dir, 'a.md'));
    const file = join(await mkdtemp(join(tmpdir(), 'bulletin-stamps-')), 'build.cache');
    expect((await readWith(dir, root, file)).articles.map((article) => article.title)).toEqual(['Ex']);
    await rm(join(dir, 'a.md'));
    await symlink(join(elsewhere, 'y.md'), join(dir, 'a.md'));
    reads.length = 0;
    expect((await readWith(dir, root, file)).articles.map((article) => article.title)).toEqual(['Wy']);
    expect(reads).toEqual(['a.md']);
  });

  it('are read again while their file is younger than the time stamps can tell apart', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': seed('First', '2026-01-01') });
    const file = join(await mkdtemp(join(tmpdir(), 'bulletin-stamps-')), 'build.cache');
    await readWith(dir, root, file);
    reads.length = 0;
    await readWith(dir, root, file);
    expect(reads).toEqual(['a.md']);
  });
});
