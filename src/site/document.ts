/** @module What the build hands the Worker: every response body, ready to serve. Shared by both sides. */

/** How long caches may keep a document; the Worker turns this into Cache-Control. */
export type CachePolicy = 'page' | 'feed' | 'archive' | 'asset' | 'immutable';

/** A feed split into its items, so the Worker can answer RFC 3229 `A-IM: feed` with only the newer ones. */
export interface FeedParts {
  readonly head: string;
  /** Newest first; `updated` is the item's ISO instant; see `TextKey` for `key`. */
  readonly items: readonly { readonly id: string; readonly updated: string; readonly text: string; readonly key?: TextKey }[];
  readonly separator: string;
  readonly tail: string;
  /**
   * The head's key (see `TextKey`), when the render knows it: without, the bundle hashes the text. Tails have
   * none: most documents of a format end alike, and their hash makes them one text.
   */
  readonly headKey?: TextKey;
}

/** What every form of a document says about it besides its text: rendered, bundled or archived. */
export interface DocumentMeta {
  readonly contentType: string;
  /** ISO instant of the newest change that shows in the body. */
  readonly lastModified: string;
  readonly cache: CachePolicy;
}

/** A subscription feed's items, in order: what the Worker needs to answer RFC 3229 deltas. */
export type FeedItemVersions = readonly { readonly id: string; readonly updated: string }[];

/**
 * A text's content key: any text with this key, from any build with the same code and settings, is this very
 * text. A text that has one is rendered from the build cache only when some output needs its characters (it may
 * be a getter), and the large-archive writer finds it in the files it wrote before by this key alone.
 */
export type TextKey = string;

/** A document as the renderers make it, before the bundle shares its texts. */
export interface BuiltDocument extends DocumentMeta {
  /** The exact bytes to send, with `ORIGIN` (src/site/origin.ts) wherever an absolute URL on the site is needed. */
  readonly body: string;
  /** Documents other than feeds: the body's content key, when it has one. */
  readonly bodyKey?: TextKey;
  /** Feeds only: `body` is exactly `head + items.map(text).join(separator) + tail`. */
  readonly feed?: FeedParts;
  /** Subscription feeds: the Worker answers RFC 3229 `A-IM: feed` with only the newer items. */
  readonly deltas?: true;
}

/**
 * Where an RSS or Atom document's page for browsers is kept (see app.ts): the document's path and `#page`, which
 * no request can name (a URL's fragment never reaches the server). The index shards file it with the document
 * itself (see archive.ts's shardOf), so that finding the one finds the other.
 */
export function browserPagePath(path: string): string {
  return `${path}#page`;
}
