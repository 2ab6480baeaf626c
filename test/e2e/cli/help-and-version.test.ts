import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/command-list.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { runCli } from '../../helpers/run-cli.js';

describe('placewatch --help and --version', () => {
  it('--help lists every command with its description and exits 0', async () => {
    const result = await runCli(['--help'], process.env);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command.name}\\s`, 'm'));
  });

  it('--version prints the package version; a command keeps its own --version option (backtest)', async () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version'], process.env);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: `${version}\n` });
    const backtest = await runCli(['backtest', '--help'], process.env);
    expect(backtest.stdout).toMatch(/--version <n>\s+a stored config version/);
  });
});
