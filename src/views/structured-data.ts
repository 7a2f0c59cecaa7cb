/** @module schema.org JSON-LD for article pages, serialised so it can never end its `<script>` early. */

import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import { absolute } from '../site/origin';
import { articlePath } from './paths';

// Bylines such as "bna Cairo bureau" name a newsroom, not a person; search engines want the right @type.
const ORGANIZATION_WORDS =
  /\b(?:agency|bureau|correspondents|desk|editorial|editors|news|newsroom|office|press|service|staff|team)\b/i;

export function authorType(author: string, config: SiteConfig): 'Person' | 'Organization' {
  return author === config.defaultAuthor || author === config.title || ORGANIZATION_WORDS.test(author)
    ? 'Organization'
    : 'Person';
}

/** Site images may be root-relative; everything outside the page needs them absolute. */
export function absoluteUrl(url: string): string {
  return url.startsWith('/') ? absolute(url) : url;
}

export function buildNewsArticle(article: Article, config: SiteConfig): Record<string, unknown> {
  const url = absolute(articlePath(article.slug));
  const logo = config.logo ?? config.icon;
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: article.summary,
    datePublished: article.published,
    dateModified: article.updated,
    author: { '@type': authorType(article.author, config), name: article.author },
    ...(article.image === undefined ? {} : { image: [absoluteUrl(article.image.url)] }),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    publisher: {
      '@type': 'Organization',
      name: config.title,
      ...(logo === undefined ? {} : { logo: { '@type': 'ImageObject', url: absoluteUrl(logo) } }),
    },
    inLanguage: article.lang,
    ...(article.tags.length === 0 ? {} : { keywords: [...article.tags] }),
  };
}

/**
 * JSON for a `<script type="application/ld+json">` block. The HTML parser ends the block at `</script`
 * whatever the JSON means, so `<` (and, for good measure, `>` and `&`) become `\u` escapes, which JSON
 * parsers read back as the same characters.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
