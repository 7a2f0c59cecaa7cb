/**
 * @module The XSLT 1.0 stylesheet that makes a readable page of an RSS or Atom feed, for a client that renders XML
 * with XSLT. A browser that opens a feed gets the feed's own page for browsers instead (see app.ts): Chromium is
 * removing XSLT.
 */

import type { SiteConfig } from '../config';
import type { BuiltDocument } from '../site/document';
import { UNDATED } from '../content/article';
import { NAMESPACES } from './model';
import { escapeXmlAttribute, escapeXmlText, stripIllegalCharacters } from './xml';

/** Where the stylesheet is served; RSS and Atom documents point here with `<?xml-stylesheet?>`. */
export const FEED_STYLESHEET_PATH = '/feed.xsl';

/**
 * Readers ignore the processing instruction; browsers apply it. No script anywhere (the Worker's CSP allows
 * none), styles in one `<style>` element. Dates are shown as the feed spells them: XSLT 1.0 cannot format them.
 */
export function buildFeedStylesheet(config: SiteConfig): BuiltDocument {
  const lang = escapeXmlAttribute(stripIllegalCharacters(config.lang));
  const siteTitle = escapeXmlText(stripIllegalCharacters(config.title));
  const body = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="${NAMESPACES.atom}"
    xmlns:dc="${NAMESPACES.dc}"
    exclude-result-prefixes="atom dc">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="normalize-space(rss/channel/title | atom:feed/atom:title)"/>
    <xsl:variable name="description" select="normalize-space(rss/channel/description | atom:feed/atom:subtitle)"/>
    <xsl:variable name="home" select="rss/channel/link | atom:feed/atom:link[@rel = 'alternate']/@href"/>
    <xsl:variable name="self" select="rss/channel/atom:link[@rel = 'self']/@href | atom:feed/atom:link[@rel = 'self']/@href"/>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          body { font: 1rem/1.5 system-ui, sans-serif; max-width: 42rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; background: #fff; }
          .subscribe { background: #fff4d6; border: 1px solid #e8c66b; padding: 0.75rem 1rem; border-radius: 0.25rem; }
          .subscribe code { overflow-wrap: anywhere; }
          ol { list-style: none; padding: 0; }
          li { border-bottom: 1px solid #ddd; padding: 0.75rem 0; }
          time { color: #555; font-size: 0.875rem; }
          @media (prefers-color-scheme: dark) { body { color: #eee; background: #161616; } .subscribe { background: #3a3010; border-color: #7a6520; } li { border-color: #333; } time { color: #aaa; } a { color: #8ab4f8; } }
        </style>
      </head>
      <body>
        <p class="subscribe">This is a web feed. To subscribe, copy its address
          <xsl:if test="$self"> (<code><xsl:value-of select="$self"/></code>)</xsl:if>
          into your feed reader.</p>
        <header>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$description"/></p>
          <p><a href="{$home}">Visit ${siteTitle} in the browser</a></p>
        </header>
        <main>
          <h2>Recent items</h2>
          <ol>
            <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <time><xsl:value-of select="pubDate"/></time>
      <xsl:if test="dc:creator"> · <xsl:value-of select="dc:creator"/></xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h3><a href="{atom:link[not(@rel) or @rel = 'alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
      <xsl:if test="atom:author/atom:name"> · <xsl:value-of select="atom:author/atom:name"/></xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
`;
  return { contentType: 'text/xsl; charset=utf-8', body, lastModified: UNDATED, cache: 'asset' };
}
