/** Retention: per data class windows from config, enforced by a sweep (scheduler role, and the CLI). */
export { sweepRetention, type RetentionReport } from './retention-sweep.js';
export { startRetentionSweeper } from './retention-sweeper.js';
