/**
 * @module Synthetic seeds for the benchmarks: `count` articles of news-like length, Markdown and scraped text
 * mixed, with Zipf-distributed tags and https images. Same `count` and `seed`, same bytes, on any machine.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A small fast PRNG with a 32-bit state: enough for test data, and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;

const WORDS = (
  'the of and to in a is that for on was with as it by at from his her they said has have be are this were which ' +
  'an or not their after had been its new more who also would will year two first last people government minister ' +
  'president officials city country state police court market bank rates prices talks week report according told ' +
  'percent million billion election vote parliament party leader crisis water energy oil gas power region border ' +
  'security forces military army attack peace deal agreement trade exports imports economy growth inflation budget ' +
  'schools hospital health workers union strike protest rally capital north south east west coast river farmers ' +
  'harvest drought flood storm weather season team match league final coach players fans stadium festival film ' +
  'music museum artists book university students research study scientists climate project plan company firm ' +
  'shares investors board chief executive spokesman statement interview council mayor residents village district ' +
  'province ministry agency service network system data online phone internet road railway airport flights port ' +
  'ships cargo fuel electricity grid solar wind plant factory jobs wages pension taxes reform law bill committee ' +
  'judge trial case prison release charges investigation evidence witnesses families children women young old ' +
  'local national international foreign regional public private major small large early late high low long short ' +
  'between during before under over against without within across around through about since until while because'
).split(' ');

const NAMES = (
  'Amina Hassan,Omar Khalil,Sara Mahmoud,Youssef Nabil,Laila Farouk,Karim Adel,Nadia Salem,Tarek Aziz,Mona Fahmy,' +
  'Ahmed Saber,Rania Zaki,Hossam Eid,Dina Kamal,Walid Samir,Heba Naguib,Staff reporter'
).split(',');

const PLACES = 'Cairo,Alexandria,Aswan,Luxor,Giza,Damascus,Amman,Beirut,Riyadh,Doha,Tunis,Rabat,Khartoum,Baghdad,Istanbul'.split(',');

/** 150 tags: a few topics carry most articles, as on a real news site. */
const TAGS = [
  'Politics', 'Economy', 'Egypt', 'Syria', 'World', 'Business', 'Sport', 'Culture', 'Health', 'Science', 'Energy',
  'Climate', 'Elections', 'Markets', 'Technology', 'Education', 'Football', 'Security', 'Diplomacy', 'Trade',
  ...PLACES,
  ...WORDS.slice(40, 155).map((word) => word[0]!.toUpperCase() + word.slice(1)),
].filter((tag, i, all) => all.indexOf(tag) === i).slice(0, 150);

/** Cumulative Zipf(s = 1) weights over TAGS. */
const TAG_CDF = (() => {
  const weights = TAGS.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
})();

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Fixed, not the clock: the corpus must not change from day to day. Eight years back from here. */
const NEWEST = Date.UTC(2026, 5, 30);
const SPAN_DAYS = 8 * 365;

export type SeedFormat = 'md' | 'txt';

/** One synthetic article, before it is written in either format (or as Hugo content). */
export interface SyntheticArticle {
  readonly file: string;
  readonly format: SeedFormat;
  readonly title: string;
  /** UTC calendar day. */
  readonly date: Date;
  readonly author: string;
  readonly tags: readonly string[];
  readonly image?: { readonly url: string; readonly alt: string };
  readonly caption?: string;
  readonly credit?: string;
  /** Paragraphs of plain text; Markdown articles also have `markdown`. */
  readonly paragraphs: readonly string[];
  readonly markdown?: string;
}

export interface CorpusOptions {
  readonly count: number;
  /** PRNG seed; the default is what every bench run uses. */
  readonly seed?: number;
  /** Share of Markdown seeds; the rest are scraped text. */
  readonly markdownShare?: number;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Index into WORDS, skewed towards the common words at the front. */
function word(random: Random): string {
  return WORDS[Math.floor(random() ** 2.2 * WORDS.length)]!;
}

function sentence(random: Random): string {
  const length = 8 + Math.floor(random() * 18);
  const words = Array.from({ length }, () => word(random));
  if (random() < 0.3) words.splice(Math.floor(random() * length), 0, pick(random, PLACES));
  if (random() < 0.15) words.push(`${Math.floor(random() * 900) + 10} percent`);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: Random): string {
  return Array.from({ length: 2 + Math.floor(random() * 4) }, () => sentence(random)).join(' ');
}

function title(random: Random): string {
  const text = Array.from({ length: 5 + Math.floor(random() * 6) }, () => word(random));
  text.splice(Math.floor(random() * text.length), 0, pick(random, PLACES));
  const joined = text.join(' ');
  return joined[0]!.toUpperCase() + joined.slice(1);
}

function tags(random: Random): string[] {
  const chosen = new Set<string>();
  const wanted = 1 + Math.floor(random() * 4);
  while (chosen.size < wanted) {
    const r = random();
    chosen.add(TAGS[TAG_CDF.findIndex((c) => r <= c)] ?? TAGS.at(-1)!);
  }
  return [...chosen];
}

/** A Markdown body of about 4 KB: paragraphs with some emphasis, a link, a subheading, a list, a quote, an image. */
function markdownBody(random: Random, paragraphs: readonly string[], imageUrl: string): string {
  const blocks = paragraphs.map((p, i) => {
    if (i === 1) return p.replace(/ (\w+) (\w+) /, ' **$1 $2** ');
    if (i === 2) return p.replace(/ (\w+) /, ` [$1](https://example.org/${Math.floor(random() * 1e6)}) `);
    if (i === 3) return p.replace(/ (\w+) /, ' *$1* ');
    return p;
  });
  blocks.splice(Math.min(3, blocks.length), 0, `## ${title(random)}`);
  if (random() < 0.5) blocks.splice(Math.min(5, blocks.length), 0, ['- ' + sentence(random), '- ' + sentence(random), '- ' + sentence(random)].join('\n'));
  if (random() < 0.4) blocks.splice(Math.min(6, blocks.length), 0, `> ${sentence(random)}`);
  if (random() < 0.5) blocks.splice(Math.min(2, blocks.length), 0, `![${sentence(random).slice(0, 40)}](${imageUrl.replace('.jpg', '-2.jpg')})`);
  return `${blocks.join('\n\n')}\n`;
}

/** The articles of a corpus, in file order. Titles (hence slugs) are unique. */
export function generateArticles({ count, seed = 1, markdownShare = 0.6 }: CorpusOptions): SyntheticArticle[] {
  const random = mulberry32(seed);
  const slugs = new Set<string>();
  const articles: SyntheticArticle[] = [];
  for (let i = 0; i < count; i++) {
    const format: SeedFormat = random() < markdownShare ? 'md' : 'txt';
    let headline = title(random);
    // Slugs must be unique; a clash (rare) gets the article number, as an editor might add a place or date.
    const slug = headline.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (slugs.has(slug)) headline = `${headline} ${i}`;
    slugs.add(headline.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    const date = new Date(NEWEST - Math.floor(random() * SPAN_DAYS) * 86_400_000);
    // ~4 KB of text: 8–13 paragraphs of 2–5 sentences.
    const paragraphs = Array.from({ length: 8 + Math.floor(random() * 6) }, () => paragraph(random));
    const id = (i * 2_654_435_761 >>> 0).toString(16).padStart(8, '0');
    const image = random() < 0.7 ? { url: `https://images.example.com/${date.getUTCFullYear()}/${id}.jpg`, alt: sentence(random).slice(0, 60) } : undefined;
    const captioned = random() < 0.5;
    articles.push({
      file: `${String(i).padStart(6, '0')}-${id}.${format}`,
      format,
      title: headline,
      date,
      author: pick(random, NAMES),
      tags: tags(random),
      ...(image ? { image } : {}),
      // A caption must not start with "By": the scraped-text reader would take it for the byline.
      ...(captioned ? { caption: `${pick(random, PLACES)}: ${sentence(random).slice(0, -1).toLowerCase()}`, credit: pick(random, ['Reuters', 'AFP', 'AP', 'SANA', 'File photo']) } : {}),
      paragraphs,
      ...(format === 'md' ? { markdown: markdownBody(random, paragraphs, image?.url ?? `https://images.example.com/inline/${id}.jpg`) } : {}),
    });
  }
  return articles;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function longDate(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** YAML double-quoted scalar: JSON strings are valid YAML. */
const yamlText = (text: string) => JSON.stringify(text);

/** The seed file bulletin reads for one article. */
export function seedText(article: SyntheticArticle): string {
  const image = article.image ? [`image: ${article.image.url}`, `image_alt: ${yamlText(article.image.alt)}`] : [];
  if (article.format === 'md') {
    return [
      '---',
      `title: ${yamlText(article.title)}`,
      `date: ${isoDay(article.date)}`,
      `author: ${yamlText(article.author)}`,
      `tags: [${article.tags.map(yamlText).join(', ')}]`,
      ...image,
      ...(article.caption ? [`caption: ${yamlText(article.caption)}`, `credit: ${yamlText(article.credit!)}`] : []),
      '---',
      article.markdown!,
    ].join('\n');
  }
  // Scraped text: tags and image only come in front matter; the rest is the Blogger page as saved.
  const day = `${WEEKDAYS[article.date.getUTCDay()]}, ${longDate(article.date)}`;
  return [
    '---',
    `tags: [${article.tags.map(yamlText).join(', ')}]`,
    ...image,
    '---',
    day,
    '',
    article.title,
    '',
    article.title,
    ...(article.caption ? [`${article.caption} / ${article.credit}`] : []),
    `By ${article.author} ${longDate(article.date)}`,
    '',
    ...article.paragraphs.flatMap((p) => [p, '']),
    // Comments after the footer would only add a warning per seed to every build.
    `${Math.floor(article.paragraphs.length / 3)} comments:`,
    '',
  ].join('\n');
}

export interface WrittenCorpus {
  readonly dir: string;
  readonly articles: readonly SyntheticArticle[];
  readonly bytes: number;
}

/** Writes the seeds of `articles` into `dir` (created if needed). */
export async function writeSeeds(articles: readonly SyntheticArticle[], dir: string): Promise<WrittenCorpus> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  // In batches: 10k concurrent writes would only queue in libuv's four threads anyway.
  for (let i = 0; i < articles.length; i += 256) {
    await Promise.all(articles.slice(i, i + 256).map((article) => {
      const text = seedText(article);
      bytes += Buffer.byteLength(text);
      return writeFile(join(dir, article.file), text);
    }));
  }
  return { dir, articles, bytes };
}
