import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { migrateToLatest } from '../../db/index.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (start does this too)')
    .action(async (_options, command: Command) => {
      await withDatabase(command, async (database) => {
        const applied = await migrateToLatest(database.db);
        process.stdout.write(`${database.where}: schema up to date${applied.length ? ` (applied ${applied.join(', ')})` : ''}\n`);
      });
    });
}
