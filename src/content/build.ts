/** @module Reading every seed in a folder: articles in a fixed order, or every problem at once. */

import { type Dirent, readFile, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { SiteConfig } from '../config';
import { BuildCache, contentHash, keyBySeed } from './build-cache';
import type { Article } from './article';
import { ContentError, type Problem } from './problems';
import { readSeed, SEED_EXTENSIONS, type SeedReading } from './seed';
import { ArticleSource, StoredReadings } from './stored-readings';

export interface Content {
  /** Published and scheduled articles (drafts left out), newest first. */
  readonly articles: readonly Article[];
  readonly drafts: number;
  /** Warnings only: errors throw. */
  readonly warnings: readonly Problem[];
}

/** Seeds read ahead of the one being parsed. */
const READ_AHEAD = 64;

/**
 * A file's bytes, or the error that kept them from being read. Through fs's callbacks, not fs/promises: its
 * `readFile` took the build's own thread ~60 µs a file (a FileHandle, and a promise for each of open, stat, read
 * and close), three times the callbacks' cost: 0.6 s of 10k seeds.
 */
function readBytes(path: string): Promise<Buffer | Error> {
  return new Promise((resolve) => readFile(path, (error, bytes) => resolve(error ?? bytes)));
}

/**
 * Newest first; ties broken by id so the order never depends on the file system. Code-unit order, not
 * `localeCompare`: `published` is always `toISOString()`'s form, and the order of ids must not depend on the
 * machine's locale data (it is also what sorting 10k articles spent most of its time in).
 */
export function byNewest(a: Article, b: Article): number {
  return compare(b.published, a.published) || compare(a.id, b.id);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function findDuplicates(articles: readonly Article[], key: 'slug' | 'id'): Problem[] {
  // A group only for a value met twice: 10k articles' 20k one-element groups were most of this check.
  const first = new Map<string, Article>();
  const groups = new Map<string, Article[]>();
  for (const article of articles) {
    const value = article[key];
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, article);
    else groups.set(value, [...(groups.get(value) ?? [earlier]), article]);
  }
  // Listed in the order of each group's first article.
  const listed: Article[][] = [];
  for (const value of first.keys()) {
    const group = groups.get(value);
    if (group !== undefined) listed.push(group);
  }
  return listed.flatMap((group) => group.map((article) => ({
      file: article.source,
      field: key,
      severity: 'error' as const,
      message: `${JSON.stringify(article[key])} is also the ${key} of ${group.filter((o) => o !== article).map((o) => o.source).join(', ')}; each article needs its own`,
    })));
}

/**
 * What a folder entry is to the build. A symbolic link counts as what it points to: a publisher may keep an
 * article elsewhere and link it in (npm start's watcher follows links too). Only links cost a `stat`.
 */
type EntryKind = 'file' | 'folder' | 'missing' | 'other';

const IGNORED: Record<Exclude<EntryKind, 'file'>, string> = {
  folder: 'is a folder and is ignored: seeds/ is read without subfolders',
  missing: 'is a symbolic link to nothing and is ignored',
  other: 'is neither a file nor a folder and is ignored',
};

const hasSeedExtension = (name: string) => (SEED_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());

function kindOf(entry: Dirent, path: string): EntryKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = statSync(path);
    return target.isFile() ? 'file' : target.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

/** What a seed file's metadata says about its bytes: equal stamps, equal bytes, unless the file was written within `RACY_MS` of being read. */
type Stamp = string;

/**
 * A file changed again within the file system's timestamp granularity (a few milliseconds on Linux) after a build
 * read it could keep its stamp with other bytes: a stamp this young is not kept, and the next build reads the file.
 */
const RACY_MS = 2000;

function stampOf(path: string): { stamp: Stamp; mtimeMs: number } | undefined {
  try {
    const stats = statSync(path, { bigint: true });
    return { stamp: `${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}`, mtimeMs: Number(stats.mtimeMs) };
  } catch {
    return undefined;
  }
}

/**
 * Each seed's stamp and hash as a build left them, as the cache keeps them: one string, the name, stamp and hash of
 * every seed in name order, separated by NUL, which no file name holds. V8 reads one string back at once, where a
 * map of 10k names to [stamp, hash] took 35-43 ms of a rebuild to read and ~15 ms to write again, and made 30k
 * objects for the garbage collector.
 */
interface StoredStamps {
  readonly seeds: string;
}

const isStoredStamps = (value: unknown): value is StoredStamps => typeof (value as StoredStamps | undefined)?.seeds === 'string';

/** The fields of each StoredStamps, split once: a builder kept between builds (npm start) gets them again. */
const storedFields = new WeakMap<StoredStamps, readonly string[]>();

function stampFields(stored: StoredStamps): readonly string[] {
  let fields = storedFields.get(stored);
  if (fields === undefined) storedFields.set(stored, (fields = stored.seeds === '' ? [] : stored.seeds.split('\0')));
  return fields;
}

/**
 * Reads every seed in `dir` (not its subfolders). `root` is what paths in messages are relative to.
 * Throws a ContentError listing every problem when any seed has an error. A seed whose name and bytes `cache`
 * has seen is not parsed again: its reading, warnings included, comes from the cache, and its article reads its
 * details and body from `source` (see stored-readings.ts) only when asked for. A seed whose file has the same size,
 * times and inode as when the last build hashed it is not even read: the cache keeps its hash.
 */
export async function readContent(
  dir: string,
  config: SiteConfig,
  root = process.cwd(),
  cache = BuildCache.none(),
  source = new ArticleSource(),
): Promise<Content> {
  const problems: Problem[] = [];
  const articles: Article[] = [];
  const drafts = new Set<Article>();
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // `join` once: an entry's name has no separator in it, and joining each of 10k names took ~10 ms.
  const within = join(dir, sep);
  const pathOf = (name: string) => within + name;
  const listed = entries.map((entry) => ({ name: entry.name, kind: kindOf(entry, pathOf(entry.name)) }));
  const seedEntries = listed.filter(({ name, kind }) => !name.startsWith('.') && kind === 'file' && hasSeedExtension(name));

  // Paths in messages, with forward slashes on every system.
  const folder = relative(root, dir).split('\\').join('/');
  // Seed hashes by file name and stamp, as the last build saw them. A hash covers the name as messages spell it
  // (relative to `root`), so another root is another set of stamps.
  const stampsKey = `seed-stamps:${resolve(dir)}\n${folder}`;
  const readings = new StoredReadings(cache, source, `seed-readings:${resolve(dir)}`);
  const stored = cache.get(stampsKey);
  const known = isStoredStamps(stored) ? stampFields(stored) : [];
  // Seeds come in name order, as the last build stored them: one walk finds each seed's fields, if any.
  let next = 0;
  const knownAt = (name: string): number | undefined => {
    while (next < known.length && known[next]! < name) next += 3;
    return known[next] === name ? next : undefined;
  };
  // Name, stamp and hash of each seed for the next build; the hash of a seed read below is filled in when it is.
  const stamps: string[] = [];
  const hashAt = new Map<string, number>();
  const startedMs = Date.now();
  const hashes = new Map<string, string>();
  for (const entry of seedEntries) {
    const found = stampOf(pathOf(entry.name));
    if (found === undefined) continue;
    const at = knownAt(entry.name);
    const knownHash = at === undefined || known[at + 1] !== found.stamp ? undefined : known[at + 2]!;
    const unchanged = knownHash !== undefined && readings.has(knownHash);
    if (unchanged) hashes.set(entry.name, knownHash);
    if (startedMs - found.mtimeMs <= RACY_MS) continue;
    if (!unchanged) hashAt.set(entry.name, stamps.length + 2);
    stamps.push(entry.name, found.stamp, unchanged ? knownHash : '');
  }

  // The other seeds are read a batch ahead of parsing: one file at a time would leave the disk idle between them.
  const seeds = seedEntries.filter((entry) => !hashes.has(entry.name)).map((entry) => entry.name);
  const reads = new Map<string, Promise<Buffer | Error>>();
  let readUpTo = 0;
  const bytesOf = (name: string): Promise<Buffer | Error> => {
    if (!reads.has(name)) {
      for (const ahead of seeds.slice(readUpTo, (readUpTo += READ_AHEAD))) {
        reads.set(ahead, readBytes(pathOf(ahead)));
      }
    }
    const bytes = reads.get(name)!;
    reads.delete(name);
    return bytes;
  };

  for (const entry of listed) {
    const { kind } = entry;
    const file = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.name.startsWith('.')) continue;
    if (kind === 'missing' && hasSeedExtension(entry.name)) {
      problems.push({ file, severity: 'error', message: 'is a symbolic link to a file that does not exist' });
      continue;
    }
    if (kind !== 'file') {
      problems.push({ file, severity: 'warning', message: IGNORED[kind] });
      continue;
    }
    if (!hasSeedExtension(entry.name)) {
      problems.push({ file, severity: 'warning', message: `is ignored: seeds are .md (Markdown) or .txt (scraped text) files (got ${JSON.stringify(extname(entry.name) || 'no extension')})` });
      continue;
    }
    let seedHash = hashes.get(entry.name);
    let reading: SeedReading;
    if (seedHash === undefined) {
      const bytes = await bytesOf(entry.name);
      if (bytes instanceof Error) {
        problems.push({ file, severity: 'error', message: `could not be read: ${bytes.message}` });
        continue;
      }
      const hash = (seedHash = contentHash(file, bytes));
      reading = readings.reading(hash, () => readSeed(file, bytes, config));
      const at = hashAt.get(entry.name);
      if (at !== undefined) stamps[at] = hash;
    } else {
      // Only if the cached reading does not read back: the stamp says the bytes are those hashed.
      reading = readings.reading(seedHash, () => readSeed(file, readFileSync(pathOf(entry.name)), config));
    }
    problems.push(...reading.problems);
    if (reading.article) {
      keyBySeed(reading.article, seedHash);
      articles.push(reading.article);
      if (reading.draft) drafts.add(reading.article);
    }
  }
  const stampText = stamps.join('\0');
  if (!isStoredStamps(stored) || stampText !== stored.seeds) {
    const replaced: StoredStamps = { seeds: stampText };
    storedFields.set(replaced, stamps);
    cache.replace(stampsKey, replaced);
  }
  readings.save();
  problems.push(...findDuplicates(articles, 'slug'), ...findDuplicates(articles, 'id'));
  if (problems.some((p) => p.severity === 'error')) throw new ContentError(problems);
  // Drafts took part in the duplicate checks (they will be published one day) but are built for nobody.
  const built = articles.filter((article) => !drafts.has(article));
  return { articles: built.sort(byNewest), drafts: drafts.size, warnings: problems };
}
