/** @module Worker side: where documents come from — the bundle inside the script, or Workers Static Assets. */

import { type ArchivedDocument, type ArchiveManifest, chunkPath, type Shard, shardOf, shardPath } from '../site/archive';
import { documentText, type SiteBundle, type StoredDocument } from '../site/bundle';
import type { DocumentMeta, FeedItemVersions } from '../site/document';

export interface SourceDocument extends DocumentMeta {
  /** Identity for caches: equal keys, equal text. */
  readonly key: string;
  /** Subscription feeds: their items' ids and update times, for RFC 3229 deltas. */
  readonly items?: FeedItemVersions;
  readonly isFeed: boolean;
}

/**
 * Hands over work that may go on after the response is sent: the request's `waitUntil`. A read that fetched a
 * content file stores it in the Cache API so.
 */
export type Defer = (work: Promise<unknown>) => void;

export interface ContentSource {
  /** When each epoch starts, in milliseconds; the first is -Infinity. */
  readonly epochStarts: readonly number[];
  find(epoch: number, path: string, defer: Defer): Promise<SourceDocument | undefined>;
  /**
   * The document at `path` when this isolate can tell without waiting (a bundle always can, a large archive once it
   * holds the path's index shard); undefined when it cannot, or when there is none: then ask `find`.
   */
  findNow(epoch: number, path: string): SourceDocument | undefined;
  notFound(epoch: number, defer: Defer): Promise<SourceDocument>;
  /** The document's text; for a subscription feed given `newerThan`, only the items updated after it. */
  text(document: SourceDocument, defer: Defer, newerThan?: number): Promise<string>;
}

function startsOf(epochs: readonly { readonly from: string | null }[]): number[] {
  return epochs.map((epoch) => (epoch.from === null ? -Infinity : Date.parse(epoch.from)));
}

/** The indexes of the items updated after `since`, in order. */
function newerItems(items: SourceDocument['items'], since: number): Set<number> {
  return new Set((items ?? []).flatMap((item, i) => (Date.parse(item.updated) > since ? [i] : [])));
}

/** Small sites: every document inside the Worker script. */
export class BundleSource implements ContentSource {
  readonly epochStarts: readonly number[];
  readonly #bundle: SiteBundle;
  readonly #documents = new Map<number, SourceDocument & { readonly stored: StoredDocument }>();

  constructor(bundle: SiteBundle) {
    this.#bundle = bundle;
    this.epochStarts = startsOf(bundle.epochs);
  }

  async find(epoch: number, path: string) {
    return this.findNow(epoch, path);
  }

  findNow(epoch: number, path: string) {
    const { routes } = this.#bundle.epochs[epoch]!;
    return Object.hasOwn(routes, path) ? this.#document(routes[path]!) : undefined;
  }

  async notFound(epoch: number) {
    return this.#document(this.#bundle.epochs[epoch]!.notFound);
  }

  async text(document: SourceDocument, _defer: Defer, newerThan?: number) {
    const { stored } = this.#documents.get(Number(document.key))!;
    if (newerThan === undefined) return documentText(this.#bundle, stored);
    const keep = newerItems(document.items, newerThan);
    return documentText(this.#bundle, stored, stored.segments.slice(1, -1).filter((_, i) => keep.has(i)));
  }

  #document(index: number) {
    let document = this.#documents.get(index);
    if (!document) {
      const stored = this.#bundle.documents[index]!;
      const { contentType, lastModified, cache, items } = stored;
      document = { key: String(index), contentType, lastModified, cache, ...(items ? { items } : {}), isFeed: stored.separator !== undefined, stored };
      this.#documents.set(index, document);
    }
    return document;
  }
}

/** Bytes of chunk files kept per isolate. */
const CHUNK_BUDGET = 16 * 1024 * 1024;

/**
 * Decodes a text's bytes. `ignoreBOM` keeps a U+FEFF at the start of a text, which is part of the text: a span
 * starts wherever its text does, not at the start of a file.
 */
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
/**
 * Index shards kept per isolate: a crawler walking every path of a large archive must not fill the memory. A shard
 * lists ~64 routes (see write-archive.ts's shardCountFor): 256 of them, some 16k routes, ~5 MB of JSON at 10k articles.
 */
const SHARD_BUDGET = 256;
/**
 * Where content files are kept in the Cache API: a made-up origin, never fetched, and the archive's version, which
 * names these very files (see ArchiveManifest.version), so an entry can be kept a year and never be stale.
 */
const CACHE_PREFIX = 'https://content.bulletin.invalid/';
const CACHED_FILE_HEADERS = { 'Cache-Control': 'public, max-age=31536000, immutable', 'Content-Type': 'text/plain; charset=utf-8' };

/** An index shard as an isolate keeps it: being read, and once read, also the shard itself. */
interface ShardEntry {
  readonly shard: Promise<Shard>;
  loaded?: Shard;
}

/**
 * Large archives: documents in chunk files and the route index in shard files, read through the Workers Static
 * Assets binding, kept per isolate, and in the Cache API, which every isolate of the data center shares: an isolate
 * that starts, or that let a chunk go, reads it from the data center rather than from the assets store. Only the
 * manifest is in the script.
 */
export class AssetsSource implements ContentSource {
  readonly epochStarts: readonly number[];
  readonly #manifest: ArchiveManifest;
  readonly #assets: Fetcher;
  /** Undefined when there is none: raw `workerd` without a cache service has one that fails every call. */
  #cache: Cache | undefined;
  /** Least recently used first. */
  readonly #shards = new Map<string, ShardEntry>();
  /** Least recently used first. */
  readonly #chunks = new Map<number, Promise<ArrayBuffer>>();
  readonly #chunkBytes = new Map<number, number>();
  #cachedBytes = 0;
  readonly #archived = new WeakMap<SourceDocument, ArchivedDocument>();
  /** One SourceDocument per shard entry while the shard is kept, so a request makes no new one. */
  readonly #sources = new WeakMap<ArchivedDocument, SourceDocument>();

  constructor(manifest: ArchiveManifest, assets: Fetcher, cache?: Cache) {
    this.#manifest = manifest;
    this.#assets = assets;
    this.#cache = cache;
    this.epochStarts = startsOf(manifest.epochs);
  }

  async find(epoch: number, path: string, defer: Defer) {
    return this.#lookUp(epoch, path, await this.#shard(epoch, path, defer)!.shard);
  }

  findNow(epoch: number, path: string) {
    const loaded = this.#shard(epoch, path)?.loaded;
    return loaded === undefined ? undefined : this.#lookUp(epoch, path, loaded);
  }

  #lookUp(epoch: number, path: string, shard: Shard): SourceDocument | undefined {
    return Object.hasOwn(shard, path) ? this.#document(`${epoch}\n${path}`, shard[path]!) : undefined;
  }

  /**
   * The index shard that lists `path`, read or being read, when this isolate holds it; else, given the request's
   * `defer` (the Cache API put needs it), read now, and undefined without.
   */
  #shard(epoch: number, path: string, defer?: Defer): ShardEntry | undefined {
    const shardFile = shardPath(epoch, shardOf(path, this.#manifest.shards));
    let entry = this.#shards.get(shardFile);
    if (entry) {
      this.#shards.delete(shardFile);
    } else if (defer) {
      const shard = this.#read(shardFile, defer).then((bytes) => JSON.parse(utf8.decode(bytes)) as Shard);
      const reading: ShardEntry = (entry = { shard });
      shard.then(
        (loaded) => (reading.loaded = loaded),
        () => this.#shards.delete(shardFile),
      );
      const oldest = this.#shards.keys().next();
      if (this.#shards.size >= SHARD_BUDGET && !oldest.done) this.#shards.delete(oldest.value);
    } else {
      return undefined;
    }
    // Map order is the eviction order: what was just used goes to the end.
    this.#shards.set(shardFile, entry);
    return entry;
  }

  async notFound(epoch: number, _defer: Defer) {
    return this.#document(`${epoch}\n404`, this.#manifest.epochs[epoch]!.notFound);
  }

  async text(document: SourceDocument, defer: Defer, newerThan?: number) {
    const archived = this.#archived.get(document)!;
    const texts = await Promise.all(archived.segments.map((span) => this.#slice(span, defer)));
    if (archived.separator === undefined) return texts.join('');
    const keep = newerThan === undefined ? undefined : newerItems(document.items, newerThan);
    const items = texts.slice(1, -1).filter((_, i) => keep === undefined || keep.has(i));
    return texts[0] + items.join(archived.separator) + texts.at(-1);
  }

  #document(key: string, archived: ArchivedDocument): SourceDocument {
    const known = this.#sources.get(archived);
    if (known) return known;
    const { contentType, lastModified, cache, items } = archived;
    const document = { key, contentType, lastModified, cache, ...(items ? { items } : {}), isFeed: archived.separator !== undefined };
    this.#archived.set(document, archived);
    this.#sources.set(archived, document);
    return document;
  }

  /** A text's bytes decoded, and only those: decoding a whole chunk for one page was most of what reading it cost. */
  async #slice([chunk, start, end]: readonly [number, number, number], defer: Defer): Promise<string> {
    let bytes = this.#chunks.get(chunk);
    if (bytes) {
      this.#chunks.delete(chunk);
      this.#chunks.set(chunk, bytes);
    } else {
      bytes = this.#read(chunkPath(chunk), defer);
      this.#chunks.set(chunk, bytes);
      bytes.then(
        (loaded) => this.#remember(chunk, loaded.byteLength),
        () => this.#chunks.delete(chunk),
      );
    }
    return utf8.decode(new Uint8Array(await bytes, start, end - start));
  }

  #remember(chunk: number, length: number): void {
    this.#chunkBytes.set(chunk, length);
    this.#cachedBytes += length;
    for (const oldest of this.#chunks.keys()) {
      if (this.#cachedBytes <= CHUNK_BUDGET || oldest === chunk) break;
      this.#chunks.delete(oldest);
      this.#cachedBytes -= this.#chunkBytes.get(oldest) ?? 0;
      this.#chunkBytes.delete(oldest);
    }
  }

  /** A content file's bytes: from the Cache API when the data center has them, else from the assets, then kept there. */
  async #read(path: string, defer: Defer): Promise<ArrayBuffer> {
    const key = `${CACHE_PREFIX}${this.#manifest.version}${path}`;
    const cached = await this.#cached(key);
    if (cached) return cached.arrayBuffer();
    const response = await this.#assets.fetch(`https://assets.bulletin.invalid${path}`);
    if (!response.ok) throw new Error(`bulletin: the content file ${path} answered ${response.status}; was the site deployed with its assets?`);
    const bytes = await response.arrayBuffer();
    const cache = this.#cache;
    if (cache) defer(cache.put(key, new Response(bytes, { headers: CACHED_FILE_HEADERS })).catch(() => this.#noCache()));
    return bytes;
  }

  async #cached(key: string): Promise<Response | undefined> {
    try {
      return await this.#cache?.match(key);
    } catch {
      this.#noCache();
      return undefined;
    }
  }

  /**
   * A cache that fails is not asked again by this isolate: the assets are the source, the cache only spares reads.
   * Nothing is logged: the first console call of an isolate took ~5 ms of its first request in raw workerd, whose
   * Cache API fails every call when it has no cache service (as in `npm run bench`).
   */
  #noCache(): void {
    this.#cache = undefined;
  }
}
