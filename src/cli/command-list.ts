import type { Command } from 'commander';

/** Adds one command (with its options and subcommands) to the program. */
export type RegisterCommand = (program: Command) => void;

/**
 * One top-level command: its name and description for `placewatch --help`, and the module that
 * implements it, imported only when the command runs: `--help` must not pay for Fastify, BullMQ or
 * compiling the analyzer. A test checks each description against the one the module declares.
 */
export interface CommandEntry {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** Every top-level command, in the order `--help` lists them (a new command adds one entry). */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    description: 'run the pipeline: every role in one process, or one role with --role',
    load: async () => (await import('./commands/start.js')).registerStartCommand,
  },
  {
    name: 'migrate',
    description: 'apply pending database migrations (start does this too)',
    load: async () => (await import('./commands/migrate.js')).registerMigrateCommand,
  },
  {
    name: 'demo',
    description: 'run the shipped sample posts through the real pipeline and print the alerts raised',
    load: async () => (await import('./commands/demo.js')).registerDemoCommand,
  },
  {
    name: 'ingest',
    description: 'import posts from a JSONL or CSV file ({"id","author","text","published_at","url","lang"?})',
    load: async () => (await import('./commands/ingest.js')).registerIngestCommand,
  },
  {
    name: 'alerts',
    description: 'inspect alerts',
    load: async () => (await import('./commands/alerts.js')).registerAlertsCommand,
  },
  {
    name: 'feeds',
    description: 'feed health',
    load: async () => (await import('./commands/feeds-status.js')).registerFeedsCommand,
  },
  {
    name: 'failed',
    description: 'posts the analyzer failed on or the database refused (the failed set)',
    load: async () => (await import('./commands/failed.js')).registerFailedCommand,
  },
  {
    name: 'bench',
    description: 'measure analyzer throughput, near-duplicate lookup cost, notification latency and end-to-end pipeline throughput (one run; compare ratios)',
    load: async () => (await import('./commands/bench.js')).registerBenchCommand,
  },
  {
    name: 'config',
    description: 'versioned configuration: list, show, diff, import, export, activate, roll back',
    load: async () => (await import('./commands/config.js')).registerConfigCommand,
  },
  {
    name: 'backtest',
    description: 'rescore stored posts with a draft (--config DIR or --version N) and show the alerts it would add and remove against the active version',
    load: async () => (await import('./commands/backtest.js')).registerBacktestCommand,
  },
  {
    name: 'retention',
    description: 'data retention per class (unmatched posts, alert evidence, audit, post partitions)',
    load: async () => (await import('./commands/retention.js')).registerRetentionCommand,
  },
  {
    name: 'score',
    description: 'analyze one text and explain the score (places, threat words, modifiers, targets)',
    load: async () => (await import('./commands/score.js')).registerScoreCommand,
  },
  {
    name: 'eval',
    description: 'measure the analyzer on a labelled JSONL dataset (precision, recall, flag rates, misses)',
    load: async () => (await import('./commands/eval.js')).registerEvalCommand,
  },
  {
    name: 'model',
    description: 'the statistical threat model over text, rule signals and place candidates',
    load: async () => (await import('./commands/model.js')).registerModelCommand,
  },
  {
    name: 'notifications',
    description: 'inspect the notification outbox, dead letters and acknowledgement times',
    load: async () => (await import('./commands/notifications.js')).registerNotificationsCommand,
  },
  {
    name: 'user',
    description: 'manage users (officer, reviewer, operator, admin)',
    load: async () => (await import('./commands/user.js')).registerUserCommand,
  },
  {
    name: 'token',
    description: 'API tokens for integrations (Authorization: Bearer)',
    load: async () => (await import('./commands/token.js')).registerTokenCommand,
  },
  {
    name: 'feed',
    description: 'Check feed sources and saved payloads',
    load: async () => (await import('./commands/feed.js')).registerFeedCommand,
  },
];
