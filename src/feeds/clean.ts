/** @module Articles with every text stripped of characters XML cannot carry, before any format sees them. */

import type { Article, ArticleImage } from '../content/article';
import { deriveKey } from '../content/build-cache';
import { stripIllegalCharacters as strip } from './xml';

export function cleanArticle(article: Article): Article {
  let clean = cleaned.get(article);
  if (clean === undefined) {
    cleaned.set(article, (clean = stripArticle(article)));
    deriveKey(clean, article, 'clean');
  }
  return clean;
}

/** Each article cleaned once, and the same object returned after, so later per-article caches hit. */
const cleaned = new WeakMap<Article, Article>();

function stripArticle(article: Article): Article {
  return {
    ...article,
    id: strip(article.id),
    slug: strip(article.slug),
    title: strip(article.title),
    summary: strip(article.summary),
    author: strip(article.author),
    tags: article.tags.map(strip),
    lang: strip(article.lang),
    html: strip(article.html),
    ...(article.image === undefined ? {} : { image: cleanImage(article.image) }),
    ...(article.caption === undefined ? {} : { caption: strip(article.caption) }),
    ...(article.credit === undefined ? {} : { credit: strip(article.credit) }),
  };
}

function cleanImage(image: ArticleImage): ArticleImage {
  return {
    url: strip(image.url),
    alt: strip(image.alt),
    ...(image.type === undefined ? {} : { type: strip(image.type) }),
  };
}
