import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { loadOrCompileAnalyzer, type CompiledAnalyzer } from '../../analysis/index.js';
import { hashConfig, loadConfig, resolveConfigDir, type PlacewatchConfig } from '../../config/index.js';
import { formatIssues, placesFileSchema } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';

/** The config (with an optional replacement places file) and its analyzer, from the analyzer cache when it has it, for score/eval. */
export function setUpAnalyzer(command: Command, placesFile?: string): { config: PlacewatchConfig; analyzer: CompiledAnalyzer } {
  const dir = resolveConfigDir(command.optsWithGlobals<{ config?: string }>().config);
  let config = loadConfig(dir);
  if (placesFile) {
    const places = readPlaces(placesFile);
    const body = { ...config, places };
    config = { ...body, version: hashConfig(body) };
  }
  return { config, analyzer: loadOrCompileAnalyzer(config) };
}

function readPlaces(file: string): PlacewatchConfig['places'] {
  if (!existsSync(file)) throw new PlacewatchError('NOT_FOUND', `${file}: places file not found`, { file });
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) {
    const e = document.errors[0]!;
    throw new PlacewatchError('CONFIG_INVALID', `${file}${e.linePos ? `:${e.linePos[0].line}` : ''}: ${e.message.split('\n')[0]}`, { file });
  }
  const parsed = placesFileSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const problems = formatIssues(file, parsed.error);
    throw new PlacewatchError('CONFIG_INVALID', problems.join('\n'), { file, problems });
  }
  return parsed.data;
}

/** Hostile text shown in a terminal: control and bidi characters become visible escapes. */
export function safeForTerminal(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
