/** @module `npm run new -- "A headline"`: a dated Markdown seed with every front-matter field filled in or commented. */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { site } from '../src/config';
import { slugify } from '../src/content/slug';

const title = process.argv.slice(2).join(' ').trim();
if (title === '') {
  console.error('bulletin: give the headline: npm run new -- "A headline"');
  process.exit(2);
}
const slug = slugify(title);
if (slug === '') {
  console.error(`bulletin: cannot make a file name from ${JSON.stringify(title)}; use a headline with letters or digits`);
  process.exit(2);
}

// The day in the site's time zone, so a seed made late in the evening is not dated tomorrow.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: site.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const file = join('seeds', `${today}-${slug}.md`);
const quoted = JSON.stringify(title);

const seed = `---
title: ${quoted}
date: ${today}                # or a date-time with offset: ${today}T09:30:00+02:00; later dates publish then
# updated: ${today}           # when the article was last changed, if after "date"
# author: ${JSON.stringify(site.defaultAuthor)}          # defaults to the site's author
# summary: "One or two sentences for lists and feeds."   # defaults to the start of the first paragraph
tags: []                      # e.g. [Economy, Egypt]
# image: https://images.example.com/photo.jpg          # absolute http(s) URL
# image_alt: "What the photo shows"
# caption: "What the photo shows, for readers"
# credit: "Photographer / Agency"
# slug: ${slug}               # the URL: /articles/${slug}
# id: urn:uuid:…              # defaults to an id made from the file name; never change it once published
# lang: ${site.lang}                      # defaults to the site's language
draft: true                   # set to false (or remove) to publish
---
Write the article here, in Markdown.
`;

try {
  await writeFile(file, seed, { flag: 'wx' });
  console.log(`bulletin: created ${file} (a draft: set "draft: false" to publish)`);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  console.error(`bulletin: ${file} already exists; choose another headline or edit that file`);
  process.exit(1);
}
