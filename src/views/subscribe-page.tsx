/** @module `/subscribe`: every feed the site offers, for the whole site and for each tag. */

import { absolute } from '../site/origin';
import { Layout, renderDocument } from './layout';
import type { PageContext } from './page-context';
import { FEED_FORMATS, SUBSCRIBE_PATH, feedPath, tagPath } from './paths';

export interface SubscribePageData {
  /** Tags to offer feeds for, in the order to list them. */
  readonly tags: readonly { readonly name: string; readonly count: number }[];
}

export function renderSubscribePage(ctx: PageContext, { tags }: SubscribePageData): string {
  const { config } = ctx;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={`Subscribe – ${config.title}`}
      description={`Follow ${config.title} in any feed reader: RSS, Atom and JSON Feed for the whole site and for each tag.`}
      canonicalPath={SUBSCRIBE_PATH}
      openGraph={{ type: 'website', title: `Subscribe to ${config.title}` }}
      current="subscribe"
    >
      <h1>Subscribe</h1>
      <p>
        Paste one of these addresses into your feed reader to get new articles as they are published. They carry the
        same articles; pick the format your reader supports best.
      </p>
      <section aria-labelledby="all-articles">
        <h2 id="all-articles">All articles</h2>
        <ul class="feed-urls">
          {FEED_FORMATS.map((format) => (
            <li>
              <a href={feedPath(format)}>{`${format.name} of all articles`}</a>
              {/* Shown in full so it can be copied into a reader that only takes addresses. */}
              <span class="feed-url">{absolute(feedPath(format))}</span>
            </li>
          ))}
        </ul>
      </section>
      {tags.length === 0 ? null : (
        <section aria-labelledby="by-tag">
          <h2 id="by-tag">By tag</h2>
          <ul class="tag-feeds">
            {tags.map((tag) => (
              <li>
                <a href={tagPath(tag.name)}>{tag.name}</a>{' '}
                <span class="muted">({tag.count === 1 ? '1 article' : `${tag.count} articles`})</span>
                <ul class="link-list">
                  {FEED_FORMATS.map((format) => (
                    <li>
                      <a href={feedPath(format, tag.name)}>
                        {format.label}
                        <span class="visually-hidden">{` feed for “${tag.name}”`}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>,
  );
}
