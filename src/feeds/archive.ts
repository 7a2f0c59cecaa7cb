/** @module How a scope's articles are spread over documents: RFC 5005 archive pages and JSON Feed pages, and their paths. */

import type { Article } from '../content/article';

/**
 * RFC 5005 archive pages, page 1 the oldest: the articles oldest first, cut into pages of `size`. Only full
 * pages are archived, so a page never changes once written unless an article in it does; the newest
 * `articles.length % size` articles are left to the subscription feed. Each page lists its articles newest first.
 */
export function cutArchivePages(newestFirst: readonly Article[], size: number): Article[][] {
  const oldestFirst = [...newestFirst].reverse();
  const pages: Article[][] = [];
  for (let start = 0; start + size <= oldestFirst.length; start += size) {
    pages.push(oldestFirst.slice(start, start + size).reverse());
  }
  return pages;
}

/** The documents of one scope, under its `basePath` ('' for the site, `/tags/syria` for a tag). */
export const feedPaths = {
  rss: (basePath: string): string => `${basePath}/rss.xml`,
  atom: (basePath: string): string => `${basePath}/atom.xml`,
  json: (basePath: string): string => `${basePath}/feed.json`,
  /** RSS archive page `n` (1 = oldest). */
  rssArchive: (basePath: string, n: number): string => `${basePath}/archive/${n}.xml`,
  /** Atom archive page `n` (1 = oldest). */
  atomArchive: (basePath: string, n: number): string => `${basePath}/archive/${n}.atom`,
  /** JSON Feed page `n` (1 = newest, which is `feed.json` itself). */
  jsonPage: (basePath: string, n: number): string => (n <= 1 ? `${basePath}/feed.json` : `${basePath}/feed/${n}.json`),
} as const;
