import type { FeedsFile } from './schema/feeds.js';
import type { PlacesFile } from './schema/places.js';
import type { RoutesFile } from './schema/routes.js';

/** Checks that span files: place ids unique, parents exist and form no cycle, routes name real places. */
export function crossCheck(dir: string, files: { places: PlacesFile; routes: RoutesFile; feeds: FeedsFile }): string[] {
  const problems: string[] = [];
  const placesFile = `${dir}/places.yaml`;
  const ids = new Map<string, number>();
  files.places.places.forEach((place, index) => {
    const first = ids.get(place.id);
    if (first !== undefined) problems.push(`${placesFile}: places[${index}].id: duplicate id "${place.id}" (first at places[${first}])`);
    else ids.set(place.id, index);
  });
  const parentOf = new Map(files.places.places.map((p) => [p.id, p.parent]));
  files.places.places.forEach((place, index) => {
    if (place.parent && !ids.has(place.parent)) {
      problems.push(`${placesFile}: places[${index}].parent: unknown place "${place.parent}"`);
    }
    const seen = new Set<string>([place.id]);
    let cursor = place.parent;
    while (cursor) {
      if (seen.has(cursor)) {
        problems.push(`${placesFile}: places[${index}].parent: cycle through "${cursor}"`);
        break;
      }
      seen.add(cursor);
      cursor = parentOf.get(cursor);
    }
  });
  files.routes.routes.forEach((route, index) => {
    if (route.places === 'all') return;
    route.places.forEach((id, j) => {
      if (!ids.has(id)) problems.push(`${dir}/routes.yaml: routes[${index}].places[${j}]: unknown place "${id}"`);
    });
  });
  return problems;
}
