/**
 * Samplers (which problems to train on next) and difficulty estimation. A trainer needs:
 * `createSampler(spec, store, { seed, filter: { split: 'train' }, stateKey })` → `draw` / `observe`,
 * optionally wrapped by `fillInformativeBatch` (DAPO dynamic sampling), and the item-response model
 * (`loadItemResponseModel` → `update(attempts, labelsFromStore(store))` → `saveItemResponseModel`).
 */
export { createSampler, type GroupResult, type Sampler, type SamplerOptions, type SamplerState } from './sampler.js';
export {
  DEFAULT_BAND_OUTSIDE,
  formatSamplerSpec,
  parseSamplerSpec,
  parseSamplerSpecObject,
  resolveSamplerSpec,
  SAMPLER_KINDS,
  samplerSpecSchema,
  type SamplerSpec,
  type SamplerSpecInput,
} from './sampler-spec.js';
export { fillInformativeBatch, isInformative, type InformativeBatch, type InformativeBatchOptions, type InformativeBatchReport } from './dynamic-filter.js';
export { ItemResponseModel, type Belief, type ItemLabel, type ItemLookup, type ItemResponseOptions, type ItemResponseSnapshot } from './item-response.js';
export { labelsFromStore, loadItemResponseModel, saveItemResponseModel } from './item-response-store.js';
export { itemResponseDifficulty, passRateDifficulties, passRateDifficulty } from './difficulty.js';
export { SumTree } from './sum-tree.js';
export { POOL_PRIOR_STRENGTH, PooledPassRates } from './pooled-pass-rates.js';
