/** @module The content bundle: every document the site serves, for every moment it serves them. Shared by build and Worker. */

import type { DocumentMeta, FeedItemVersions } from './document';

/**
 * What the site looks like from one instant on. A scheduled article starts a new epoch at its publication
 * time, so the Worker publishes it on time without a redeploy.
 */
export interface Epoch {
  /** ISO instant from which this epoch holds; null for the first, which holds from the start. */
  readonly from: string | null;
  /** Root-relative path → index into `SiteBundle.documents`. */
  readonly routes: Readonly<Record<string, number>>;
  /** Index of the 404 page. */
  readonly notFound: number;
}

/** A document as the bundle keeps it: its text as fragments shared with other documents. */
export interface StoredDocument extends DocumentMeta {
  /** Indexes into `SiteBundle.fragments`: the body alone, or a feed's `[head, ...items, tail]`. */
  readonly segments: readonly number[];
  /** Feeds: the fragment that joins items. */
  readonly separator?: number;
  /** Subscription feeds: each item's id and update time, in segment order. */
  readonly items?: FeedItemVersions;
}

export interface SiteBundle {
  /**
   * Every distinct text once. An article's feed item appears in its feeds, its tags' feeds and an archive page,
   * but is stored here once.
   */
  readonly fragments: readonly string[];
  /** Each distinct document once; epochs share the ones that did not change. */
  readonly documents: readonly StoredDocument[];
  /** In order of `from`. */
  readonly epochs: readonly Epoch[];
}

/**
 * The text of a stored document: its fragments joined, with `items` (fragment indexes, by default all of the
 * document's own) between a feed's head and tail.
 */
export function documentText(bundle: SiteBundle, document: StoredDocument, items = document.segments.slice(1, -1)): string {
  const { fragments } = bundle;
  const { segments, separator } = document;
  if (separator === undefined) return segments.map((segment) => fragments[segment]).join('');
  const inner = items.map((segment) => fragments[segment]).join(fragments[separator]);
  return fragments[segments[0]!] + inner + fragments[segments.at(-1)!];
}
