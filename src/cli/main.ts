import { Command, CommanderError } from 'commander';
import { errorMessage, isPlacewatchError } from '../errors.js';
import { registerFeedCommand } from './commands/feed.js';
import { registerAlertsCommand } from './commands/alerts.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerFeedsCommand } from './commands/feeds-status.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerNotificationsCommand } from './commands/notifications.js';
import { registerStartCommand } from './commands/start.js';
import { registerTokenCommand } from './commands/token.js';
import { registerUserCommand } from './commands/user.js';
import { registerScoreCommand } from './commands/score.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerConfigCommand } from './commands/config.js';
import { registerBacktestCommand } from './commands/backtest.js';
import { registerRetentionCommand } from './commands/retention.js';
import { registerModelCommand } from './commands/model.js';

/** Builds the `placewatch` command tree; each command lives in its own module under commands/. */
export function buildProgram(): Command {
  const program = new Command('placewatch')
    .description('Threat monitoring for the places a protection team protects')
    .option('--config <dir>', 'config directory (default ./config or $PLACEWATCH_CONFIG)')
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program);
  registerMigrateCommand(program);
  registerDemoCommand(program);
  registerIngestCommand(program);
  registerAlertsCommand(program);
  registerFeedsCommand(program);
  registerBenchCommand(program);
  // command registrations (one line each)
  registerConfigCommand(program);
  registerBacktestCommand(program);
  registerRetentionCommand(program);
  registerScoreCommand(program);
  registerEvalCommand(program);
  registerModelCommand(program);
  registerNotificationsCommand(program);
  registerUserCommand(program);
  registerTokenCommand(program);
  registerFeedCommand(program);
  return program;
}

/** Runs the CLI; user-facing failures print one line `placewatch: <message>` and exit non-zero. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) process.exitCode = error.exitCode;
    else reportFatal(error);
  }
  // A finished command has closed what it opened; should a client library still hold a socket,
  // the command must end anyway (the timer does not itself keep the process alive).
  setTimeout(() => process.exit(), 3_000).unref();
}

/** Prints a fatal error as one clear line (plus detail lines for config problems) and sets exit code 1. */
export function reportFatal(error: unknown): void {
  if (isPlacewatchError(error)) {
    const [first, ...rest] = error.message.split('\n');
    process.stderr.write(`placewatch: ${error.code}: ${first}\n`);
    for (const line of rest) process.stderr.write(`  ${line}\n`);
  } else {
    process.stderr.write(`placewatch: unexpected error: ${errorMessage(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = 1;
}
