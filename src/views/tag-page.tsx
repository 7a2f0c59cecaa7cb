/** @module A tag's list of articles, with its own feeds: `/tags/<slug>`, `/tags/<slug>/page/2`, … */

import type { Article } from '../content/article';
import { ArticleList, Pagination } from './article-list';
import { Layout, renderDocument } from './layout';
import type { PageContext } from './page-context';
import { FEED_FORMATS, feedPath, tagPath } from './paths';

export interface TagPageData {
  readonly tag: string;
  /** This page's articles, newest first. */
  readonly articles: readonly Article[];
  readonly page: number;
  readonly pageCount: number;
}

export function renderTagPage(ctx: PageContext, { tag, articles, page, pageCount }: TagPageData): string {
  const { config } = ctx;
  const heading = `Articles tagged “${tag}”`;
  const pageNote = page > 1 ? `, page ${page} of ${pageCount}` : '';
  return renderDocument(
    <Layout
      ctx={ctx}
      title={`${heading}${pageNote} – ${config.title}`}
      description={`${heading} on ${config.title}${pageNote}, newest first. Follow the tag by RSS, Atom or JSON Feed.`}
      canonicalPath={tagPath(tag, page)}
      tag={tag}
      openGraph={{ type: 'website', title: `${heading}${pageNote}` }}
    >
      <h1>{heading}</h1>
      <section class="panel subscribe-note" aria-labelledby="tag-feeds">
        <h2 id="tag-feeds">{`Follow “${tag}”`}</h2>
        <ul class="link-list">
          {FEED_FORMATS.map((format) => (
            <li>
              <a href={feedPath(format, tag)}>
                {format.name}
                <span class="visually-hidden">{` for “${tag}”`}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <ArticleList articles={articles} config={config} />
      <Pagination page={page} pageCount={pageCount} pathOf={(n) => tagPath(tag, n)} />
    </Layout>,
  );
}
