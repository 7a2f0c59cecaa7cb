/** @module Security headers on every response, through hono's secure-headers. */

import { Hono, type MiddlewareHandler } from 'hono';
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

/** Responses built with their security headers already in place (see `securityHeaders`). */
const secured = new WeakSet<Response>();

/** Marks a response whose headers already include `securityHeaders()`, so the middleware leaves it alone. */
export function secure(response: Response): Response {
  secured.add(response);
  return response;
}

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

/** Adds the security headers to every response the handlers did not build with them, and HSTS over https. */
export function security(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (secured.has(c.res)) return;
    await applySecureHeaders(c, async () => {});
    if (c.req.url.startsWith('https:')) c.header('Strict-Transport-Security', HSTS);
  };
}
