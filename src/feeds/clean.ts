/** @module Articles with every text stripped of characters XML cannot carry, before any format sees them. */

import type { Article, ArticleImage } from '../content/article';
import { deriveKey } from '../content/build-cache';
import { stripIllegalCharacters as strip } from './xml';

export function cleanArticle(article: Article): Article {
  let clean = cleaned.get(article);
  if (clean === undefined) {
    cleaned.set(article, (clean = new CleanArticle(article)));
    deriveKey(clean, article, 'clean');
  }
  return clean;
}

/** Each article cleaned once, and the same object returned after, so later per-article caches hit. */
const cleaned = new WeakMap<Article, Article>();

/**
 * The article with every text stripped; its body only when a feed item is rendered from it, since a rebuild
 * renders few items and the body is most of an article's bytes (an article read from the build cache reads it
 * from there, see content/stored-readings.ts). The interface of the same name gives the class its other fields'
 * types; the constructor assigns them.
 */
interface CleanArticle extends Omit<Article, 'html'> {}

class CleanArticle implements Article {
  readonly #source: Article;
  #html: string | undefined;

  constructor(article: Article) {
    Object.assign(this, {
      id: strip(article.id),
      slug: strip(article.slug),
      title: strip(article.title),
      summary: strip(article.summary),
      published: article.published,
      updated: article.updated,
      author: strip(article.author),
      tags: article.tags.map(strip),
      lang: strip(article.lang),
      ...(article.image === undefined ? {} : { image: cleanImage(article.image) }),
      ...(article.caption === undefined ? {} : { caption: strip(article.caption) }),
      ...(article.credit === undefined ? {} : { credit: strip(article.credit) }),
      source: article.source,
    } satisfies Omit<Article, 'html'>);
    this.#source = article;
  }

  get html(): string {
    return (this.#html ??= strip(this.#source.html));
  }
}

function cleanImage(image: ArticleImage): ArticleImage {
  return {
    url: strip(image.url),
    alt: strip(image.alt),
    ...(image.type === undefined ? {} : { type: strip(image.type) }),
  };
}
