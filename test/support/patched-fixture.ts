/** @module The one-seed edit the patched large-archive fixture is built with (test/global-setup.ts), for the tests that serve it. */

/** The seed of test/fixtures/sites/many edited in place, and the paragraph appended to it. */
export const PATCHED_SEED = '2026-05-01-rates.md';
export const PATCHED_TEXT = 'A correction was added after publication.';
