/** @module Worker side: where documents come from — the bundle inside the script, or Workers Static Assets. */

import { type ArchivedDocument, type ArchiveManifest, chunkPath, type Shard, shardOf, shardPath } from '../site/archive';
import { documentText, type SiteBundle, type StoredDocument } from '../site/bundle';
import type { DocumentMeta, FeedItemVersions } from '../site/document';
import { RecentlyUsed } from './recently-used';

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

/**
 * Large archives: documents in chunk files and the route index in shard files, read through the Workers Static
 * Assets binding, kept per isolate, and in the Cache API, which every isolate of the data center shares: an isolate
 * that starts, or that let a chunk go, reads it from the data center rather than from the assets store. Only the
 * manifest is in the script.
 *
 * An isolate keeps what it has read, never a read under way: a request that awaited a read another request began
 * could end with a response workerd would not send, its body held to belong to the other request ("Cannot perform
 * I/O on behalf of a different request": 0.8–3 in 1,000 routes, eight readers at once on a cold archive of 3k or 10k
 * articles; test/build/serve/concurrent-requests.test.ts). Readers who come at once to a cold isolate
 * each read the files they need; those who come after find them kept.
 */
export class AssetsSource implements ContentSource {
  readonly epochStarts: readonly number[];
  readonly #manifest: ArchiveManifest;
  readonly #assets: Fetcher;
  /** Undefined when there is none: raw `workerd` without a cache service has one that fails every call. */
  #cache: Cache | undefined;
  /** Index shards read. */
  readonly #shards = new RecentlyUsed<string, Shard>(SHARD_BUDGET, () => 1);
  /** Chunk files read. */
  readonly #chunks = new RecentlyUsed<number, ArrayBuffer>(CHUNK_BUDGET, (bytes) => bytes.byteLength);
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
    const file = this.#shardFile(epoch, path);
    return this.#lookUp(epoch, path, this.#shards.get(file) ?? (await this.#readShard(file, defer)));
  }

  findNow(epoch: number, path: string) {
    const shard = this.#shards.get(this.#shardFile(epoch, path));
    return shard === undefined ? undefined : this.#lookUp(epoch, path, shard);
  }

  #lookUp(epoch: number, path: string, shard: Shard): SourceDocument | undefined {
    return Object.hasOwn(shard, path) ? this.#document(`${epoch}\n${path}`, shard[path]!) : undefined;
  }

  #shardFile(epoch: number, path: string): string {
    return shardPath(epoch, shardOf(path, this.#manifest.shards));
  }

  async #readShard(file: string, defer: Defer): Promise<Shard> {
    const shard = JSON.parse(utf8.decode(await this.#read(file, defer))) as Shard;
    // Another request may have read it meanwhile: either is the same.
    this.#shards.set(file, shard);
    return shard;
  }

  async notFound(epoch: number, _defer: Defer) {
    return this.#document(`${epoch}\n404`, this.#manifest.epochs[epoch]!.notFound);
  }

  async text(document: SourceDocument, defer: Defer, newerThan?: number) {
    const archived = this.#archived.get(document)!;
    // This request's own reads, each chunk read once however many of its texts the document has.
    const reading = new Map<number, Promise<ArrayBuffer>>();
    const texts = await Promise.all(archived.segments.map((span) => this.#slice(span, reading, defer)));
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
  async #slice([chunk, start, end]: readonly [number, number, number], reading: Map<number, Promise<ArrayBuffer>>, defer: Defer): Promise<string> {
    let bytes = this.#chunks.get(chunk) ?? reading.get(chunk);
    if (!bytes) {
      bytes = this.#read(chunkPath(chunk), defer).then((read) => {
        // Another request may have read it meanwhile: either is the same.
        this.#chunks.set(chunk, read);
        return read;
      });
      reading.set(chunk, bytes);
    }
    return utf8.decode(new Uint8Array(await bytes, start, end - start));
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
