/** @module Atom 1.0 documents, rendered by `feed` with every value behind a placeholder (see ./xml.ts). */

import { Feed, type Item } from 'feed';
import type { Article } from '../content/article';
import type { Memo } from '../content/build-cache';
import type { FeedParts } from '../site/document';
import { slugify } from '../content/slug';
import { articleUrl, buildContentHtml, tagUrl, toAbsoluteUrl } from './content';
import { GENERATOR, NAMESPACES, type FeedPage } from './model';
import { type FeedFrame, ItemTexts, type RawXmlFeed, renderXmlFeedParts } from './parts';
import { FEED_STYLESHEET_PATH } from './stylesheet';
import { escapeXmlAttribute, XmlValues } from './xml';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

type Hold = (value: string) => string;

/** `items` keeps each article's `<entry>` for every document that carries it; by default, this document's own. */
export function renderAtom(page: FeedPage, frames?: Memo<FeedFrame>, items = new ItemTexts('atom')): FeedParts {
  return renderXmlFeedParts(page, 'entry', renderAtomXml, items, frames);
}

function renderAtomXml(page: FeedPage): RawXmlFeed {
  const values = new XmlValues();
  const hold: Hold = (value) => values.hold(value);
  const { links } = page;

  const feed = new Feed({
    id: hold(page.id),
    title: hold(page.title),
    description: hold(page.description),
    link: hold(links.home),
    // Given as `feed`, not `feedLinks.atom`: feed prefers `feed` for every format's self link.
    feed: hold(links.self),
    ...(page.hub === undefined ? {} : { hub: hold(page.hub) }),
    updated: new Date(page.updated),
    generator: hold(GENERATOR),
    stylesheet: FEED_STYLESHEET_PATH,
    ...(page.logo === undefined ? {} : { image: hold(page.logo) }),
    ...(page.icon === undefined ? {} : { favicon: hold(page.icon) }),
  });

  // feed writes each enclosure link with a type guessed from the URL; keyed by the URL's placeholder,
  // these are the links to write instead.
  const enclosures = new Map<string, string>();
  for (const article of page.articles) {
    const item = atomEntry(article, hold);
    if (article.image !== undefined && typeof item.image === 'object') {
      enclosures.set(item.image.url, enclosureLink(item.image.url, article.image.type, hold));
    }
    feed.addItem(item);
  }

  // feed marks every title and summary as HTML; ours are plain text.
  const plainText = (xml: string) => xml.replace(/<(title|summary) type="html">/g, '<$1 type="text">');
  return {
    xml: feed.atom1(),
    head: (head) => values.fill(withHistoryLinks(withRoot(plainText(head), page.lang), page, hold)),
    item: (entry, article) => {
      const withLinks = entry.replace(/<link rel="enclosure" href="([^"]*)"[^>]*\/>/g, (link, href: string) => enclosures.get(href) ?? link);
      return values.fill(withLanguage(plainText(withLinks), article, hold));
    },
    tail: (tail) => values.fill(tail),
  };
}

function atomEntry(article: Article, hold: Hold): Item {
  const url = articleUrl(article);
  return {
    id: hold(article.id),
    title: hold(article.title),
    link: hold(url),
    date: new Date(article.updated),
    published: new Date(article.published),
    description: hold(article.summary),
    content: hold(buildContentHtml(article)),
    author: [{ name: hold(article.author) }],
    category: article.tags.map((tag) => {
      const slug = slugify(tag);
      return { term: hold(tag), name: hold(tag), ...(slug === '' ? {} : { scheme: hold(tagUrl(slug)) }) };
    }),
    ...(article.image === undefined ? {} : { image: { url: hold(toAbsoluteUrl(article.image.url, url)) } }),
  };
}

/** An enclosure link with the article's own MIME type, or none when it is unknown: never guessed. */
function enclosureLink(hrefPlaceholder: string, type: string | undefined, hold: Hold): string {
  const typeAttribute = type === undefined ? '' : ` type="${hold(type)}"`;
  return `<link rel="enclosure" href="${hrefPlaceholder}"${typeAttribute}/>`;
}

function withRoot(head: string, lang: string): string {
  const root = `<feed xmlns="${NAMESPACES.atom}">`;
  if (!head.includes(root)) throw new Error('feeds: feed rendered no <feed> root element');
  return head.replace(root, `<feed xmlns="${NAMESPACES.atom}" xmlns:fh="${NAMESPACES.fh}" xml:lang="${escapeXmlAttribute(lang)}">`);
}

/** Each entry says its article's language: feed has no per-entry attributes. */
function withLanguage(entry: string, article: Article, hold: Hold): string {
  if (!entry.includes('<entry>')) throw new Error(`feeds: ${article.source}: feed rendered no <entry> start tag`);
  return entry.replace('<entry>', () => `<entry xml:lang="${hold(article.lang)}">`);
}

/**
 * RFC 5005 links and the `fh:archive` marker, after the self link: feed has no hook for either in Atom,
 * and foreign elements must come before the first entry.
 */
function withHistoryLinks(head: string, page: FeedPage, hold: Hold): string {
  const { links } = page;
  const extra = [
    ...(links.current === undefined ? [] : [link('current', links.current, hold)]),
    ...(links.prevArchive === undefined ? [] : [link('prev-archive', links.prevArchive, hold)]),
    ...(links.nextArchive === undefined ? [] : [link('next-archive', links.nextArchive, hold)]),
    ...(page.isArchive ? ['<fh:archive/>'] : []),
  ];
  if (extra.length === 0) return head;
  const selfLink = /<link rel="self" href="[^"]*"\/>/;
  if (!selfLink.test(head)) throw new Error('feeds: feed rendered no Atom self link');
  return head.replace(selfLink, (self) => [self, ...extra].join('\n    '));
}

function link(rel: string, href: string, hold: Hold): string {
  return `<link rel="${rel}" href="${hold(href)}" type="application/atom+xml"/>`;
}
