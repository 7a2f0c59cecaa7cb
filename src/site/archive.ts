/**
 * @module The large-archive form of the content: document texts in chunk files and the route index in shard
 * files, served to the Worker by Workers Static Assets, so the Worker script stays small whatever the archive's
 * size. Shared by build and Worker.
 */

import type { DocumentMeta, FeedItemVersions } from './document';

/** Where a text lies: chunk file number, then its start and end as byte offsets in the file (UTF-8). */
export type Span = readonly [chunk: number, start: number, end: number];

export interface ArchivedDocument extends DocumentMeta {
  /** The body's text, or a feed's `[head, ...items, tail]`. */
  readonly segments: readonly Span[];
  /** Feeds: the text that joins items (a comma or nothing). */
  readonly separator?: string;
  /** Subscription feeds: each item's id and update time, in segment order. */
  readonly items?: FeedItemVersions;
}

/** What the Worker script carries in large-archive mode: small, whatever the number of articles. */
export interface ArchiveManifest {
  readonly storage: 'assets';
  /**
   * Names this very set of chunk and shard files (a SHA-256 over their bytes, chained through patch builds): the
   * Worker keeps what it reads in the Cache API under it, which outlives an isolate and a deploy, so a key must
   * never name two contents.
   */
  readonly version: string;
  /** Route index files per epoch; a path's file is `shardOf(path, shards)`. */
  readonly shards: number;
  readonly epochs: readonly { readonly from: string | null; readonly notFound: ArchivedDocument }[];
}

/** A shard file: root-relative path → its document, for the paths that hash to the shard. */
export type Shard = Readonly<Record<string, ArchivedDocument>>;

/** Where the files live in the assets directory; the Worker answers every public request first, so none is public. */
export const ARCHIVE_DIRECTORY = '/_content';

export function chunkPath(chunk: number): string {
  return `${ARCHIVE_DIRECTORY}/chunks/${chunk}.txt`;
}

export function shardPath(epoch: number, shard: number): string {
  return `${ARCHIVE_DIRECTORY}/index/${epoch}/${shard}.json`;
}

/** 32-bit FNV-1a over a text's UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The index shard that lists `path`: the same on the build and in the Worker. A feed's page for browsers
 * (`<path>#page`, see document.ts's browserPagePath) is in its feed's shard.
 */
export function shardOf(path: string, shards: number): number {
  const fragment = path.indexOf('#');
  return fnv1a(fragment === -1 ? path : path.slice(0, fragment)) % shards;
}
