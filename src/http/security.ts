/** @module Security headers on every response, through hono's secure-headers. */

import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Feeds opened in a browser are turned into a page by /feed.xsl, which browsers govern with script-src. */
export const FEED_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Pages run no script at all and load styles only from the site; images may come from any https host (seeds
 * link to photos elsewhere). Handlers may set their own Content-Security-Policy first (feeds do, for their
 * XSL stylesheet); `overwrite: false` keeps it.
 */
export function security(): MiddlewareHandler {
  const headers = secureHeaders({
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
    // HSTS only means something over https; the middleware below adds it there.
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [], browsingTopics: [] },
    overwrite: false,
  });
  return async (c, next) => {
    await headers(c, next);
    if (new URL(c.req.url).protocol === 'https:') {
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  };
}
