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

export interface ContentSource {
  /** When each epoch starts, in milliseconds; the first is -Infinity. */
  readonly epochStarts: readonly number[];
  find(epoch: number, path: string): Promise<SourceDocument | undefined>;
  /**
   * The document at `path` when this isolate can tell without waiting (a bundle always can, a large archive once it
   * holds the path's index shard); undefined when it cannot, or when there is none: then ask `find`. A large
   * archive that lacks the shard starts reading it, and `find` waits for that read.
   */
  findNow(epoch: number, path: string): SourceDocument | undefined;
  notFound(epoch: number): Promise<SourceDocument>;
  /** The document's text; for a subscription feed given `newerThan`, only the items updated after it. */
  text(document: SourceDocument, newerThan?: number): Promise<string>;
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

  async text(document: SourceDocument, newerThan?: number) {
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

/** Decoded chunk files kept per isolate, in UTF-16 code units. */
const CHUNK_BUDGET = 16 * 1024 * 1024;
/** Index shards kept per isolate: a crawler walking every path of a large archive must not fill the memory. */
const SHARD_BUDGET = 64;

/** An index shard as an isolate keeps it: being read, and once read, also the shard itself. */
interface ShardEntry {
  readonly shard: Promise<Shard>;
  loaded?: Shard;
}

/**
 * Large archives: documents in chunk files and the route index in shard files, read through the Workers Static
 * Assets binding and kept per isolate. Only the manifest is in the script.
 */
export class AssetsSource implements ContentSource {
  readonly epochStarts: readonly number[];
  readonly #manifest: ArchiveManifest;
  readonly #assets: Fetcher;
  /** Least recently used first. */
  readonly #shards = new Map<string, ShardEntry>();
  /** Least recently used first. */
  readonly #chunks = new Map<number, Promise<string>>();
  readonly #chunkLengths = new Map<number, number>();
  #cachedLength = 0;
  readonly #archived = new WeakMap<SourceDocument, ArchivedDocument>();
  /** One SourceDocument per shard entry while the shard is kept, so a request makes no new one. */
  readonly #sources = new WeakMap<ArchivedDocument, SourceDocument>();

  constructor(manifest: ArchiveManifest, assets: Fetcher) {
    this.#manifest = manifest;
    this.#assets = assets;
    this.epochStarts = startsOf(manifest.epochs);
  }

  async find(epoch: number, path: string) {
    return this.#lookUp(epoch, path, await this.#shard(epoch, path).shard);
  }

  findNow(epoch: number, path: string) {
    const { loaded } = this.#shard(epoch, path);
    return loaded === undefined ? undefined : this.#lookUp(epoch, path, loaded);
  }

  #lookUp(epoch: number, path: string, shard: Shard): SourceDocument | undefined {
    return Object.hasOwn(shard, path) ? this.#document(`${epoch}\n${path}`, shard[path]!) : undefined;
  }

  /** The index shard that lists `path`, read when this isolate does not hold it. */
  #shard(epoch: number, path: string): ShardEntry {
    const shardFile = shardPath(epoch, shardOf(path, this.#manifest.shards));
    let entry = this.#shards.get(shardFile);
    if (entry) {
      this.#shards.delete(shardFile);
    } else {
      const shard = this.#fetch(shardFile).then((response) => response.json<Shard>());
      const reading: ShardEntry = (entry = { shard });
      shard.then(
        (loaded) => (reading.loaded = loaded),
        () => this.#shards.delete(shardFile),
      );
      const oldest = this.#shards.keys().next();
      if (this.#shards.size >= SHARD_BUDGET && !oldest.done) this.#shards.delete(oldest.value);
    }
    // Map order is the eviction order: what was just used goes to the end.
    this.#shards.set(shardFile, entry);
    return entry;
  }

  async notFound(epoch: number) {
    return this.#document(`${epoch}\n404`, this.#manifest.epochs[epoch]!.notFound);
  }

  async text(document: SourceDocument, newerThan?: number) {
    const archived = this.#archived.get(document)!;
    const texts = await Promise.all(archived.segments.map((span) => this.#slice(span)));
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

  async #slice([chunk, start, end]: readonly [number, number, number]): Promise<string> {
    let text = this.#chunks.get(chunk);
    if (text) {
      this.#chunks.delete(chunk);
      this.#chunks.set(chunk, text);
    } else {
      text = this.#fetch(chunkPath(chunk)).then((response) => response.text());
      this.#chunks.set(chunk, text);
      text.then(
        (loaded) => this.#remember(chunk, loaded.length),
        () => this.#chunks.delete(chunk),
      );
    }
    return (await text).slice(start, end);
  }

  #remember(chunk: number, length: number): void {
    this.#chunkLengths.set(chunk, length);
    this.#cachedLength += length;
    for (const oldest of this.#chunks.keys()) {
      if (this.#cachedLength <= CHUNK_BUDGET || oldest === chunk) break;
      this.#chunks.delete(oldest);
      this.#cachedLength -= this.#chunkLengths.get(oldest) ?? 0;
      this.#chunkLengths.delete(oldest);
    }
  }

  async #fetch(path: string): Promise<Response> {
    const response = await this.#assets.fetch(`https://assets.bulletin.invalid${path}`);
    if (!response.ok) throw new Error(`bulletin: the content file ${path} answered ${response.status}; was the site deployed with its assets?`);
    return response;
  }
}
