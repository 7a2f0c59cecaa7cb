/** @module buildFeeds: which documents a scope gets, how they link, how they are dated and split into parts. */

import { describe, expect, it } from 'vitest';
import { UNDATED } from '../../../src/content/article';
import { buildFeeds, type FeedBrowserView } from '../../../src/feeds';
import type { BuiltDocument } from '../../../src/site/document';
import { makeArticle, makeArticles, makeConfig, makeScope } from './factories';
import { parseXml } from './xml-tools';

function documentAt(documents: Map<string, BuiltDocument>, path: string): BuiltDocument {
  const document = documents.get(path);
  if (document === undefined) throw new Error(`no ${path} among ${[...documents.keys()].join(', ')}`);
  return document;
}

const titles = (xml: string, element: 'item' | 'entry'): string[] => {
  const root = parseXml(xml);
  const items = element === 'item' ? root.rss.channel.item : root.feed.entry;
  return (items ?? []).map((item: { title: string | { '#text': string } }) => (typeof item.title === 'string' ? item.title : item.title['#text']));
};

const atomLinks = (xml: string): Record<string, string> =>
  Object.fromEntries(parseXml(xml).feed.link.map((link: { '@rel'?: string; '@href': string }) => [link['@rel'] ?? 'alternate', link['@href']]));

describe('buildFeeds', () => {
  it('builds the three subscription feeds of the site with their types and cache policy', () => {
    const documents = buildFeeds(makeArticles(3), makeScope(), makeConfig());
    expect([...documents.keys()]).toEqual(['/rss.xml', '/atom.xml', '/feed.json']);
    expect([...documents.values()].map((document) => [document.contentType, document.cache])).toEqual([
      ['application/rss+xml; charset=utf-8', 'feed'],
      ['application/atom+xml; charset=utf-8', 'feed'],
      ['application/feed+json; charset=utf-8', 'feed'],
    ]);
  });

  it('puts a tag scope’s feeds under its base path and links its page', () => {
    const scope = makeScope({ title: 'bulletin: Syria', homePath: '/tags/syria', basePath: '/tags/syria' });
    const documents = buildFeeds(makeArticles(1), scope, makeConfig());
    expect([...documents.keys()]).toEqual(['/tags/syria/rss.xml', '/tags/syria/atom.xml', '/tags/syria/feed.json']);
    expect(atomLinks(documentAt(documents, '/tags/syria/atom.xml').body)).toMatchObject({
      alternate: 'https://origin.bulletin.invalid/tags/syria',
      self: 'https://origin.bulletin.invalid/tags/syria/atom.xml',
    });
  });

  it('gives each RSS and Atom document, archives too, a page for browsers beside it, one for both formats', () => {
    const views: FeedBrowserView[] = [];
    const browserPage = (view: FeedBrowserView): BuiltDocument => {
      views.push(view);
      return { contentType: 'text/html; charset=utf-8', body: view.articles.map((article) => article.title).join(', '), lastModified: UNDATED, cache: 'page' };
    };
    const scope = makeScope({ title: 'bulletin: Syria', homePath: '/tags/syria', basePath: '/tags/syria', tag: 'Syria', browserPage });
    const documents = buildFeeds(makeArticles(7), scope, makeConfig({ feedSize: 3, archiveSize: 3 }));
    const pages = [...documents.keys()].filter((path) => path.endsWith('#page'));
    expect(pages).toEqual([
      '/tags/syria/rss.xml#page', '/tags/syria/archive/1.xml#page', '/tags/syria/archive/2.xml#page',
      '/tags/syria/atom.xml#page', '/tags/syria/archive/1.atom#page', '/tags/syria/archive/2.atom#page',
    ]);
    expect(documentAt(documents, '/tags/syria/archive/1.atom#page').body).toBe('Article 3, Article 2, Article 1');
    expect(documentAt(documents, '/tags/syria/archive/1.atom#page')).toBe(documentAt(documents, '/tags/syria/archive/1.xml#page'));
    expect(views.map((view) => view.archive)).toEqual([undefined, 1, 2]);
    expect(views[0]).toMatchObject({ title: 'bulletin: Syria', description: scope.description, homePath: '/tags/syria', tag: 'Syria' });
    expect([...buildFeeds(makeArticles(7), makeScope(), makeConfig()).keys()].some((path) => path.includes('#'))).toBe(false);
  });

  it('keeps the newest feedSize articles, newest first', () => {
    const documents = buildFeeds(makeArticles(5), makeScope(), makeConfig({ feedSize: 3, archiveSize: 3 }));
    expect(titles(documentAt(documents, '/rss.xml').body, 'item')).toEqual(['Article 5', 'Article 4', 'Article 3']);
    expect(titles(documentAt(documents, '/atom.xml').body, 'entry')).toEqual(['Article 5', 'Article 4', 'Article 3']);
  });

  it('archives only full pages, oldest first, and links them both ways (RFC 5005)', () => {
    const documents = buildFeeds(makeArticles(7), makeScope(), makeConfig({ feedSize: 3, archiveSize: 3 }));
    expect([...documents.keys()]).toEqual([
      '/rss.xml', '/archive/1.xml', '/archive/2.xml',
      '/atom.xml', '/archive/1.atom', '/archive/2.atom',
      '/feed.json', '/feed/2.json', '/feed/3.json',
    ]);
    expect(titles(documentAt(documents, '/archive/1.atom').body, 'entry')).toEqual(['Article 3', 'Article 2', 'Article 1']);
    expect(titles(documentAt(documents, '/archive/2.xml').body, 'item')).toEqual(['Article 6', 'Article 5', 'Article 4']);

    const origin = 'https://origin.bulletin.invalid';
    expect(atomLinks(documentAt(documents, '/atom.xml').body)['prev-archive']).toBe(`${origin}/archive/2.atom`);
    expect(atomLinks(documentAt(documents, '/archive/2.atom').body)).toEqual({
      alternate: `${origin}/`,
      self: `${origin}/archive/2.atom`,
      current: `${origin}/atom.xml`,
      'prev-archive': `${origin}/archive/1.atom`,
    });
    expect(atomLinks(documentAt(documents, '/archive/1.atom').body)).toEqual({
      alternate: `${origin}/`,
      self: `${origin}/archive/1.atom`,
      current: `${origin}/atom.xml`,
      'next-archive': `${origin}/archive/2.atom`,
    });
    const rssLinks = parseXml(documentAt(documents, '/archive/1.xml').body).rss.channel['atom:link'];
    expect(rssLinks.map((link: { '@rel': string; '@href': string }) => [link['@rel'], link['@href']])).toEqual([
      ['self', `${origin}/archive/1.xml`],
      ['current', `${origin}/rss.xml`],
      ['next-archive', `${origin}/archive/2.xml`],
    ]);
  });

  it('marks archive documents with fh:archive and caches them as archives, and only them', () => {
    const documents = buildFeeds(makeArticles(4), makeScope(), makeConfig({ feedSize: 2, archiveSize: 2 }));
    expect(documentAt(documents, '/archive/1.xml').body).toContain('<fh:archive/>');
    expect(documentAt(documents, '/archive/1.atom').body).toContain('<fh:archive/>');
    expect(documentAt(documents, '/rss.xml').body).not.toContain('<fh:archive/>');
    expect(documentAt(documents, '/atom.xml').body).not.toContain('<fh:archive/>');
    expect(documentAt(documents, '/archive/2.atom').cache).toBe('archive');
    expect(documentAt(documents, '/archive/2.atom').deltas).toBeUndefined();
    expect(documentAt(documents, '/atom.xml').deltas).toBe(true);
  });

  it('gives a scope that is not archived only its subscription feeds', () => {
    const documents = buildFeeds(makeArticles(5), makeScope({ basePath: '/tags/x', archived: false }), makeConfig({ feedSize: 2, archiveSize: 2 }));
    expect([...documents.keys()].sort()).toEqual(['/tags/x/atom.xml', '/tags/x/feed.json', '/tags/x/rss.xml']);
    expect(JSON.parse(documentAt(documents, '/tags/x/feed.json').body)).not.toHaveProperty('next_url');
    expect(documentAt(documents, '/tags/x/rss.xml').body).not.toContain('prev-archive');
  });

  it('leaves no article out of both the subscription feed and the archives', () => {
    const documents = buildFeeds(makeArticles(10), makeScope(), makeConfig({ feedSize: 4, archiveSize: 3 }));
    const covered = [...documents]
      .filter(([path]) => path.endsWith('.atom') || path === '/atom.xml')
      .flatMap(([, document]) => titles(document.body, 'entry'));
    expect(new Set(covered)).toEqual(new Set(makeArticles(10).map((article) => article.title)));
  });

  it('pages the JSON Feed through next_url until every article is covered', () => {
    const documents = buildFeeds(makeArticles(5), makeScope(), makeConfig({ feedSize: 2, archiveSize: 2 }));
    const page = (path: string): { next_url?: string; feed_url: string; items: { title: string }[] } =>
      JSON.parse(documentAt(documents, path).body);
    expect(page('/feed.json').next_url).toBe('https://origin.bulletin.invalid/feed/2.json');
    expect(page('/feed/2.json').next_url).toBe('https://origin.bulletin.invalid/feed/3.json');
    expect(page('/feed/3.json').next_url).toBeUndefined();
    expect(page('/feed/3.json').feed_url).toBe('https://origin.bulletin.invalid/feed.json');
    expect(['/feed.json', '/feed/2.json', '/feed/3.json'].flatMap((path) => page(path).items.map((item) => item.title))).toEqual([
      'Article 5', 'Article 4', 'Article 3', 'Article 2', 'Article 1',
    ]);
  });

  it.each(['/rss.xml', '/atom.xml', '/feed.json'])('splits %s into parts that join into exactly its body', (path) => {
    const document = documentAt(buildFeeds(makeArticles(3), makeScope(), makeConfig()), path);
    const parts = document.feed;
    if (parts === undefined) throw new Error('no parts');
    expect(parts.head + parts.items.map((item) => item.text).join(parts.separator) + parts.tail).toBe(document.body);
    expect(parts.items.map((item) => [item.id, item.updated])).toEqual(
      makeArticles(3).map((article) => [article.id, article.updated]),
    );
  });

  it.each(['/rss.xml', '/atom.xml', '/feed.json'])('keeps %s well-formed when only some items are kept, as for A-IM: feed', (path) => {
    const parts = documentAt(buildFeeds(makeArticles(3), makeScope(), makeConfig()), path).feed;
    if (parts === undefined) throw new Error('no parts');
    for (const kept of [parts.items.slice(0, 1), []]) {
      const body = parts.head + kept.map((item) => item.text).join(parts.separator) + parts.tail;
      if (path.endsWith('.json')) expect(JSON.parse(body).items).toHaveLength(kept.length);
      else expect(() => parseXml(body)).not.toThrow();
    }
  });

  it('dates every document by the newest update among its items, not the first published', () => {
    const articles = [
      makeArticle({ id: 'urn:uuid:a', published: '2026-02-02T00:00:00.000Z', updated: '2026-02-02T00:00:00.000Z' }),
      makeArticle({ id: 'urn:uuid:b', published: '2026-02-01T00:00:00.000Z', updated: '2026-02-05T09:00:00.000Z' }),
    ];
    const documents = buildFeeds(articles, makeScope(), makeConfig());
    for (const document of documents.values()) expect(document.lastModified).toBe('2026-02-05T09:00:00.000Z');
    expect(parseXml(documentAt(documents, '/atom.xml').body).feed.updated).toBe('2026-02-05T09:00:00.000Z');
  });

  it('builds valid empty feeds dated at the Unix epoch when there are no articles', () => {
    const documents = buildFeeds([], makeScope(), makeConfig());
    expect([...documents.keys()]).toEqual(['/rss.xml', '/atom.xml', '/feed.json']);
    for (const document of documents.values()) expect(document.lastModified).toBe('1970-01-01T00:00:00.000Z');
    expect(parseXml(documentAt(documents, '/rss.xml').body).rss.channel.lastBuildDate).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(JSON.parse(documentAt(documents, '/feed.json').body).items).toEqual([]);
  });

  it('gives byte-identical output for the same input', () => {
    const build = (): [string, BuiltDocument][] => [...buildFeeds(makeArticles(5), makeScope(), makeConfig({ feedSize: 2, archiveSize: 2 }))];
    expect(build()).toEqual(build());
  });

  it('refuses an archiveSize larger than feedSize, naming both', () => {
    expect(() => buildFeeds([], makeScope(), makeConfig({ feedSize: 10, archiveSize: 20 }))).toThrow(
      'feeds: config.archiveSize (20) must be at most config.feedSize (10)',
    );
  });

  it.each([
    [{ feedSize: 0 }, 'config.feedSize must be a positive integer (got 0)'],
    [{ archiveSize: 1.5 }, 'config.archiveSize must be a positive integer (got 1.5)'],
  ])('refuses sizes that are not positive integers: %o', (sizes, message) => {
    expect(() => buildFeeds([], makeScope(), makeConfig(sizes))).toThrow(message);
  });

  it('refuses articles that are not newest first, naming both seeds', () => {
    const articles = makeArticles(2).reverse();
    expect(() => buildFeeds(articles, makeScope(), makeConfig())).toThrow(
      /seeds\/article-2\.md .* comes after the older seeds\/article-1\.md/,
    );
  });

  it('orders dates given with an offset by their instant, not their text', () => {
    const [newer, older] = makeArticles(2);
    // 08:00+02:00 is 06:00Z: older than 07:00Z though its text sorts after it.
    const early = { ...older!, published: '2026-03-01T08:00:00+02:00', updated: '2026-03-01T08:00:00+02:00' };
    const late = { ...newer!, published: '2026-03-01T07:00:00.000Z', updated: '2026-03-01T07:00:00.000Z' };
    expect(() => buildFeeds([late, early], makeScope(), makeConfig())).not.toThrow();
    expect(() => buildFeeds([early, late], makeScope(), makeConfig())).toThrow(/comes after the older/);
  });
});
