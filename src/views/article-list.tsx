/** @module Pieces shared by the index and tag pages: a list of articles and the links between its pages. */

import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import { formatDate } from './dates';
import { languageAttributes } from './language';
import { articlePath } from './paths';

export function ArticleList(props: { readonly articles: readonly Article[]; readonly config: SiteConfig }) {
  const { articles, config } = props;
  if (articles.length === 0) return <p>No articles yet.</p>;
  return (
    <ol class="article-list">
      {articles.map((article) => (
        <li>
          <article class="article-summary" {...languageAttributes(article.lang, config.lang)}>
            <h2>
              <a href={articlePath(article.slug)}>{article.title}</a>
            </h2>
            <p class="meta">
              <time datetime={article.published}>{formatDate(article.published, config)}</time>
              {' · '}
              {article.author}
            </p>
            {article.summary === '' ? null : <p>{article.summary}</p>}
          </article>
        </li>
      ))}
    </ol>
  );
}

export interface PaginationProps {
  readonly page: number;
  readonly pageCount: number;
  /** URL of page `n` (1-based) of this list. */
  readonly pathOf: (page: number) => string;
}

/** Lists run newest first, so the previous page holds newer articles and the next one older. */
export function Pagination({ page, pageCount, pathOf }: PaginationProps) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a rel="prev" href={pathOf(page - 1)}>
          ← Newer articles
        </a>
      ) : null}
      <p class="page-count">{`Page ${page} of ${pageCount}`}</p>
      {page < pageCount ? (
        <a rel="next" href={pathOf(page + 1)}>
          Older articles →
        </a>
      ) : null}
    </nav>
  );
}
