import { describe, expect, it } from 'vitest';
import { IncidentLockHolders } from '../../../src/pipeline/incident-lock-holders.js';

/** Settles pending promise callbacks (released() resumes through a microtask chain). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('IncidentLockHolders', () => {
  it('lets scoring go on at once when no batch holds incident locks', async () => {
    const holders = new IncidentLockHolders();
    let resumed = false;
    void holders.released().then(() => (resumed = true));
    await settle();
    expect(resumed).toBe(true);
  });

  it('holds scoring until the last of several holders leaves', async () => {
    const holders = new IncidentLockHolders();
    holders.enter();
    holders.enter();
    let resumed = 0;
    void holders.released().then(() => resumed++);
    void holders.released().then(() => resumed++);
    await settle();
    expect(resumed).toBe(0);
    holders.leave();
    await settle();
    expect(resumed).toBe(0);
    holders.leave();
    await settle();
    expect(resumed).toBe(2);
  });

  it('keeps a resumed waiter waiting when another batch took the locks before it ran', async () => {
    const holders = new IncidentLockHolders();
    holders.enter();
    let resumed = false;
    void holders.released().then(() => (resumed = true));
    holders.leave();
    holders.enter(); // taken again before the waiter's turn
    await settle();
    expect(resumed).toBe(false);
    holders.leave();
    await settle();
    expect(resumed).toBe(true);
  });
});
