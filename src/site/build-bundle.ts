/** @module Build side: articles → the content bundle, with an epoch for every scheduled article. */

import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import type { Epoch, SiteBundle } from './bundle';
import type { BuiltDocument } from './document';
import { prepareAssets, renderSite } from './render';

/**
 * `articles` are all non-draft articles, newest first, scheduled ones included. The first epoch shows what is
 * published at `now`; each later one starts when a scheduled article falls due.
 */
export function buildBundle(articles: readonly Article[], config: SiteConfig, now: Date): SiteBundle {
  const assets = prepareAssets(config);
  const documents: BuiltDocument[] = [];
  const indexes = new Map<string, number>();
  const store = (document: BuiltDocument): number => {
    const key = createHash('sha256')
      .update(`${document.contentType}\n${document.cache}\n${document.lastModified}\n`)
      .update(document.body)
      .digest('base64');
    let index = indexes.get(key);
    if (index === undefined) {
      index = documents.push(document) - 1;
      indexes.set(key, index);
    }
    return index;
  };

  const cutoff = now.toISOString();
  const scheduled = [...new Set(articles.map((a) => a.published).filter((published) => published > cutoff))].sort();
  const epochs: Epoch[] = [null, ...scheduled].map((from) => {
    const until = from ?? cutoff;
    const site = renderSite(articles.filter((a) => a.published <= until), assets);
    const routes: Record<string, number> = {};
    for (const [path, document] of site.routes) routes[path] = store(document);
    return { from, routes, notFound: store(site.notFound) };
  });
  return { documents, epochs };
}
