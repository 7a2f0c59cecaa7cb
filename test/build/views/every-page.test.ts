import { describe, expect, it } from 'vitest';
import {
  renderArticlePage,
  renderFeedPage,
  renderIndexPage,
  renderNotFoundPage,
  renderSubscribePage,
  renderTagPage,
} from '../../../src/views';
import { makeArticle, makeArticles, makeContext } from './factories';
import { links, metaContent, startTags } from './html';

const ctx = makeContext();
const pages: [string, () => string][] = [
  ['index', () => renderIndexPage(ctx, { articles: makeArticles(2), page: 1, pageCount: 1 })],
  ['article', () => renderArticlePage(ctx, { article: makeArticle() })],
  ['tag', () => renderTagPage(ctx, { tag: 'Syria', articles: makeArticles(2), page: 1, pageCount: 1 })],
  ['404', () => renderNotFoundPage(ctx)],
  ['subscribe', () => renderSubscribePage(ctx, { tags: [{ name: 'Syria', count: 2 }] })],
  ['feed', () => renderFeedPage(ctx, { title: 'bulletin', description: 'News.', homePath: '/', articles: makeArticles(2) })],
];

describe.each(pages)('the %s page', (_, render) => {
  const html = render();

  it('is a complete HTML document with charset, viewport and language', () => {
    expect(html.startsWith('<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"/>')).toBe(true);
    expect(html.endsWith('</body></html>')).toBe(true);
    expect(metaContent(html, 'viewport')).toBe('width=device-width, initial-scale=1');
  });

  it('has a title and a meta description', () => {
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(metaContent(html, 'description')).toMatch(/\S/);
  });

  it('advertises the site RSS, Atom and JSON feeds with absolute URLs', () => {
    const feeds = links(html, 'alternate').slice(0, 3);
    expect(feeds.map((link) => [link['type'], link['href'], link['title']])).toEqual([
      ['application/rss+xml', 'https://origin.bulletin.invalid/rss.xml', 'bulletin (RSS)'],
      ['application/atom+xml', 'https://origin.bulletin.invalid/atom.xml', 'bulletin (Atom)'],
      ['application/feed+json', 'https://origin.bulletin.invalid/feed.json', 'bulletin (JSON Feed)'],
    ]);
  });

  it('loads the fingerprinted stylesheet and has no inline style or script', () => {
    expect(links(html, 'stylesheet').map((link) => link['href'])).toEqual(['/assets/style-3f2a9c1b.css']);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i);
    expect(startTags(html, 'script').every((script) => script['type'] === 'application/ld+json')).toBe(true);
  });

  it('carries the Open Graph basics', () => {
    expect(metaContent(html, 'og:site_name')).toBe('bulletin');
    expect(metaContent(html, 'og:title')).toMatch(/\S/);
    expect(metaContent(html, 'og:description')).toBe(metaContent(html, 'description'));
    expect(metaContent(html, 'og:locale')).toBe('en_US');
  });

  it('has a skip link to main, the header, main and footer landmarks, and a link to /subscribe', () => {
    expect(html).toContain('<a class="skip-link" href="#main">Skip to content</a>');
    expect(html).toMatch(/<header class="site-header">[\s\S]*<main id="main">[\s\S]*<\/main><footer class="site-footer">/);
    expect(startTags(html, 'a').some((a) => a['href'] === '/subscribe')).toBe(true);
  });

  it('never links with a trailing slash, except to the home page', () => {
    const hrefs = startTags(html, 'a').map((a) => a['href'] ?? '');
    expect(hrefs.filter((href) => href !== '/' && href.endsWith('/') && !href.startsWith('http'))).toEqual([]);
  });
});
