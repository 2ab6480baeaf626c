import type { Command } from 'commander';
import { createApiToken } from '../../auth/index.js';
import { withDatabase } from '../context.js';

export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('API tokens for integrations (Authorization: Bearer)');
  token
    .command('create')
    .description('create an API token acting as the user; it is printed once and only its hash is stored')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (options: { email: string; name: string }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const created = await createApiToken(db, options.email, { name: options.name, actor: 'cli' });
        process.stderr.write(`token for ${created.email} (shown once; send as "Authorization: Bearer <token>"):\n`);
        process.stdout.write(`${created.token}\n`);
      });
    });
}
