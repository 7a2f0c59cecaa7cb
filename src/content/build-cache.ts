/**
 * @module The build cache: what the build made of each seed and article last time, by content hash, so a
 * rebuild after one changed seed reads, renders and writes again only what that seed touches.
 *
 * Every value is a pure function of its key and of the build's code and settings; the code and settings are the
 * cache's fingerprint, and a cache with another fingerprint is dropped whole. Entries no build uses any more are
 * dropped when they fill half the file, so the cache stays within twice what the site needs.
 */

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteConfig } from '../config';
import type { Article } from './article';
import { CacheLog } from './cache-log';

/** What a memo needs: a plain Map is a memo that lasts one build. */
export interface Memo<T> {
  /** Whether `get` would find `key`, without reading its value. */
  has(key: string): boolean;
  get(key: string): T | undefined;
  set(key: string, value: T): unknown;
}

/** The file's first word: a cache written in another layout is dropped, not misread. */
const FORMAT = 'bulletin-build-cache-11';

/**
 * SHA-256 of the given parts in base64url (43 characters: hex's 64 made every key of the cache, which a rebuild of
 * 10k articles holds some 100k of, a third longer to read, hash and collect), each part length-prefixed so that
 * ("ab", "c") and ("a", "bc") differ. Texts are hashed as UTF-8, where every lone surrogate reads as U+FFFD:
 * arbitrary text goes through JSON.stringify first, which escapes them (articles and feed pages do; file names and
 * stripped tag names have none).
 */
export function contentHash(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(String(typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength)).update(':').update(part);
  }
  return hash.digest('base64url');
}

/** An article's content key: the same fields, the same key, in any build. */
export function articleKey(article: Article): string {
  let key = articleKeys.get(article);
  if (key === undefined) articleKeys.set(article, (key = derivedKeys.get(article)?.() ?? contentHash(JSON.stringify(article))));
  return key;
}

/**
 * Keys an article by the hash of the seed it was read from, which spares hashing its fields: an article is a
 * function of its seed's name and bytes and of the build's code, and the code is the cache's fingerprint.
 */
export function keyBySeed(article: Article, seedHash: string): void {
  const key = `seed:${seedHash}`;
  // An article kept from an earlier build keeps its key string, and every key made from it stays the same string.
  if (articleKeys.get(article) !== key) articleKeys.set(article, key);
}

/**
 * Keys `derived`, made from `from` by a deterministic step named `step`, without hashing its fields: the same
 * article through the same step gives the same article.
 */
export function deriveKey(derived: Article, from: Article, step: string): void {
  const keyOf = () => `${step}:${articleKey(from)}`;
  // Lazily: most derived articles never need a key.
  derivedKeys.set(derived, keyOf);
}

const articleKeys = new WeakMap<Article, string>();
const derivedKeys = new WeakMap<Article, () => string>();

export interface CacheOptions {
  /** Bytes of new entries the cache gathers before it writes them to the file (4 MiB). */
  readonly writeBufferBytes?: number;
  /**
   * Values other than texts as the builds before this one in the same process read or made them: a builder that
   * stays in memory (`npm start`) passes the same KeptValues to each build's cache, so its next build takes them
   * from there rather than from the file.
   */
  readonly kept?: KeptValues;
}

/**
 * Values a build read from its cache file or stored in it, each with the name of the frame that holds it there
 * (see CacheLog#frameName). A later build uses one only while its file holds the very same frame for the key: a
 * value `replace`d by another process in between (an archive layout), a file dropped or written anew, and the
 * value is read again. Each cache's `save` lets go of what its build did not use.
 */
export class KeptValues {
  readonly #values = new Map<string, { readonly value: unknown; frame: string | undefined }>();

  keys(): IterableIterator<string> {
    return this.#values.keys();
  }

  /** The value kept for `key` when `frame` is the frame it was kept from. */
  get(key: string, frame: string | undefined): unknown {
    const kept = this.#values.get(key);
    return kept !== undefined && frame !== undefined && kept.frame === frame ? kept.value : undefined;
  }

  /** Keeps `value`, stored in `frame` or (made by this build, not stored yet) in a frame named later. */
  set(key: string, value: unknown, frame?: string): void {
    this.#values.set(key, { value, frame });
  }

  /** Names the frame that now holds what is kept for `key`, once it is stored. */
  stored(key: string, frame: string | undefined): void {
    const kept = this.#values.get(key);
    if (kept !== undefined) kept.frame = frame;
  }

  delete(key: string): void {
    this.#values.delete(key);
  }

  clear(): void {
    this.#values.clear();
  }
}

/** A text a cache without a file holds, as its UTF-8 bytes. */
class Utf8Text {
  constructor(readonly bytes: Buffer) {}
}

/** Counts for the build's summary line. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/** What an entry the build referred to but could not read back means: build again without the cache. */
export class CacheEntryLost extends Error {
  constructor(readonly key: string) {
    super(`the build cache entry ${key} could not be read back`);
  }
}

/**
 * Reads `key` from `memo` when called: for a text the build may never need, once `memo.has(key)` said it is there.
 * An entry that is there but does not read back (its bytes changed on disk) throws CacheEntryLost.
 */
export function readLater<T>(memo: Memo<T>, key: string): () => T {
  return () => {
    const value = memo.get(key);
    if (value === undefined) throw new CacheEntryLost(key);
    return value;
  };
}

export class BuildCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  readonly #log: CacheLog | undefined;
  /** Keys of stored entries this build used: the others are dead weight in the file. */
  readonly #used = new Set<string>();
  /** Stored entries that did not read back, or that `replace` superseded: never used, never kept. */
  readonly #stale = new Set<string>();
  /**
   * Values other than texts this build made, until `save` stores them; and, in a cache without a file, its texts
   * too (see `set`).
   */
  readonly #made = new Map<string, unknown>();
  /** Values other than texts as earlier builds in this process read or made them (see `CacheOptions.kept`). */
  readonly #kept: KeptValues | undefined;
  /** Set by `keepUnused`: this build did not ask for everything it needs. */
  #partial = false;
  /** Keys this build uses without asking for them (see `useLater`). */
  readonly #usedLater: (() => Iterable<string>)[] = [];

  private constructor(
    readonly file: string | undefined,
    readonly fingerprint: string,
    log: CacheLog | undefined,
    options: CacheOptions = {},
    /** Why the last build's entries could not be used, when they could not. */
    readonly dropped?: string,
  ) {
    this.#log = log;
    this.#kept = options.kept;
  }

  /** A cache that starts empty and is never saved: what a build without a cache does. */
  static none(): BuildCache {
    return new BuildCache(undefined, '', undefined);
  }

  /**
   * The cache in `file` when it was written with `fingerprint`, else an empty one (with `dropped` saying why).
   * A missing, foreign or damaged file never fails the build: the build just does the work again.
   */
  static async open(file: string, fingerprint: string, options: CacheOptions = {}): Promise<BuildCache> {
    const header = `${FORMAT} ${fingerprint}`;
    const { writeBufferBytes } = options;
    const log = await CacheLog.open(file, header, writeBufferBytes);
    if (log === undefined) return new BuildCache(file, fingerprint, CacheLog.empty(file, header, writeBufferBytes), options);
    if (log instanceof CacheLog) return new BuildCache(file, fingerprint, log, options);
    const reason = log.foundHeader.startsWith(`${FORMAT} `) ? 'the build code or settings changed' : 'it is not a bulletin build cache of this version';
    return new BuildCache(file, fingerprint, CacheLog.empty(file, header, writeBufferBytes), options, reason);
  }

  /** Whether the cache holds `key`, without reading it; a later `get` may still find it damaged. */
  has(key: string): boolean {
    if (this.#made.has(key)) return true;
    if (this.#stale.has(key) || !this.#log?.frames.has(key)) return false;
    this.#used.add(key);
    return true;
  }

  get(key: string): unknown {
    if (this.#made.has(key)) {
      const made = this.#made.get(key);
      return made instanceof Utf8Text ? made.bytes.toString('utf8') : made;
    }
    if (this.#stale.has(key) || !this.#log?.frames.has(key)) return undefined;
    const frame = this.#kept && this.#log.frameName(key);
    const kept = this.#kept?.get(key, frame);
    if (kept !== undefined) {
      this.#used.add(key);
      return kept;
    }
    const value = this.#log.read(key);
    if (value === undefined) {
      this.#stale.add(key);
      this.#used.delete(key);
    } else {
      this.#used.add(key);
      this.#keep(key, value, frame);
    }
    return value;
  }

  /**
   * The UTF-8 bytes of the text held for `key`, without making a string of them (see site/write-archive.ts's
   * Utf8Texts): undefined when the cache holds none, or holds another kind of value, or its entry does not read
   * back. Bytes read from the file are valid until the next call.
   */
  utf8(key: string): Uint8Array | undefined {
    if (this.#made.has(key)) {
      const made = this.#made.get(key);
      return made instanceof Utf8Text ? made.bytes : undefined;
    }
    if (this.#stale.has(key) || !this.#log?.frames.has(key)) return undefined;
    const bytes = this.#log.readUtf8(key);
    if (bytes !== undefined) this.#used.add(key);
    return bytes;
  }

  /** About the UTF-8 size of the value held for `key` (exact for a text), without reading it; undefined when there is none. */
  utf8Size(key: string): number | undefined {
    if (this.#made.has(key)) {
      const made = this.#made.get(key);
      return made instanceof Utf8Text ? made.bytes.length : undefined;
    }
    return this.#stale.has(key) ? undefined : this.#log?.utf8Size(key);
  }

  /** Texts are left out: a build reads few of them again, and the file keeps them in less memory. */
  #keep(key: string, value: unknown, frame?: string): void {
    if (typeof value !== 'string') this.#kept?.set(key, value, frame);
  }

  /**
   * Keeps `value` for `key`. A text goes to the file at once, through the log's write buffer, and is read from
   * there when asked for: a build makes every page and item, and holding them all, even as UTF-8 (as a string, one
   * character past U+00FF, a “ or a …, makes V8 take two bytes for every character), took hundreds of MiB. A cache
   * without a file keeps its texts as UTF-8.
   */
  set(key: string, value: unknown): void {
    const log = this.#log;
    if (log?.frames.has(key) && !this.#stale.has(key)) {
      this.#used.add(key);
      return;
    }
    if (typeof value !== 'string') {
      this.#made.set(key, value);
      this.#keep(key, value);
    } else if (log !== undefined) {
      log.append(key, value);
      this.#used.add(key);
      this.#stale.delete(key);
    } else {
      this.#made.set(key, value.isWellFormed() ? new Utf8Text(Buffer.from(value)) : value);
    }
  }

  /** Appends the values this build made to the file, and writes what the log's buffer holds. */
  #store(): void {
    const log = this.#log;
    if (this.file === undefined || log === undefined) return;
    for (const [key, value] of this.#made) log.append(key, value);
    log.flush();
    for (const key of this.#made.keys()) {
      this.#used.add(key);
      this.#stale.delete(key);
      this.#kept?.stored(key, log.frameName(key));
    }
    this.#made.clear();
  }

  /**
   * Stores `value` under `key` in place of what the cache holds. For what a build keeps about its own output
   * (which changes from build to build), not for content, whose key already says what its value is.
   */
  replace(key: string, value: unknown): void {
    this.#used.delete(key);
    this.#stale.add(key);
    this.#made.set(key, value);
    this.#kept?.delete(key);
    this.#keep(key, value);
  }

  /** The value for `key`, made by `make` and kept when the cache has none. */
  memo<T>(key: string, make: () => T): T {
    const known = this.get(key);
    if (known !== undefined) {
      this.stats.hits++;
      return known as T;
    }
    this.stats.misses++;
    const value = make();
    this.set(key, value);
    return value;
  }

  /**
   * The entries whose keys start with `prefix`, as a Memo of `T`. Each `has` counts as a hit or a miss; `get`
   * does not, so that reading a value `has` found, or reading it again, counts once.
   */
  scope<T>(prefix: string): Memo<T> {
    return {
      has: (key) => {
        const held = this.has(prefix + key);
        if (held) this.stats.hits++;
        else this.stats.misses++;
        return held;
      },
      get: (key) => this.get(prefix + key) as T | undefined,
      set: (key, value) => this.set(prefix + key, value),
    };
  }

  /**
   * Counts the entries `keys` will name as used by this build, as `has` would, when `save` needs to know: a build
   * that uses many entries it holds without reading them (the seeds' bodies) need not ask for each one.
   */
  useLater(keys: () => Iterable<string>): void {
    this.#usedLater.push(keys);
  }

  /**
   * Says that this build asked only for what changed (a patch build, see site/site-shape.ts): the entries it did
   * not use are as live as the last build left them, so `save` keeps them all, and drops no dead ones either.
   */
  keepUnused(): void {
    this.#partial = true;
  }

  /** Lets go of the file without saving anything to it: for a cache whose file is about to be deleted. */
  close(): void {
    this.#log?.close();
  }

  /**
   * Ends the build's use of the cache: texts it gave as readers (see `readLater`) cannot be read after.
   * Appends the entries this build made to the file, which is what keeps a rebuild cheap, and saves the index.
   * When entries no build uses any more (deleted or edited seeds) fill more of the file than live ones, the file
   * is written again with only the entries this build used, through a temporary file and a rename; not after a
   * patch build (see `keepUnused`).
   */
  async save(): Promise<void> {
    const log = this.#log;
    if (this.file === undefined || log === undefined) return;
    this.#store();
    if (this.#partial) {
      if (log.headerBytes > 0) await log.saveIndex();
      log.close();
      return;
    }
    for (const keys of this.#usedLater) for (const key of keys()) this.has(key);
    for (const key of this.#kept?.keys() ?? []) if (!this.#used.has(key)) this.#kept?.delete(key);
    let liveBytes = 0;
    for (const key of this.#used) liveBytes += log.frames.get(key)?.bytes ?? 0;
    const deadBytes = log.validBytes - log.headerBytes - liveBytes;
    if (deadBytes > liveBytes) {
      await log.rewrite(this.#used);
      // The same values, in other frames.
      for (const key of this.#kept?.keys() ?? []) this.#kept?.stored(key, log.frameName(key));
    } else if (log.headerBytes > 0) {
      await log.saveIndex();
    }
    log.close();
  }
}

/**
 * What the build's output depends on besides the seeds: the settings, every source file, the exact dependency
 * versions and Node's major version. `code`, when given, stands for the source files and dependency versions: the
 * hash scripts/compiled.mjs made of every file it compiled the running build from, and of the lock file.
 */
export async function buildFingerprint(root: string, config: SiteConfig, code?: string): Promise<string> {
  const settings = [FORMAT, process.versions.node.split('.')[0] ?? '', JSON.stringify(config)];
  if (code !== undefined) return contentHash(...settings, 'compiled', code);
  const files = [
    ...(await sourceFiles(join(root, 'src'))),
    join(root, 'package-lock.json'),
  ];
  const parts: (string | Uint8Array)[] = [...settings];
  for (const file of files) parts.push(file.slice(root.length), await readFile(file).catch(() => new Uint8Array()));
  return contentHash(...parts);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // The generated module is the build's output, not its code.
    if (entry.isDirectory() && entry.name !== 'generated') files.push(...(await sourceFiles(path)));
    else if (entry.isFile() && /\.(ts|tsx|js|json)$/.test(entry.name)) files.push(path);
  }
  return files;
}
