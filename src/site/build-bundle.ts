/** @module Build side: articles → the content bundle, with an epoch for every scheduled article. */

import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import { articleKey, BuildCache } from '../content/build-cache';
import { FEED_FORMATS, renderedItemText, reuseItemText } from '../feeds';
import type { Epoch, SiteBundle, StoredDocument } from './bundle';
import type { BuiltDocument } from './document';
import { prepareAssets, renderSite } from './render';

/** Collects fragments and documents, each distinct one once. */
class BundleWriter {
  readonly fragments: string[] = [];
  readonly documents: StoredDocument[] = [];
  readonly #fragmentIndexes = new Map<string, number>();
  readonly #documentIndexes = new Map<string, number>();
  /** A rendered document is often the very same object in several epochs: skip its interning then. */
  readonly #stored = new WeakMap<BuiltDocument, number>();

  #intern(text: string): number {
    let index = this.#fragmentIndexes.get(text);
    if (index === undefined) {
      index = this.fragments.push(text) - 1;
      this.#fragmentIndexes.set(text, index);
    }
    return index;
  }

  store(document: BuiltDocument): number {
    const known = this.#stored.get(document);
    if (known !== undefined) return known;
    const { contentType, lastModified, cache, feed } = document;
    const stored: StoredDocument = feed
      ? {
          contentType, lastModified, cache,
          segments: [feed.head, ...feed.items.map((item) => item.text), feed.tail].map((text) => this.#intern(text)),
          separator: this.#intern(feed.separator),
          ...(document.deltas ? { items: feed.items.map(({ id, updated }) => ({ id, updated })) } : {}),
        }
      : { contentType, lastModified, cache, segments: [this.#intern(document.body)] };
    const key = JSON.stringify(stored);
    let index = this.#documentIndexes.get(key);
    if (index === undefined) {
      index = this.documents.push(stored) - 1;
      this.#documentIndexes.set(key, index);
    }
    this.#stored.set(document, index);
    return index;
  }
}

/**
 * `articles` are all non-draft articles, newest first, scheduled ones included. The first epoch shows what is
 * published at `now`; each later one starts when a scheduled article falls due. Article pages and feed items
 * that `cache` holds are not rendered again; those rendered are added to it.
 */
export function buildBundle(articles: readonly Article[], config: SiteConfig, now: Date, cache = BuildCache.none()): SiteBundle {
  const assets = prepareAssets(config, { articlePages: cache.scope('page:'), listPages: cache.scope('list:'), feedFrames: cache.scope('frame:') });
  const itemTexts = cache.scope<string>('item:');
  for (const article of articles) {
    for (const format of FEED_FORMATS) {
      const text = itemTexts.get(`${format}:${articleKey(article)}`);
      if (text !== undefined) reuseItemText(format, article, text);
    }
  }
  const writer = new BundleWriter();
  const cutoff = now.toISOString();
  const scheduled = [...new Set(articles.map((a) => a.published).filter((published) => published > cutoff))].sort();
  const epochs: Epoch[] = [null, ...scheduled].map((from) => {
    const until = from ?? cutoff;
    const site = renderSite(articles.filter((a) => a.published <= until), assets);
    const routes: Record<string, number> = {};
    for (const [path, document] of site.routes) routes[path] = writer.store(document);
    return { from, routes, notFound: writer.store(site.notFound) };
  });
  for (const article of articles) {
    for (const format of FEED_FORMATS) {
      const text = renderedItemText(format, article);
      if (text !== undefined) itemTexts.set(`${format}:${articleKey(article)}`, text);
    }
  }
  return { fragments: writer.fragments, documents: writer.documents, epochs };
}
