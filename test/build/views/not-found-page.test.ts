import { describe, expect, it } from 'vitest';
import { renderNotFoundPage } from '../../../src/views';
import { makeContext } from './factories';
import { links, metaContent, startTags, textOf } from './html';

describe('renderNotFoundPage', () => {
  const html = renderNotFoundPage(makeContext());

  it('asks search engines not to index it', () => {
    expect(metaContent(html, 'robots')).toBe('noindex');
  });

  it('claims no canonical URL, since it answers at any address', () => {
    expect(links(html, 'canonical')).toEqual([]);
    expect(metaContent(html, 'og:url')).toBeUndefined();
  });

  it('says the page was not found and links home and to subscribe', () => {
    expect(textOf(html, 'title')).toBe('Page not found – bulletin');
    expect(textOf(html, 'h1')).toBe('Page not found');
    const main = /<main id="main">([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
    expect(startTags(main, 'a').map((a) => a['href'])).toEqual(['/', '/subscribe']);
  });
});
