import type { CompiledAnalyzer } from '../compiled-types.js';
import type { ThreatModel } from './threat-model.js';

/** The model compiled into each analyzer (absent: rules only). A WeakMap keeps CompiledAnalyzer's shape. */
const models = new WeakMap<CompiledAnalyzer, ThreatModel>();

/** Attaches a loaded model to an analyzer at compile time. */
export function attachModel(analyzer: CompiledAnalyzer, model: ThreatModel): void {
  models.set(analyzer, model);
}

/** The analyzer's model, or undefined when it scores with the rules alone. */
export function modelOf(analyzer: CompiledAnalyzer): ThreatModel | undefined {
  return models.get(analyzer);
}
