/**
 * @module An article as a plain object with every field read now. An article read from the build cache keeps
 * only its outline as own fields and reads the rest from the cache open when asked: a spread copies the outline.
 */

import type { Article } from '../../src/content/article';

export function plainArticle(article: Article): Article {
  const { id, slug, title, summary, published, updated, author, tags, lang, image, caption, credit, html, source } = article;
  return {
    id, slug, title, summary, published, updated, author, tags, lang,
    ...(image === undefined ? {} : { image }),
    ...(caption === undefined ? {} : { caption }),
    ...(credit === undefined ? {} : { credit }),
    html, source,
  };
}
