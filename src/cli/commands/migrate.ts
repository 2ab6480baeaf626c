import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { migrateToLatest } from '../../db/index.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (start does this too)')
    .action(async (_options, command: Command) => {
      await withDatabase(
        command,
        async (database) => {
          const applied = await migrateToLatest(database.db);
          // Says what it did: the migrations it applied, or that there was nothing to apply.
          process.stdout.write(
            applied.length ? applied.map((name) => `${database.where}: applied ${name}\n`).join('') : `${database.where}: schema up to date\n`,
          );
        },
        { migrate: false },
      );
    });
}
