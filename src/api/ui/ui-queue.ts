import type { FastifyRequest } from 'fastify';
import { alertQuerySchema, type AlertQueryInput } from '../schemas/alert-schemas.js';

const FILTER_KEYS = ['status', 'severity', 'place', 'language', 'feed', 'assignee', 'from', 'to', 'q', 'sort', 'cursor'] as const;
const OPEN = 'new,acknowledged,escalated';

/**
 * Reads the queue page's filters leniently (a bad value is dropped, never an error page) and turns
 * them into the API's query: the default tab is the open alerts, dates become whole UTC days.
 */
export function readQueueFilters(request: FastifyRequest): { filters: Record<string, string>; query: AlertQueryInput; apiQuery: string } {
  const raw = request.query as Record<string, unknown>;
  const filters: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '' && value.length <= 500) filters[key] = value.trim();
  }
  filters.status ??= OPEN;
  const api: Record<string, string> = { ...filters };
  if (filters.from && /^\d{4}-\d{2}-\d{2}$/.test(filters.from)) api.from = `${filters.from}T00:00:00Z`;
  if (filters.to && /^\d{4}-\d{2}-\d{2}$/.test(filters.to)) api.to = `${filters.to}T23:59:59.999Z`;
  for (const key of Object.keys(api)) {
    const one = alertQuerySchema.safeParse({ [key]: api[key] });
    if (!one.success) {
      delete api[key];
      delete filters[key];
    }
  }
  const query = alertQuerySchema.parse(api);
  const { cursor: _cursor, ...live } = api;
  return { filters, query, apiQuery: new URLSearchParams(live).toString() };
}
