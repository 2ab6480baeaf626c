import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHIPPED_CONFIG } from './paths.js';

/** A copy of the shipped config in a temp dir, with some files replaced; returns its path. */
export function tempConfig(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-config-'));
  cpSync(SHIPPED_CONFIG, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}
