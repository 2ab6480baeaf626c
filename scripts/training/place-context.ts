import { INVENTED_FACTIONS, INVENTED_PERSONS, INVENTED_PLACES, type InventedPlace } from './invented-places.js';
import type { RandomSource } from './random-source.js';

const placeById = new Map(INVENTED_PLACES.map((p) => [p.id, p]));

/** A second place that is neither the target nor its parent nor its child. */
function otherPlace(rng: RandomSource, target: InventedPlace): InventedPlace {
  for (;;) {
    const p = rng.pick(INVENTED_PLACES);
    if (p.id !== target.id && p.id !== target.parent && p.parent !== target.id) return p;
  }
}

/**
 * The places and actors a template may name about `target`: its parent town, another place, a faction
 * and a person. Draws from `rng` in a fixed order, so that every generator stays reproducible.
 */
export function placeContext(rng: RandomSource, target: InventedPlace) {
  return {
    target,
    targetParent: target.parent ? placeById.get(target.parent) : undefined,
    other: otherPlace(rng, target),
    faction: rng.pick(INVENTED_FACTIONS),
    person: rng.pick(INVENTED_PERSONS),
  };
}
