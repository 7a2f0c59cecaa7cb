/** @module Feeds as head, items and tail, so the Worker can serve RFC 3229 `A-IM: feed` deltas. */

import type { Article } from '../content/article';
import { articleKey, contentHash, type Memo, readLater } from '../content/build-cache';
import type { FeedParts, TextKey } from '../site/document';
import type { FeedPage } from './model';

type FeedItem = FeedParts['items'][number];

/**
 * One format's item text for each (cleaned) article, kept in `memo` by content key: rendered once and shared by
 * every document that carries the article, and read back only when some output needs the characters. With the
 * build cache as `memo`, a text an earlier build rendered is not rendered again, and a long text is kept as UTF-8
 * rather than as a string (see content/build-cache.ts).
 */
export class ItemTexts {
  readonly #memo: Memo<string>;
  /** What `memo` was found to hold, by key: each key is asked about once, so the cache counts each item once. */
  readonly #held = new Map<TextKey, boolean>();

  constructor(readonly format: 'rss' | 'atom' | 'json', memo: Memo<string> = new Map()) {
    this.#memo = memo;
  }

  /** The content key of the article's item text in this format. */
  key(article: Article): TextKey {
    const keys = itemKeys[this.format];
    let key = keys.get(article);
    if (key === undefined) keys.set(article, (key = `${this.format}-item:${articleKey(article)}`));
    return key;
  }

  has(article: Article): boolean {
    return this.#holds(this.key(article));
  }

  #holds(key: TextKey): boolean {
    let held = this.#held.get(key);
    if (held === undefined) this.#held.set(key, (held = this.#memo.has(key)));
    return held;
  }

  text(article: Article): string | undefined {
    const key = this.key(article);
    return this.#holds(key) ? this.#memo.get(key) : undefined;
  }

  set(article: Article, text: string): void {
    const key = this.key(article);
    this.#memo.set(key, text);
    this.#held.set(key, true);
  }

  /** The article's item for a document's parts, its text read when asked for; throws when none is known. */
  item(article: Article, element: string): FeedItem {
    const key = this.key(article);
    if (!this.#holds(key)) throw new Error(`feeds: ${article.source}: no <${element}> rendered`);
    return new StoredItem(article, key, readLater(this.#memo, key));
  }
}

/**
 * Each article's item key in each format, made once: a build asks for it in every document that carries the
 * article, and a builder that keeps its articles between builds (npm start) looks up the same strings each time,
 * whose hashes V8 has already worked out.
 */
const itemKeys = { rss: new WeakMap<Article, TextKey>(), atom: new WeakMap<Article, TextKey>(), json: new WeakMap<Article, TextKey>() };

/** An item whose text is read when asked for. A class, not a literal with a getter: V8 makes those slowly. */
class StoredItem implements FeedItem {
  readonly id: string;
  readonly updated: string;
  readonly #read: () => string;

  constructor(article: Article, readonly key: TextKey, read: () => string) {
    this.id = article.id;
    this.updated = article.updated;
    this.#read = read;
  }

  get text(): string {
    return this.#read();
  }
}

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

  // Each span must start where the one before ended: then head, items and tail join into `xml` by construction,
  // without building the document again to compare (which, at 10k articles, was a third of a build's page faults).
  for (let i = 1; i < spans.length; i++) {
    const before = spans[i - 1]!;
    if (spans[i]!.index !== before.index + before[0].length) throw new Error(`feeds: <${element}> elements are not contiguous`);
  }
  const texts = spans.map((span) => span[0]);
  const parts: FeedParts = {
    // Copies: a slice would keep the whole document alive for as long as a build keeps its head and tail.
    head: structuredClone(xml.slice(0, first.index)),
    items: items.map(({ id, updated }, i) => ({ id, updated, text: texts[i] ?? '' })),
    separator: '',
    tail: structuredClone(xml.slice(last.index + last[0].length)),
  };
  return parts;
}

/** What a document has besides its items: the same for the same page, whatever build renders it. */
export interface FeedFrame {
  readonly head: string;
  readonly tail: string;
}

const FRAME_HEAD = 'frame-head:';

/** The key in `frames` of the frame a document's head and tail came from, when they came from one. */
export function frameKeyOf(parts: FeedParts): string | undefined {
  return parts.headKey?.startsWith(FRAME_HEAD) ? parts.headKey.slice(FRAME_HEAD.length) : undefined;
}

/**
 * A document as `feed` wrote it, every value still behind a placeholder (see ./xml.ts), and how to finish each of
 * its parts. Parts are finished one by one, after the cut: at 10k articles, each whole-document pass over the text
 * (putting values in, adding attributes feed cannot write) allocated a copy of a 100–200 KB document, and those
 * copies were a large share of a cold build's page faults.
 */
export interface RawXmlFeed {
  readonly xml: string;
  /** Everything before the first item: the root element and the channel's or feed's own elements. */
  head(text: string): string;
  /** One article's item or entry, with the line break and indentation before it. */
  item(text: string, article: Article): string;
  /** Everything after the last item. */
  tail(text: string): string;
}

/**
 * A document's parts, rendering only the items that no earlier document rendered: an article's item text
 * depends on the article alone, so xml-js need not write it again for the subscription feed, its archive page
 * and each of its tags' feeds. `render` gets the page cut to its first article (so head and tail come from a
 * render of this very document) and every article `itemTexts` lacks; the other item texts come from
 * `itemTexts`, which keeps each article's text for one format. With `frames`, a page whose frame (head and
 * tail) a build rendered before and whose items are all known is not rendered at all.
 */
export function renderXmlFeedParts(
  page: FeedPage,
  element: 'item' | 'entry',
  render: (page: FeedPage) => RawXmlFeed,
  itemTexts: ItemTexts,
  frames?: Memo<FeedFrame>,
): FeedParts {
  const itemsOf = (): FeedParts['items'] => page.articles.map((article) => itemTexts.item(article, element));
  const frameKey = frames && contentHash(element, JSON.stringify({ ...page, articles: page.articles.map(articleKey) }));
  const frame = frameKey !== undefined && frames?.has(frameKey) ? frames.get(frameKey) : undefined;
  // A frame is a function of its page: its key names the head.
  const headKey = frameKey === undefined ? {} : { headKey: `${FRAME_HEAD}${frameKey}` };
  if (frame !== undefined && page.articles.every((article) => itemTexts.has(article))) {
    return { head: frame.head, items: itemsOf(), separator: '', tail: frame.tail, ...headKey };
  }

  const rendered = page.articles.filter((article, i) => i === 0 || !itemTexts.has(article));
  const raw = render({ ...page, articles: rendered });
  const cut = splitXmlFeed(raw.xml, element, rendered);
  cut.items.forEach((item, i) => {
    const article = rendered[i]!;
    const text = raw.item(item.text, article);
    const known = itemTexts.text(article);
    if (known === undefined) itemTexts.set(article, text);
    // The first article is rendered in every document: a guard that sharing item texts changes no byte.
    else if (known !== text) throw new Error(`feeds: ${article.source}: its <${element}> differs between documents`);
  });
  const [head, tail] = [raw.head(cut.head), raw.tail(cut.tail)];
  if (frameKey !== undefined) frames?.set(frameKey, { head, tail });
  return { head, items: itemsOf(), separator: '', tail, ...headKey };
}
