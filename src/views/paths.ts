/**
 * @module Root-relative URLs of the site's pages and feeds, spelled in one place. No trailing slashes.
 * Slugs may hold letters of any script (`سوريا`); paths carry them percent-encoded, as `URL#pathname` does.
 */

import { slugify } from '../content/slug';

export interface FeedFormat {
  /** Short, for titles and lists that already say "feed": `RSS`, `JSON Feed`. */
  readonly label: string;
  /** Standing alone, as link text: `RSS feed`, `JSON Feed`. */
  readonly name: string;
  /** MIME type for `<link rel="alternate">` autodiscovery. */
  readonly type: string;
  readonly file: string;
}

/** The order is the order readers see them in, most widely supported first. */
export const FEED_FORMATS: readonly FeedFormat[] = [
  { label: 'RSS', name: 'RSS feed', type: 'application/rss+xml', file: 'rss.xml' },
  { label: 'Atom', name: 'Atom feed', type: 'application/atom+xml', file: 'atom.xml' },
  { label: 'JSON Feed', name: 'JSON Feed', type: 'application/feed+json', file: 'feed.json' },
];

export const HOME_PATH = '/';
export const SUBSCRIBE_PATH = '/subscribe';

export function articlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}

/** Page 1 of the index is the home page itself, so it has one URL only. */
export function indexPath(page: number): string {
  return page <= 1 ? HOME_PATH : `/page/${page}`;
}

export function tagPath(tag: string, page = 1): string {
  const base = `/tags/${tagSlug(tag)}`;
  return page <= 1 ? base : `${base}/page/${page}`;
}

/** The site's feed in one format, or a tag's feed when `tag` is given. */
export function feedPath(format: FeedFormat, tag?: string): string {
  return tag === undefined ? `/${format.file}` : `/tags/${tagSlug(tag)}/${format.file}`;
}

/** A tag with no letters or digits would collide with `/tags/`; fail the build rather than link to it. */
function tagSlug(tag: string): string {
  const slug = slugify(tag);
  if (slug === '') throw new RangeError(`tag "${tag}" has no letters or digits to make a slug from`);
  return encodeURIComponent(slug);
}
