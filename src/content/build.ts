/** @module Reading every seed in a folder: articles in a fixed order, or every problem at once. */

import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import type { SiteConfig } from '../config';
import { BuildCache, contentHash, keyBySeed } from './build-cache';
import type { Article } from './article';
import { ContentError, type Problem } from './problems';
import { readSeed, SEED_EXTENSIONS } from './seed';

export interface Content {
  /** Published and scheduled articles (drafts left out), newest first. */
  readonly articles: readonly Article[];
  readonly drafts: number;
  /** Warnings only: errors throw. */
  readonly warnings: readonly Problem[];
}

/** Seeds read ahead of the one being parsed. */
const READ_AHEAD = 64;

/** Newest first; ties broken by id so the order never depends on the file system. */
export function byNewest(a: Article, b: Article): number {
  return b.published.localeCompare(a.published) || a.id.localeCompare(b.id);
}

function findDuplicates(articles: readonly Article[], key: 'slug' | 'id'): Problem[] {
  const byKey = new Map<string, Article[]>();
  for (const article of articles) byKey.set(article[key], [...(byKey.get(article[key]) ?? []), article]);
  return [...byKey.values()]
    .filter((group) => group.length > 1)
    .flatMap((group) => group.map((article) => ({
      file: article.source,
      field: key,
      severity: 'error' as const,
      message: `${JSON.stringify(article[key])} is also the ${key} of ${group.filter((o) => o !== article).map((o) => o.source).join(', ')}; each article needs its own`,
    })));
}

/**
 * Reads every seed in `dir` (not its subfolders). `root` is what paths in messages are relative to.
 * Throws a ContentError listing every problem when any seed has an error. A seed whose name and bytes `cache`
 * has seen is not parsed again: its reading, warnings included, comes from the cache.
 */
export async function readContent(dir: string, config: SiteConfig, root = process.cwd(), cache = BuildCache.none()): Promise<Content> {
  const problems: Problem[] = [];
  const articles: Article[] = [];
  const drafts = new Set<Article>();
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const isSeed = (entry: Dirent) =>
    !entry.name.startsWith('.') && entry.isFile() && (SEED_EXTENSIONS as readonly string[]).includes(extname(entry.name).toLowerCase());
  // Seeds are read a batch ahead of parsing: one file at a time would leave the disk idle between them.
  const seeds = entries.filter(isSeed).map((entry) => entry.name);
  const reads = new Map<string, Promise<Buffer | Error>>();
  let readUpTo = 0;
  const bytesOf = (name: string): Promise<Buffer | Error> => {
    if (!reads.has(name)) {
      for (const ahead of seeds.slice(readUpTo, (readUpTo += READ_AHEAD))) {
        reads.set(ahead, readFile(join(dir, ahead)).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
      }
    }
    const bytes = reads.get(name)!;
    reads.delete(name);
    return bytes;
  };

  for (const entry of entries) {
    const file = relative(root, join(dir, entry.name)).split('\\').join('/');
    if (entry.name.startsWith('.')) continue;
    if (!entry.isFile()) {
      problems.push({ file, severity: 'warning', message: 'is not a file and is ignored; seeds/ is read without subfolders' });
      continue;
    }
    if (!(SEED_EXTENSIONS as readonly string[]).includes(extname(entry.name).toLowerCase())) {
      problems.push({ file, severity: 'warning', message: `is ignored: seeds are .md (Markdown) or .txt (scraped text) files (got ${JSON.stringify(extname(entry.name) || 'no extension')})` });
      continue;
    }
    const bytes = await bytesOf(entry.name);
    if (bytes instanceof Error) {
      problems.push({ file, severity: 'error', message: `could not be read: ${bytes.message}` });
      continue;
    }
    const seedHash = contentHash(file, bytes);
    const reading = cache.memo(`seed:${seedHash}`, () => readSeed(file, bytes, config));
    problems.push(...reading.problems);
    if (reading.article) {
      keyBySeed(reading.article, seedHash);
      articles.push(reading.article);
      if (reading.draft) drafts.add(reading.article);
    }
  }
  problems.push(...findDuplicates(articles, 'slug'), ...findDuplicates(articles, 'id'));
  if (problems.some((p) => p.severity === 'error')) throw new ContentError(problems);
  // Drafts took part in the duplicate checks (they will be published one day) but are built for nobody.
  const built = articles.filter((article) => !drafts.has(article));
  return { articles: built.sort(byNewest), drafts: drafts.size, warnings: problems };
}
