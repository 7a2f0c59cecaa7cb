/** @module Security headers on every response but 304s, as hono's secure-headers writes them. */

import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Feeds opened in a browser are turned into a page by /feed.xsl, which browsers govern with script-src. */
export const FEED_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Pages run no script at all and load styles only from the site; images may come from any https host (seeds
 * link to photos elsewhere). Handlers may set their own Content-Security-Policy first (feeds do, for their
 * XSL stylesheet); `overwrite: false` keeps it.
 */
const applySecureHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'https:'],
    // No page has script; tools that audit a page from inside it (Lighthouse reads /robots.txt so) need it.
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
  // Seeds may show images from other hosts, which send no Cross-Origin-Resource-Policy.
  crossOriginEmbedderPolicy: false,
  referrerPolicy: 'strict-origin-when-cross-origin',
  xFrameOptions: 'DENY',
  // HSTS only means something over https; it is added per request there.
  strictTransportSecurity: false,
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [], browsingTopics: [] },
  overwrite: false,
});

let captured: Promise<readonly (readonly [string, string])[]> | undefined;

/**
 * The headers hono's secure-headers sets, read once from a response it made. Documents are served with them
 * built in ahead of time: setting a dozen headers one by one on every request costs more than serving the bytes.
 */
export function securityHeaders(): Promise<readonly (readonly [string, string])[]> {
  captured ??= Promise.resolve(
    new Hono().use(applySecureHeaders).get('*', (c) => c.body(null)).request('http://localhost/'),
  ).then((response) => [...response.headers].filter(([name]) => name !== 'content-type'));
  return captured;
}

/**
 * `response` with the security headers it does not set itself (a feed's own Content-Security-Policy stays, as
 * secure-headers' `overwrite: false` does), and HSTS over https. For the answers that are not documents, whose
 * headers are prebuilt with these (see app.ts).
 */
export async function withSecurityHeaders(response: Response, https: boolean): Promise<Response> {
  for (const [name, value] of await securityHeaders()) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  if (https) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}
