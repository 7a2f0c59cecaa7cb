/** @module Fresh test data shared by the build tests: a new object per call, overridden per test. */

import { site, type SiteConfig } from '../src/config';
import type { Article } from '../src/content/article';

/** A plain published article (no image, caption or credit); override any field. */
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

export function makeConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return { ...site, ...overrides };
}
