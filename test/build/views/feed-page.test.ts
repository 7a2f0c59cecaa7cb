import { describe, expect, it } from 'vitest';
import { renderFeedPage } from '../../../src/views';
import { makeArticles, makeContext } from './factories';
import { links, metaContent, startTags, textOf } from './html';

const ctx = makeContext();
const articles = makeArticles(2);
const tagFeed = { title: 'bulletin: Syria', description: 'Articles tagged “Syria” on bulletin.', homePath: '/tags/syria', tag: 'Syria', articles };

describe('renderFeedPage', () => {
  it('names the feed, and keeps search engines away from it', () => {
    const html = renderFeedPage(ctx, tagFeed);
    expect(textOf(html, 'title')).toBe('bulletin: Syria (feed)');
    expect(textOf(html, 'h1')).toBe('bulletin: Syria');
    expect(metaContent(html, 'robots')).toBe('noindex');
    expect(links(html, 'canonical')).toEqual([]);
  });

  it('shows the addresses to copy into a feed reader, and links to the subscribe page and the articles on the site', () => {
    const html = renderFeedPage(ctx, tagFeed);
    expect(html).toContain('<h2 id="feed-addresses">This is a web feed</h2>');
    expect(html).toContain('<a href="/tags/syria/rss.xml">RSS feed</a><span class="feed-url">https://origin.bulletin.invalid/tags/syria/rss.xml</span>');
    expect(html).toContain('<a href="/tags/syria/atom.xml">Atom feed</a><span class="feed-url">https://origin.bulletin.invalid/tags/syria/atom.xml</span>');
    expect(html).toContain('<a href="/tags/syria/feed.json">JSON Feed</a><span class="feed-url">https://origin.bulletin.invalid/tags/syria/feed.json</span>');
    const hrefs = startTags(html, 'a').map((a) => a['href']);
    expect(hrefs).toEqual(expect.arrayContaining(['/subscribe', '/tags/syria', ...articles.map((a) => `/articles/${a.slug}`)]));
  });

  it('advertises a tag’s feeds beside the site’s, for feed readers’ discovery', () => {
    const hrefs = (html: string) => links(html, 'alternate').map((link) => link['href']);
    expect(hrefs(renderFeedPage(ctx, tagFeed))).toEqual(expect.arrayContaining(['https://origin.bulletin.invalid/tags/syria/atom.xml']));
    expect(hrefs(renderFeedPage(ctx, { title: 'bulletin', description: 'News.', homePath: '/', articles }))).toHaveLength(3);
  });

  it('lists the documents’ articles, newest first', () => {
    const html = renderFeedPage(ctx, tagFeed);
    const titles = [...html.matchAll(/<h2><a href="\/articles\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual(articles.map((a) => a.title));
  });

  it('sends a reader of an archive page to the subscription feeds', () => {
    const html = renderFeedPage(ctx, { title: 'bulletin', description: 'News.', homePath: '/', articles, archive: 3 });
    expect(textOf(html, 'h1')).toBe('bulletin: archive page 3');
    expect(html).toContain('<h2 id="feed-addresses">This is a page of a web feed’s archive</h2>');
    expect(html).toContain('Feed readers find older articles here. To get new articles');
    expect(html).toContain('<span class="feed-url">https://origin.bulletin.invalid/rss.xml</span>');
  });
});
