/** @module Build side: the content bundle → chunk and shard files for Workers Static Assets, and the manifest. */

import { createHash, type Hash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CacheEntryLost } from '../content/build-cache';
import { MAX_UTF8_BYTES_PER_UNIT } from '../content/characters';
import { lowerBound } from '../content/sorted-numbers';
import { ARCHIVE_DIRECTORY, type ArchivedDocument, type ArchiveManifest, chunkPath, fnv1a, type Shard, shardOf, shardPath, type Span } from './archive';
import type { StoredDocument } from './bundle';
import type { BuiltBundle, BuiltFragment, BuiltPatch } from './build-bundle';
import type { TextKey } from './document';
import type { ArchiveRecord, ShardFile } from './site-shape';

/**
 * Fragments in the order the Worker most often needs them together: first the site's subscription feeds, item by
 * item, then the index and every other document, so that a feed's first request reads a few chunks, not dozens.
 */
function writingOrder(bundle: BuiltBundle): number[] {
  const routes = Object.entries(bundle.epochs.at(-1)?.routes ?? {});
  const rank = ([path]: [string, number]) => (path === '/rss.xml' || path === '/atom.xml' || path === '/feed.json' ? 0 : path === '/' ? 1 : 2);
  const order = new Set<number>();
  for (const [, index] of routes.sort((a, b) => rank(a) - rank(b))) {
    for (const segment of bundle.documents[index]!.segments) order.add(segment);
  }
  for (let index = 0; index < bundle.fragments.length; index++) order.add(index);
  return [...order];
}

/** A chunk file as a build wrote it: its size in bytes and its mtime after. */
export interface ChunkFile {
  readonly bytes: number;
  readonly mtimeMs: number;
}

/**
 * Where a build put each fragment, by content key: the next build into the same directory writes only the
 * fragments that are not there yet. Keys mean the same text only for the same build code and settings, so the
 * layout must be kept with them (the build cache does).
 */
export interface ArchiveLayout {
  readonly chunks: ReadonlyMap<number, ChunkFile>;
  readonly spans: ReadonlyMap<TextKey, Span>;
  /** The version of the archive whose chunks these are (see ArchiveManifest.version). */
  readonly version: string;
}

/** Where a layout is kept between builds: the build cache (see builder.ts). */
export interface LayoutStore {
  /** Whether `get` would find `key`, without reading it (the build cache counts the entry as used). */
  has(key: string): boolean;
  get(key: string): unknown;
  replace(key: string, value: unknown): void;
}

/**
 * The list of a stored layout's chunks, under the layout's name, with their files and where to look for each
 * text: a patch looks up a few texts, and reads only the chunks that may hold them, where reading every chunk's
 * entry of a 10k-article archive took ~25 µs for each of 2k chunks.
 */
interface StoredChunkList {
  readonly version: string;
  readonly chunks: readonly number[];
  /** The file of `chunks[i]`: its bytes and mtimeMs at `2i` and `2i + 1`. */
  readonly files: Float64Array;
  /** For every text in the chunks, `fnv1a(key) * CHUNK_POSITIONS + i` where `chunks[i]` holds it, ascending. */
  readonly directory: Float64Array;
}

/** Positions in a chunk list that a directory entry can name: it is a float64, exact up to 2^53 (a 32-bit hash times this). */
const CHUNK_POSITIONS = 2 ** 21;

/** One chunk of a stored layout, under `<name>:<chunk>`: its file, and the key, start and end of every text in it. */
export interface StoredChunk {
  readonly file: ChunkFile;
  readonly keys: readonly TextKey[];
  /** Start and end of `keys[i]` at `2i` and `2i + 1`. */
  readonly offsets: Float64Array;
}

const isChunkList = (value: unknown): value is StoredChunkList =>
  value !== null && typeof value === 'object' && (value as StoredChunkList).directory instanceof Float64Array && typeof (value as StoredChunkList).version === 'string';

/**
 * The layout `saveLayout` stored under `name`, or undefined when any part of it is missing. It may know texts no
 * document uses any more: they are still in their chunk files, and a later build that needs one again takes it.
 * Only the list is read: each chunk's entry is read when a text in it is looked up.
 */
export function loadLayout(store: LayoutStore, name: string): StoredLayout | undefined {
  const list = store.get(name);
  if (!isChunkList(list)) return undefined;
  for (const number of list.chunks) if (!store.has(`${name}:${number}`)) return undefined;
  return new StoredLayout(store, name, list, new Map(), list.version);
}

/**
 * A layout as the build cache keeps it: the list of its chunks, and each chunk's entry read only when a text in it is
 * looked up. The map of every text's span is made only when asked for: a patch (see `patchArchive`) looks up a few
 * texts, and 10k articles' layout holds 43k.
 */
export class StoredLayout implements ArchiveLayout {
  readonly chunks: ReadonlyMap<number, ChunkFile>;
  readonly #store: LayoutStore;
  readonly #name: string;
  readonly #list: StoredChunkList;
  /** Chunk entries read so far, and the chunks added since the list was stored (which it does not know). */
  readonly #records: Map<number, StoredChunk>;
  readonly #added: ReadonlyMap<number, StoredChunk>;
  #spans: Map<TextKey, Span> | undefined;

  constructor(store: LayoutStore, name: string, list: StoredChunkList, added: ReadonlyMap<number, StoredChunk>, readonly version: string) {
    this.#store = store;
    this.#name = name;
    this.#list = list;
    this.#added = added;
    this.#records = new Map(added);
    const { chunks, files } = list;
    this.chunks = new Map([
      ...chunks.map((number, i): [number, ChunkFile] => [number, { bytes: files[2 * i]!, mtimeMs: files[2 * i + 1]! }]),
      ...[...added].map(([number, chunk]): [number, ChunkFile] => [number, chunk.file]),
    ]);
  }

  get spans(): ReadonlyMap<TextKey, Span> {
    if (this.#spans === undefined) {
      this.#spans = new Map();
      for (const number of this.chunks.keys()) {
        const chunk = this.#record(number);
        chunk.keys.forEach((key, i) => this.#spans!.set(key, spanAt(number, chunk, i)));
      }
    }
    return this.#spans;
  }

  /** Where each of `keys` lies, for those the layout knows. */
  spansOf(keys: ReadonlySet<TextKey>): Map<TextKey, Span> {
    const found = new Map<TextKey, Span>();
    if (this.#spans !== undefined) {
      for (const key of keys) if (this.#spans.has(key)) found.set(key, this.#spans.get(key)!);
      return found;
    }
    // The chunks that may hold a key, the last listed first: as in `spans`, a text in two chunks (which no build
    // writes) would be taken from the later.
    const { chunks, directory } = this.#list;
    const added = [...this.#added.keys()].reverse();
    for (const key of keys) {
      const low = fnv1a(key) * CHUNK_POSITIONS;
      const listed: number[] = [];
      for (let i = lowerBound(directory, low); i < directory.length && directory[i]! < low + CHUNK_POSITIONS; i++) listed.push(chunks[directory[i]! - low]!);
      for (const number of [...added, ...listed.reverse()]) {
        const chunk = this.#record(number);
        const i = chunk.keys.indexOf(key);
        if (i < 0) continue;
        found.set(key, spanAt(number, chunk, i));
        break;
      }
    }
    return found;
  }

  /** This layout with `added` chunks, of the archive `version` they make. */
  with(added: ReadonlyMap<number, StoredChunk>, version: string): StoredLayout {
    return new StoredLayout(this.#store, this.#name, this.#list, new Map([...this.#added, ...added]), version);
  }

  /**
   * The directory entries of the chunks of this layout that `keep` holds, as hash and chunk number: what a list
   * stored after a build that keeps them needs to know of them, without their entries being read.
   */
  entriesOf(keep: (number: number) => boolean): { readonly hashes: number[]; readonly numbers: number[] } {
    const { chunks, directory } = this.#list;
    const hashes: number[] = [];
    const numbers: number[] = [];
    for (const entry of directory) {
      const number = chunks[entry % CHUNK_POSITIONS]!;
      if (!keep(number)) continue;
      hashes.push(Math.floor(entry / CHUNK_POSITIONS));
      numbers.push(number);
    }
    for (const [number, chunk] of this.#added) {
      if (!keep(number)) continue;
      for (const key of chunk.keys) {
        hashes.push(fnv1a(key));
        numbers.push(number);
      }
    }
    return { hashes, numbers };
  }

  #record(number: number): StoredChunk {
    let chunk = this.#records.get(number);
    if (chunk === undefined) {
      chunk = this.#store.get(`${this.#name}:${number}`) as StoredChunk | undefined;
      // loadLayout found it: the cache file changed under the build.
      if (chunk === undefined) throw new CacheEntryLost(`${this.#name}:${number}`);
      this.#records.set(number, chunk);
    }
    return chunk;
  }
}

const spanAt = (number: number, chunk: StoredChunk, i: number): Span => [number, chunk.offsets[2 * i]!, chunk.offsets[2 * i + 1]!];

/**
 * Stores the layout of `archive` under `name`: chunk files never change once written, so only the chunks this
 * build wrote get entries, beside the list of every chunk with its file and a directory of the texts in each.
 * Stored whole, the layout of 10k articles took 5.75 MiB of the cache file in every build, and filled it with dead
 * copies; the list takes ~8 bytes a text. `previous` is the layout the build started from, whose chunks it kept.
 */
export function saveLayout(store: LayoutStore, name: string, archive: Pick<WrittenArchive, 'layout' | 'newChunks'>, previous?: StoredLayout): void {
  for (const [number, chunk] of archive.newChunks) store.replace(`${name}:${number}`, chunk);
  const chunks = [...archive.layout.chunks.keys()];
  if (chunks.length > CHUNK_POSITIONS) throw new Error(`the archive has ${chunks.length} chunk files; a stored layout lists at most ${CHUNK_POSITIONS}`);
  const position = new Map(chunks.map((number, i) => [number, i]));
  const files = new Float64Array(2 * chunks.length);
  chunks.forEach((number, i) => {
    const { bytes, mtimeMs } = archive.layout.chunks.get(number)!;
    files.set([bytes, mtimeMs], 2 * i);
  });
  // Chunks this build kept are known by the previous list; a chunk written anew may reuse a number it had.
  const { hashes, numbers } = previous?.entriesOf((number) => position.has(number) && !archive.newChunks.has(number)) ?? { hashes: [], numbers: [] };
  for (const [number, chunk] of archive.newChunks) {
    for (const key of chunk.keys) {
      hashes.push(fnv1a(key));
      numbers.push(number);
    }
  }
  const directory = new Float64Array(hashes.length);
  hashes.forEach((hash, i) => (directory[i] = hash * CHUNK_POSITIONS + position.get(numbers[i]!)!));
  store.replace(name, { version: archive.layout.version, chunks, files, directory: directory.sort() } satisfies StoredChunkList);
}

/**
 * Bytes a chunk file holds at least. A cold isolate reads the whole chunk a text is in (and decoded it all, when
 * spans counted UTF-16 code units: 512 K added ~8 ms to the first request of an 11 KB page in raw workerd, 128 K
 * ~3 ms): chunks are kept this short while the file budget below allows.
 */
const MIN_CHUNK_LENGTH = 128 * 1024;

/**
 * Chunk files a build plans the archive's text into, at most. Static Assets take 20,000 files on the free plan:
 * chunks a rebuild keeps may hold as much unused text as used (see keptChunks), patches add up to an eighth of
 * the text before the archive is written whole again (site-shape.ts's PATCHED_SHARE), which comes to ~18,000
 * chunk files at worst, and the index shards take the rest.
 */
const PLANNED_CHUNK_FILES = 8000;

/** Bytes per chunk file for an archive of `bytes` bytes of text (see MIN_CHUNK_LENGTH, PLANNED_CHUNK_FILES). */
export function chunkLengthFor(bytes: number): number {
  return Math.max(MIN_CHUNK_LENGTH, Math.ceil(bytes / PLANNED_CHUNK_FILES));
}

/**
 * Routes an index shard lists, on average, while the file budget below allows. A cold isolate reads and parses the
 * whole shard its route is in: at 10k articles, shards of 256 routes were ~76 KB for an 11 KB page, and parsing
 * one was an eighth of what the first request cost beyond a hello world's; shards of 64 routes are ~19 KB.
 */
const ROUTES_PER_SHARD = 64;

/** Index shard files a build writes at most, over all its epochs: what the chunk files leave of the free plan's 20,000 (see PLANNED_CHUNK_FILES). */
const PLANNED_SHARD_FILES = 2000;

/** Index shards per epoch for `routes` routes (the most any epoch has) in `epochs` epochs. */
export function shardCountFor(routes: number, epochs: number, routesPerShard = ROUTES_PER_SHARD): number {
  return Math.max(1, Math.min(Math.ceil(routes / routesPerShard), Math.floor(PLANNED_SHARD_FILES / epochs)));
}

export interface ArchiveOptions {
  /**
   * Bytes per chunk file before a new one starts; by default `chunkLengthFor` the archive's text (Static Assets
   * take files up to 25 MiB).
   */
  readonly chunkLength?: number;
  /** Where the fragments' texts can be had as UTF-8 without a string: the build cache that holds them. */
  readonly texts?: Utf8Texts;
  /** Routes per index shard, on average, within the file budget (see shardCountFor). */
  readonly routesPerShard?: number;
  /**
   * What the last build wrote in the directory. Its chunk files are kept, and only new fragments written, in
   * new chunk files, unless the files changed since or fragments no route uses fill more of them than live ones.
   */
  readonly previous?: ArchiveLayout;
}

export interface WrittenArchive {
  /** What the Worker script carries instead of the bundle. */
  readonly manifest: ArchiveManifest;
  /** For the next build's `previous`. */
  readonly layout: ArchiveLayout;
  /** Fragments written this time, of `bundle.fragments.length`. */
  readonly written: number;
  /** Bytes of text written this time. */
  readonly writtenBytes: number;
  /** Epoch by epoch, the index shard files as written: a patch build checks that they are still so. */
  readonly shardFiles: readonly (readonly ShardFile[])[];
  /** The chunk files written this time, for `saveLayout`. */
  readonly newChunks: ReadonlyMap<number, StoredChunk>;
}

/**
 * Writes `bundle` under `directory` and returns the manifest. Files the Worker may be reading are never changed
 * in place: a whole archive is written beside the directory and swapped in; new chunks of a kept archive get new
 * numbers; its index is written beside the old one and swapped in.
 */
export async function writeArchive(bundle: BuiltBundle, directory: string, options: ArchiveOptions = {}): Promise<WrittenArchive> {
  const kept = options.previous && (await keptChunks(options.previous, bundle, directory));
  const target = kept ? directory : `${directory}.tmp`;
  if (!kept) await rm(target, { recursive: true, force: true });
  const version = startVersion(kept ? options.previous : undefined);
  const chunkLength = options.chunkLength ?? chunkLengthFor(textBytes(bundle.fragments, options.texts));
  const texts = new ChunkWriter(target, kept ? nextChunk(options.previous!) : 0, chunkLength, version, options.texts);
  for (const index of writingOrder(bundle)) {
    const span = kept?.get(bundle.fragments[index]!.key);
    if (span) texts.keep(index, span, options.previous!.chunks.get(span[0])!);
    else await texts.write(index, bundle.fragments[index]!);
  }
  await texts.flush();
  const { spans, chunks } = texts;

  const archived = (document: StoredDocument) => archivedDocument(document, spans, bundle.fragments);

  // A kept archive's index is written beside the one the Worker may be reading, then swapped in.
  const index = join(target, ARCHIVE_DIRECTORY, 'index');
  const indexTarget = kept ? `${index}.next` : index;
  await rm(indexTarget, { recursive: true, force: true });
  const largest = Math.max(...bundle.epochs.map((epoch) => Object.keys(epoch.routes).length));
  const shards = shardCountFor(largest, bundle.epochs.length, options.routesPerShard);
  for (const [e, epoch] of bundle.epochs.entries()) {
    const files: Record<string, ArchivedDocument>[] = Array.from({ length: shards }, () => ({}));
    for (const [path, index] of Object.entries(epoch.routes)) files[shardOf(path, shards)]![path] = archived(bundle.documents[index]!);
    await mkdir(join(indexTarget, String(e)), { recursive: true });
    const shardTexts = files.map((shard) => JSON.stringify(shard satisfies Shard));
    shardTexts.forEach((text, s) => addToVersion(version, shardPath(e, s), text));
    await Promise.all(shardTexts.map((text, s) => writeFile(shardFile(indexTarget, e, s), text)));
  }

  if (kept) {
    await rm(`${index}.old`, { recursive: true, force: true });
    await rename(index, `${index}.old`);
    await rename(indexTarget, index);
    await rm(`${index}.old`, { recursive: true, force: true });
    // Chunks no document uses any more.
    for (const number of options.previous!.chunks.keys()) {
      if (!chunks.has(number)) await rm(join(directory, chunkPath(number)), { force: true });
    }
  } else {
    await rm(directory, { recursive: true, force: true });
    await rename(target, directory);
  }
  const layout: ArchiveLayout = {
    chunks,
    spans: new Map(bundle.fragments.map((fragment, i) => [fragment.key, spans[i]!])),
    version: versionName(version),
  };
  return {
    manifest: {
      storage: 'assets',
      version: layout.version,
      shards,
      epochs: bundle.epochs.map((epoch) => ({ from: epoch.from, notFound: archived(bundle.documents[epoch.notFound]!) })),
    },
    layout,
    written: texts.written,
    writtenBytes: texts.writtenBytes,
    shardFiles: await statShards(directory, bundle.epochs.length, shards),
    newChunks: texts.records,
  };
}

/**
 * Writes `patch` into the archive `previous` and `record`'s build left in `directory`, which `archiveIntact` found
 * as that build left it: the new texts into new chunk files, then the documents made into the index shards that
 * hold their paths. Old texts stay in their chunks (see site-shape.ts's PATCHED_SHARE).
 */
export async function patchArchive(patch: BuiltPatch, directory: string, previous: StoredLayout, record: ArchiveRecord, options: Pick<ArchiveOptions, 'chunkLength' | 'texts'> = {}): Promise<WrittenArchive> {
  const version = startVersion(previous);
  const texts = new ChunkWriter(directory, nextChunk(previous), options.chunkLength ?? chunkLengthFor(record.bytes), version, options.texts);
  const known = previous.spansOf(new Set(patch.fragments.map((fragment) => fragment.key)));
  for (const [i, fragment] of patch.fragments.entries()) {
    const span = known.get(fragment.key);
    if (span) texts.keep(i, span, previous.chunks.get(span[0])!);
    else await texts.write(i, fragment);
  }
  await texts.flush();
  const { spans } = texts;

  // Each shard that changes is written beside itself and renamed over it: a reader sees it whole, old or new, and
  // an old shard only names texts that stay where they are. (Linking the others into a new index and swapping it
  // in, as a full build does, took as long as the rest of the patch.)
  const index = join(directory, ARCHIVE_DIRECTORY, 'index');
  const { shards } = record.manifest;
  for (const [e, epoch] of patch.epochs.entries()) {
    const files = new Map<number, Map<string, ArchivedDocument>>();
    for (const [path, document] of Object.entries(epoch.changed)) {
      const s = shardOf(path, shards);
      if (!files.has(s)) files.set(s, new Map());
      files.get(s)!.set(path, archivedDocument(patch.documents[document]!, spans, patch.fragments));
    }
    const rewritten = await Promise.all([...files].map(async ([s, documents]) => {
      const file = shardFile(index, e, s);
      const shard = JSON.parse(await readFile(file, 'utf8')) as Record<string, ArchivedDocument>;
      let changed = false;
      for (const [path, document] of documents) {
        if (!(path in shard)) throw new Error(`patching the archive in ${directory}: ${path} is not in the last build's index`);
        // The pages made in every build (the sitemap, the stylesheets) are most often the same.
        if (JSON.stringify(shard[path]) !== JSON.stringify(document)) [shard[path], changed] = [document, true];
      }
      if (!changed) return undefined;
      const text = JSON.stringify(shard satisfies Shard);
      await writeFile(`${file}.next`, text);
      await rename(`${file}.next`, file);
      return [s, text] as const;
    }));
    // In shard order, whichever was written first.
    for (const [s, text] of rewritten.filter((shard) => shard !== undefined).sort(([a], [b]) => a - b)) addToVersion(version, shardPath(e, s), text);
  }
  const named = versionName(version);

  return {
    manifest: {
      ...record.manifest,
      version: named,
      epochs: patch.epochs.map((epoch) => ({ from: epoch.from, notFound: archivedDocument(patch.documents[epoch.notFound]!, spans, patch.fragments) })),
    },
    layout: previous.with(texts.records, named),
    written: texts.written,
    writtenBytes: texts.writtenBytes,
    shardFiles: await statShards(directory, patch.epochs.length, shards),
    newChunks: texts.records,
  };
}

/**
 * Whether the archive in `directory` is as the build that left `layout` and `record` wrote it: chunks and index
 * alike. Synchronous: a one-change rebuild of a 10k-article archive asks this of 2,349 files; in a new process,
 * the stats of its 2,131 chunk files took 34–40 ms with `statSync` against 119–135 ms through fs/promises, all at once.
 */
export function archiveIntact(layout: ArchiveLayout, record: ArchiveRecord, directory: string): boolean {
  const index = join(directory, ARCHIVE_DIRECTORY, 'index');
  return chunksUnchanged(layout, directory) && record.shardFiles.every((files, e) => files.every((file, s) => sameFile(shardFile(index, e, s), file)));
}

function archivedDocument(document: StoredDocument, spans: readonly Span[], fragments: readonly BuiltFragment[]): ArchivedDocument {
  const { contentType, lastModified, cache, segments, separator, items } = document;
  return {
    contentType, lastModified, cache,
    segments: segments.map((segment) => spans[segment]!),
    ...(separator === undefined ? {} : { separator: fragments[separator]!.text }),
    ...(items === undefined ? {} : { items }),
  };
}

/**
 * The hash that names an archive's files (ArchiveManifest.version): what a build writes is added to it, after the
 * version of the archive whose files it keeps, if any, which names those. A chunk or shard file's bytes, each
 * named with its path: two versions are the same only when every file is.
 */
function startVersion(kept?: ArchiveLayout): Hash {
  return createHash('sha256').update(`bulletin archive\n${kept?.version ?? ''}\n`);
}

function addToVersion(version: Hash, path: string, contents: string | Uint8Array): void {
  version.update(`${path} ${typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength}\n`).update(contents);
}

/** 128 bits in hexadecimal: a version is part of every Cache API key the Worker makes. */
const versionName = (version: Hash): string => version.digest('hex').slice(0, 32);

/** The number a new chunk file takes beside the chunks of `layout`: chunk files are never written over. */
function nextChunk(layout: ArchiveLayout): number {
  return Math.max(-1, ...layout.chunks.keys()) + 1;
}

/**
 * The spans of `previous` that this build may use: undefined when any of its chunk files is missing or changed
 * since (another build wrote the directory, or someone did), or when the chunks this build still needs would
 * carry more dead text than live text: then the whole archive is written again.
 */
async function keptChunks(previous: ArchiveLayout, bundle: BuiltBundle, directory: string): Promise<ReadonlyMap<TextKey, Span> | undefined> {
  if (!(await chunksUnchanged(previous, directory))) return undefined;
  const live = new Map<number, number>();
  for (const { key } of bundle.fragments) {
    const span = previous.spans.get(key);
    if (span) live.set(span[0], (live.get(span[0]) ?? 0) + span[2] - span[1]);
  }
  let liveBytes = 0;
  let deadBytes = 0;
  for (const [number, bytes] of live) {
    liveBytes += bytes;
    deadBytes += previous.chunks.get(number)!.bytes - bytes;
  }
  return deadBytes > liveBytes ? undefined : previous.spans;
}

/** Whether every chunk file of `layout` is as the build that wrote it left it. */
function chunksUnchanged(layout: ArchiveLayout, directory: string): boolean {
  for (const [number, file] of layout.chunks) if (!sameFile(join(directory, chunkPath(number)), [file.bytes, file.mtimeMs])) return false;
  return true;
}

function sameFile(path: string, [bytes, mtimeMs]: ShardFile): boolean {
  try {
    const found = statSync(path);
    return found.size === bytes && found.mtimeMs === mtimeMs;
  } catch {
    // Gone, or out of reach: not as the build left it.
    return false;
  }
}

function shardFile(index: string, epoch: number, shard: number): string {
  return join(index, shardPath(epoch, shard).slice(`${ARCHIVE_DIRECTORY}/index`.length));
}

async function statShards(directory: string, epochs: number, shards: number): Promise<ShardFile[][]> {
  const index = join(directory, ARCHIVE_DIRECTORY, 'index');
  return Promise.all(Array.from({ length: epochs }, (_, e) => Promise.all(Array.from({ length: shards }, async (_, s): Promise<ShardFile> => {
    const { size, mtimeMs } = await stat(shardFile(index, e, s));
    return [size, mtimeMs];
  }))));
}

/**
 * Texts by content key as UTF-8, for the chunk writer: the build cache holds the texts it keeps so, and reading
 * each back as a string, only for the writer to encode it again, took ~1 s of a cold 10k-article build.
 */
export interface Utf8Texts {
  /** The UTF-8 bytes of the text under `key`, or undefined when there is none: valid until the next call. */
  utf8(key: TextKey): Uint8Array | undefined;
  /** About the UTF-8 size of the text under `key`, without reading it; undefined when there is none. */
  utf8Size(key: TextKey): number | undefined;
}

/** About the UTF-8 size of every fragment's text, reading only those `texts` does not hold. */
function textBytes(fragments: readonly BuiltFragment[], texts: Utf8Texts | undefined): number {
  let bytes = 0;
  for (const fragment of fragments) bytes += texts?.utf8Size(fragment.key) ?? Buffer.byteLength(fragment.text);
  return bytes;
}

/**
 * Chunk files written at once, at most. On two vCPUs, 2,194 chunk files of 128 KiB took 1.6–1.9 s written one at a
 * time, 0.9–1.2 s four at a time, and a cold 10k-article build waited for most of it.
 */
const WRITES_AT_ONCE = 4;

/** Puts fragments into chunk files in order; a fragment is never split, so a chunk may run over when one is long. */
class ChunkWriter {
  /** Where each fragment is, by its index in the bundle. */
  readonly spans: Span[] = [];
  /** The chunk files the fragments are in, written now or kept. */
  readonly chunks = new Map<number, ChunkFile>();
  /** The chunk files written, with the key, start and end of every text in each. */
  readonly records = new Map<number, StoredChunk>();
  written = 0;
  writtenBytes = 0;
  #keys: TextKey[] = [];
  #offsets: number[] = [];
  /**
   * The chunk begun, as UTF-8, in one of the buffers the build reuses: the others' chunks are being written, up to
   * WRITES_AT_ONCE files at once. Joining a chunk's texts into a string and having writeFile encode it made two
   * copies of half a megabyte or more a chunk, each in memory fresh from the kernel, and the build waited for every
   * file; one file written at a time left the build waiting for the disk as long as it took to copy the texts.
   */
  #bytes: Buffer;
  #length = 0;
  /** The chunk files being written, each with the buffer it is written from. */
  #writing = new Map<Promise<void>, Buffer>();
  /** The chunk files' folder, being made or made. */
  #folder: Promise<unknown> | undefined;

  /**
   * Chunk files are numbered from `next`, each `chunkLength` bytes or so (see ArchiveOptions), and each is added to
   * `version` as it is begun. A fragment's text is copied from `texts` when it holds it, else encoded.
   */
  constructor(readonly target: string, private next: number, readonly chunkLength: number, readonly version: Hash, readonly texts?: Utf8Texts) {
    this.#bytes = Buffer.allocUnsafe(this.#bufferBytes);
  }

  /** Records that fragment `index` is already at `span`, in a chunk file that stays. */
  keep(index: number, span: Span, file: ChunkFile): void {
    this.spans[index] = span;
    this.chunks.set(span[0], file);
  }

  async write(index: number, fragment: BuiltFragment): Promise<void> {
    const held = this.texts?.utf8Size(fragment.key);
    const text = held === undefined ? fragment.text : undefined;
    if (this.#length > 0 && this.#length + (held ?? Buffer.byteLength(text!)) > this.chunkLength) await this.#startChunkFile();
    // Read only now, after the chunk file is started: what `texts` gives is valid until its next call.
    const utf8 = text === undefined ? this.texts!.utf8(fragment.key) : undefined;
    const start = this.#length;
    if (utf8 === undefined) this.#encode(text ?? fragment.text);
    else this.#copy(utf8);
    this.spans[index] = [this.next, start, this.#length];
    this.#keys.push(fragment.key);
    this.#offsets.push(start, this.#length);
    this.written++;
    this.writtenBytes += this.#length - start;
  }

  #encode(text: string): void {
    this.#room(text.length * MAX_UTF8_BYTES_PER_UNIT);
    this.#length += this.#bytes.write(text, this.#length);
  }

  #copy(utf8: Uint8Array): void {
    this.#room(utf8.length);
    this.#bytes.set(utf8, this.#length);
    this.#length += utf8.length;
  }

  /** Makes room in the chunk's buffer for `bytes` more. */
  #room(bytes: number): void {
    const needed = this.#length + bytes;
    if (needed > this.#bytes.length) {
      const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.#bytes.length));
      this.#bytes.copy(larger, 0, 0, this.#length);
      this.#bytes = larger;
    }
  }

  /** Writes the chunk begun, if any, and waits until every chunk file is written. */
  async flush(): Promise<void> {
    await this.#startChunkFile();
    await Promise.all(this.#writing.keys());
    // Each file's size and time once all are written: one `stat` each through fs/promises as it was written cost
    // ~0.1 s of a 10k-article build's main thread, `statSync` a fifth of that (see archiveIntact).
    for (const [number, record] of this.records) {
      const { size, mtimeMs } = statSync(join(this.target, chunkPath(number)));
      const file: ChunkFile = { bytes: size, mtimeMs };
      this.records.set(number, { ...record, file });
      this.chunks.set(number, file);
    }
  }

  /**
   * Starts writing the chunk begun, if any, and begins the next one in a buffer of its own, or, with WRITES_AT_ONCE
   * files being written, in the buffer of the first of them to be written.
   */
  async #startChunkFile(): Promise<void> {
    if (this.#length === 0) return;
    const [number, bytes, keys, offsets] = [this.next, this.#bytes.subarray(0, this.#length), this.#keys, this.#offsets];
    addToVersion(this.version, chunkPath(number), bytes);
    // In the maps now, with the file's size and time once all are written (flush): they list the chunks in order,
    // whatever order the writes end in.
    const unwritten: ChunkFile = { bytes: 0, mtimeMs: 0 };
    this.chunks.set(number, unwritten);
    this.records.set(number, { file: unwritten, keys, offsets: Float64Array.from(offsets) });
    const writing = this.#writeChunkFile(number, bytes);
    // Its failure is thrown where it is awaited: while waiting for a free buffer, or by flush.
    writing.catch(() => {});
    this.#writing.set(writing, this.#bytes);
    [this.#keys, this.#offsets, this.next, this.#length] = [[], [], this.next + 1, 0];
    this.#bytes = this.#writing.size < WRITES_AT_ONCE ? Buffer.allocUnsafe(this.#bufferBytes) : await this.#written();
  }

  /** Waits for one of the chunk files being written, and returns its buffer, free again. */
  async #written(): Promise<Buffer> {
    // Each write ends with itself in an array: a promise returned from `then` would be awaited in its place.
    const [done] = await Promise.race([...this.#writing.keys()].map((writing) => writing.then(() => [writing] as const)));
    const buffer = this.#writing.get(done)!;
    this.#writing.delete(done);
    return buffer;
  }

  /** Room for a chunk up front, and for one text that runs over by as much; `#room` grows a buffer past it. */
  get #bufferBytes(): number {
    return 2 * Math.min(this.chunkLength, 4 * 1024 * 1024);
  }

  async #writeChunkFile(number: number, bytes: Buffer): Promise<void> {
    const file = join(this.target, chunkPath(number));
    // Once for every chunk file: they share their folder.
    await (this.#folder ??= mkdir(dirname(file), { recursive: true }));
    await writeFile(file, bytes);
  }
}
