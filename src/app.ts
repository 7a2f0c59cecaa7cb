/** @module The Hono app: every path the content bundle holds, with HTTP done the way readers and caches expect. */

import { type Context, Hono } from 'hono';
import { cacheControl } from './http/cache-control';
import { AssetsSource, BundleSource, type ContentSource, type Defer, type SourceDocument } from './http/content-source';
import { DocumentStore, feedVersionOf, type ServedDocument } from './http/documents';
import { isNotModified, parseEntityTags } from './http/entity-tags';
import { FEED_CSP, HSTS, securityHeaders, withSecurityHeaders } from './http/security';
import type { ArchiveManifest } from './site/archive';
import type { SiteBundle } from './site/bundle';
import { browserPagePath } from './site/document';

/** The Worker's bindings, as `wrangler types` generates them from wrangler.toml (worker-configuration.d.ts). */
export type Bindings = Pick<Env, 'SITE_URL'> & Partial<Pick<Env, 'CONTENT'>>;

export interface AppOptions {
  /** The clock, in milliseconds; tests set it to show scheduled articles falling due. */
  readonly now?: () => number;
  /**
   * Where a large archive keeps the content files it reads, for every isolate of the data center: by default
   * `caches.default`; null for none. Looked up at the first request, when the runtime allows it.
   */
  readonly cache?: () => Cache | null;
}

type AppContext = Context<{ Bindings: Bindings }>;

const ALLOW = 'GET, HEAD, OPTIONS';
/** Longest path bulletin looks up; anything longer is no URL it ever made. */
const MAX_PATH = 1024;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** SITE_URL values already checked, so a request does not parse the same one again. */
const checkedSiteUrls = new Map<string, string>();

/** The origin absolute URLs get: SITE_URL, or the request's own when SITE_URL is empty. */
function originOf(env: Bindings | undefined, url: RequestUrl): string {
  const siteUrl = env?.SITE_URL ?? '';
  const known = checkedSiteUrls.get(siteUrl);
  if (known !== undefined) return known;
  const configured = siteUrl.trim().replace(/\/+$/, '');
  if (!configured) return url.origin;
  let parsed: URL | undefined;
  try {
    parsed = new URL(configured);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.origin !== configured) {
    throw new ConfigurationError(`SITE_URL must be an origin such as https://news.example.com (got ${JSON.stringify(siteUrl)})`);
  }
  checkedSiteUrls.set(siteUrl, configured);
  return configured;
}

/** The parts of a request URL the app reads. */
interface RequestUrl {
  readonly origin: string;
  readonly pathname: string;
  readonly https: boolean;
}

/**
 * Splits `request.url`, which the runtime has already parsed and serialised (scheme and host lower case, dot
 * segments resolved; never credentials, which Fetch refuses in a Request), so the parts are plain slices:
 * parsing it again with `new URL` on every request costs more.
 */
function splitUrl(url: string): RequestUrl {
  const https = url.startsWith('https:');
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start === -1) return { origin: url, pathname: '/', https };
  let end = start;
  while (end < url.length && url[end] !== '?' && url[end] !== '#') end++;
  return { origin: url.slice(0, start), pathname: url.slice(start, end), https };
}

/** The request path as the bundle spells it (percent-decoded), or undefined when it cannot be decoded. */
function decodePath(pathname: string): string | undefined {
  if (!pathname.includes('%')) return pathname;
  try {
    return decodeURI(pathname);
  } catch {
    return undefined;
  }
}

/** RSS's or Atom's media type: a document's Content-Type, or one an Accept header names. */
const XML_FEED_TYPE = /application\/(?:rss|atom)\+xml/;

/**
 * Whether a feed is being opened in a browser tab: then it gets the feed's page for browsers (see
 * feeds/index.ts's FeedBrowserView), not the XML, which browsers show as text (Chromium's XSLT, which made a page
 * of it with /feed.xsl, is going away). Feed readers do not ask for HTML, or name the feed types they want.
 */
function isBrowserNavigation(headers: Headers): boolean {
  if (headers.get('Sec-Fetch-Dest') === 'document') return true;
  const accept = headers.get('Accept') ?? '';
  return accept.includes('text/html') && !XML_FEED_TYPE.test(accept);
}

/** Paths that mean a real one: repeated and trailing slashes, capital letters. */
function canonicalCandidates(path: string): string[] {
  const tidy = path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
  return [tidy, tidy.toLowerCase()].filter((candidate) => candidate !== path);
}

function plain(status: 400 | 404 | 405 | 414 | 500, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
}

/**
 * The app over the content the build made: a bundle inside the script, or, for large archives, a manifest of
 * files in Workers Static Assets (read through the CONTENT binding, which exists only once a request comes).
 */
export function createApp(content: SiteBundle | ArchiveManifest, options: AppOptions = {}): Hono<{ Bindings: Bindings }> {
  let store: DocumentStore | undefined;
  const storeFor = (env: Bindings | undefined): DocumentStore => {
    if (store) return store;
    let source: ContentSource;
    if ('fragments' in content) source = new BundleSource(content);
    else if (env?.CONTENT) source = new AssetsSource(content, env.CONTENT, (options.cache ?? defaultCache)() ?? undefined);
    else throw new ConfigurationError('this build keeps its content in static assets, but the Worker has no CONTENT binding');
    return (store = new DocumentStore(source));
  };
  const now = options.now ?? Date.now;
  /** The request as the handler reads it, once the path is known to be one to look up. */
  const documentRequest = (raw: Request, env: Bindings | undefined, url: RequestUrl, path: string, store: DocumentStore): DocumentRequest => {
    // Reading the clock is a call into the runtime: only a site with a scheduled article needs it.
    const at = store.scheduled ? now() : 0;
    const { epoch, nextAt } = store.epochAt(at);
    return { raw, env, url, path, epoch, secondsLeft: (nextAt - at) / 1000 };
  };
  const app = new Hono<{ Bindings: Bindings }>();

  // One handler for every request: Hono calls a lone handler directly, where a middleware or a second matching
  // route puts every request through its compose chain (bench/overhead.ts: ~10 µs of a ~100 µs 304 in workerd).
  // Documents carry their security headers prebuilt; every other answer gets them from withSecurityHeaders.
  app.all('*', (c) => {
    const { raw } = c.req;
    const url = splitUrl(raw.url);
    const { method } = raw;
    if (method === 'OPTIONS') return withSecurityHeaders(new Response(null, { status: 204, headers: { Allow: ALLOW } }), url.https);
    // Hono answers HEAD with what the handler answers GET, without the body.
    if (method !== 'GET' && method !== 'HEAD') return withSecurityHeaders(plain(405, 'Method Not Allowed', { Allow: ALLOW }), url.https);
    const { pathname } = url;
    if (pathname.length > MAX_PATH) return withSecurityHeaders(plain(414, 'URI Too Long'), url.https);
    const path = decodePath(pathname);
    if (path === undefined) return withSecurityHeaders(plain(400, 'Bad Request: the path is not valid percent-encoded UTF-8'), url.https);
    const store = storeFor(c.env);
    // What the isolate has ready was answered before Hono dispatched the request (answerReady, below).
    return answer(documentRequest(raw, c.env, url, path, store), c, store);
  });

  app.onError((error, c) => {
    console.error(`bulletin: ${c.req.method} ${c.req.url} failed:`, error);
    return withSecurityHeaders(plain(500, 'Internal Server Error'), c.req.url.startsWith('https:'));
  });

  /**
   * A GET or HEAD of a document this isolate has ready for the request's variant (sent before, its headers
   * prepared), answered as the handler would, but at once and before Hono dispatches the request. At once: every
   * await costs a turn of the event loop, and a promise for the runtime to wait on (bench: ~6 % of a 304's
   * instructions). Before Hono: its own work for a request (its Context and request wrapper, the router's match, a
   * closure for the handler's `next`) costs more than looking the answer up; the same 304, made once, took 197–208k
   * instructions in a plain Worker and 215–229k in a one-route Hono app (bench/README.md, "Answers before Hono" and
   * "Another machine, and one 304 for every reader"). Undefined for anything else, which Hono dispatches, and where
   * the handler's work throws, so that errors are Hono's to report.
   */
  const answerReady = (raw: Request, env: Bindings | undefined): Response | undefined => {
    const { method } = raw;
    if (store === undefined || (method !== 'GET' && method !== 'HEAD')) return undefined;
    const url = splitUrl(raw.url);
    const path = url.pathname.length > MAX_PATH ? undefined : decodePath(url.pathname);
    if (path === undefined) return undefined;
    try {
      const request = documentRequest(raw, env, url, path, store);
      const found = store.findNow(request.epoch, path);
      const response = found && answerNow(request, store, found);
      return response && method === 'HEAD' ? new Response(null, response) : response;
    } catch {
      return undefined;
    }
  };
  const dispatch = app.fetch;
  app.fetch = (request, env, executionCtx) => answerReady(request, env as Bindings | undefined) ?? dispatch(request, env, executionCtx);
  return app;
}

/** A GET or HEAD of a path, with what the handler worked out about it. */
interface DocumentRequest {
  readonly raw: Request;
  readonly env: Bindings | undefined;
  readonly url: RequestUrl;
  /** Percent-decoded. */
  readonly path: string;
  readonly epoch: number;
  /** Until the next scheduled article falls due (Infinity when none is scheduled). */
  readonly secondsLeft: number;
}

const defaultCache = (): Cache | null => (typeof caches === 'undefined' ? null : caches.default);

/**
 * The request's `waitUntil`, for the reads that store what they fetched in the Cache API. A request made without
 * an ExecutionContext (`app.request` in a test) has the work go on unawaited.
 */
function deferOf(c: AppContext): Defer {
  try {
    const context = c.executionCtx;
    return (work) => context.waitUntil(work);
  } catch {
    return (work) => void work.catch(() => {});
  }
}

/** Finds, reads and prepares what the request asks for, whatever this isolate holds already. */
async function answer(request: DocumentRequest, c: AppContext, store: DocumentStore): Promise<Response> {
  const { raw, env, url, path, epoch, secondsLeft } = request;
  const defer = deferOf(c);
  const found = await store.find(epoch, path, defer);
  if (found === undefined) {
    for (const candidate of canonicalCandidates(path)) {
      if (await store.find(epoch, candidate, defer)) return withSecurityHeaders(c.redirect(encodeURI(candidate), 301), url.https);
    }
    const notFound = await store.serve(await store.notFound(epoch, defer), originOf(env, url), defer);
    return withSecurityHeaders(new Response(notFound.body, {
      status: 404,
      headers: { 'Content-Type': notFound.source.contentType, 'Cache-Control': cacheControl('page', Math.min(secondsLeft, 60)) },
    }), url.https);
  }

  const origin = originOf(env, url);
  const page = opensFeedInBrowser(raw, found) ? await store.find(epoch, browserPagePath(path), defer) : undefined;
  const document = await store.serve(page ?? found, origin, defer);
  const variant = variantOf(request, document);
  const prepared = await prepareVariant(document, variant, varyOf(found));
  const ready = respond(request, document, prepared);
  if (ready) return ready;
  const { headers } = prepared;
  // The reader asked for an RFC 3229 delta of a subscription feed.
  const delta = await deltaFor(c, store, document, origin, defer);
  if (delta !== undefined) {
    const deltaHeaders = new Headers(headers);
    deltaHeaders.set('IM', 'feed');
    // A delta is for the one reader that asked; caches that do not know RFC 3229 must not keep it.
    deltaHeaders.set('Cache-Control', 'no-store, im');
    return new Response(delta, { status: 226, headers: deltaHeaders });
  }
  return new Response(document.body, { status: 200, headers });
}

/**
 * The 304 or the 200 for the document found, or for an RSS or Atom document opened in a browser its page, when
 * this isolate has it ready with its headers for this request's variant. Undefined when it has not, and when the
 * reader asks for a delta of a subscription feed (`A-IM`), which `answer` works out.
 */
function answerNow(request: DocumentRequest, store: DocumentStore, found: SourceDocument): Response | undefined {
  const { raw, env, url, epoch, path } = request;
  const source = opensFeedInBrowser(raw, found) ? store.findNow(epoch, browserPagePath(path)) : found;
  const document = source && store.servedNow(source, originOf(env, url));
  if (document === undefined) return undefined;
  const variant = variantOf(request, document);
  const prepared = preparedFor(document, variant);
  return prepared && respond(request, document, prepared);
}

/** The variant's 304, or a 200 with its prepared headers; undefined when the reader asks for a delta (see answerNow). */
function respond(request: DocumentRequest, document: ServedDocument, prepared: PreparedVariant): Response | undefined {
  const { headers } = request.raw;
  if (isNotModified(headers, prepared.etag, document.lastModifiedTime)) return prepared.notModified;
  if (document.source.items && headers.has('A-IM')) return undefined;
  return new Response(document.body, { status: 200, headers: prepared.headers });
}

const isXmlFeed = (document: SourceDocument): boolean => XML_FEED_TYPE.test(document.contentType);

/** Whether the request is a browser opening `found`, an RSS or Atom document: then it gets the document's page. */
const opensFeedInBrowser = (raw: Request, found: SourceDocument): boolean => isXmlFeed(found) && isBrowserNavigation(raw.headers);

function variantOf({ url, secondsLeft }: DocumentRequest, document: ServedDocument): Variant {
  return { cacheControl: cacheControl(document.source.cache, secondsLeft), https: url.https };
}

/**
 * What the answers at the address of `found` vary with: RSS and Atom documents' addresses also serve their pages
 * to browsers (see isBrowserNavigation), and subscription feeds answer RFC 3229 deltas. The same for both answers.
 */
function varyOf(found: SourceDocument): string {
  const negotiated = isXmlFeed(found);
  if (found.items) return negotiated ? 'Accept-Encoding, Accept, Sec-Fetch-Dest, A-IM' : 'Accept-Encoding, A-IM';
  return negotiated ? 'Accept-Encoding, Accept, Sec-Fetch-Dest' : 'Accept-Encoding';
}

interface Variant {
  readonly cacheControl: string;
  readonly https: boolean;
}

/** What a document's answers to one variant share, made once: the 200's headers, the 304, the ETag. */
interface PreparedVariant {
  /** Every header of the 200. */
  readonly headers: Headers;
  /**
   * The 304 itself, with only what RFC 9110 (15.4.5) asks it to repeat, ETag, Cache-Control and Vary: the reader's
   * cache keeps every other header of the response it already holds, security headers included. One Response for
   * every request of the variant: workerd sends a Response without a body as often as a Worker returns it (tested
   * through the runtime, test/worker/index.test.ts). Made anew, it was a constructor call and a copy of its headers
   * at every request, ~20k instructions of a 304's ~250k in workerd (bench/README.md, "Another machine, and one 304
   * for every reader"). Nothing may change it after it is made.
   */
  readonly notModified: Response;
  readonly etag: string;
}

/** Every header of a document's responses, and its 304, made once per variant: per request, only the 200 is new. */
const preparedVariants = new WeakMap<ServedDocument, Map<string, PreparedVariant>>();

const variantKey = (variant: Variant): string => `${variant.cacheControl}\n${variant.https}`;

/** What is prepared for `document` in `variant`, if anything yet. */
const preparedFor = (document: ServedDocument, variant: Variant): PreparedVariant | undefined =>
  preparedVariants.get(document)?.get(variantKey(variant));

/** `vary`: see varyOf. A document is only ever sent at one address, so its Vary is always the same. */
async function prepareVariant(document: ServedDocument, variant: Variant, vary: string): Promise<PreparedVariant> {
  const known = preparedFor(document, variant);
  if (known) return known;

  const { source, etag } = document;
  const notModified = new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': variant.cacheControl, Vary: vary } });
  const headers = new Headers((await securityHeaders()).map(([name, value]) => [name, value]));
  headers.set('Content-Type', source.contentType);
  headers.set('ETag', etag);
  if (document.lastModified) headers.set('Last-Modified', document.lastModified);
  headers.set('Cache-Control', variant.cacheControl);
  headers.set('Vary', vary);
  if (source.isFeed || source.contentType.startsWith('text/xsl')) {
    headers.set('Content-Security-Policy', FEED_CSP);
    // Web-based feed readers fetch feeds from their own origin.
    headers.set('Access-Control-Allow-Origin', '*');
    headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  }
  if (variant.https) headers.set('Strict-Transport-Security', HSTS);
  let variants = preparedVariants.get(document);
  if (!variants) preparedVariants.set(document, (variants = new Map()));
  // Near a scheduled article Cache-Control changes every second; do not keep a variant for each.
  if (variants.size > 8) variants.clear();
  const prepared = { headers, notModified, etag };
  variants.set(variantKey(variant), prepared);
  return prepared;
}

/**
 * RFC 3229 delta: a reader that sends `A-IM: feed` with the ETag of the version it has gets only the items
 * updated since, as `226 IM Used`. Undefined (send the whole feed) when it did not ask, or when its ETag is not
 * one of ours, or when nothing is newer although the feed changed.
 */
async function deltaFor(c: AppContext, store: DocumentStore, document: ServedDocument, origin: string, defer: Defer): Promise<string | undefined> {
  const asked = c.req.header('A-IM')?.split(',').some((im) => im.trim().split(';')[0]!.toLowerCase() === 'feed');
  const items = document.source.items;
  if (!asked || !items) return undefined;
  const versions = parseEntityTags(c.req.header('If-None-Match') ?? '')
    .map(feedVersionOf)
    .filter((version) => version !== undefined);
  if (versions.length === 0) return undefined;
  const since = Math.max(...versions);
  if (!items.some((item) => Date.parse(item.updated) > since)) return undefined;
  // The oldest item in this feed must be older than the reader's version, or items between may be missing.
  const oldest = items.at(-1);
  if (oldest && Date.parse(oldest.updated) > since) return undefined;
  return store.delta(document.source, since, origin, defer);
}
