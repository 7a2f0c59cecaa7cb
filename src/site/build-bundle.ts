/** @module Build side: articles → the content bundle, with an epoch for every scheduled article. */

import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import { BuildCache, contentHash, type Memo } from '../content/build-cache';
import { type FeedFrame, frameKeyOf } from '../feeds';
import type { Epoch, SiteBundle, StoredDocument } from './bundle';
import type { BuiltDocument, FeedParts, TextKey } from './document';
import { DocumentMemo, type PatchScope, UnchangedDocument } from './document-memo';
import { prepareAssets, type RenderMemos, renderSite } from './render';

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

/** The key of a text that has none of its own: its hash. */
const hashedKey = (text: string): TextKey => `text:${contentHash(text)}`;

interface FrameTextKeys {
  readonly head: TextKey;
  readonly tail: TextKey;
  readonly separator: TextKey;
}

/**
 * The keys of a feed's texts other than its items: its head's own key, or, like its tail and separator, its text's
 * hash. Kept with the parts, which a builder that keeps its documents (see RenderState) bundles again in every build.
 */
function frameTextKeys(parts: FeedParts): FrameTextKeys {
  let keys = frameKeys.get(parts);
  if (keys === undefined) {
    keys = { head: parts.headKey ?? hashedKey(parts.head), tail: hashedKey(parts.tail), separator: hashedKey(parts.separator) };
    frameKeys.set(parts, keys);
  }
  return keys;
}

const frameKeys = new WeakMap<FeedParts, FrameTextKeys>();

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
      key = hashedKey(text);
    }
    let index = this.#fragmentIndexes.get(key);
    if (index === undefined) {
      index = this.fragments.push(text === undefined ? new LazyFragment(key, read) : { key, text }) - 1;
      this.#fragmentIndexes.set(key, index);
    }
    return index;
  }

  #feedDocument({ contentType, lastModified, cache, deltas }: BuiltDocument, feed: FeedParts): StoredDocument {
    const keys = frameTextKeys(feed);
    return {
      contentType, lastModified, cache,
      segments: [
        this.#intern(keys.head, () => feed.head),
        ...feed.items.map((item) => this.#intern(item.key, () => item.text)),
        this.#intern(keys.tail, () => feed.tail),
      ],
      separator: this.#intern(keys.separator, () => feed.separator),
      ...(deltas ? { items: feed.items.map(({ id, updated }) => ({ id, updated })) } : {}),
    };
  }

  store(document: BuiltDocument): number {
    const known = this.#stored.get(document);
    if (known !== undefined) return known;
    const { contentType, lastModified, cache, feed } = document;
    const stored: StoredDocument = feed
      ? this.#feedDocument(document, feed)
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

/** Where feed frames are in the build cache; texts are at their own keys, which name their kind (see TextKey). */
const FRAMES = 'frame:';

/**
 * What rendering keeps between documents, and between builds for a builder that stays in memory (npm start): the
 * documents it made (see DocumentMemo), which read their texts through memos of whichever build cache is current.
 */
export class RenderState {
  readonly documents = new DocumentMemo();
  #texts: Memo<string> = new Map();
  #frames: Memo<FeedFrame> = new Map();
  readonly memos: RenderMemos = {
    texts: { has: (key) => this.#texts.has(key), get: (key) => this.#texts.get(key), set: (key, text) => this.#texts.set(key, text) },
    feedFrames: { has: (key) => this.#frames.has(key), get: (key) => this.#frames.get(key), set: (key, frame) => this.#frames.set(key, frame) },
  };

  /**
   * Points the memos at `cache`, and keeps a document of an earlier build only when `cache` still holds its texts.
   * A patch build makes only the documents that show the articles `patch` says changed (see DocumentMemo).
   */
  startBuild(cache: BuildCache, patch?: PatchScope): void {
    this.#texts = cache.scope('');
    this.#frames = cache.scope(FRAMES);
    this.documents.startBuild((document) => holdsTexts(cache, document), patch);
  }

  clear(): void {
    this.documents.clear();
  }
}

/** Whether `cache` holds every text `document` reads from it; each one it holds counts as used by this build. */
function holdsTexts(cache: BuildCache, document: BuiltDocument): boolean {
  const { feed, bodyKey } = document;
  if (feed === undefined) return bodyKey === undefined || cache.has(bodyKey);
  const frame = frameKeyOf(feed);
  // Not `every`: each text the document reads must count as used, whatever the others.
  let held = frame === undefined || cache.has(FRAMES + frame);
  for (const item of feed.items) if (item.key !== undefined && !cache.has(item.key)) held = false;
  return held;
}

/** When each epoch after the first starts: the instants at which scheduled articles fall due, after `now`. */
export function epochStarts(articles: readonly Article[], now: Date): string[] {
  const cutoff = now.toISOString();
  return [...new Set(articles.map((a) => a.published).filter((published) => published > cutoff))].sort();
}

/**
 * `articles` are all non-draft articles, newest first, scheduled ones included. The first epoch shows what is
 * published at `now`; each later one starts when a scheduled article falls due. Article pages, list pages and feed
 * items that `cache` holds are not rendered again; those rendered are added to it. Given the `state` of earlier
 * builds, the documents they made from the same articles are not even made again; by default, this build's own.
 */
export function buildBundle(articles: readonly Article[], config: SiteConfig, now: Date, cache = BuildCache.none(), state = new RenderState()): BuiltBundle {
  const { writer, epochs } = renderEpochs(articles, config, now, cache, state);
  return { fragments: writer.fragments, documents: writer.documents, epochs: epochs.map(({ from, made, notFound }) => ({ from, routes: made, notFound })) };
}

/** What a patch build made of one epoch: the documents that show changed articles, by path. */
export interface PatchedEpoch {
  readonly from: string | null;
  readonly changed: Readonly<Record<string, number>>;
  readonly notFound: number;
}

/** A bundle of the documents that show changed articles: the last build's archive has all the others. */
export interface BuiltPatch extends Omit<BuiltBundle, 'epochs'> {
  readonly epochs: readonly PatchedEpoch[];
}

/**
 * What buildBundle would make of `articles` that the last build did not, when the last build was of articles in
 * the same places with the same ids, slugs, publication times and tags (see site-shape.ts), and only those with
 * the ids `patch.changed` differ: the documents that show them, the pages made every time, and the sitemap unless
 * every page kept its date.
 */
export function buildPatch(articles: readonly Article[], config: SiteConfig, now: Date, cache: BuildCache, state: RenderState, patch: PatchScope): BuiltPatch {
  const { writer, epochs } = renderEpochs(articles, config, now, cache, state, patch);
  return { fragments: writer.fragments, documents: writer.documents, epochs: epochs.map(({ from, made, notFound }) => ({ from, changed: made, notFound })) };
}

function renderEpochs(articles: readonly Article[], config: SiteConfig, now: Date, cache: BuildCache, state: RenderState, patch?: PatchScope) {
  state.startBuild(cache, patch);
  const assets = prepareAssets(config, state.memos, state.documents);
  const writer = new BundleWriter();
  const cutoff = now.toISOString();
  const epochs = [null, ...epochStarts(articles, now)].map((from) => {
    const until = from ?? cutoff;
    const site = renderSite(articles.filter((a) => a.published <= until), assets);
    const made: Record<string, number> = {};
    // Without `patch`, every document is made.
    for (const [path, document] of site.routes) if (!(document instanceof UnchangedDocument)) made[path] = writer.store(document);
    return { from, made, notFound: writer.store(site.notFound) };
  });
  state.documents.endBuild();
  return { writer, epochs };
}
