/**
 * @module The same synthetic articles as a minimal Hugo site, the yardstick for build time: single and list
 * pages, paginated by 20 like bulletin, tag pages, and full-content RSS for the home page and every tag.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyntheticArticle } from './corpus';

const CONFIG = `baseURL = "https://example.com/"
languageCode = "en"
title = "bulletin"
paginate = 20
disableKinds = ["robotsTXT"]
[taxonomies]
tag = "tags"
# Every article in every feed, as bulletin's feeds plus their RFC 5005 archives hold them.
[services.rss]
limit = -1
`;

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }} – {{ .Site.Title }}</title>{{ range .AlternativeOutputFormats }}<link rel="alternate" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}</head><body>`;

const SINGLE = `${HEAD}
<article><h1>{{ .Title }}</h1><p>By {{ .Params.author }}, <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
{{ with .Params.image }}<figure><img src="{{ . }}" alt="{{ $.Params.image_alt }}">{{ with $.Params.caption }}<figcaption>{{ . }}</figcaption>{{ end }}</figure>{{ end }}
{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article></body></html>
`;

const LIST = `${HEAD}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Date.Format "January 2, 2006" }}</p><p>{{ .Summary }}</p></article>{{ end }}
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
</body></html>
`;

/** Hugo's own RSS template, but with the full content rather than the summary. */
const RSS = `{{- $pages := .Pages -}}{{- if .IsHome -}}{{- $pages = .Site.RegularPages -}}{{- end -}}
{{- $limit := .Site.Config.Services.RSS.Limit -}}{{- if ge $limit 1 -}}{{- $pages = $pages | first $limit -}}{{- end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\" standalone=\\"yes\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>{{ .Title }}</title><link>{{ .Permalink }}</link>
<description>{{ .Title }}</description><language>en</language>
{{- with .OutputFormats.Get "RSS" }}<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml"/>{{ end }}
{{- range $pages }}
<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate><author>{{ .Params.author }}</author><guid>{{ .Permalink }}</guid>
{{- range .Params.tags }}<category>{{ . }}</category>{{ end }}<description>{{ .Content | html }}</description></item>
{{- end }}
</channel></rss>
`;

function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** One article as Hugo content: YAML front matter, and the Markdown body (scraped text becomes paragraphs). */
function hugoContent(article: SyntheticArticle): string {
  const front = [
    '---',
    `title: ${JSON.stringify(article.title)}`,
    `date: ${article.date.toISOString()}`,
    `slug: ${slugOf(article.title)}`,
    `author: ${JSON.stringify(article.author)}`,
    `tags: [${article.tags.map((t) => JSON.stringify(t)).join(', ')}]`,
    ...(article.image ? [`image: ${article.image.url}`, `image_alt: ${JSON.stringify(article.image.alt)}`] : []),
    ...(article.caption ? [`caption: ${JSON.stringify(article.caption)}`] : []),
    '---',
  ];
  return `${front.join('\n')}\n${article.markdown ?? `${article.paragraphs.join('\n\n')}\n`}`;
}

/** Writes the Hugo site for `articles` into `dir`; `hugo --source dir` builds it. */
export async function writeHugoSite(articles: readonly SyntheticArticle[], dir: string): Promise<void> {
  const layouts = join(dir, 'layouts', '_default');
  const content = join(dir, 'content', 'articles');
  await mkdir(layouts, { recursive: true });
  await mkdir(content, { recursive: true });
  await writeFile(join(dir, 'hugo.toml'), CONFIG);
  await writeFile(join(layouts, 'single.html'), SINGLE);
  await writeFile(join(layouts, 'list.html'), LIST);
  await writeFile(join(layouts, 'rss.xml'), RSS);
  for (let i = 0; i < articles.length; i += 256) {
    await Promise.all(articles.slice(i, i + 256).map((article) =>
      writeFile(join(content, article.file.replace(/\.\w+$/, '.md')), hugoContent(article))));
  }
}
