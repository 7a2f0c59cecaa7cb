/** @module One article: `/articles/<slug>`. */

import { raw } from 'hono/html';
import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import { creditLine } from './credit';
import { formatDate, isUpdatedOnLaterDay } from './dates';
import { languageAttributes } from './language';
import { HeadMeta, Layout, renderDocument } from './layout';
import type { PageContext } from './page-context';
import { SUBSCRIBE_PATH, articlePath, tagPath } from './paths';
import { buildNewsArticle, serializeJsonLd } from './structured-data';

export interface ArticlePageData {
  readonly article: Article;
  /** The next older article, if any. */
  readonly previous?: Article | undefined;
  /** The next newer article, if any. */
  readonly next?: Article | undefined;
}

export function renderArticlePage(ctx: PageContext, { article, previous, next }: ArticlePageData): string {
  const { config } = ctx;
  const description = article.summary === '' ? config.description : article.summary;
  // The page is in the article's language; the site's own words on it keep the site's.
  const siteLanguage = languageAttributes(config.lang, article.lang);
  const head = (
    <>
      <HeadMeta name="author" content={article.author} />
      <HeadMeta property="article:published_time" content={article.published} />
      <HeadMeta property="article:modified_time" content={article.updated} />
      <HeadMeta property="article:author" content={article.author} />
      {article.tags.map((tag) => (
        <HeadMeta property="article:tag" content={tag} />
      ))}
      {/* Data, not script, so a `script-src` CSP does not apply; the JSON is escaped so it cannot end the element. */}
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: serializeJsonLd(buildNewsArticle(article, config)) }}
      />
    </>
  );

  return renderDocument(
    <Layout
      ctx={ctx}
      title={`${article.title} – ${config.title}`}
      description={description}
      canonicalPath={articlePath(article.slug)}
      lang={article.lang}
      openGraph={{ type: 'article', title: article.title, image: article.image }}
      head={head}
    >
      <article>
        <header class="article-header">
          <h1>{article.title}</h1>
          <Dateline article={article} config={config} />
        </header>
        <LeadFigure article={article} />
        {/* The only markup not escaped here: the build rendered and sanitised it. */}
        <div class="article-body">{raw(article.html)}</div>
        {article.tags.length === 0 ? null : (
          <footer class="tags" {...siteLanguage}>
            <h2>Tags</h2>
            <ul class="link-list">
              {article.tags.map((tag) => (
                <li>
                  <a href={tagPath(tag)} rel="tag">
                    {tag}
                  </a>
                </li>
              ))}
            </ul>
          </footer>
        )}
      </article>
      <ArticleNavigation article={article} previous={previous} next={next} config={config} />
      <section class="panel subscribe-note" aria-labelledby="follow" {...siteLanguage}>
        <h2 id="follow">{`Follow ${config.title}`}</h2>
        <p>
          Get new articles in your feed reader: <a href={SUBSCRIBE_PATH}>subscribe by RSS, Atom or JSON Feed</a>.
        </p>
      </section>
    </Layout>,
  );
}

function Dateline({ article, config }: { readonly article: Article; readonly config: SiteConfig }) {
  return (
    <p class="meta">
      By <span class="author">{article.author}</span>
      {' · '}
      <time datetime={article.published}>{formatDate(article.published, config)}</time>
      {isUpdatedOnLaterDay(article.published, article.updated, config) ? (
        <>
          {' · Updated '}
          <time datetime={article.updated}>{formatDate(article.updated, config)}</time>
        </>
      ) : null}
    </p>
  );
}

/** A picture with its caption; a caption whose picture the seed did not include stands alone as a note. */
function LeadFigure({ article }: { readonly article: Article }) {
  const { image, caption, credit } = article;
  const text =
    caption === undefined && credit === undefined ? null : (
      <>
        {caption}
        {caption !== undefined && credit !== undefined ? ' ' : null}
        {credit === undefined ? null : <span class="credit">{creditLine(credit)}</span>}
      </>
    );
  if (image !== undefined) {
    return (
      <figure class="lead-figure">
        <img src={image.url} alt={image.alt} decoding="async" />
        {text === null ? null : <figcaption>{text}</figcaption>}
      </figure>
    );
  }
  return text === null ? null : <p class="caption">{text}</p>;
}


interface ArticleNavigationProps {
  readonly article: Article;
  readonly previous: Article | undefined;
  readonly next: Article | undefined;
  readonly config: SiteConfig;
}

function ArticleNavigation({ article, previous, next, config }: ArticleNavigationProps) {
  if (previous === undefined && next === undefined) return null;
  return (
    <nav class="article-nav" aria-label="More articles" {...languageAttributes(config.lang, article.lang)}>
      <ul>
        {previous === undefined ? null : (
          <li>
            <span class="label">Older article</span>
            <a href={articlePath(previous.slug)} rel="prev" {...languageAttributes(previous.lang, config.lang)}>
              {previous.title}
            </a>
          </li>
        )}
        {next === undefined ? null : (
          <li>
            <span class="label">Newer article</span>
            <a href={articlePath(next.slug)} rel="next" {...languageAttributes(next.lang, config.lang)}>
              {next.title}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
