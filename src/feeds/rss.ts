/** @module RSS 2.0 documents, rendered by `feed` with every value behind a placeholder (see ./xml.ts). */

import { Feed, type Extension, type Item } from 'feed';
import type { Article } from '../content/article';
import type { Memo } from '../content/build-cache';
import type { FeedParts } from '../site/document';
import { slugify } from '../content/slug';
import { articleUrl, buildContentHtml, tagUrl, toAbsoluteUrl } from './content';
import { GENERATOR, NAMESPACES, type FeedPage } from './model';
import { type FeedFrame, ItemTexts, type RawXmlFeed, renderXmlFeedParts } from './parts';
import { FEED_STYLESHEET_PATH } from './stylesheet';
import { escapeHtml, XmlValues } from './xml';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';

/** `items` keeps each article's `<item>` for every document that carries it; by default, this document's own. */
export function renderRss(page: FeedPage, frames?: Memo<FeedFrame>, items = new ItemTexts('rss')): FeedParts {
  return renderXmlFeedParts(page, 'item', renderRssXml, items, frames);
}

function renderRssXml(page: FeedPage): RawXmlFeed {
  const values = new XmlValues();
  const hold = (value: string): string => values.hold(value);
  const { links } = page;
  // RSS's one channel image must be GIF, JPEG or PNG; the site icon is SVG, so only the logo qualifies.
  const image = page.logo;

  const feed = new Feed({
    title: hold(page.title),
    description: hold(page.description),
    link: hold(links.home),
    language: hold(page.lang),
    updated: new Date(page.updated),
    generator: hold(GENERATOR),
    stylesheet: FEED_STYLESHEET_PATH,
    // feed writes this self link only to create the `atom:link` list before the items; the extension
    // below replaces that list, in place, with every link of the document.
    feed: hold(links.self),
    ...(image === undefined ? {} : { image: hold(image) }),
  });
  // xml-js writes an array as repeated elements; feed's type does not say so.
  feed.addExtension({ name: 'atom:link', objects: atomLinks(page, hold) as unknown as Extension['objects'] });
  if (page.isArchive) feed.addExtension({ name: 'fh:archive', objects: {} });
  for (const article of page.articles) feed.addItem(rssItem(article, hold));

  return {
    xml: feed.rss2(),
    head: (head) => values.fill(withNamespaces(head)),
    item: (item) => values.fill(item),
    tail: (tail) => values.fill(tail),
  };
}

/** Every `atom:link` of the channel: self exactly once, then hub and the RFC 5005 links where they apply. */
function atomLinks(page: FeedPage, hold: (value: string) => string): { _attributes: Record<string, string> }[] {
  const { links } = page;
  const list = [
    { rel: 'self', href: links.self, type: 'application/rss+xml' },
    ...(page.hub === undefined ? [] : [{ rel: 'hub', href: page.hub }]),
    ...(links.current === undefined ? [] : [{ rel: 'current', href: links.current, type: 'application/rss+xml' }]),
    ...(links.prevArchive === undefined ? [] : [{ rel: 'prev-archive', href: links.prevArchive, type: 'application/rss+xml' }]),
    ...(links.nextArchive === undefined ? [] : [{ rel: 'next-archive', href: links.nextArchive, type: 'application/rss+xml' }]),
  ];
  return list.map(({ href, ...rest }) => ({ _attributes: { href: hold(href), ...rest } }));
}

function rssItem(article: Article, hold: (value: string) => string): Item {
  const extensions: Extension[] = [
    // RSS `<author>` must be an e-mail address; a name goes in `dc:creator`.
    { name: 'dc:creator', objects: { _text: hold(article.author) } },
    { name: 'dc:language', objects: { _text: hold(article.lang) } },
  ];
  if (article.image !== undefined) {
    const { image } = article;
    extensions.push({
      name: 'media:content',
      objects: {
        _attributes: {
          url: hold(toAbsoluteUrl(image.url, articleUrl(article))),
          ...(image.type === undefined ? {} : { type: hold(image.type) }),
          medium: 'image',
        },
        ...(image.alt === '' ? {} : { 'media:description': { _attributes: { type: 'plain' }, _text: hold(image.alt) } }),
        ...(article.credit === undefined ? {} : { 'media:credit': { _text: hold(article.credit) } }),
      },
    });
  }

  return {
    title: hold(article.title),
    link: hold(articleUrl(article)),
    guid: hold(article.id),
    date: new Date(article.updated),
    published: new Date(article.published),
    // RSS readers take `description` as HTML, so the plain-text summary is HTML-escaped first.
    description: hold(escapeHtml(article.summary)),
    content: hold(buildContentHtml(article)),
    category: article.tags.map((tag) => {
      const slug = slugify(tag);
      return { name: hold(tag), ...(slug === '' ? {} : { domain: hold(tagUrl(slug)) }) };
    }),
    extensions,
  };
}

/** feed declares namespaces only for what it knows about; this root element declares all the document uses. */
function withNamespaces(head: string): string {
  const root = /<rss version="2\.0"[^>]*>/;
  if (!root.test(head)) throw new Error('feeds: feed rendered no <rss> root element');
  const declarations = (['atom', 'content', 'dc', 'fh', 'media'] as const)
    .map((prefix) => ` xmlns:${prefix}="${NAMESPACES[prefix]}"`)
    .join('');
  return head.replace(root, `<rss version="2.0"${declarations}>`);
}
