import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { contentOf, contentToFiles, loadConfig, loadEnv } from '../../config/index.js';
import {
  activateVersion,
  createVersion,
  diffVersions,
  formatChanges,
  listVersions,
  loadVersionContent,
  requireVersion,
  rollbackVersion,
  validateContent,
  type ReloadAnnouncer,
  type ValidationReport,
} from '../../config-versions/index.js';
import type { Database } from '../../db/index.js';
import { PlacewatchError } from '../../errors.js';
import { connectRedis } from '../../queue/index.js';
import { printJson, withDatabase } from '../context.js';
import { renderTable } from '../render-table.js';

/** Who a CLI change is recorded as: `--author`, else the login name. */
function authorOf(options: { author?: string }): string {
  return options.author ?? process.env.USER ?? process.env.LOGNAME ?? 'cli';
}

/** A version number argument, or INPUT_INVALID. */
export function versionArg(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new PlacewatchError('INPUT_INVALID', `"${value}" is not a version number`);
  return Number(value);
}

/**
 * Runs `work` with the database and, when REDIS_URL is set, a Redis connection to announce
 * activations (without it, workers still switch at their next poll, within seconds).
 */
async function withStore<T>(command: Command, work: (db: Kysely<Database>, announce: ReloadAnnouncer | null) => Promise<T>): Promise<T> {
  return withDatabase(command, async ({ db }) => {
    const env = loadEnv();
    if (!env.REDIS_URL) return work(db, null);
    const redis = await connectRedis(env.REDIS_URL);
    try {
      return await work(db, { redis, prefix: env.PLACEWATCH_QUEUE_PREFIX });
    } finally {
      redis.disconnect();
    }
  });
}

function printValidation(validation: ValidationReport): void {
  for (const issue of validation.errors) process.stdout.write(`  error: ${issue.where}: ${issue.message}\n`);
  for (const issue of validation.warnings) process.stdout.write(`  warning: ${issue.where}: ${issue.message}\n`);
}

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('versioned configuration: list, show, diff, import, export, activate, roll back');

  config
    .command('versions')
    .description('list config versions, newest first (* marks the active one)')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const versions = await listVersions(db, 1000);
        if (options.json) return printJson(versions);
        if (versions.length === 0) return void process.stdout.write('no config versions yet (start placewatch once, or `config import DIR`)\n');
        process.stdout.write(
          renderTable(
            ['', 'version', 'parent', 'author', 'source', 'created', 'errors', 'comment'],
            versions.map((v) => [
              v.active ? '*' : '',
              String(v.id),
              v.parentId === null ? '' : String(v.parentId),
              v.author,
              v.source,
              v.createdAt.toISOString().replace('T', ' ').slice(0, 16),
              String((v.validation?.errors as unknown[] | undefined)?.length ?? ''),
              (v.comment ?? '').slice(0, 60),
            ]),
          ),
        );
      });
    });

  config
    .command('show <version>')
    .description('show a version: who, when, why, validation, and what it holds')
    .option('--json', 'print a JSON document with the full content')
    .action(async (version: string, options: { json?: boolean }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const stored = await requireVersion(db, versionArg(version));
        const validation = validateContent(stored.content, `version ${stored.id}`);
        if (options.json) return printJson({ ...stored, validation });
        const content = await loadVersionContent(db, stored.id);
        process.stdout.write(
          [
            `version ${stored.id}${stored.active ? ' (active)' : ''} · ${stored.hash}`,
            `author: ${stored.author} · created ${stored.createdAt.toISOString()} · source ${stored.source}${stored.parentId ? ` · parent ${stored.parentId}` : ''}`,
            `comment: ${stored.comment ?? ''}`,
            `places: ${content.places.places.length} · phrases: ${content.lexicons.reduce((n, l) => n + l.phrases.length, 0)} (${content.lexicons.map((l) => l.language).join(', ')}) · modifier cues: ${content.modifiers.cues.length} · feeds: ${content.feeds.feeds.length} · routes: ${content.routes.routes.length}`,
            `validation: ${validation.ok ? 'ok' : `${validation.errors.length} error(s)`}${validation.warnings.length ? `, ${validation.warnings.length} warning(s)` : ''}`,
            '',
          ].join('\n'),
        );
        printValidation(validation);
      });
    });

  config
    .command('diff <a> <b>')
    .description('what changed from version A to version B')
    .option('--json', 'print a JSON array of changes')
    .action(async (a: string, b: string, options: { json?: boolean }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const before = await requireVersion(db, versionArg(a));
        const after = await requireVersion(db, versionArg(b));
        const changes = diffVersions(before.content, after.content);
        if (options.json) return printJson(changes);
        process.stdout.write(changes.length === 0 ? 'no differences\n' : `${formatChanges(changes).join('\n')}\n`);
      });
    });

  config
    .command('import <dir>')
    .description('store the YAML in DIR as a new (inactive) version')
    .requiredOption('--comment <text>', 'why this version exists')
    .option('--author <name>', 'who made it (default $USER)')
    .option('--activate', 'activate it at once when it validates')
    .option('--json', 'print a JSON document')
    .action(async (dir: string, options: { comment: string; author?: string; activate?: boolean; json?: boolean }, command: Command) => {
      const yaml = loadConfig(path.resolve(dir));
      await withStore(command, async (db, announce) => {
        const draft = await createVersion(db, { content: contentOf(yaml), author: authorOf(options), comment: options.comment, source: 'import' });
        const activated = options.activate ? await activateVersion(db, draft.id, { actor: authorOf(options), announce }) : null;
        if (options.json) return printJson({ id: draft.id, created: draft.created, activated: activated !== null, validation: draft.validation });
        process.stdout.write(`${draft.created ? 'stored' : 'already stored as'} version ${draft.id}${activated ? ' and activated it' : ''}\n`);
        printValidation(draft.validation);
      });
    });

  config
    .command('export <version> <dir>')
    .description('write a version as YAML files into DIR (the config/ layout)')
    .action(async (version: string, dir: string, _options: unknown, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const content = await loadVersionContent(db, versionArg(version));
        const files = contentToFiles(content);
        for (const [name, text] of Object.entries(files)) {
          const file = path.join(dir, name);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
        process.stdout.write(`wrote ${Object.keys(files).length} files to ${dir}\n`);
      });
    });

  config
    .command('activate <version>')
    .description('make a version the active one; every running worker switches within seconds')
    .option('--author <name>', 'who did it (default $USER)')
    .action(async (version: string, options: { author?: string }, command: Command) => {
      await withStore(command, async (db, announce) => {
        const result = await activateVersion(db, versionArg(version), { actor: authorOf(options), announce });
        process.stdout.write(`activated version ${result.id}${result.previousId ? ` (was ${result.previousId})` : ''}\n`);
        printValidation(result.validation);
      });
    });

  config
    .command('rollback')
    .description('go back to the version that was active before the current one')
    .option('--author <name>', 'who did it (default $USER)')
    .action(async (options: { author?: string }, command: Command) => {
      await withStore(command, async (db, announce) => {
        const result = await rollbackVersion(db, { actor: authorOf(options), announce });
        process.stdout.write(`rolled back to version ${result.id} (was ${result.previousId})\n`);
      });
    });
}
