import type { MatchOutput, PlaceRecord } from './compiled-types.js';

/**
 * What each automaton output is, one byte per output: telling a match's kind then reads no output
 * record. Most matches are places, and a large gazetteer's records lie all over the heap, so reading
 * each one's `type` cost a cache miss per match; the record is read only for the mentions kept.
 */
export const OUTPUT_PLACE = 1;
export const OUTPUT_FRAME_BEFORE = 2;
export const OUTPUT_FRAME_AFTER = 3;
export const OUTPUT_THREAT = 4;
export const OUTPUT_CUE = 5;
/** The kind is the low three bits; a place's flags are the bits above. */
export const OUTPUT_KIND = 7;
export const PLACE_DEMONYM = 8;
export const PLACE_SINGLE_COMMON_WORD = 16;
export const PLACE_BY_SKELETON = 32;

const tables = new WeakMap<readonly MatchOutput[], Uint8Array>();

/** The kind and flags of every output of an analyzer, worked out once per analyzer. */
export function outputKinds(outputs: readonly MatchOutput[]): Uint8Array {
  let kinds = tables.get(outputs);
  if (!kinds) {
    kinds = new Uint8Array(outputs.length);
    for (let i = 0; i < outputs.length; i++) kinds[i] = kindOf(outputs[i]!);
    tables.set(outputs, kinds);
  }
  return kinds;
}

function kindOf(output: MatchOutput): number {
  switch (output.type) {
    case 'place':
      return (
        OUTPUT_PLACE |
        (output.demonym ? PLACE_DEMONYM : 0) |
        (output.singleCommonWord ? PLACE_SINGLE_COMMON_WORD : 0) |
        (output.bySkeleton ? PLACE_BY_SKELETON : 0)
      );
    case 'frame':
      return output.side === 'before' ? OUTPUT_FRAME_BEFORE : OUTPUT_FRAME_AFTER;
    case 'threat':
      return OUTPUT_THREAT;
    case 'cue':
      return OUTPUT_CUE;
  }
}

const placeTables = new WeakMap<readonly MatchOutput[], ReadonlyArray<PlaceRecord | null>>();

/**
 * The place of every place output (null for the others), worked out once per analyzer: a kept
 * mention then reads its place from one dense array, not through its output record (a cache miss
 * each in a large gazetteer, and a load polymorphic over the four kinds of record).
 */
export function outputPlaces(outputs: readonly MatchOutput[]): ReadonlyArray<PlaceRecord | null> {
  let places = placeTables.get(outputs);
  if (!places) {
    const table = new Array<PlaceRecord | null>(outputs.length);
    for (let i = 0; i < outputs.length; i++) {
      const output = outputs[i]!;
      table[i] = output.type === 'place' ? output.place : null;
    }
    places = table;
    placeTables.set(outputs, places);
  }
  return places;
}
