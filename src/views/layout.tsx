/** @module The document every page shares: head metadata, skip link, header, main, footer. */

import { html, raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ArticleImage } from '../content/article';
import { absolute } from '../site/origin';
import { languageAttributes, openGraphLocale, textDirection } from './language';
import type { PageContext } from './page-context';
import { FEED_FORMATS, HOME_PATH, SUBSCRIBE_PATH, feedPath } from './paths';
import { absoluteUrl } from './structured-data';

export interface LayoutProps {
  readonly ctx: PageContext;
  /** The whole `<title>`, site name included. */
  readonly title: string;
  readonly description: string;
  /** Absent only where no URL is the page's own (the 404 page, served at any address). */
  readonly canonicalPath?: string | undefined;
  /** Language of the main content; the site's own when absent. */
  readonly lang?: string | undefined;
  /** A tag whose feeds this page advertises next to the site's. */
  readonly tag?: string | undefined;
  readonly openGraph: {
    readonly type: 'website' | 'article';
    readonly title: string;
    readonly image?: ArticleImage | undefined;
  };
  /** Extra head elements: `article:*` properties, JSON-LD. */
  readonly head?: Child;
  readonly noindex?: boolean;
  /** Marks the matching header link with `aria-current="page"`. */
  readonly current?: 'home' | 'subscribe' | undefined;
  readonly children?: Child;
}

export function Layout(props: LayoutProps) {
  const { ctx, title, description, canonicalPath, tag, openGraph, head, current, children } = props;
  const { config } = ctx;
  const lang = props.lang ?? config.lang;
  const noindex = props.noindex ?? false;
  // When the content is in another language, the site's own words around it keep the site's language.
  const chrome = languageAttributes(config.lang, lang);
  const canonical = canonicalPath === undefined ? undefined : absolute(canonicalPath);
  const image = openGraph.image;

  return (
    <html lang={lang} dir={textDirection(lang)}>
      <head>
        {CHARSET_AND_VIEWPORT}
        <title>{title}</title>
        <HeadMeta name="description" content={description} />
        {noindex ? <HeadMeta name="robots" content="noindex" /> : null}
        {canonical === undefined ? null : <HeadLink rel="canonical" href={canonical} />}
        <HeadLink rel="stylesheet" href={ctx.stylesheetPath} />
        {config.icon === undefined ? null : <HeadLink rel="icon" href={config.icon} />}
        {FEED_FORMATS.map((format) => (
          <HeadLink rel="alternate" type={format.type} title={`${config.title} (${format.label})`} href={absolute(feedPath(format))} />
        ))}
        {tag === undefined
          ? null
          : FEED_FORMATS.map((format) => (
              <HeadLink
                rel="alternate"
                type={format.type}
                title={`${config.title}: ${tag} (${format.label})`}
                href={absolute(feedPath(format, tag))}
              />
            ))}
        <HeadMeta property="og:site_name" content={config.title} />
        <HeadMeta property="og:type" content={openGraph.type} />
        <HeadMeta property="og:title" content={openGraph.title} />
        <HeadMeta property="og:description" content={description} />
        {canonical === undefined ? null : <HeadMeta property="og:url" content={canonical} />}
        <HeadMeta property="og:locale" content={openGraphLocale(lang)} />
        {image === undefined ? null : <HeadMeta property="og:image" content={absoluteUrl(image.url)} />}
        {image === undefined || image.alt === '' ? null : <HeadMeta property="og:image:alt" content={image.alt} />}
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main" {...chrome}>
          Skip to content
        </a>
        <header class="site-header" {...chrome}>
          <a class="site-title" href={HOME_PATH}>
            {config.title}
          </a>
          <nav class="site-nav" aria-label="Site">
            <ul class="link-list">
              <li>
                <a href={HOME_PATH} aria-current={current === 'home' ? 'page' : undefined}>
                  Latest
                </a>
              </li>
              <li>
                <a href={SUBSCRIBE_PATH} aria-current={current === 'subscribe' ? 'page' : undefined}>
                  Subscribe
                </a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer" {...chrome}>
          <p>{config.description}</p>
          <nav aria-label="Feeds">
            <ul class="link-list">
              {FEED_FORMATS.map((format) => (
                <li>
                  <a href={feedPath(format)}>{format.name}</a>
                </li>
              ))}
              <li>
                <a href={SUBSCRIBE_PATH}>All ways to subscribe</a>
              </li>
            </ul>
          </nav>
        </footer>
      </body>
    </html>
  );
}

/** What starts every page's head, the same for all: written once. */
const CHARSET_AND_VIEWPORT = raw('<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>');

type HeadMetaProps = { readonly name: string; readonly content: string } | { readonly property: string; readonly content: string };

/**
 * A `<meta>` with a name or a property, written as hono/jsx writes the element: hono/jsx's own `meta`, even in
 * `<head>`, makes a second element of each one and renders it apart (10k article pages, each with a dozen or more:
 * 0.75 s, 0.6 s this way, the same bytes).
 */
export function HeadMeta(props: HeadMetaProps) {
  return 'name' in props
    ? html`<meta name="${props.name}" content="${props.content}"/>`
    : html`<meta property="${props.property}" content="${props.content}"/>`;
}

interface HeadLinkProps {
  readonly rel: string;
  readonly type?: string;
  readonly title?: string;
  readonly href: string;
}

/**
 * A `<link>` in `<head>`, written as hono/jsx writes the element. Its own `link` takes any link but a plain
 * stylesheet for metadata to hoist into `<head>`: once the page is rendered, it searches and rewrites the whole page
 * for each one, though these are in `<head>` already and stay where they are. That was a third of the time an
 * article page took (10k pages: 1.10 s, 0.75 s this way, the same bytes).
 */
function HeadLink({ rel, type, title, href }: HeadLinkProps) {
  const typeAttribute = type === undefined ? '' : html` type="${type}"`;
  const titleAttribute = title === undefined ? '' : html` title="${title}"`;
  return html`<link rel="${rel}"${typeAttribute}${titleAttribute} href="${href}"/>`;
}

/** hono/jsx renders to a string synchronously as long as no component is async; the build needs a string. */
export function renderDocument(element: JSX.Element): string {
  const html: unknown = element instanceof Promise ? element : element.toString();
  if (typeof html !== 'string') throw new TypeError('views must render synchronously: an async component crept in');
  return `<!DOCTYPE html>${html}`;
}
