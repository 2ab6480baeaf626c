import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { errorMessage, isPlacewatchError } from '../errors.js';
import { fromPackageRoot } from '../package-root.js';
import { COMMANDS, type CommandEntry } from './command-list.js';

/**
 * Builds the `placewatch` program: the global options, and for each command either its real
 * implementation (the entries in `load`, imported now) or its name and description alone, which is
 * all `--help` needs.
 *
 * @example const program = await buildProgram(COMMANDS.filter((c) => c.name === 'score'));
 */
export async function buildProgram(load: readonly CommandEntry[] = COMMANDS): Promise<Command> {
  const program = new Command('placewatch')
    .description('Threat monitoring for the places a protection team protects')
    .option('--config <dir>', 'config directory (default ./config or $PLACEWATCH_CONFIG)')
    .showHelpAfterError()
    .exitOverride();
  // Program options are recognised after a command's name too, and `backtest --version N` predates
  // this flag: `--version` belongs to the program only when no command is about to run.
  if (load.length === 0) program.version(packageVersion(), '-V, --version', 'print the placewatch version');
  for (const entry of COMMANDS) {
    if (load.includes(entry)) (await entry.load())(program);
    else program.command(entry.name).description(entry.description);
  }
  return program;
}

/** Runs the CLI; user-facing failures print one line `placewatch: <message>` and exit non-zero. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    const named = commandNamed(argv.slice(2));
    const program = await buildProgram(COMMANDS.filter((entry) => entry.name === named));
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) process.exitCode = error.exitCode;
    else reportFatal(error);
  }
  // A finished command has closed what it opened; should a client library still hold a socket,
  // the command must end anyway (the timer does not itself keep the process alive).
  setTimeout(() => process.exit(), 3_000).unref();
}

/**
 * The command the arguments run (`placewatch [--config DIR] NAME …`, or `help NAME`), found before
 * parsing so that only that command's module is imported. Global options taking a value are skipped
 * with their value; an unknown name is left for commander to report.
 */
function commandNamed(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--config') i += 1;
    else if (!arg.startsWith('-')) return arg === 'help' ? args[i + 1] : arg;
  }
  return undefined;
}

/** The version in package.json (read once, for `--version`). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(fromPackageRoot('package.json'), 'utf8')) as { version: string }).version;
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
