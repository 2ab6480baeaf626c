import type { Command } from 'commander';
import { addUser, disableUser, resetUser, USER_ROLES } from '../../users/index.js';
import { printJson, withDatabase } from '../context.js';

/** The CLI acts as the local operator; the audit trail records it as such. */
const CLI_ACTOR = 'cli';

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('manage users (officer, reviewer, operator, admin)');
  user
    .command('add')
    .description('add a user; the password is read from stdin, or generated and printed once')
    .requiredOption('--email <email>', 'email address (the login name)')
    .requiredOption('--role <role>', `one of ${USER_ROLES.join(', ')}`)
    .option('--places <ids>', 'comma-separated place ids an officer covers', '')
    .option('--json', 'print a JSON document')
    .action(async (options: { email: string; role: string; places: string; json?: boolean }, command: Command) => {
      const password = await readPasswordFromStdin();
      const places = options.places
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      await withDatabase(command, async ({ db }) => {
        const result = await addUser(db, { email: options.email, role: options.role, places, password, actor: CLI_ACTOR });
        if (options.json) return printJson({ user: result.user, password: result.generatedPassword ?? null });
        process.stdout.write(`added ${result.user.role} ${result.user.email}${places.length ? ` (places: ${places.join(', ')})` : ''}\n`);
        if (result.generatedPassword) process.stdout.write(`password (shown once): ${result.generatedPassword}\n`);
      });
    });
  user
    .command('disable')
    .description('disable a user and end their sessions and API tokens')
    .requiredOption('--email <email>', 'email address')
    .action(async (options: { email: string }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const result = await disableUser(db, options.email, CLI_ACTOR);
        process.stdout.write(`disabled ${result.email}\n`);
      });
    });
  user
    .command('reset')
    .description('give a user a new generated password (printed once), clear their second factor, end their sessions and revoke their API tokens')
    .requiredOption('--email <email>', 'email address')
    .option('--enable', 'also re-enable a disabled user')
    .action(async (options: { email: string; enable?: boolean }, command: Command) => {
      await withDatabase(command, async ({ db }) => {
        const result = await resetUser(db, options.email, CLI_ACTOR, { enable: options.enable });
        process.stdout.write(
          `reset ${result.user.email}${result.user.disabled ? ' (still disabled; --enable re-enables)' : ''}\npassword (shown once): ${result.password}\n`,
        );
        process.stdout.write('their sessions ended and their API tokens were revoked\n');
        if (result.user.role === 'admin' || result.user.role === 'operator') {
          process.stdout.write('they enrol a new authenticator at their next login\n');
        }
      });
    });
}

/** A password piped on stdin (first line), or undefined when stdin is a terminal or empty. */
async function readPasswordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    if (data.length > 10_000) break;
  }
  const line = data.split(/\r?\n/)[0]?.trim();
  return line ? line : undefined;
}
