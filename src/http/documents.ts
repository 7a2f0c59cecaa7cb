/** @module Worker side: the bundle's documents with the real origin in place, their ETags, and the epoch in force. */

import { ORIGIN } from '../site/origin';
import type { ContentSource, Defer, SourceDocument } from './content-source';
import { RecentlyUsed } from './recently-used';

/** A document ready to send for one origin. */
export interface ServedDocument {
  readonly source: SourceDocument;
  /** The origin its absolute URLs name. */
  readonly origin: string;
  /** Encoded once: a Response made from bytes copies them, one made from a string encodes it on every request. */
  readonly body: Uint8Array;
  readonly etag: string;
  /** HTTP-date, when the document has a meaningful one. */
  readonly lastModified?: string;
  readonly lastModifiedTime?: number;
}

/**
 * Bytes of documents kept ready per isolate. Workers have 128 MB; the bundle itself takes part of it, and the
 * rest of a large archive is rarely asked for twice.
 */
const CACHE_BUDGET = 24 * 1024 * 1024;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Feed ETags begin with the newest item's update time (base 36 milliseconds), so an `A-IM: feed` request can
 * say which items the reader already has. Other documents' ETags are the hash alone.
 */
export function feedVersionOf(etag: string): number | undefined {
  const match = /^"([0-9a-z]{1,11})-[0-9a-f]{32}"$/.exec(etag);
  return match ? parseInt(match[1]!, 36) : undefined;
}

export function withOrigin(text: string, origin: string): string {
  return origin === ORIGIN ? text : text.replaceAll(ORIGIN, origin);
}

export class DocumentStore {
  readonly #source: ContentSource;
  /**
   * Each source document as last served (by its key), for one origin: the one SITE_URL names, or, without it, the
   * one requests come to (a second origin takes its place). A key made of origin and document was a new string to
   * hash at every request; the document's own key is hashed once.
   */
  readonly #served = new RecentlyUsed<string, ServedDocument>(CACHE_BUDGET, (document) => document.body.byteLength);

  constructor(source: ContentSource) {
    this.#source = source;
  }

  /** Whether any article is scheduled: without one, the clock never matters. */
  get scheduled(): boolean {
    return this.#source.epochStarts.length > 1;
  }

  /** The epoch in force at `now`, and when the next one starts (Infinity when none is scheduled). */
  epochAt(now: number): { readonly epoch: number; readonly nextAt: number } {
    const starts = this.#source.epochStarts;
    let epoch = starts.length - 1;
    while (epoch > 0 && starts[epoch]! > now) epoch--;
    return { epoch, nextAt: starts[epoch + 1] ?? Infinity };
  }

  find(epoch: number, path: string, defer: Defer): Promise<SourceDocument | undefined> {
    return this.#source.find(epoch, path, defer);
  }

  notFound(epoch: number, defer: Defer): Promise<SourceDocument> {
    return this.#source.notFound(epoch, defer);
  }

  /** The document at `path` when the source can tell at once (see ContentSource.findNow). */
  findNow(epoch: number, path: string): SourceDocument | undefined {
    return this.#source.findNow(epoch, path);
  }

  /** The document ready to send when this isolate has it ready: without, ask `serve`. */
  servedNow(source: SourceDocument, origin: string): ServedDocument | undefined {
    const served = this.#served.get(source.key);
    return served?.origin === origin ? served : undefined;
  }

  async serve(source: SourceDocument, origin: string, defer: Defer): Promise<ServedDocument> {
    const cached = this.servedNow(source, origin);
    if (cached) return cached;
    const body = new TextEncoder().encode(withOrigin(await this.#source.text(source, defer), origin));
    const hash = await sha256Hex(body);
    const version = Math.max(0, ...(source.items ?? []).map((item) => Date.parse(item.updated)));
    const lastModifiedTime = Date.parse(source.lastModified);
    const served: ServedDocument = {
      source,
      origin,
      body,
      etag: source.items ? `"${version.toString(36)}-${hash}"` : `"${hash}"`,
      ...(lastModifiedTime > 0 ? { lastModified: new Date(lastModifiedTime).toUTCString(), lastModifiedTime } : {}),
    };
    // Another request may have made it meanwhile: either is the same.
    this.#served.set(source.key, served);
    return served;
  }

  /** A subscription feed with only the items updated after `since` (RFC 3229 `feed` instance manipulation). */
  async delta(source: SourceDocument, since: number, origin: string, defer: Defer): Promise<string> {
    return withOrigin(await this.#source.text(source, defer, since), origin);
  }
}
