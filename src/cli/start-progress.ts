import { PassThrough } from 'node:stream';

/**
 * What `start` says on a terminal while it starts: one line per step with its time, then a short
 * block with the URL, the one-time login and what to do next. Off a terminal it says nothing (the
 * JSON logs carry the same facts for machines).
 */
export class StartProgress {
  private last = performance.now();
  private readonly begun = this.last;
  private readonly loginText: string[] = [];
  /** Receives the demo admin's login, printed by the api role on a first start, for the final block. */
  readonly loginOut: NodeJS.WritableStream;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    const login = new PassThrough();
    login.on('data', (chunk: Buffer) => this.loginText.push(chunk.toString()));
    this.loginOut = this.enabled ? login : out;
    if (this.enabled) out.write('placewatch is starting (the first start creates the database and compiles the config)\n');
  }

  /** True on a terminal: progress lines are for a person watching. */
  get enabled(): boolean {
    return this.out.isTTY === true;
  }

  /** One line: the step, what it found, and how long it took. */
  step(name: string, detail: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    this.out.write(`  ✓ ${name.padEnd(14)} ${detail.padEnd(52)} ${seconds(now - this.last)}\n`);
    this.last = now;
  }

  /** The closing block: where to go, how to log in (first start only), what to try next. */
  ready(url: string, demo: boolean): void {
    if (!this.enabled) return;
    const login = this.loginText.join('').trim();
    const lines = [
      '',
      `placewatch is running (${seconds(performance.now() - this.begun)}): ${url}`,
      ...(login ? ['', ...login.split('\n').map((line) => line.replace(/^placewatch demo /, ''))] : ['  log in with your account (`placewatch user add` creates one)']),
      '',
      'next:',
      ...(demo ? ['  demo posts are replayed as a live feed; alerts appear in the queue within a minute'] : []),
      '  placewatch score "TEXT"   explain how one text is scored',
      '  placewatch --help         every command; logs follow below; Ctrl-C stops',
      '',
    ];
    this.out.write(`${lines.join('\n')}\n`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
