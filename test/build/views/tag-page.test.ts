import { describe, expect, it } from 'vitest';
import { renderTagPage } from '../../../src/views';
import { makeArticles, makeContext } from './factories';
import { links, metaContent, startTags, textOf } from './html';

const ctx = makeContext();

describe('renderTagPage', () => {
  it('titles the page by tag and makes /tags/<slug> canonical', () => {
    const html = renderTagPage(ctx, { tag: 'Middle East', articles: makeArticles(1), page: 1, pageCount: 1 });
    expect(textOf(html, 'title')).toBe('Articles tagged “Middle East” – bulletin');
    expect(textOf(html, 'h1')).toBe('Articles tagged “Middle East”');
    expect(links(html, 'canonical')[0]?.['href']).toBe('https://origin.bulletin.invalid/tags/middle-east');
    expect(metaContent(html, 'og:url')).toBe('https://origin.bulletin.invalid/tags/middle-east');
    expect(metaContent(html, 'description')).toContain('Middle East');
  });

  it("advertises the tag's three feeds after the site's", () => {
    const html = renderTagPage(ctx, { tag: 'Middle East', articles: [], page: 1, pageCount: 1 });
    expect(links(html, 'alternate').map((link) => [link['type'], link['href'], link['title']])).toEqual([
      ['application/rss+xml', 'https://origin.bulletin.invalid/rss.xml', 'bulletin (RSS)'],
      ['application/atom+xml', 'https://origin.bulletin.invalid/atom.xml', 'bulletin (Atom)'],
      ['application/feed+json', 'https://origin.bulletin.invalid/feed.json', 'bulletin (JSON Feed)'],
      ['application/rss+xml', 'https://origin.bulletin.invalid/tags/middle-east/rss.xml', 'bulletin: Middle East (RSS)'],
      ['application/atom+xml', 'https://origin.bulletin.invalid/tags/middle-east/atom.xml', 'bulletin: Middle East (Atom)'],
      ['application/feed+json', 'https://origin.bulletin.invalid/tags/middle-east/feed.json', 'bulletin: Middle East (JSON Feed)'],
    ]);
  });

  it('writes its head links where they stand, each attribute escaped as in any element', () => {
    const html = renderTagPage(ctx, { tag: 'Q&A "<b>"', articles: [], page: 1, pageCount: 1 });
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    const tagRss = '<link rel="alternate" type="application/rss+xml" title="bulletin: Q&amp;A &quot;&lt;b&gt;&quot; (RSS)" href="https://origin.bulletin.invalid/tags/q-a-b/rss.xml"/>';
    expect(head).toContain(tagRss);
    // In the order the layout gives them, before the Open Graph metadata, not moved to the end of the head.
    const order = ['<link rel="canonical"', '<link rel="stylesheet"', '<link rel="icon"', tagRss, '<meta property="og:site_name"'].map((start) => head.indexOf(start));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });

  it("links to the tag's feeds in the page", () => {
    const html = renderTagPage(ctx, { tag: 'Syria', articles: [], page: 1, pageCount: 1 });
    const hrefs = startTags(html, 'a').map((a) => a['href']);
    expect(hrefs).toEqual(expect.arrayContaining(['/tags/syria/rss.xml', '/tags/syria/atom.xml', '/tags/syria/feed.json']));
  });

  it('paginates within the tag', () => {
    const html = renderTagPage(ctx, { tag: 'Syria', articles: makeArticles(1), page: 2, pageCount: 3 });
    const anchors = startTags(html, 'a');
    expect(anchors.find((a) => a['rel'] === 'prev')?.['href']).toBe('/tags/syria');
    expect(anchors.find((a) => a['rel'] === 'next')?.['href']).toBe('/tags/syria/page/3');
    expect(links(html, 'canonical')[0]?.['href']).toBe('https://origin.bulletin.invalid/tags/syria/page/2');
    expect(textOf(html, 'title')).toBe('Articles tagged “Syria”, page 2 of 3 – bulletin');
  });

  it('lists the articles it is given', () => {
    const html = renderTagPage(ctx, { tag: 'Syria', articles: makeArticles(2), page: 1, pageCount: 1 });
    expect(html).toContain('<a href="/articles/article-1">Article number 1</a>');
    expect(html).toContain('<a href="/articles/article-2">Article number 2</a>');
  });

  it('escapes a hostile tag name', () => {
    const html = renderTagPage(ctx, { tag: '<b>x</b> & "y"', articles: [], page: 1, pageCount: 1 });
    expect(html).not.toContain('<b>x</b>');
    expect(textOf(html, 'h1')).toBe('Articles tagged “<b>x</b> & "y"”');
  });

  it('percent-encodes a slug in another script, as URL#pathname spells it', () => {
    const html = renderTagPage(ctx, { tag: 'سوريا', articles: [], page: 1, pageCount: 1 });
    const path = new URL('https://x.invalid/tags/سوريا').pathname;
    expect(links(html, 'canonical')[0]?.['href']).toBe(`https://origin.bulletin.invalid${path}`);
  });

  it('refuses a tag that makes no slug rather than linking to /tags/', () => {
    expect(() => renderTagPage(ctx, { tag: '!!!', articles: [], page: 1, pageCount: 1 })).toThrow(/tag "!!!"/);
  });
});
