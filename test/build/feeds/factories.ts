/** @module Fresh articles, configs and scopes for the feed tests; every call returns new objects. */

import type { Article } from '../../../src/content/article';
import type { SiteConfig } from '../../../src/config';
import type { FeedScope } from '../../../src/feeds';
import { makeArticle as makePlainArticle, makeConfig as makeSiteConfig } from '../../factories';

/** A seed-like article with an image, caption and credit; override any field. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  return makePlainArticle({
    id: 'urn:uuid:3f0a7a52-5c1e-5d7b-9a34-6a1f4b2c8d90',
    summary: 'Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin.',
    updated: '2026-01-29T08:30:00.000Z',
    author: 'bna Cairo bureau',
    image: { url: '/images/sharaa-putin.jpg', alt: 'Putin and al-Sharaa shake hands', type: 'image/jpeg' },
    caption: 'Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin',
    credit: 'SANA',
    html: '<p>Putin congratulated al-Sharaa. <a href="/tags/syria">More on Syria</a>.</p>',
    ...overrides,
  });
}

/** The same article without image, caption or credit. */
export function makeArticleWithoutImage(overrides: Partial<Article> = {}): Article {
  const { image: _image, caption: _caption, credit: _credit, ...rest } = makeArticle(overrides);
  return rest;
}

/** `count` distinct articles, newest first, published a day apart and updated an hour after publishing. */
export function makeArticles(count: number, overrides: Partial<Article> = {}): Article[] {
  return Array.from({ length: count }, (_, i) => {
    const n = count - i;
    const published = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
    return makeArticle({
      id: `urn:uuid:00000000-0000-5000-8000-${String(n).padStart(12, '0')}`,
      slug: `article-${n}`,
      title: `Article ${n}`,
      published: published.toISOString(),
      updated: new Date(published.getTime() + 3_600_000).toISOString(),
      source: `seeds/article-${n}.md`,
      ...overrides,
    });
  });
}

export function makeConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return makeSiteConfig({ feedSize: 20, archiveSize: 20, ...overrides });
}

export function makeScope(overrides: Partial<FeedScope> = {}): FeedScope {
  return { title: 'bulletin', description: 'News and stories.', homePath: '/', basePath: '', ...overrides };
}

/** Text a feed must carry unharmed: CDATA ends, markup, entities, right-to-left and astral characters. */
export const HOSTILE_TEXT = 'A < B & C &amp; D ]]> E ]]> مرحبا \u202Eevil\u202C 🎉 𝒳 "q" \'s\'';
