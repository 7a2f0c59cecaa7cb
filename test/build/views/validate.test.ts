import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STYLESHEET,
  renderArticlePage,
  renderIndexPage,
  renderNotFoundPage,
  renderSubscribePage,
  renderTagPage,
} from '../../../src/views';
import { makeArticle, makeArticles, makeContext } from './factories';

const VNU_JAR = 'node_modules/vnu-jar/build/dist/vnu.jar';

interface VnuMessage {
  readonly type: string;
  readonly subType?: string;
  readonly url?: string;
  readonly lastLine?: number;
  readonly message: string;
  readonly extract?: string;
}

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
    'subscribe.html': renderSubscribePage(ctx, {
      tags: [
        { name: 'Syria', count: 12 },
        { name: 'Russia', count: 1 },
      ],
    }),
  };
}

describe('Nu Html Checker', () => {
  let dir: string;
  let messages: VnuMessage[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bulletin-views-'));
    const files = Object.entries({ ...samplePages(), 'style.css': STYLESHEET });
    await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
    // One JVM for every file: starting Java is most of the cost.
    const { stdout } = await promisify(execFile)(
      'java',
      ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', '--also-check-css', ...files.map(([name]) => join(dir, name))],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    messages = (JSON.parse(stdout) as { messages: VnuMessage[] }).messages;
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function errorsIn(suffix: string): string[] {
    return messages
      .filter((message) => message.type === 'error' && (message.url ?? '').endsWith(suffix))
      .map((message) => `${message.url?.split('/').pop()}:${message.lastLine}: ${message.message} [${message.extract ?? ''}]`);
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
