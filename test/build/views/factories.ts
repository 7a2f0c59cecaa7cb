/** @module Test data for the views: a fresh article or context per call, overridden per test. */

import type { SiteConfig } from '../../../src/config';
import type { Article } from '../../../src/content/article';
import type { PageContext } from '../../../src/views';
import { makeArticle, makeConfig } from '../../factories';

export { makeArticle, makeConfig };

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

export function makeContext(overrides: Partial<SiteConfig> = {}): PageContext {
  return { config: makeConfig(overrides), stylesheetPath: '/assets/style-3f2a9c1b.css' };
}
