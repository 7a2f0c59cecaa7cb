import { beforeAll, describe, expect, it } from 'vitest';
import {
  STYLESHEET,
  renderArticlePage,
  renderFeedPage,
  renderIndexPage,
  renderNotFoundPage,
  renderSubscribePage,
  renderTagPage,
} from '../../../src/views';
import { checkWithVnu, describeVnuErrors, type VnuMessage } from '../../support/vnu';
import { makeArticle, makeArticles, makeContext } from './factories';

function samplePages(): Record<string, string> {
  const ctx = makeContext();
  const articles = makeArticles(3);
  const hostile = '<script>alert(1)</script> & "quotes"';
  return {
    'index.html': renderIndexPage(ctx, { articles, page: 2, pageCount: 3 }),
    'index-empty.html': renderIndexPage(ctx, { articles: [], page: 1, pageCount: 1 }),
    'article-with-image.html': renderArticlePage(ctx, {
      article: makeArticle({
        title: hostile,
        updated: '2026-02-02T09:30:00.000Z',
        image: { url: '/images/kremlin.jpg', alt: 'Two presidents shake hands', type: 'image/jpeg' },
        caption: 'Putin and al-Sharaa at the Kremlin',
        credit: 'SANA',
        html: '<p>Body with a <a href="https://example.com/">link</a>.</p><blockquote><p>Quote</p></blockquote>',
      }),
      previous: articles[1],
      next: articles[0],
    }),
    // Like the seed: a caption and credit, but no picture.
    'article-caption-only.html': renderArticlePage(ctx, {
      article: makeArticle({
        author: 'bna Cairo bureau',
        caption: 'Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin',
        credit: 'SANA',
      }),
    }),
    'article-other-language.html': renderArticlePage(ctx, {
      article: makeArticle({ lang: 'ar', title: 'الشرع يلتقي بوتين', tags: [] }),
      previous: articles[2],
    }),
    'tag.html': renderTagPage(ctx, { tag: 'Syria', articles, page: 1, pageCount: 2 }),
    'not-found.html': renderNotFoundPage(ctx),
    'feed.html': renderFeedPage(ctx, {
      title: `bulletin: ${hostile}`,
      description: hostile,
      homePath: '/tags/syria',
      tag: 'Syria',
      articles,
    }),
    'feed-archive.html': renderFeedPage(ctx, {
      title: 'bulletin',
      description: 'News.',
      homePath: '/',
      archive: 3,
      articles,
    }),
    'subscribe.html': renderSubscribePage(ctx, {
      tags: [
        { name: 'Syria', count: 12 },
        { name: 'Russia', count: 1 },
      ],
    }),
  };
}

describe('Nu Html Checker', () => {
  let messages: VnuMessage[];

  beforeAll(async () => {
    messages = await checkWithVnu({ ...samplePages(), 'style.css': STYLESHEET });
  }, 60_000);

  function errorsIn(suffix: string): string[] {
    return describeVnuErrors(messages, suffix);
  }

  it('finds no errors in any page type', () => {
    const errors = errorsIn('.html');
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('finds no errors in the stylesheet', () => {
    const errors = errorsIn('.css');
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('checked every file it was given', () => {
    // A non-document error (bad path, crash) has no url; make sure none happened.
    const fatal = messages.filter((message) => message.type === 'non-document-error');
    expect(fatal.map((message) => message.message)).toEqual([]);
  });
});
