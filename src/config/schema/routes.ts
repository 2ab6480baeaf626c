import { z } from 'zod';
import { severitySchema, slugSchema, threatCategorySchema } from './common.js';

/** Where alert notifications go; the notification issue adds channels and escalation tiers. */
export const routeSchema = z
  .object({
    name: slugSchema,
    places: z.union([z.literal('all'), z.array(slugSchema)]).default('all'),
    min_severity: severitySchema.default('high'),
    categories: z.array(threatCategorySchema).optional(),
    campaigns: z.boolean().default(true),
    channel: z.enum(['webhook', 'log']),
    target: z.string().optional(),
  })
  .strict();
export type RouteConfig = z.infer<typeof routeSchema>;

export const routesFileSchema = z.object({ routes: z.array(routeSchema).default([]) }).strict();
export type RoutesFile = z.infer<typeof routesFileSchema>;
