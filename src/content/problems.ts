/** @module Problems found in seeds: collected over the whole build, reported together. */

export interface Problem {
  /** Path of the seed relative to the project, e.g. `seeds/2026-05-01-rates.md`. */
  readonly file: string;
  /** 1-based line in the seed, where known. */
  readonly line?: number;
  /** The front-matter field or part of the scraped format, e.g. `date`, `headline`. */
  readonly field?: string;
  /** What was expected and what was found. */
  readonly message: string;
  /** Warnings are printed but do not fail the build. */
  readonly severity: 'error' | 'warning';
}

/** `seeds/a.md:3: "date" must be a date (got "yesterday")` */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const field = problem.field === undefined ? '' : `"${problem.field}" `;
  const label = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${label}${field}${problem.message}`;
}

/** Thrown by the build when any seed has an error; carries every problem found, warnings included. */
export class ContentError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    super(`${errors} ${errors === 1 ? 'problem' : 'problems'} in seeds:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ContentError';
    this.problems = problems;
  }
}

/** Shows a value in a message: quoted, shortened, with invisible characters made visible. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}
