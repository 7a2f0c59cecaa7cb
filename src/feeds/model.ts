/** @module What every feed document is rendered from, whatever its format: one page of one scope's feed. */

import type { Article } from '../content/article';

/** Feed-level links between the documents of one scope, all absolute. */
export interface FeedLinks {
  /** The HTML page the feed mirrors. */
  readonly home: string;
  /** This document. */
  readonly self: string;
  /** RFC 5005: the subscription document, from an archive document. */
  readonly current?: string;
  readonly prevArchive?: string;
  readonly nextArchive?: string;
  /** JSON Feed paging: the next older page. */
  readonly nextPage?: string;
  /** JSON Feed: the subscription feed, which identifies the feed on every page. */
  readonly feed?: string;
}

export interface FeedPage {
  readonly title: string;
  readonly description: string;
  readonly lang: string;
  /** Atom feed id, the same for a scope's subscription and archive documents: they are one logical feed. */
  readonly id: string;
  readonly links: FeedLinks;
  /** RFC 5005 archive document (`fh:archive`). */
  readonly isArchive: boolean;
  /** ISO instant: the newest `updated` of `articles`, or `UNDATED`. */
  readonly updated: string;
  /** Newest first; text already free of characters XML cannot carry. */
  readonly articles: readonly Article[];
  /** Absolute URLs, when configured. */
  readonly icon?: string;
  readonly logo?: string;
  readonly hub?: string;
}

/** The generator named in every feed. */
export const GENERATOR = 'bulletin';

export const NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  fh: 'http://purl.org/syndication/history/1.0',
  media: 'http://search.yahoo.com/mrss/',
} as const;
