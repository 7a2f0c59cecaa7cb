/** @module Test data for the views: a fresh article or context per call, overridden per test. */

import { site, type SiteConfig } from '../../../src/config';
import type { Article } from '../../../src/content/article';
import type { PageContext } from '../../../src/views';

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: 'urn:uuid:0d6f3a52-8f0e-5b8e-9d1c-2a3b4c5d6e7f',
    slug: 'syrias-al-sharaa-meets-putin',
    title: 'Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases',
    summary: 'Russian President Vladimir Putin met Syrian President Ahmed al-Sharaa at the Kremlin.',
    published: '2026-01-28T12:00:00.000Z',
    updated: '2026-01-28T12:00:00.000Z',
    author: 'Jane Doe',
    tags: ['Syria', 'Russia'],
    lang: 'en',
    html: '<p>Putin congratulated al-Sharaa.</p>\n<p>“Relations with Syria have deep roots,” Putin said.</p>',
    source: 'seeds/000_3b7bd609114b647d.txt',
    ...overrides,
  };
}

/** `count` distinct articles, newest first, one day apart. */
export function makeArticles(count: number): Article[] {
  return Array.from({ length: count }, (_, index) => {
    const day = new Date(Date.UTC(2026, 0, 28 - index, 12));
    return makeArticle({
      id: `urn:uuid:00000000-0000-5000-8000-${String(index).padStart(12, '0')}`,
      slug: `article-${index + 1}`,
      title: `Article number ${index + 1}`,
      summary: `Summary of article ${index + 1}.`,
      published: day.toISOString(),
      updated: day.toISOString(),
    });
  });
}

export function makeConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return { ...site, ...overrides };
}

export function makeContext(overrides: Partial<SiteConfig> = {}): PageContext {
  return { config: makeConfig(overrides), stylesheetPath: '/assets/style-3f2a9c1b.css' };
}
