/**
 * @module buildFeeds' whole output for a realistic set of articles, pinned byte for byte: every document of the
 * site scope (subscription feeds, archive pages, JSON Feed pages), a tag scope and an empty scope, with their parts.
 * A change here is a change every feed reader sees; update the fixture only on purpose (`vitest -u`).
 */

import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/content/article';
import type { SiteConfig } from '../../../src/config';
import { buildFeeds, type FeedScope } from '../../../src/feeds';
import type { BuiltDocument } from '../../../src/site/document';
import { HOSTILE_TEXT, makeArticles, makeConfig, makeScope } from './factories';

const TAGS = ['Syria', 'Economy', 'مصر', 'A & B <c>', '!!!', 'Energy'];

/** 45 articles, newest first, that between them take every branch a feed item has. */
function makeRealisticArticles(): Article[] {
  return makeArticles(45).map((article, i): Article => {
    const { image: _image, caption: _caption, credit: _credit, ...plain } = article;
    const n = 45 - i;
    const tags = TAGS.filter((_, t) => (n + t) % 3 === 0 || t === n % TAGS.length);
    const variant = n % 6;
    const base: Article = {
      ...plain,
      tags,
      lang: n % 5 === 0 ? 'ar' : 'en',
      summary: `Summary of article ${n}.`,
      html: `<p>Body ${n} with <a href="/tags/syria">a link</a> and <img src="pics/${n}.png" srcset="a.png 1x, /b.png 2x" alt="">.</p>`,
      // Some edited after publishing, so a document's newest `updated` is not always its first article's.
      ...(n % 7 === 0 ? { updated: new Date(Date.UTC(2026, 3, 1) + n * 60_000).toISOString() } : {}),
    };
    switch (variant) {
      case 0:
        return { ...base, image: { url: `/images/${n}.jpg`, alt: `Photo ${n}`, type: 'image/jpeg' }, caption: `Caption ${n}`, credit: 'SANA' };
      case 1:
        return { ...base, image: { url: `https://cdn.example.org/${n}.webp?x=1&y=2`, alt: '' } };
      case 2:
        return {
          ...base,
          title: `${HOSTILE_TEXT} ${n}\u0000\u0008`,
          summary: `${HOSTILE_TEXT}\r\n\ttabbed`,
          author: `O'Brien & "Sons" <${n}>`,
          caption: HOSTILE_TEXT,
          html: `<p>${HOSTILE_TEXT.replace(/&(?!amp;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`,
        };
      case 3:
        return { ...base, slug: `مقال-${n}`, caption: 'A caption without its photo', credit: 'AFP' };
      case 4:
        return { ...base, image: { url: `/images/${n}.gif`, alt: HOSTILE_TEXT, type: 'image/gif' }, credit: `Credit ${n}` };
      default:
        return { ...base, tags: [], html: '' };
    }
  });
}

const SCOPES: readonly FeedScope[] = [
  makeScope(),
  makeScope({ title: 'bulletin: Syria', description: 'Articles tagged Syria.', homePath: '/tags/syria', basePath: '/tags/syria', archived: false }),
];

/** Every document as text: a header with its metadata and the extent of each part, then its body. */
function serialize(documents: Map<string, BuiltDocument>): string {
  return [...documents]
    .map(([path, document]) => {
      const { feed } = document;
      const parts =
        feed === undefined
          ? 'no parts'
          : [
              `head ${feed.head.length}`,
              `separator ${JSON.stringify(feed.separator)}`,
              `tail ${feed.tail.length}`,
              ...feed.items.map((item) => `item ${item.id} ${item.updated} ${item.text.length}`),
            ].join('\n');
      const header = `=== ${path} | ${document.contentType} | ${document.cache} | ${document.lastModified} | deltas ${document.deltas ?? false}`;
      return `${header}\n${parts}\n---\n${document.body}\n`;
    })
    .join('\n');
}

function buildAll(articles: readonly Article[], config: SiteConfig): string {
  return SCOPES.map((scope) => {
    const scoped = scope.basePath === '' ? articles : articles.filter((article) => article.tags.includes('Syria'));
    return serialize(buildFeeds(scoped, scope, config));
  }).join('\n');
}

describe('buildFeeds output', () => {
  it('renders a realistic set of articles exactly as pinned, feedSize 20 and archiveSize 20', async () => {
    const output = buildAll(makeRealisticArticles(), makeConfig({ feedSize: 20, archiveSize: 20 }));
    await expect(output).toMatchFileSnapshot('../../fixtures/feeds/output-20-20.txt');
  });

  it('renders the same set exactly as pinned with a hub, logo and icon, feedSize 10 and archiveSize 7', async () => {
    const config = makeConfig({ feedSize: 10, archiveSize: 7, hub: 'https://hub.example.org/?a=1&b=2', logo: '/logo.png', icon: '/favicon.svg' });
    const output = buildAll(makeRealisticArticles(), config);
    await expect(output).toMatchFileSnapshot('../../fixtures/feeds/output-10-7-hub.txt');
  });

  it('renders an empty scope exactly as pinned', async () => {
    await expect(serialize(buildFeeds([], makeScope(), makeConfig()))).toMatchFileSnapshot('../../fixtures/feeds/output-empty.txt');
  });

  it('gives every document parts that join into its body', () => {
    const documents = buildFeeds(makeRealisticArticles(), makeScope(), makeConfig());
    for (const document of documents.values()) {
      const { feed } = document;
      expect(feed).toBeDefined();
      if (feed !== undefined) expect(feed.head + feed.items.map((item) => item.text).join(feed.separator) + feed.tail).toBe(document.body);
    }
  });
});
