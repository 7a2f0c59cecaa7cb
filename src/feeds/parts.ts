/** @module Feeds as head, items and tail, so the Worker can serve RFC 3229 `A-IM: feed` deltas. */

import type { FeedParts } from '../site/document';

/** The whole document: `head + items + tail`. */
export function joinFeedParts(parts: FeedParts): string {
  return parts.head + parts.items.map((item) => item.text).join(parts.separator) + parts.tail;
}

/**
 * Cuts rendered XML at its `<item>` or `<entry>` elements. Each item's text starts with the line break and
 * indentation before it, so any subset of items, even none, still joins into well-formed XML.
 * Safe on text search because every value in the document is escaped: `<` only ever starts markup.
 */
export function splitXmlFeed(
  xml: string,
  element: 'item' | 'entry',
  items: readonly { readonly id: string; readonly updated: string }[],
): FeedParts {
  const spans = [...xml.matchAll(new RegExp(`\\n *<${element}[ >][\\s\\S]*?</${element}>`, 'g'))];
  if (spans.length !== items.length) {
    throw new Error(`feeds: found ${spans.length} <${element}> elements for ${items.length} articles`);
  }
  const first = spans[0];
  const last = spans.at(-1);
  if (first === undefined || last === undefined) return { head: xml, items: [], separator: '', tail: '' };

  const texts = spans.map((span) => span[0]);
  const parts: FeedParts = {
    head: xml.slice(0, first.index),
    items: items.map(({ id, updated }, i) => ({ id, updated, text: texts[i] ?? '' })),
    separator: '',
    tail: xml.slice(last.index + last[0].length),
  };
  if (joinFeedParts(parts) !== xml) throw new Error(`feeds: <${element}> elements are not contiguous`);
  return parts;
}
