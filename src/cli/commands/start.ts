import { Option, type Command } from 'commander';
import { startDemoReplay } from '../../demo/index.js';
import { ROLES, startRoles, type Role } from '../../roles/index.js';
import { onShutdownSignal, openRuntime, weatherLostConnections } from '../../runtime/index.js';
import { configDirOf } from '../context.js';
import { StartProgress } from '../start-progress.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the pipeline: every role in one process, or one role with --role')
    .addOption(new Option('--role <role...>', 'run only these roles (repeatable)').choices([...ROLES]))
    .option('--demo', 'also replay the shipped sample posts as a live feed')
    .action(async (options: { role?: Role[]; demo?: boolean }, command: Command) => {
      const progress = new StartProgress();
      const runtime = await openRuntime({
        configDir: configDirOf(command),
        onStep: (step, detail) => progress.step(step, detail),
        serveEmbeddedDatabase: true,
      });
      weatherLostConnections(runtime.logger);
      const roles = options.role ?? [...ROLES];
      try {
        await startRoles(runtime, roles, { loginOut: progress.loginOut });
        progress.step('workers', roles.filter((role) => role !== 'api').join(', ') || '(none)');
        if (roles.includes('api')) progress.step('api', `listening on ${runtime.publicUrl}`);
        if (options.demo) await startDemoReplay(runtime);
        if (roles.includes('api')) progress.ready(runtime.publicUrl, options.demo ?? false);
      } catch (error) {
        await runtime.close();
        throw error;
      }
      runtime.logger.info({ roles }, 'placewatch started');
      onShutdownSignal(async (signal) => {
        runtime.logger.info({ signal }, 'shutting down');
        await runtime.close();
      });
      // Keep the process alive; the signal handler ends it.
      await new Promise<never>(() => undefined);
    });
}
