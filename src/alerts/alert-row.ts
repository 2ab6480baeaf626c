import type { Selectable } from 'kysely';
import type { Database } from '../db/index.js';

/** An alert as stored: the alerts table's own row type, so its columns are declared once (src/db/schema.ts). */
export type AlertRow = Readonly<Selectable<Database['alerts']>>;

/** One entry of an alert's audit trail, as stored. */
export type AlertEventRow = Readonly<Selectable<Database['alert_events']>>;
