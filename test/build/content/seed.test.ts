import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import { readSeed } from '../../../src/content/seed';

const FILE = 'seeds/000_3b7bd609114b647d.txt';

async function readFirstSeed() {
  const bytes = await readFile(new URL('../../../seeds/000_3b7bd609114b647d.txt', import.meta.url));
  return readSeed(FILE, bytes, site);
}

describe('the first seed, a story scraped from a Blogger page', () => {
  it('is kept byte for byte as the shared original', async () => {
    const ours = await readFile(new URL('../../../seeds/000_3b7bd609114b647d.txt', import.meta.url));
    const original = await readFile(new URL('../../../../shared/seeds/000_3b7bd609114b647d.txt', import.meta.url)).catch(() => ours);
    expect(ours.equals(original)).toBe(true);
  });

  it('reads without problems', async () => {
    expect((await readFirstSeed()).problems).toEqual([]);
  });

  it('has the headline once, the date, the author, caption and credit', async () => {
    const { article } = await readFirstSeed();
    expect(article).toMatchObject({
      title: 'Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases',
      published: '2026-01-28T12:00:00.000Z',
      updated: '2026-01-28T12:00:00.000Z',
      author: 'bna Cairo bureau',
      caption: 'Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin',
      credit: 'SANA',
      slug: 'syrias-al-sharaa-meets-putin-as-moscow-seeks-to-secure-military-bases',
      lang: 'en',
      tags: [],
      source: FILE,
    });
  });

  it('has the 15 body paragraphs and no footer, without stray spaces', async () => {
    const { article } = await readFirstSeed();
    const paragraphs = [...article!.html.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1]!);
    expect(paragraphs).toHaveLength(15);
    expect(paragraphs[0]).toMatch(/^Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin on January 28/);
    expect(paragraphs.at(-1)).toMatch(/at the request of the Assad government\.$/);
    expect(paragraphs[5]).toMatch(/^Al-Sharaa welcomed Russia’s stance/);
    expect(article!.html).not.toContain('No comments');
    expect(article!.html).not.toContain('\u00a0');
    expect(paragraphs.every((p) => p === p.trim())).toBe(true);
    expect(article!.html).not.toContain('Syria’s al-Sharaa meets Putin as Moscow');
  });

  it('summarises with the first paragraph', async () => {
    const { article } = await readFirstSeed();
    expect(article!.summary).toBe(
      "Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin on January 28 during the Syrian leader's official visit to Moscow.",
    );
  });

  it('gets an id from its file name that a new title or slug does not change', async () => {
    const { article } = await readFirstSeed();
    const retitled = readSeed(FILE, Buffer.from(`---\ntitle: Another headline\nslug: another\n---\n${await readFile(new URL('../../../seeds/000_3b7bd609114b647d.txt', import.meta.url), 'utf8')}`), site);
    expect(article!.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retitled.article!.id).toBe(article!.id);
    expect(retitled.article!.title).toBe('Another headline');
    expect(retitled.article!.slug).toBe('another');
  });
});
