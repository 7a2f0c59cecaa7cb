/** @module renderXmlFeedParts: each article's item rendered once per format, and shared by every document. */

import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/content/article';
import type { FeedPage } from '../../../src/feeds/model';
import { ItemTexts, joinFeedParts, type RawXmlFeed, renderXmlFeedParts, splitXmlFeed } from '../../../src/feeds/parts';
import { makeArticles } from './factories';

function makePage(articles: readonly Article[]): FeedPage {
  return {
    title: 't', description: 'd', lang: 'en', id: 'urn:x', isArchive: false, updated: '1970-01-01T00:00:00.000Z',
    links: { home: 'https://h/', self: 'https://h/rss.xml' },
    articles,
  };
}

/** A stand-in for renderRss: one `<item>` per article; `mark` changes what an item says. */
function fakeRender(seen: string[][], mark = ''): (page: FeedPage) => RawXmlFeed {
  return (page) => {
    seen.push(page.articles.map((article) => article.title));
    const items = page.articles.map((article) => `\n  <item>${article.title}${mark}</item>`).join('');
    return { xml: `<rss><channel>${items}\n</channel></rss>`, head: (head) => head, item: (item) => item, tail: (tail) => tail };
  };
}

function fakeDocument(page: FeedPage): string {
  return fakeRender([])(page).xml;
}

describe('splitXmlFeed', () => {
  const items = [{ id: 'a', updated: 'u' }, { id: 'b', updated: 'u' }];

  it('cuts a document into head, items and tail that join into it again', () => {
    const xml = '<rss><channel><title>t</title>\n  <item>a</item>\n  <item x="1">b</item>\n</channel></rss>';
    const parts = splitXmlFeed(xml, 'item', items);
    expect(parts.head).toBe('<rss><channel><title>t</title>');
    expect(parts.items.map((item) => item.text)).toEqual(['\n  <item>a</item>', '\n  <item x="1">b</item>']);
    expect(parts.tail).toBe('\n</channel></rss>');
    expect(joinFeedParts(parts)).toBe(xml);
  });

  it('refuses a document with anything between its items, which no subset of them could leave out', () => {
    const xml = '<rss><channel>\n  <item>a</item>\n  <title>t</title>\n  <item>b</item>\n</channel></rss>';
    expect(() => splitXmlFeed(xml, 'item', items)).toThrow('feeds: <item> elements are not contiguous');
  });

  it('refuses a document whose items are not one per article', () => {
    expect(() => splitXmlFeed('<rss>\n  <item>a</item></rss>', 'item', items)).toThrow('feeds: found 1 <item> elements for 2 articles');
  });
});

describe('renderXmlFeedParts', () => {
  it('renders a document with its first article and only the articles no earlier document rendered', () => {
    const [a, b, c, d] = makeArticles(4);
    if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error('four articles');
    const texts = new ItemTexts('rss');
    const seen: string[][] = [];
    renderXmlFeedParts(makePage([b, c]), 'item', fakeRender(seen), texts);
    const parts = renderXmlFeedParts(makePage([a, b, c, d]), 'item', fakeRender(seen), texts);
    expect(seen).toEqual([['Article 3', 'Article 2'], ['Article 4', 'Article 1']]);
    expect(parts.head + parts.items.map((item) => item.text).join(parts.separator) + parts.tail).toBe(fakeDocument(makePage([a, b, c, d])));
  });

  it('finishes the head, each item with its own article and the tail, each on its own text', () => {
    const [a, b] = makeArticles(2);
    if (a === undefined || b === undefined) throw new Error('two articles');
    const calls: string[] = [];
    const render = (page: FeedPage): RawXmlFeed => ({
      xml: fakeDocument(page),
      head: (head) => (calls.push(`head ${head}`), `${head}<!--head-->`),
      item: (item, article) => (calls.push(`item ${article.title}:${item}`), item.replace('<item>', `<item lang="${article.lang}">`)),
      tail: (tail) => (calls.push(`tail ${tail}`), tail),
    });
    const parts = renderXmlFeedParts(makePage([a, b]), 'item', render, new ItemTexts('rss'));
    expect(calls.sort()).toEqual([
      'head <rss><channel>',
      'item Article 1:\n  <item>Article 1</item>',
      'item Article 2:\n  <item>Article 2</item>',
      'tail \n</channel></rss>',
    ]);
    expect(joinFeedParts(parts)).toBe('<rss><channel><!--head-->\n  <item lang="en">Article 2</item>\n  <item lang="en">Article 1</item>\n</channel></rss>');
  });

  it('refuses to share an item whose text differs between documents', () => {
    const [a] = makeArticles(1);
    if (a === undefined) throw new Error('one article');
    const texts = new ItemTexts('rss');
    renderXmlFeedParts(makePage([a]), 'item', fakeRender([]), texts);
    expect(() => renderXmlFeedParts(makePage([a]), 'item', fakeRender([], ' changed'), texts)).toThrow(
      'feeds: seeds/article-1.md: its <item> differs between documents',
    );
  });

  it('keys the head by the page, whether it renders the page or takes its frame from an earlier render', () => {
    const [a, b] = makeArticles(2);
    if (a === undefined || b === undefined) throw new Error('two articles');
    const texts = new ItemTexts('rss');
    const frames = new Map();
    const seen: string[][] = [];
    const rendered = renderXmlFeedParts(makePage([a, b]), 'item', fakeRender(seen), texts, frames);
    const reused = renderXmlFeedParts(makePage([a, b]), 'item', fakeRender(seen), texts, frames);
    const other = renderXmlFeedParts({ ...makePage([a, b]), title: 'another' }, 'item', fakeRender(seen), texts, frames);
    expect(seen).toHaveLength(2);
    expect(rendered.headKey).toMatch(/^frame-head:[\w-]{43}$/);
    expect(reused.headKey).toBe(rendered.headKey);
    expect(other.headKey).not.toBe(rendered.headKey);
    expect(renderXmlFeedParts(makePage([a, b]), 'item', fakeRender([]), new ItemTexts('rss')).headKey).toBeUndefined();
  });
});
