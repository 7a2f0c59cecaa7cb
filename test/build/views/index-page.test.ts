import { describe, expect, it } from 'vitest';
import { renderIndexPage } from '../../../src/views';
import { makeArticle, makeArticles, makeContext } from './factories';
import { links, metaContent, startTags, textOf } from './html';

const ctx = makeContext();

function paginationLinks(html: string): Record<string, string | undefined> {
  const anchors = startTags(html, 'a');
  return {
    prev: anchors.find((a) => a['rel'] === 'prev')?.['href'],
    next: anchors.find((a) => a['rel'] === 'next')?.['href'],
  };
}

describe('renderIndexPage', () => {
  it('titles the first page with the site name and makes / its canonical URL', () => {
    const html = renderIndexPage(ctx, { articles: makeArticles(1), page: 1, pageCount: 1 });
    expect(textOf(html, 'title')).toBe('bulletin');
    expect(links(html, 'canonical')).toEqual([{ rel: 'canonical', href: 'https://origin.bulletin.invalid/' }]);
    expect(metaContent(html, 'og:url')).toBe('https://origin.bulletin.invalid/');
    expect(metaContent(html, 'og:type')).toBe('website');
    expect(metaContent(html, 'description')).toBe(ctx.config.description);
  });

  it('gives later pages their own title, description and canonical /page/N', () => {
    const html = renderIndexPage(ctx, { articles: makeArticles(1), page: 2, pageCount: 3 });
    expect(textOf(html, 'title')).toBe('Articles, page 2 of 3 – bulletin');
    expect(metaContent(html, 'description')).toMatch(/^Articles, page 2 of 3\. /);
    expect(links(html, 'canonical')[0]?.['href']).toBe('https://origin.bulletin.invalid/page/2');
  });

  it('lists the articles in the order given, each with linked title, date, author and summary', () => {
    const articles = makeArticles(3);
    const html = renderIndexPage(ctx, { articles, page: 1, pageCount: 1 });
    const articleLinks = startTags(html, 'a').filter((a) => a['href']?.startsWith('/articles/'));
    expect(articleLinks.map((a) => a['href'])).toEqual(['/articles/article-1', '/articles/article-2', '/articles/article-3']);
    expect(html).toContain('<h2><a href="/articles/article-1">Article number 1</a></h2>');
    expect(html).toContain('<time datetime="2026-01-27T12:00:00.000Z">January 27, 2026</time> · Jane Doe');
    expect(html).toContain('<p>Summary of article 3.</p>');
  });

  it('links the first page to the next only', () => {
    const html = renderIndexPage(ctx, { articles: makeArticles(1), page: 1, pageCount: 3 });
    expect(paginationLinks(html)).toEqual({ prev: undefined, next: '/page/2' });
    expect(html).toContain('Page 1 of 3');
  });

  it('links a middle page back to / and on to the next', () => {
    const html = renderIndexPage(ctx, { articles: makeArticles(1), page: 2, pageCount: 3 });
    expect(paginationLinks(html)).toEqual({ prev: '/', next: '/page/3' });
  });

  it('links the last page to the previous only', () => {
    const html = renderIndexPage(ctx, { articles: makeArticles(1), page: 3, pageCount: 3 });
    expect(paginationLinks(html)).toEqual({ prev: '/page/2', next: undefined });
  });

  it('shows no pagination when there is one page', () => {
    const html = renderIndexPage(ctx, { articles: makeArticles(1), page: 1, pageCount: 1 });
    expect(html).not.toContain('class="pagination"');
  });

  it('says so when there are no articles', () => {
    const html = renderIndexPage(ctx, { articles: [], page: 1, pageCount: 1 });
    expect(html).toContain('<p>No articles yet.</p>');
  });

  it('escapes a hostile title and summary', () => {
    const hostile = '<script>alert(1)</script> & "quotes"';
    const html = renderIndexPage(ctx, { articles: [makeArticle({ title: hostile, summary: hostile })], page: 1, pageCount: 1 });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</a>');
  });

  it('marks an article in another language with its lang and direction', () => {
    const html = renderIndexPage(ctx, { articles: [makeArticle({ lang: 'ar' })], page: 1, pageCount: 1 });
    expect(html).toContain('<article class="article-summary" lang="ar" dir="rtl">');
  });

  it('marks the Latest link as the current page on page 1 only', () => {
    const first = renderIndexPage(ctx, { articles: [], page: 1, pageCount: 2 });
    const second = renderIndexPage(ctx, { articles: [], page: 2, pageCount: 2 });
    expect(first).toContain('<a href="/" aria-current="page">Latest</a>');
    expect(second).not.toContain('aria-current');
  });
});
