import { describe, expect, it } from 'vitest';
import { renderSubscribePage } from '../../../src/views';
import { makeContext } from './factories';
import { links, startTags, textOf } from './html';

const ctx = makeContext();

describe('renderSubscribePage', () => {
  it('is canonical at /subscribe and marks its header link as current', () => {
    const html = renderSubscribePage(ctx, { tags: [] });
    expect(textOf(html, 'title')).toBe('Subscribe – bulletin');
    expect(links(html, 'canonical')[0]?.['href']).toBe('https://origin.bulletin.invalid/subscribe');
    expect(html).toContain('<a href="/subscribe" aria-current="page">Subscribe</a>');
  });

  it('links the three site feeds and shows their full addresses for copying', () => {
    const html = renderSubscribePage(ctx, { tags: [] });
    expect(html).toContain('<a href="/rss.xml">RSS feed of all articles</a><span class="feed-url">https://origin.bulletin.invalid/rss.xml</span>');
    expect(html).toContain('<a href="/atom.xml">Atom feed of all articles</a>');
    expect(html).toContain('<a href="/feed.json">JSON Feed of all articles</a>');
    expect(html).not.toContain('By tag');
  });

  it('lists each tag with its count, its page and its three feeds', () => {
    const html = renderSubscribePage(ctx, { tags: [{ name: 'Middle East', count: 12 }, { name: 'Russia', count: 1 }] });
    expect(html).toContain('<a href="/tags/middle-east">Middle East</a> <span class="muted">(12 articles)</span>');
    expect(html).toContain('<a href="/tags/russia">Russia</a> <span class="muted">(1 article)</span>');
    const hrefs = startTags(html, 'a').map((a) => a['href']);
    expect(hrefs).toEqual(
      expect.arrayContaining(['/tags/middle-east/rss.xml', '/tags/middle-east/atom.xml', '/tags/middle-east/feed.json', '/tags/russia/feed.json']),
    );
  });

  it('gives each tag feed link text that names the tag, for screen readers', () => {
    const html = renderSubscribePage(ctx, { tags: [{ name: 'Russia', count: 1 }] });
    expect(html).toContain('<a href="/tags/russia/rss.xml">RSS<span class="visually-hidden"> feed for “Russia”</span></a>');
  });
});
