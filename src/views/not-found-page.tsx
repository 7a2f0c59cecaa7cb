/** @module The page sent with every 404. */

import { Layout, renderDocument } from './layout';
import type { PageContext } from './page-context';
import { HOME_PATH, SUBSCRIBE_PATH } from './paths';

export function renderNotFoundPage(ctx: PageContext): string {
  const { config } = ctx;
  return renderDocument(
    // No canonical or og:url: this page answers at whatever address was asked for, and none of them is its own.
    <Layout
      ctx={ctx}
      title={`Page not found – ${config.title}`}
      description={`There is no page at this address on ${config.title}.`}
      openGraph={{ type: 'website', title: 'Page not found' }}
      noindex
    >
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may have a typing mistake in it.</p>
      <ul>
        <li>
          <a href={HOME_PATH}>Read the latest articles on {config.title}</a>
        </li>
        <li>
          <a href={SUBSCRIBE_PATH}>Subscribe to {config.title} by RSS, Atom or JSON Feed</a>
        </li>
      </ul>
    </Layout>,
  );
}
