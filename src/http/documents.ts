/** @module Worker side: the bundle's documents with the real origin in place, their ETags, and the epoch in force. */

import type { Epoch, SiteBundle } from '../site/bundle';
import type { BuiltDocument, FeedParts } from '../site/document';
import { ORIGIN } from '../site/origin';

/** A document ready to send for one origin. */
export interface ServedDocument {
  readonly source: BuiltDocument;
  readonly body: string;
  readonly etag: string;
  readonly lastModified?: Date;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
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

export class DocumentStore {
  readonly #bundle: SiteBundle;
  /** Per isolate: origin → document index → the document with that origin in place. */
  readonly #served = new Map<string, Map<number, ServedDocument>>();

  constructor(bundle: SiteBundle) {
    this.#bundle = bundle;
  }

  /** The epoch in force at `now`, and when the next one starts (Infinity when none is scheduled). */
  epochAt(now: number): { readonly epoch: Epoch; readonly nextAt: number } {
    const epochs = this.#bundle.epochs;
    let i = epochs.length - 1;
    while (i > 0 && Date.parse(epochs[i]!.from!) > now) i--;
    const next = epochs[i + 1]?.from;
    return { epoch: epochs[i]!, nextAt: next ? Date.parse(next) : Infinity };
  }

  async serve(index: number, origin: string): Promise<ServedDocument> {
    let byIndex = this.#served.get(origin);
    if (!byIndex) this.#served.set(origin, (byIndex = new Map()));
    const cached = byIndex.get(index);
    if (cached) return cached;

    const source = this.#bundle.documents[index]!;
    const body = withOrigin(source.body, origin);
    const hash = await sha256Hex(body);
    const version = Math.max(0, ...(source.feed?.items ?? []).map((item) => Date.parse(item.updated)));
    const etag = source.feed ? `"${version.toString(36)}-${hash}"` : `"${hash}"`;
    const lastModified = new Date(source.lastModified);
    const served: ServedDocument = { source, body, etag, ...(lastModified.getTime() > 0 ? { lastModified } : {}) };
    byIndex.set(index, served);
    return served;
  }
}

export function withOrigin(text: string, origin: string): string {
  return origin === ORIGIN ? text : text.replaceAll(ORIGIN, origin);
}

/** The feed with only the items updated after `since` (RFC 3229 `feed` instance manipulation). */
export function feedDelta(parts: FeedParts, since: number, origin: string): string {
  const newer = parts.items.filter((item) => Date.parse(item.updated) > since).map((item) => item.text);
  return withOrigin(parts.head + newer.join(parts.separator) + parts.tail, origin);
}
