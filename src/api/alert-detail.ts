import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { findAlert, inScope, lastHumanActions, listAlertEvents, listEvidence, listEvidenceClusters, type PlaceScope } from '../alerts/index.js';
import type { Database } from '../db/index.js';
import { ApiError } from './api-error.js';
import { toAlertView, toEventView, toEvidenceView } from './alert-view.js';
import type { alertDetailSchema } from './schemas/alert-schemas.js';

/** An alert with its evidence and trail, as the API and the detail page show it; 404 out of scope. */
export async function loadAlertDetail(db: Kysely<Database>, id: string, scope: PlaceScope): Promise<z.infer<typeof alertDetailSchema>> {
  const alert = await findAlert(db, id);
  if (!alert || !inScope(alert, scope)) throw new ApiError('ALERT_NOT_FOUND', `no alert ${id}`);
  const [evidence, clusters, events, last] = await Promise.all([
    listEvidence(db, alert.id),
    listEvidenceClusters(db, alert.id),
    listAlertEvents(db, alert.id),
    lastHumanActions(db, [alert.id]),
  ]);
  return {
    alert: toAlertView(alert),
    evidence: evidence.map(toEvidenceView),
    clusters: clusters.map((c) => ({ ...c, first_seen: new Date(c.first_seen).toISOString(), last_seen: new Date(c.last_seen).toISOString() })),
    events: events.slice(-500).map(toEventView),
    last_action_at: last.get(alert.id)?.toISOString() ?? null,
  };
}
