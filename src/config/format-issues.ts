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
