import type { z } from 'zod';

/** Renders a zod issue path as `places[3].aliases.ar[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** One line per issue: `file: path: reason`, the format operators see at start-up. */
export function formatIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return path ? `${file}: ${path}: ${issue.message}` : `${file}: ${issue.message}`;
  });
}

/**
 * The first `max` issues of a payload that failed its schema, as `path: reason` (the whole payload
 * named `whole` when the issue is at its root), for error messages about queue jobs and items.
 */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], whole: string, max = 5): string {
  return issues
    .slice(0, max)
    .map((issue) => `${issue.path.map(String).join('.') || whole}: ${issue.message}`)
    .join('; ');
}
