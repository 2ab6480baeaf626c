/**
 * The embedded database's one session, lent to one holder at a time in arrival order: a query or
 * transaction of this process, or a client of the embedded database server for a whole batch.
 */
export class SessionMutex {
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;

  async lock(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  unlock(): void {
    const release = this.release;
    this.held = null;
    this.release = null;
    release?.();
  }
}
