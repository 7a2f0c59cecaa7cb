/**
 * @module The build cache: what the build made of each seed and article last time, by content hash, so a
 * rebuild after one changed seed reads, renders and writes again only what that seed touches.
 *
 * Every value is a pure function of its key and of the build's code and settings; the code and settings are the
 * cache's fingerprint, and a cache with another fingerprint is dropped whole. Entries no build uses any more are
 * dropped when they fill half the file, so the cache stays within twice what the site needs.
 */

import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { SiteConfig } from '../config';
import type { Article } from './article';

/** What a memo needs: a plain Map is a memo that lasts one build. */
export interface Memo<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): unknown;
}

/** The file's first word: a cache written in another layout is dropped, not misread. */
const FORMAT = 'bulletin-build-cache-3';

/**
 * Hex SHA-256 of the given parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ. Texts are
 * hashed as UTF-8, where every lone surrogate reads as U+FFFD: arbitrary text goes through JSON.stringify first,
 * which escapes them (articles and feed pages do; file names and stripped tag names have none).
 */
export function contentHash(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(String(typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength)).update(':').update(part);
  }
  return hash.digest('hex');
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
  articleKeys.set(article, `seed:${seedHash}`);
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

/** Counts for the build's summary line. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/** What `open` found in the file. */
interface Stored {
  readonly entries: Map<string, unknown>;
  /** Bytes of each entry's frame, to tell how much of the file is still in use. */
  readonly frameBytes: Map<string, number>;
  /** Where the entries start, after the header line. */
  readonly headerBytes: number;
  /** The file's length up to its last whole entry; the rest, if any, was cut off by a stopped build. */
  readonly validBytes: number;
  readonly fileBytes: number;
}

const NOTHING_STORED: Stored = { entries: new Map(), frameBytes: new Map(), headerBytes: 0, validBytes: 0, fileBytes: 0 };

export class BuildCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  readonly #stored: Stored;
  /** Keys of stored entries this build used: the others are dead weight in the file. */
  readonly #used = new Set<string>();
  /** Entries this build made: `save` appends them. */
  readonly #made = new Map<string, unknown>();

  private constructor(
    readonly file: string | undefined,
    readonly fingerprint: string,
    stored: Stored,
    /** Why the last build's entries could not be used, when they could not. */
    readonly dropped?: string,
  ) {
    this.#stored = stored;
  }

  /** A cache that starts empty and is never saved: what a build without a cache does. */
  static none(): BuildCache {
    return new BuildCache(undefined, '', NOTHING_STORED);
  }

  /**
   * The cache in `file` when it was written with `fingerprint`, else an empty one (with `dropped` saying why).
   * A missing, foreign or damaged file never fails the build: the build just does the work again.
   */
  static async open(file: string, fingerprint: string): Promise<BuildCache> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return new BuildCache(file, fingerprint, NOTHING_STORED);
    }
    const header = bytes.subarray(0, Math.max(0, bytes.indexOf(0x0a))).toString();
    if (!header.startsWith(`${FORMAT} `)) return new BuildCache(file, fingerprint, NOTHING_STORED, 'it is not a bulletin build cache of this version');
    if (header !== `${FORMAT} ${fingerprint}`) return new BuildCache(file, fingerprint, NOTHING_STORED, 'the build code or settings changed');
    return new BuildCache(file, fingerprint, readEntries(bytes, header.length + 1));
  }

  get(key: string): unknown {
    if (this.#made.has(key)) return this.#made.get(key);
    const value = this.#stored.entries.get(key);
    if (value !== undefined) this.#used.add(key);
    return value;
  }

  set(key: string, value: unknown): void {
    if (this.#stored.entries.has(key)) this.#used.add(key);
    else this.#made.set(key, typeof value === 'string' ? flatten(value) : value);
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

  /** The entries whose keys start with `prefix`, as a Memo of `T`. */
  scope<T>(prefix: string): Memo<T> {
    return {
      get: (key) => {
        const value = this.get(prefix + key) as T | undefined;
        if (value === undefined) this.stats.misses++;
        else this.stats.hits++;
        return value;
      },
      set: (key, value) => this.set(prefix + key, value),
    };
  }

  /**
   * Appends the entries this build made to the file, which is what keeps a rebuild cheap. When entries no build
   * uses any more (deleted or edited seeds) fill more of the file than live ones, or its end was cut off, the file
   * is written again with only the entries this build used, through a temporary file and a rename.
   */
  async save(): Promise<void> {
    if (this.file === undefined) return;
    const stored = this.#stored;
    let liveBytes = 0;
    for (const key of this.#used) liveBytes += stored.frameBytes.get(key) ?? 0;
    const deadBytes = stored.validBytes - stored.headerBytes - liveBytes;
    const append = stored.fileBytes > 0 && stored.validBytes === stored.fileBytes && deadBytes <= liveBytes;
    if (append) {
      if (this.#made.size > 0) await writeFrames(this.file, 'a', '', this.#made);
      return;
    }
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const kept = new Map([...this.#used].map((key) => [key, stored.entries.get(key)]));
    await writeFrames(temporary, 'w', `${FORMAT} ${this.fingerprint}\n`, kept, this.#made);
    await rename(temporary, this.file);
  }
}

/**
 * `text` as one flat string. Rendered texts are ropes of many pieces; saving must flatten them, and flattening
 * them all at the end of the build would hold each text twice at its peak. Flattened as they come, the pieces go
 * with the next garbage collection.
 */
function flatten(text: string): string {
  // Any read of a character flattens a rope in V8.
  text.charCodeAt(text.length >> 1);
  return text;
}

const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
const FRAME_HEAD = 13;

/**
 * Writes `head`, then a frame per entry, through one reused buffer: a buffer per entry, or one for the whole
 * cache, would add hundreds of megabytes to the build's peak memory before the garbage collector frees them.
 *
 * A frame is `kind (1 byte) | key length | value length | CRC-32 of key and value (4 bytes each) | key | value`.
 * Well-formed texts (kind 0) are stored as UTF-8, half the size of V8's serialisation of a string with any
 * character past U+00FF; other values (kind 1) as V8 serialises them. The checksum finds an entry a stopped build cut short.
 */
async function writeFrames(file: string, flags: 'a' | 'w', head: string, ...entries: Map<string, unknown>[]): Promise<void> {
  const handle = await open(file, flags);
  try {
    let buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    let at = buffer.write(head);
    for (const map of entries) {
      for (const [key, value] of map) {
        // UTF-8 cannot carry a lone surrogate: such a text goes as V8 serialises it, which keeps every code unit.
        const serialized = typeof value === 'string' && value.isWellFormed() ? undefined : serialize(value);
        const keyBytes = Buffer.byteLength(key);
        const valueBytes = serialized?.length ?? Buffer.byteLength(value as string);
        const frameBytes = FRAME_HEAD + keyBytes + valueBytes;
        if (at + frameBytes > buffer.length) {
          await handle.write(buffer, 0, at);
          at = 0;
          if (frameBytes > buffer.length) buffer = Buffer.allocUnsafe(frameBytes);
        }
        buffer.writeUInt8(serialized === undefined ? 0 : 1, at);
        buffer.writeUInt32LE(keyBytes, at + 1);
        buffer.writeUInt32LE(valueBytes, at + 5);
        buffer.write(key, at + FRAME_HEAD);
        if (serialized === undefined) buffer.write(value as string, at + FRAME_HEAD + keyBytes);
        else serialized.copy(buffer, at + FRAME_HEAD + keyBytes);
        buffer.writeUInt32LE(crc32(buffer.subarray(at + FRAME_HEAD, at + frameBytes)), at + 9);
        at += frameBytes;
      }
    }
    if (at > 0) await handle.write(buffer, 0, at);
  } finally {
    await handle.close();
  }
}

/** Every whole entry after the header; reading stops at the first one that is cut short or does not check out. */
function readEntries(bytes: Buffer, start: number): Stored {
  const entries = new Map<string, unknown>();
  const frameBytes = new Map<string, number>();
  let at = start;
  while (at + FRAME_HEAD <= bytes.length) {
    const kind = bytes.readUInt8(at);
    const keyEnd = at + FRAME_HEAD + bytes.readUInt32LE(at + 1);
    const valueEnd = keyEnd + bytes.readUInt32LE(at + 5);
    if (kind > 1 || valueEnd > bytes.length || crc32(bytes.subarray(at + FRAME_HEAD, valueEnd)) !== bytes.readUInt32LE(at + 9)) break;
    const key = bytes.toString('utf8', at + FRAME_HEAD, keyEnd);
    const value = bytes.subarray(keyEnd, valueEnd);
    entries.set(key, kind === 0 ? value.toString('utf8') : deserialize(value));
    frameBytes.set(key, valueEnd - at);
    at = valueEnd;
  }
  return { entries, frameBytes, headerBytes: start, validBytes: at, fileBytes: bytes.length };
}

/**
 * What the build's output depends on besides the seeds: the settings, every source file, the exact dependency
 * versions and Node's major version.
 */
export async function buildFingerprint(root: string, config: SiteConfig): Promise<string> {
  const files = [
    ...(await sourceFiles(join(root, 'src'))),
    join(root, 'package-lock.json'),
  ];
  const parts: (string | Uint8Array)[] = [FORMAT, process.versions.node.split('.')[0] ?? '', JSON.stringify(config)];
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
