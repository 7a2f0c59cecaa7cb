/** @module Build side: articles → the content bundle, with an epoch for every scheduled article. */

import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import { BuildCache, contentHash } from '../content/build-cache';
import type { Epoch, SiteBundle, StoredDocument } from './bundle';
import type { BuiltDocument, TextKey } from './document';
import { prepareAssets, renderSite } from './render';

/**
 * A fragment as the build keeps it: its content key (see `TextKey`), and its text, which a fragment the build
 * cache holds reads only when asked for.
 */
export interface BuiltFragment {
  readonly key: TextKey;
  readonly text: string;
}

/** A fragment whose text is read only when asked for. A class, not a literal with a getter: V8 makes those slowly. */
class LazyFragment implements BuiltFragment {
  readonly #read: () => string;

  constructor(readonly key: TextKey, read: () => string) {
    this.#read = read;
  }

  get text(): string {
    return this.#read();
  }
}

/** The bundle as the build makes it: `SiteBundle` with fragments that know their keys. */
export interface BuiltBundle extends Omit<SiteBundle, 'fragments'> {
  readonly fragments: readonly BuiltFragment[];
}

/** The bundle the Worker imports, every fragment read. */
export function bundleTexts(bundle: BuiltBundle): SiteBundle {
  return { ...bundle, fragments: bundle.fragments.map((fragment) => fragment.text) };
}

/** Collects fragments and documents, each distinct one once. */
class BundleWriter {
  readonly fragments: BuiltFragment[] = [];
  readonly documents: StoredDocument[] = [];
  readonly #fragmentIndexes = new Map<TextKey, number>();
  readonly #documentIndexes = new Map<string, number>();
  /** A rendered document is often the very same object in several epochs: skip its interning then. */
  readonly #stored = new WeakMap<BuiltDocument, number>();

  /** A text without a key is keyed by its hash; one with a key is not read here. */
  #intern(key: TextKey | undefined, read: () => string): number {
    let text: string | undefined;
    if (key === undefined) {
      text = read();
      key = `text:${contentHash(text)}`;
    }
    let index = this.#fragmentIndexes.get(key);
    if (index === undefined) {
      index = this.fragments.push(text === undefined ? new LazyFragment(key, read) : { key, text }) - 1;
      this.#fragmentIndexes.set(key, index);
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
          segments: [
            this.#intern(feed.headKey, () => feed.head),
            ...feed.items.map((item) => this.#intern(item.key, () => item.text)),
            this.#intern(undefined, () => feed.tail),
          ],
          separator: this.#intern(undefined, () => feed.separator),
          ...(document.deltas ? { items: feed.items.map(({ id, updated }) => ({ id, updated })) } : {}),
        }
      : { contentType, lastModified, cache, segments: [this.#intern(document.bodyKey, () => document.body)] };
    // Segments are interned by content key, and an item's key is its article's, which fixes its id and update
    // time: the segments and the metadata say all there is to a stored document.
    const key = `${contentType}\n${lastModified}\n${cache}\n${stored.segments.join(',')}\n${stored.separator ?? ''}\n${stored.items ? 'deltas' : ''}`;
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
 * published at `now`; each later one starts when a scheduled article falls due. Article pages, list pages and feed
 * items that `cache` holds are not rendered again; those rendered are added to it.
 */
export function buildBundle(articles: readonly Article[], config: SiteConfig, now: Date, cache = BuildCache.none()): BuiltBundle {
  // Text keys name their kind already (see TextKey).
  const assets = prepareAssets(config, { texts: cache.scope(''), feedFrames: cache.scope('frame:') });
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
  return { fragments: writer.fragments, documents: writer.documents, epochs };
}
