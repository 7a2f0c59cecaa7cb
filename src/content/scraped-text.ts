/**
 * @module Reading a story saved as plain text from a Blogger page.
 *
 * ```text
 * Wednesday, January 28, 2026                    ← date header
 *
 * Headline                                       ← the headline…
 *
 * Headline                                       ← …printed again (optional)
 * Photo caption text / Credit                    ← caption; the credit follows the last " / " (optional)
 * By Author Name January 28, 2026                ← byline, date optional (optional)
 *
 * First paragraph.                               ← paragraphs, separated by blank lines
 *
 * No comments:                                   ← footer: "No comments:", "1 comment:", "N comments:"
 * ```
 * Caption and byline sit right under the repeated headline, with no blank line between.
 */

import { type CalendarDay, parseMonthDayYear, weekdayOf } from './dates';
import type { Problem } from './problems';

export interface ScrapedText {
  readonly day: CalendarDay;
  readonly title: string;
  readonly caption?: string;
  readonly credit?: string;
  readonly author?: string;
  readonly paragraphs: readonly string[];
}

interface Line {
  readonly number: number;
  readonly text: string;
}

const DATE_HEADER = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (.+)$/;
const BYLINE = /^By\s+(.+?)(?:\s+([A-Z][a-z]+ \d{1,2}, \d{4}))?$/;
const FOOTER = /^(?:No comments|1 comment|\d+ comments):$/;

/** A tab, two spaces in a row, or anything past ASCII, where every space but U+0020 lies. */
const MAY_NEED_CLEANING = /[\t\u0080-\uFFFF]| {2}/;

/**
 * Normalises what scraping leaves behind: no-break and other Unicode spaces become plain spaces, runs of spaces
 * one space, and the line is trimmed.
 */
function cleanLine(text: string): string {
  // Most lines have single ASCII spaces only, which the Unicode-aware replace (slow in V8) would leave as they are.
  if (!MAY_NEED_CLEANING.test(text)) return text.trim();
  return text.replace(/[\p{Zs}\t]+/gu, ' ').trim();
}

/**
 * Reads the scraped format. `text` has already lost its BOM and front matter and uses `\n` line ends;
 * `firstLine` is the file line `text` starts on, so problems point at the seed's own lines.
 */
export function parseScrapedText(
  text: string,
  file: string,
  firstLine: number,
): { readonly value?: ScrapedText; readonly problems: readonly Problem[] } {
  const problems: Problem[] = [];
  const error = (line: number | undefined, field: string, message: string) =>
    problems.push({ file, ...(line === undefined ? {} : { line }), field, message, severity: 'error' });

  const lines: Line[] = text.split('\n').map((raw, index) => ({ number: firstLine + index, text: cleanLine(raw) }));
  let at = 0;
  const skipBlank = () => {
    while (at < lines.length && lines[at]!.text === '') at++;
  };
  const lastLine = lines.at(-1)?.number ?? firstLine;

  skipBlank();
  const header = lines[at];
  if (!header) {
    error(firstLine, 'date header', 'expected a date header like "Wednesday, January 28, 2026" (got an empty file)');
    return { problems };
  }
  const headerMatch = DATE_HEADER.exec(header.text);
  const day = headerMatch ? parseMonthDayYear(headerMatch[2]!) : undefined;
  if (!headerMatch || !day) {
    error(header.number, 'date header', `expected a date like "Wednesday, January 28, 2026" (got ${JSON.stringify(header.text)})`);
    return { problems };
  }
  if (weekdayOf(day) !== headerMatch[1]) {
    error(header.number, 'date header', `says ${headerMatch[1]}, but ${headerMatch[2]} is a ${weekdayOf(day)}`);
  }
  at++;

  skipBlank();
  const headline = lines[at];
  if (!headline || FOOTER.test(headline.text)) {
    error(headline?.number ?? lastLine, 'headline', 'expected the headline after the date header (got nothing)');
    return { problems };
  }
  at++;

  // Blogger prints the headline again above the post body; when it does, caption and byline follow it.
  const repeat = lines.slice(at).find((line) => line.text !== '');
  let caption: string | undefined;
  let credit: string | undefined;
  let author: string | undefined;
  if (repeat?.text === headline.text) {
    at = lines.indexOf(repeat) + 1;
    for (; at < lines.length && lines[at]!.text !== ''; at++) {
      const line = lines[at]!;
      const byline = BYLINE.exec(line.text);
      if (byline) {
        if (author !== undefined) error(line.number, 'byline', `expected one byline (got a second: ${JSON.stringify(line.text)})`);
        author = byline[1]!;
        if (byline[2] !== undefined && !parseMonthDayYear(byline[2])) {
          error(line.number, 'byline', `expected a date like "January 28, 2026" after the author (got ${JSON.stringify(byline[2])})`);
        }
      } else if (author !== undefined || caption !== undefined) {
        error(line.number, 'caption', `expected one caption line before the byline (got ${JSON.stringify(line.text)}); separate paragraphs with a blank line`);
      } else {
        const credited = line.text.lastIndexOf(' / ');
        caption = credited === -1 ? line.text : line.text.slice(0, credited).trim();
        if (credited !== -1) credit = line.text.slice(credited + 3).trim();
        if (caption === '' || credit === '') error(line.number, 'caption', `expected "caption / credit" (got ${JSON.stringify(line.text)})`);
      }
    }
  }

  const paragraphs: string[] = [];
  let current: string[] = [];
  let footer: Line | undefined;
  for (; at < lines.length; at++) {
    const line = lines[at]!;
    if (line.text === '') {
      if (current.length) paragraphs.push(current.join(' '));
      current = [];
    } else if (current.length === 0 && FOOTER.test(line.text)) {
      footer = line;
      break;
    } else {
      current.push(line.text);
    }
  }
  if (current.length) paragraphs.push(current.join(' '));

  if (footer) {
    const after = lines.slice(at + 1).find((line) => line.text !== '');
    if (after) {
      problems.push({
        file, line: after.number, field: 'footer', severity: 'warning',
        message: `text after ${JSON.stringify(footer.text)} is the page's comments, not the article, and is left out`,
      });
    }
  }
  if (paragraphs.length === 0) error(footer?.number ?? lastLine, 'body', 'expected at least one paragraph after the headline (got none)');

  return {
    value: {
      day,
      title: headline.text,
      ...(caption === undefined ? {} : { caption }),
      ...(credit === undefined ? {} : { credit }),
      ...(author === undefined ? {} : { author }),
      paragraphs,
    },
    problems,
  };
}
