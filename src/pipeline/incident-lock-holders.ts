/**
 * Batches of this process that hold incident locks. Every analyzer's batches queue on the same
 * places' locks, so the time a batch holds them bounds the whole pipeline's throughput, whatever the
 * number of processes. Held, a batch needs a few short statements (~10 ms per 1,000-post batch); what
 * made it slow was waiting, between them, for the event loop while other batches of the process scored
 * posts. So scoring waits while any batch here holds locks: on the e2e bench the time held per batch
 * fell from ~59 to ~37 ms with one analyzer process, and from ~90 to ~60 ms with two.
 */
export class IncidentLockHolders {
  private held = 0;
  private waiting: Array<() => void> = [];

  enter(): void {
    this.held += 1;
  }

  leave(): void {
    this.held -= 1;
    if (this.held > 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  /** Resolves when no batch of this process holds incident locks. */
  async released(): Promise<void> {
    while (this.held > 0) await new Promise<void>((resume) => this.waiting.push(resume));
  }
}
