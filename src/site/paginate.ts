/** @module Cutting a list into pages: index and tag pages, JSON Feed pages, sitemaps. */

/** `items` in pages of `size`, in order; an empty list still has one (empty) page. */
export function paginate<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length ? pages : [[]];
}
