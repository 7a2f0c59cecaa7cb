/**
 * @module Feeds: a scope's published articles → RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents, keyed by path.
 *
 * For a scope with `basePath` B ('' for the site, `/tags/syria` for a tag):
 * - `B/rss.xml`, `B/atom.xml`, `B/feed.json`: the newest `feedSize` articles, with `feed` parts for RFC 3229.
 * - `B/archive/N.xml` (RSS) and `B/archive/N.atom` (Atom): RFC 5005 archive page N, N = 1 the oldest, each
 *   exactly `archiveSize` articles; the subscription feeds link `prev-archive` to the newest of them.
 * - `B/feed/N.json`, N ≥ 2: JSON Feed pages of `feedSize` articles, reached through `next_url` from `B/feed.json`.
 * Every document is dated by its newest `updated`; an empty one by the Unix epoch, never by the build time.
 */

import { type Article, isCanonicalInstant, newestUpdate, timesOf } from '../content/article';
import type { SiteConfig } from '../config';
import type { Memo } from '../content/build-cache';
import { uuidV5 } from '../content/seed';
import { browserPagePath, type BuiltDocument, type CachePolicy, type FeedParts } from '../site/document';
import type { DocumentMemo, SiteDocument } from '../site/document-memo';
import { absolute } from '../site/origin';
import { paginate } from '../site/paginate';
import { cutArchivePages, feedPaths } from './archive';
import { ATOM_CONTENT_TYPE, renderAtom } from './atom';
import { cleanArticle } from './clean';
import { toAbsoluteUrl } from './content';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed';
import type { FeedLinks, FeedPage } from './model';
import { type FeedFrame, ItemTexts, joinFeedParts } from './parts';
import { renderRss, RSS_CONTENT_TYPE } from './rss';
import { stripIllegalCharacters } from './xml';

export { FEED_STYLESHEET_PATH, buildFeedStylesheet } from './stylesheet';
export { feedPaths } from './archive';
export { frameKeyOf, type FeedFrame } from './parts';

/** Each format's item texts for one build: an article's item is the same text in every document of that format. */
export interface FeedItemTexts {
  readonly rss: ItemTexts;
  readonly atom: ItemTexts;
  readonly json: ItemTexts;
}

/** Item texts kept in `memo` (by default for as long as the returned object lives). */
export function feedItemTexts(memo: Memo<string> = new Map()): FeedItemTexts {
  return { rss: new ItemTexts('rss', memo), atom: new ItemTexts('atom', memo), json: new ItemTexts('json', memo) };
}

/** What renders buildFeeds keeps between calls, and between builds when the build cache provides the memos. */
export interface FeedMemos {
  /** RSS and Atom documents' head and tail by their page (see ./parts.ts). */
  readonly frames?: Memo<FeedFrame>;
  /** Each article's item in each format: share one between the site's and its tags' feeds. */
  readonly items?: FeedItemTexts;
}

/** FeedMemos with whole documents, by path, page and articles: a page of the same articles is not made again. */
export interface FeedDocumentMemos extends FeedMemos {
  readonly documents: DocumentMemo;
}

/**
 * What a browser that opens one of a scope's RSS or Atom documents is shown instead of its XML (see app.ts): the
 * same for both formats, whose documents carry the same articles.
 */
export interface FeedBrowserView {
  /** The scope's. */
  readonly title: string;
  readonly description: string;
  /** Root-relative: the HTML page the feed mirrors. */
  readonly homePath: string;
  /** A tag's scope: the tag, whose feeds the page offers (and advertises beside the site's); else the site's. */
  readonly tag?: string;
  /** RFC 5005 archive documents: the page's number, 1 the oldest. */
  readonly archive?: number;
  /** The documents', newest first. */
  readonly articles: readonly Article[];
}

export interface FeedScope {
  /** Feed title and description, e.g. site title, or `bulletin: tag "Syria"`. */
  readonly title: string;
  readonly description: string;
  /** Root-relative path of the HTML page the feed mirrors: '/' or '/tags/syria'. */
  readonly homePath: string;
  /** Prefix for this scope's feed paths: '' for the site (→ /rss.xml …), '/tags/syria' for a tag (→ /tags/syria/rss.xml …). */
  readonly basePath: string;
  /**
   * Whether the scope keeps its whole history as RFC 5005 archives and JSON Feed pages (default true). Tags do
   * not: every article is in the site's archives already, and per-tag copies would multiply the bundle.
   */
  readonly archived?: boolean;
  /** A tag's scope: the tag, as its articles spell it. */
  readonly tag?: string;
  /**
   * The page for browsers of each RSS and Atom document, kept beside it at `browserPagePath(path)`; none without.
   * Made with the documents, so a build that makes one makes the other; once for both formats.
   */
  readonly browserPage?: (view: FeedBrowserView) => BuiltDocument;
}

/**
 * Every feed document of one scope, keyed by root-relative path. `articles` are the published articles of
 * that scope, newest first by `published`. Same input, same bytes. `memos` keeps renders between calls (see FeedMemos).
 */
export function buildFeeds(articles: readonly Article[], scope: FeedScope, config: SiteConfig, memos?: FeedMemos): Map<string, BuiltDocument>;
/** With a DocumentMemo: in a patch build, the documents no changed article is in are UnchangedDocuments. */
export function buildFeeds(articles: readonly Article[], scope: FeedScope, config: SiteConfig, memos: FeedDocumentMemos): Map<string, SiteDocument>;
export function buildFeeds(articles: readonly Article[], scope: FeedScope, config: SiteConfig, memos: FeedMemos & Partial<FeedDocumentMemos> = {}): Map<string, SiteDocument> {
  const { frames } = memos;
  const items = memos.items ?? feedItemTexts();
  checkSizes(config);
  checkNewestFirst(articles);
  const { basePath } = scope;
  const base = {
    title: stripIllegalCharacters(scope.title),
    description: stripIllegalCharacters(scope.description),
    lang: stripIllegalCharacters(config.lang),
    // The Atom id is name-based, not a URL, so it survives a move to another domain.
    id: `urn:uuid:${uuidV5(`feed:${basePath === '' ? '/' : basePath}`, config.idNamespace)}`,
    ...(config.icon === undefined ? {} : { icon: toAbsoluteUrl(config.icon) }),
    ...(config.logo === undefined ? {} : { logo: toAbsoluteUrl(config.logo) }),
    ...(config.hub === undefined ? {} : { hub: toAbsoluteUrl(config.hub) }),
  };
  // Articles are cleaned only for the pages made: a patch build makes few.
  const page = (links: FeedLinks, pageArticles: readonly Article[], isArchive = false): FeedPage => ({
    ...base,
    links,
    isArchive,
    updated: newestUpdate(pageArticles),
    articles: pageArticles.map(cleanArticle),
  });
  const home = absolute(scope.homePath);
  const documents = new Map<string, SiteDocument>();
  // In a patch build, a page no changed article is on stands as the last build made it; and as no sitemap lists
  // feeds, it is not even visited (at 10k articles, some 700 pages of the site's feeds alone).
  const stands = (pageArticles: readonly Article[]) => memos.documents?.mayPass(pageArticles, false) ?? false;
  // A page's document is a function of its path, its scope's title and description, its links and its articles.
  const described = JSON.stringify([scope.title, scope.description]);
  const add = (path: string, links: FeedLinks, pageArticles: readonly Article[], make: () => BuiltDocument) => {
    const name = `${path}\n${described}\n${JSON.stringify(links)}`;
    documents.set(path, memos.documents ? memos.documents.get(name, pageArticles, make) : make());
  };
  const { browserPage } = scope;
  /** By archive page number, 0 for the subscription documents: RSS and Atom share their page. */
  const browserPages = new Map<number, SiteDocument>();
  const addBrowserPage = (path: string, pageArticles: readonly Article[], archive?: number) => {
    if (browserPage === undefined) return;
    let document = browserPages.get(archive ?? 0);
    if (document === undefined) {
      const { title, description, homePath, tag } = scope;
      const view: FeedBrowserView = {
        title,
        description,
        homePath,
        articles: pageArticles,
        ...(tag === undefined ? {} : { tag }),
        ...(archive === undefined ? {} : { archive }),
      };
      const make = () => browserPage(view);
      // No format in the name: the page is the same for both.
      const name = `browser page:${basePath}:${archive ?? ''}\n${described}\n${homePath}\n${tag ?? ''}`;
      browserPages.set(archive ?? 0, (document = memos.documents ? memos.documents.get(name, pageArticles, make) : make()));
    }
    documents.set(browserPagePath(path), document);
  };

  const newest = articles.slice(0, config.feedSize);
  const archived = scope.archived ?? true;
  const archives = archived ? cutArchivePages(articles, config.archiveSize) : [];
  const newestArchive = archives.length === 0 ? undefined : archives.length;

  for (const format of ['rss', 'atom'] as const) {
    const render = (page: FeedPage) => (format === 'rss' ? renderRss(page, frames, items.rss) : renderAtom(page, frames, items.atom));
    const contentType = format === 'rss' ? RSS_CONTENT_TYPE : ATOM_CONTENT_TYPE;
    const archivePath = (n: number): string =>
      format === 'rss' ? feedPaths.rssArchive(basePath, n) : feedPaths.atomArchive(basePath, n);
    const current = feedPaths[format](basePath);

    const links: FeedLinks = {
      home,
      self: absolute(current),
      ...(newestArchive === undefined ? {} : { prevArchive: absolute(archivePath(newestArchive)) }),
    };
    if (!stands(newest)) {
      add(current, links, newest, () => {
        const subscription = page(links, newest);
        return subscriptionDocument(render(subscription), contentType, subscription.updated);
      });
      addBrowserPage(current, newest);
    }

    archives.forEach((pageArticles, i) => {
      if (stands(pageArticles)) return;
      const n = i + 1;
      const links: FeedLinks = {
        home,
        self: absolute(archivePath(n)),
        current: absolute(current),
        ...(n > 1 ? { prevArchive: absolute(archivePath(n - 1)) } : {}),
        ...(n < archives.length ? { nextArchive: absolute(archivePath(n + 1)) } : {}),
      };
      add(archivePath(n), links, pageArticles, () => {
        const archive = page(links, pageArticles, true);
        return feedDocument(render(archive), contentType, archive.updated, 'archive');
      });
      addBrowserPage(archivePath(n), pageArticles, n);
    });
  }

  const jsonPages = archived ? paginate(articles, config.feedSize) : [newest];
  jsonPages.forEach((pageArticles, i) => {
    if (stands(pageArticles)) return;
    const n = i + 1;
    const path = feedPaths.jsonPage(basePath, n);
    const links: FeedLinks = {
      home,
      self: absolute(path),
      feed: absolute(feedPaths.json(basePath)),
      ...(n < jsonPages.length ? { nextPage: absolute(feedPaths.jsonPage(basePath, n + 1)) } : {}),
    };
    add(path, links, pageArticles, () => {
      const jsonPage = page(links, pageArticles);
      const parts = renderJsonFeed(jsonPage, items.json);
      return n === 1
        ? subscriptionDocument(parts, JSON_FEED_CONTENT_TYPE, jsonPage.updated)
        : feedDocument(parts, JSON_FEED_CONTENT_TYPE, jsonPage.updated, 'feed');
    });
  });

  return documents;
}

/** A document readers subscribe to: the Worker answers RFC 3229 `A-IM: feed` on it. */
function subscriptionDocument(parts: FeedParts, contentType: string, lastModified: string): BuiltDocument {
  return feedDocument(parts, contentType, lastModified, 'feed', true);
}

/**
 * Every feed document keeps its parts: the bundle stores each item's text once and shares it between the
 * subscription feed, archive pages and tag feeds. The body is joined only when asked for, so a large build does
 * not hold every feed twice.
 */
function feedDocument(parts: FeedParts, contentType: string, lastModified: string, cache: CachePolicy, deltas = false): BuiltDocument {
  return {
    contentType,
    lastModified,
    cache,
    feed: parts,
    ...(deltas ? { deltas: true as const } : {}),
    get body() {
      return joinFeedParts(parts);
    },
  };
}

function checkSizes(config: SiteConfig): void {
  const { feedSize, archiveSize } = config;
  if (!Number.isInteger(feedSize) || feedSize < 1) {
    throw new RangeError(`feeds: config.feedSize must be a positive integer (got ${feedSize})`);
  }
  if (!Number.isInteger(archiveSize) || archiveSize < 1) {
    throw new RangeError(`feeds: config.archiveSize must be a positive integer (got ${archiveSize})`);
  }
  if (archiveSize > feedSize) {
    throw new RangeError(
      `feeds: config.archiveSize (${archiveSize}) must be at most config.feedSize (${feedSize}), ` +
        'or articles would fall between the subscription feed and the newest archive page',
    );
  }
}

function checkNewestFirst(articles: readonly Article[]): void {
  // Without parsing in the usual case: dates in toISOString()'s form, where text order is time order.
  if (articles.every((article) => isCanonicalInstant(article.published) && isCanonicalInstant(article.updated))) {
    for (let i = 1; i < articles.length; i++) if (articles[i - 1]!.published < articles[i]!.published) throw outOfOrder(articles[i]!, articles[i - 1]!);
    return;
  }
  let previous: Article | undefined;
  let previousPublished = Infinity;
  for (const article of articles) {
    const times = timesOf(article);
    if (Number.isNaN(times.published) || Number.isNaN(times.updated)) {
      throw new RangeError(`feeds: ${article.source}: "published" and "updated" must be ISO instants`);
    }
    if (previous !== undefined && previousPublished < times.published) throw outOfOrder(article, previous);
    previous = article;
    previousPublished = times.published;
  }
}

function outOfOrder(article: Article, previous: Article): RangeError {
  return new RangeError(
    `feeds: articles must come newest first by "published", but ${article.source} (${article.published}) ` +
      `comes after the older ${previous.source} (${previous.published})`,
  );
}
