/** @module Build side: the articles visible at one moment → every document of the site, by path. */

import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config';
import { type Article, newestUpdate, UNDATED } from '../content/article';
import { articleKey, contentHash, type Memo, readLater } from '../content/build-cache';
import { slugify } from '../content/slug';
import {
  buildFeeds,
  buildFeedStylesheet,
  FEED_STYLESHEET_PATH,
  type FeedBrowserView,
  type FeedDocumentMemos,
  type FeedFrame,
  feedItemTexts,
} from '../feeds';
import {
  type PageContext,
  renderArticlePage,
  renderFeedPage,
  renderIndexPage,
  renderNotFoundPage,
  renderSubscribePage,
  renderTagPage,
  STYLESHEET,
} from '../views';
import type { BuiltDocument, TextKey } from './document';
import type { DocumentMemo, SiteDocument } from './document-memo';
import { FAVICON_PATH, FAVICON_SVG } from './favicon';
import { absolute } from './origin';
import { paginate } from './paginate';

export interface RenderedSite {
  /** In a patch build (see DocumentMemo), the documents no changed article shows are UnchangedDocuments. */
  readonly routes: ReadonlyMap<string, SiteDocument>;
  readonly notFound: BuiltDocument;
}

/** What never changes with the articles: computed once per build. */
export interface SiteAssets {
  readonly context: PageContext;
  readonly stylesheet: BuiltDocument;
  readonly feedStylesheet: BuiltDocument;
  readonly favicon: BuiltDocument;
  /**
   * Article, list and feed pages by what they are made from: most are the same in every epoch, and, for a builder
   * that keeps it between builds (see build-bundle.ts's RenderState), in every build.
   */
  readonly documents: DocumentMemo;
  readonly memos: RenderMemos;
  /** Shared by every feed of every epoch: each article's item is rendered once per format. */
  readonly feedMemos: FeedDocumentMemos;
}

/**
 * What renders are kept by content: in the build cache, so between builds (see content/build-cache.ts, and
 * build-bundle.ts's RenderState).
 */
export interface RenderMemos {
  /**
   * Texts by their keys (see `TextKey`), which name their kind: an article page's (`page:`) the article and its
   * neighbours; an index or tag page's (`list:`) its kind, tag, page number and count, and its articles; a feed
   * item's (`rss-item:` …) its format and article (see feeds/parts.ts).
   */
  readonly texts: Memo<string>;
  /** RSS and Atom documents' head and tail by their page (see feeds/parts.ts). */
  readonly feedFrames: Memo<FeedFrame>;
}

const HTML = 'text/html; charset=utf-8';

export function prepareAssets(config: SiteConfig, memos: RenderMemos, documents: DocumentMemo): SiteAssets {
  const hash = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
  const stylesheetPath = `/assets/style-${hash}.css`;
  return {
    context: { config, stylesheetPath },
    stylesheet: { contentType: 'text/css; charset=utf-8', body: STYLESHEET, lastModified: UNDATED, cache: 'immutable' },
    feedStylesheet: buildFeedStylesheet(config),
    favicon: { contentType: 'image/svg+xml', body: FAVICON_SVG, lastModified: UNDATED, cache: 'asset' },
    documents,
    memos,
    feedMemos: { frames: memos.feedFrames, items: feedItemTexts(memos.texts), documents },
  };
}

function page(body: string, articles: readonly Article[]): BuiltDocument {
  return { contentType: HTML, body, lastModified: newestUpdate(articles), cache: 'page' };
}

/**
 * A page whose HTML is `memo`'s under `key`, rendered into `memo` when it lacks it, and read from it only when some
 * output needs the characters: the build cache keeps a long text in less memory than a string (see its `set`).
 */
function keyedPage(memo: Memo<string>, key: TextKey, render: () => string, articles: readonly Article[]): BuiltDocument {
  if (!memo.has(key)) memo.set(key, render());
  return new StoredPage(newestUpdate(articles), key, readLater(memo, key));
}

/** A page whose body is read when asked for. A class, not a literal with a getter: V8 makes those slowly. */
class StoredPage implements BuiltDocument {
  readonly contentType = HTML;
  readonly cache = 'page';
  readonly #read: () => string;

  constructor(readonly lastModified: string, readonly bodyKey: string, read: () => string) {
    this.#read = read;
  }

  get body(): string {
    return this.#read();
  }
}

/**
 * The key of an article page's HTML (see `TextKey`): its article's and neighbours' keys. Kept with the article, so
 * a builder that keeps its articles between builds (npm start) makes the key again only for the pages whose
 * neighbours changed.
 */
function articlePageKey(article: Article, next: Article | undefined, previous: Article | undefined): TextKey {
  const known = pageKeys.get(article);
  if (known !== undefined && known.next === next && known.previous === previous) return known.key;
  const key = `page:${[article, next, previous].map((a) => (a === undefined ? '' : articleKey(a))).join(':')}`;
  pageKeys.set(article, { next, previous, key });
  return key;
}

const pageKeys = new WeakMap<Article, { next: Article | undefined; previous: Article | undefined; key: string }>();

export interface Tag {
  readonly name: string;
  readonly slug: string;
  /** Newest first. */
  readonly articles: readonly Article[];
}

/** Tags of the given articles by slug; a tag spelt several ways takes the spelling of its newest article. */
export function collectTags(articles: readonly Article[]): Tag[] {
  const tags = new Map<string, { name: string; articles: Article[] }>();
  // A site has far fewer tag names than articles carrying them.
  const slugs = new Map<string, string>();
  for (const article of articles) {
    for (const name of article.tags) {
      let slug = slugs.get(name);
      if (slug === undefined) slugs.set(name, (slug = slugify(name)));
      const tag = tags.get(slug);
      if (tag === undefined) tags.set(slug, { name, articles: [article] });
      else tag.articles.push(article);
    }
  }
  return [...tags].map(([slug, tag]) => ({ slug, ...tag })).sort((a, b) => (a.slug < b.slug ? -1 : 1));
}

/** The sitemap protocol's limit of URLs in one file. */
export const SITEMAP_URLS = 50_000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

function urlset(entries: readonly { path: string; lastModified: string }[]): string {
  const urls = entries
    .map(({ path, lastModified }) => {
      const lastmod = lastModified === UNDATED ? '' : `<lastmod>${lastModified}</lastmod>`;
      return `  <url><loc>${absolute(path)}</loc>${lastmod}</url>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n${urls}\n</urlset>\n`;
}

/**
 * `/sitemap.xml`, and when the site has more pages than one sitemap may list, `/sitemap.xml` as a sitemap index
 * of `/sitemaps/<n>.xml`.
 */
export function sitemaps(entries: readonly { path: string; lastModified: string }[]): Map<string, BuiltDocument> {
  const document = (body: string, part: readonly { lastModified: string }[]): BuiltDocument => ({
    contentType: 'application/xml; charset=utf-8',
    body,
    lastModified: part.reduce((newest, e) => (e.lastModified > newest ? e.lastModified : newest), UNDATED),
    cache: 'page',
  });
  if (entries.length <= SITEMAP_URLS) return new Map([['/sitemap.xml', document(urlset(entries), entries)]]);
  const parts = paginate(entries, SITEMAP_URLS);
  const documents = new Map(parts.map((part, i) => [`/sitemaps/${i + 1}.xml`, document(urlset(part), part)]));
  const index = [...documents].map(([path, d]) => `  <sitemap><loc>${absolute(path)}</loc><lastmod>${d.lastModified}</lastmod></sitemap>`);
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${index.join('\n')}\n</sitemapindex>\n`;
  return new Map([['/sitemap.xml', document(body, entries)], ...documents]);
}

/** The places of the articles whose ids `changed` holds and of their neighbours, whose pages link to them; in order. */
function nearChanged(articles: readonly Article[], changed: ReadonlySet<string>): number[] {
  const near = new Set<number>();
  articles.forEach((article, i) => {
    if (!changed.has(article.id)) return;
    for (const j of [i - 1, i, i + 1]) if (j >= 0 && j < articles.length) near.add(j);
  });
  return [...near].sort((a, b) => a - b);
}

/**
 * Every document of the site when exactly `articles` (newest first) are published; in a patch build whose pages
 * keep their dates, only those that may show a changed article (see `assets.documents.patch`).
 */
export function renderSite(articles: readonly Article[], assets: SiteAssets): RenderedSite {
  const { context } = assets;
  const { config } = context;
  const routes = new Map<string, SiteDocument>();
  const add = (path: string, document: SiteDocument) => {
    if (routes.has(path)) throw new Error(`two documents at ${path}`);
    routes.set(path, document);
  };
  /** HTML pages, which the sitemap lists. */
  const pages: { path: string; lastModified: string }[] = [];
  const addPage = (path: string, document: SiteDocument) => {
    add(path, document);
    pages.push({ path, lastModified: document.lastModified });
  };

  // A patch build that keeps every page's date visits only the pages a changed article is on: the others stand, and
  // so does the sitemap, which lists every page's date. At 10k articles, the walk was a sixth of such a rebuild.
  const patch = assets.documents.patch;
  const sparse = patch?.datesKept ? patch.changed : undefined;
  const stands = (shown: readonly Article[]) => assets.documents.mayPass(shown, true);

  add(context.stylesheetPath, assets.stylesheet);
  add(FEED_STYLESHEET_PATH, assets.feedStylesheet);
  add(FAVICON_PATH, assets.favicon);

  /** A list page's HTML, rendered only when no build rendered the same list before. */
  const listPage = (items: readonly Article[], render: () => string, ...identity: string[]): SiteDocument => {
    return assets.documents.get(`list:${JSON.stringify(identity)}`, items, () => {
      return keyedPage(assets.memos.texts, `list:${contentHash(...identity, ...items.map(articleKey))}`, render, items);
    });
  };

  /** An RSS or Atom document's page for browsers, rendered only when no build rendered the same one before. */
  const browserPage = (view: FeedBrowserView): BuiltDocument => {
    const { title, description, homePath, tag, archive } = view;
    const identity = [title, description, homePath, tag ?? '', String(archive ?? '')];
    const key = `feed-page:${contentHash(...identity, ...view.articles.map(articleKey))}`;
    return keyedPage(assets.memos.texts, key, () => renderFeedPage(context, view), view.articles);
  };

  const indexPages = paginate(articles, config.pageSize);
  indexPages.forEach((items, i) => {
    if (stands(items)) return;
    const at = { page: i + 1, pageCount: indexPages.length };
    addPage(i === 0 ? '/' : `/page/${i + 1}`, listPage(items, () => renderIndexPage(context, { articles: items, ...at }), 'index', String(at.page), String(at.pageCount)));
  });

  const articlePage = (i: number) => {
    const article = articles[i]!;
    const next = articles[i - 1];
    const previous = articles[i + 1];
    const path = `/articles/${article.slug}`;
    const document = assets.documents.get(path, [article, next, previous], () => {
      const render = () => renderArticlePage(context, { article, ...(previous ? { previous } : {}), ...(next ? { next } : {}) });
      const shown = [article, ...(previous ? [previous] : []), ...(next ? [next] : [])];
      return keyedPage(assets.memos.texts, articlePageKey(article, next, previous), render, shown);
    });
    addPage(path, document);
  };
  if (sparse === undefined) articles.forEach((_, i) => articlePage(i));
  else for (const i of nearChanged(articles, sparse)) articlePage(i);

  const tags = collectTags(articles);
  for (const tag of tags) {
    if (stands(tag.articles)) continue;
    const pages = paginate(tag.articles, config.pageSize);
    pages.forEach((items, i) => {
      if (stands(items)) return;
      const path = i === 0 ? `/tags/${tag.slug}` : `/tags/${tag.slug}/page/${i + 1}`;
      const at = { page: i + 1, pageCount: pages.length };
      addPage(path, listPage(items, () => renderTagPage(context, { tag: tag.name, articles: items, ...at }), 'tag', tag.name, String(at.page), String(at.pageCount)));
    });
    const feeds = buildFeeds(tag.articles, {
      title: `${config.title}: ${tag.name}`,
      description: `Articles tagged “${tag.name}” on ${config.title}.`,
      homePath: `/tags/${tag.slug}`,
      basePath: `/tags/${tag.slug}`,
      archived: false,
      tag: tag.name,
      browserPage,
    }, config, assets.feedMemos);
    for (const [path, document] of feeds) add(path, document);
  }

  for (const [path, document] of buildFeeds(articles, { title: config.title, description: config.description, homePath: '/', basePath: '', browserPage }, config, assets.feedMemos)) {
    add(path, document);
  }

  const tagCounts = tags.map((t) => ({ name: t.name, count: t.articles.length }));
  // Named by what it shows, so made only when a tag or its count changes (which a patch build's articles cannot).
  addPage('/subscribe', assets.documents.get(`subscribe:${JSON.stringify(tagCounts)}`, [], () => page(renderSubscribePage(context, { tags: tagCounts }), [])));

  if (sparse === undefined) for (const [path, document] of sitemaps(pages)) add(path, document);
  add('/robots.txt', {
    contentType: 'text/plain; charset=utf-8',
    body: `User-agent: *\nAllow: /\n\nSitemap: ${absolute('/sitemap.xml')}\n`,
    lastModified: UNDATED,
    cache: 'page',
  });

  return { routes, notFound: page(renderNotFoundPage(context), []) };
}
