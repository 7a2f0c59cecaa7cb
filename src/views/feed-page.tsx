/** @module What a browser shows for an RSS or Atom document: its articles, and how to subscribe to the feed. */

import type { FeedBrowserView } from '../feeds';
import { absolute } from '../site/origin';
import { ArticleList } from './article-list';
import { Layout, renderDocument } from './layout';
import type { PageContext } from './page-context';
import { FEED_FORMATS, feedPath, SUBSCRIBE_PATH } from './paths';

/**
 * A page of the site's own look, served at a feed's address to a browser that opens it (see app.ts): browsers
 * show the XML as text, and the XSLT that made a page of it is going out of Chromium. The same page for the RSS
 * and the Atom document, which carry the same articles. Not for search engines: the address is the feed's, and
 * the articles have pages of their own.
 */
export function renderFeedPage(ctx: PageContext, view: FeedBrowserView): string {
  const { config } = ctx;
  const { title, archive, tag } = view;
  const heading = archive === undefined ? title : `${title}: archive page ${archive}`;
  return renderDocument(
    <Layout ctx={ctx} title={`${heading} (feed)`} description={view.description} tag={tag} openGraph={{ type: 'website', title: heading }} noindex>
      <h1>{heading}</h1>
      <section class="panel subscribe-note" aria-labelledby="feed-addresses">
        <h2 id="feed-addresses">{archive === undefined ? 'This is a web feed' : 'This is a page of a web feed’s archive'}</h2>
        <p>
          {archive === undefined ? '' : 'Feed readers find older articles here. '}
          To get new articles as they are published, copy one of these addresses into your feed reader:
        </p>
        <ul class="feed-urls">
          {FEED_FORMATS.map((format) => {
            const path = feedPath(format, tag);
            return (
              <li>
                <a href={path}>{format.name}</a>
                <span class="feed-url">{absolute(path)}</span>
              </li>
            );
          })}
        </ul>
        <p>
          <a href={SUBSCRIBE_PATH}>Every feed and how to subscribe</a>
        </p>
      </section>
      <p>{view.description}</p>
      <ArticleList articles={view.articles} config={config} />
      <p>
        <a href={view.homePath}>{view.homePath === '/' ? `All articles on ${config.title}` : `These articles on ${config.title}`}</a>
      </p>
    </Layout>,
  );
}
