/** @module The site's one stylesheet: system fonts, a ~65ch measure, dark mode and print, no JavaScript. */

export interface Palette {
  readonly background: string;
  /** Panels (subscribe boxes, code) sit on this; text must stay readable on it too. */
  readonly surface: string;
  readonly text: string;
  readonly muted: string;
  readonly link: string;
  readonly visited: string;
  readonly focus: string;
  /** Borders only: decoration, never the sole carrier of meaning. */
  readonly rule: string;
}

/** Every text colour here is at least 4.5:1 on both background and surface (test/build/views/stylesheet.test.ts). */
export const PALETTES: { readonly light: Palette; readonly dark: Palette } = {
  light: {
    background: '#ffffff',
    surface: '#f3f4f6',
    text: '#1c1d1f',
    muted: '#555a61',
    link: '#0b57d0',
    visited: '#6a3ea1',
    focus: '#0b57d0',
    rule: '#8a9099',
  },
  dark: {
    background: '#121417',
    surface: '#1d2024',
    text: '#e7e9ec',
    muted: '#a9afb7',
    link: '#8ab4f8',
    visited: '#c6a8f0',
    focus: '#8ab4f8',
    rule: '#6b727b',
  },
};

function customProperties(palette: Palette): string {
  return [
    `--background: ${palette.background};`,
    `--surface: ${palette.surface};`,
    `--text: ${palette.text};`,
    `--muted: ${palette.muted};`,
    `--link: ${palette.link};`,
    `--visited: ${palette.visited};`,
    `--focus: ${palette.focus};`,
    `--rule: ${palette.rule};`,
  ].join('\n  ');
}

export const STYLESHEET = `/* bulletin */
:root {
  color-scheme: light dark;
  ${customProperties(PALETTES.light)}
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  --measure: 65ch;
}

@media (prefers-color-scheme: dark) {
  :root {
    ${customProperties(PALETTES.dark).replace(/\n {2}/g, '\n    ')}
  }
}

*, *::before, *::after { box-sizing: border-box; }

html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }

body {
  margin: 0;
  background: var(--background);
  color: var(--text);
  font-family: var(--sans);
  font-size: 1.125rem;
  line-height: 1.6;
  overflow-wrap: break-word;
}

.site-header, main, .site-footer {
  max-width: var(--measure);
  margin-left: auto;
  margin-right: auto;
  padding-left: 1rem;
  padding-right: 1rem;
}

/* Links are underlined everywhere, so colour is never the only cue. */
a { color: var(--link); text-decoration: underline; text-decoration-thickness: 1px; text-underline-offset: 0.15em; }
a:visited { color: var(--visited); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }

.skip-link {
  position: absolute;
  left: 1rem;
  top: -100px;
  z-index: 10;
  padding: 0.5rem 1rem;
  background: var(--background);
  color: var(--link);
  font-weight: 600;
}
.skip-link:focus { top: 0.5rem; }

.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
}

/* Header and footer */
.site-header {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.5rem 1rem;
  padding-top: 1rem;
  padding-bottom: 0.75rem;
  border-bottom: 1px solid var(--rule);
}
.site-title { color: var(--text); font-size: 1.375rem; font-weight: 700; text-decoration: none; }
.site-title:visited { color: var(--text); }
.site-title:hover { text-decoration: underline; }

/* Navigation links are tap targets: at least 24px tall with room between them. */
.link-list { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0; padding: 0; list-style: none; }
.link-list a { display: inline-block; min-height: 2.75rem; min-width: 2.75rem; padding: 0.5rem 0.5rem; }
.link-list a[aria-current="page"] { color: var(--text); font-weight: 600; }

.site-footer {
  margin-top: 3rem;
  padding-top: 1rem;
  padding-bottom: 2rem;
  border-top: 1px solid var(--rule);
  color: var(--muted);
}
/* Smaller text inside the footer, not on it: its box keeps the body's size, so its 65ch is the header's and main's. */
.site-footer > * { font-size: 1rem; }

/* Headings and text */
h1, h2, h3 { line-height: 1.25; margin: 1.5em 0 0.5em; }
h1 { font-size: 2.25rem; margin-top: 1.25em; }
h2 { font-size: 1.5rem; }
h3 { font-size: 1.25rem; }
p, ul, ol, blockquote, figure, pre, table { margin: 0 0 1.25em; }
.muted, .meta { color: var(--muted); }
.meta { font-size: 1rem; margin-bottom: 0.5rem; }

/* Lists of articles */
.article-list { margin: 0; padding: 0; list-style: none; }
.article-summary { padding: 1.25rem 0; border-bottom: 1px solid var(--rule); }
.article-summary h2 { margin: 0 0 0.25rem; font-size: 1.375rem; }
.article-summary p:last-child { margin-bottom: 0; }

.pagination { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem 1rem; margin: 1.5rem 0; }
.pagination a { display: inline-block; min-height: 2.75rem; padding: 0.5rem 0; }
.pagination .page-count { color: var(--muted); margin: 0; }

/* Article pages */
.article-header h1 { margin-bottom: 0.75rem; }
.standfirst { font-size: 1.25rem; color: var(--muted); }
.lead-figure { margin: 1.5rem 0; }
.lead-figure img { display: block; width: 100%; height: auto; }
.caption, .lead-figure figcaption { color: var(--muted); font-size: 0.9375rem; margin-top: 0.5rem; }
.caption { border-left: 3px solid var(--rule); padding-left: 0.75rem; }
.credit { font-style: italic; }

.article-body img, .article-body video { max-width: 100%; height: auto; }
.article-body blockquote { margin-left: 0; margin-right: 0; padding-left: 1rem; border-left: 4px solid var(--rule); }
.article-body pre, .article-body code { font-family: var(--mono); font-size: 0.9em; }
.article-body pre { overflow-x: auto; padding: 1rem; background: var(--surface); }
.article-body table { border-collapse: collapse; display: block; overflow-x: auto; }
.article-body th, .article-body td { border: 1px solid var(--rule); padding: 0.25rem 0.5rem; text-align: left; }
.article-body hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }

.tags { margin: 2rem 0 1rem; }
.tags h2 { font-size: 1rem; margin: 0 0 0.25rem; }

.article-nav { margin: 2rem 0; padding: 1rem 0; border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); }
.article-nav ul { margin: 0; padding: 0; list-style: none; display: grid; gap: 0.75rem; }
.article-nav a { display: inline-block; min-height: 1.5rem; padding: 0.25rem 0; }
.article-nav .label { display: block; color: var(--muted); font-size: 0.9375rem; }

.panel { background: var(--surface); padding: 1rem 1.25rem; margin: 1.5rem 0; }
.panel h2 { margin-top: 0; font-size: 1.125rem; }
.panel p:last-child { margin-bottom: 0; }

/* Subscribe page */
.feed-urls { list-style: none; padding: 0; }
.feed-urls li { margin-bottom: 0.75rem; }
.feed-url { display: block; font-family: var(--mono); font-size: 0.875rem; color: var(--muted); overflow-wrap: anywhere; }
.tag-feeds { list-style: none; padding: 0; }
.tag-feeds > li { padding: 0.75rem 0; border-bottom: 1px solid var(--rule); }
.tag-feeds .link-list { margin-top: 0.25rem; }

@media (max-width: 30rem) {
  body { font-size: 1.0625rem; }
  h1 { font-size: 1.75rem; }
}

@media print {
  :root {
    --background: #ffffff;
    --surface: #ffffff;
    --text: #000000;
    --muted: #333333;
    --link: #000000;
    --visited: #000000;
    --rule: #999999;
  }
  body { font-size: 11pt; line-height: 1.45; }
  .site-header, main, .site-footer { max-width: none; padding: 0; }
  .skip-link, .site-nav, .site-footer nav, .pagination, .article-nav, .subscribe-note { display: none; }
  .site-header { border: 0; }
  /* On paper a link is only useful if its address is printed; root-relative ones mean nothing there. */
  .article-body a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 90%; overflow-wrap: anywhere; }
  h1, h2, h3 { break-after: avoid; }
  figure, img, blockquote, pre, li { break-inside: avoid; }
}
`;
