/** @module The home page and its older pages: `/`, `/page/2`, … */

import type { Article } from '../content/article';
import { ArticleList, Pagination } from './article-list';
import { Layout, renderDocument } from './layout';
import type { PageContext } from './page-context';
import { indexPath } from './paths';

export interface IndexPageData {
  /** This page's articles, newest first. */
  readonly articles: readonly Article[];
  readonly page: number;
  readonly pageCount: number;
}

export function renderIndexPage(ctx: PageContext, { articles, page, pageCount }: IndexPageData): string {
  const { config } = ctx;
  const first = page <= 1;
  const heading = first ? 'Latest articles' : `Articles, page ${page} of ${pageCount}`;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={first ? config.title : `${heading} – ${config.title}`}
      description={first ? config.description : `${heading}. ${config.description}`}
      canonicalPath={indexPath(page)}
      openGraph={{ type: 'website', title: first ? config.title : heading }}
      current={first ? 'home' : undefined}
    >
      <h1>{heading}</h1>
      <ArticleList articles={articles} config={config} />
      <Pagination page={page} pageCount={pageCount} pathOf={indexPath} />
    </Layout>,
  );
}
