import { PassThrough } from 'node:stream';

/**
 * The steps `start` reports, in order, and what a person waits for while each one runs. The embedded
 * database's first opening blocks the event loop (no timer fires), so its line is printed up front.
 */
const STEPS: ReadonlyArray<readonly [string, string, 'up front'?]> = [
  ['config', 'reading config/'],
  ['database', 'opening the database (a first start creates it)', 'up front'],
  ['migrations', 'applying migrations'],
  ['redis', 'starting Redis'],
  ['active config', 'storing and activating the config version'],
  ['workers', 'starting the workers and the API (compiling the analyzer)'],
];
/** A step still running after this long gets a line saying what it is waiting for. */
const SLOW_STEP_MS = 3_000;

/**
 * What `start` says on a terminal while it starts: one line per step with its time, then a short
 * block with the URL, the one-time login and what to do next. Off a terminal it says nothing (the
 * JSON logs carry the same facts for machines).
 */
export class StartProgress {
  private last = performance.now();
  private readonly begun = this.last;
  private readonly loginText: string[] = [];
  private slowTimer: NodeJS.Timeout | undefined;
  /** Receives the demo admin's login, printed by the api role on a first start, for the final block. */
  readonly loginOut: NodeJS.WritableStream;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    const login = new PassThrough();
    login.on('data', (chunk: Buffer) => this.loginText.push(chunk.toString()));
    this.loginOut = this.enabled ? login : out;
    if (!this.enabled) return;
    out.write('placewatch is starting\n');
    this.expect(STEPS[0]);
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
    const index = STEPS.findIndex(([step]) => step === name);
    this.expect(index >= 0 ? STEPS[index + 1] : undefined);
  }

  /** Arms the "still working" line for the step expected next (a long first start is not silent). */
  private expect(next: (typeof STEPS)[number] | undefined): void {
    clearTimeout(this.slowTimer);
    if (!next) return;
    const say = () => this.out.write(`  … ${next[0].padEnd(14)} ${next[1]}\n`);
    if (next[2] === 'up front') return void say();
    this.slowTimer = setTimeout(say, SLOW_STEP_MS);
    this.slowTimer.unref();
  }

  /** The closing block: where to go, how to log in (first start only), what to try next. */
  ready(url: string, demo: boolean): void {
    if (!this.enabled) return;
    clearTimeout(this.slowTimer);
    const login = this.loginText.join('').trim();
    const lines = [
      '',
      `placewatch is running (${seconds(performance.now() - this.begun)}): ${url}`,
      ...(login
        ? ['', ...login.split('\n').map((line) => line.replace(/^placewatch /, ''))]
        : ['  log in with your account (`placewatch user add` creates one)']),
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
