import type { Selectable } from 'kysely';
import type { Database } from '../db/index.js';

/** An alert as stored: the alerts table's own row type, so its columns are declared once (src/db/schema.ts). */
export type AlertRow = Readonly<Selectable<Database['alerts']>>;
