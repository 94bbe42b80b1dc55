/**
 * The embedded policy: a small decoder-only transformer on TensorFlow.js (WASM backend).
 *
 *   await initBackend();                                   // 'wasm' (falls back to 'cpu')
 *   const tokenizer = new CharTokenizer();
 *   const model = TransformerModel.create({ vocabSize: tokenizer.vocabSize, layers: 2, width: 64, heads: 4, contextLength: 64 }, seed);
 *   // Training: right-pad rows (PAD after EOS) and mask padded targets in the loss; positions are absolute.
 *   const logprobs = model.tokenLogprobs(ids);           // [B, T-1], differentiable w.r.t. model.variables
 *   // Sampling: logprobs are log π(token) of the UNTEMPERED model, i.e. log π_old for the ratio.
 *   const { tokens, logprobs, finishReasons } = await generate(model, prompts, { maxTokens, temperature, stopTokens: [tokenizer.special.eos], random });
 *   await saveCheckpoint(dir, model, tokenizer, { step });   // model.safetensors + config.json, atomic
 *   const policy = new EmbeddedPolicy({ model, tokenizer, random: seed, version: () => `step-${step}` });
 */
export { initBackend } from './backend.js';
export type { BackendName } from './backend.js';
export { CharTokenizer, MARKERS } from './tokenizer.js';
export type { SpecialTokens, SerializedTokenizer } from './tokenizer.js';
export { TransformerModel, parameterShapes } from './model.js';
export type { LayerCache } from './model.js';
export { parseTransformerConfig, transformerConfigSchema } from './model-config.js';
export type { TransformerConfig, TransformerConfigInput } from './model-config.js';
export { generate, generateWithoutCache } from './generate.js';
export type { GenerateOptions, GenerateResult, GenerateFinishReason } from './generate.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint.js';
export type { LoadedCheckpoint } from './checkpoint.js';
export { EmbeddedPolicy, weightsHash } from './embedded-policy.js';
export type { EmbeddedPolicyOptions } from './embedded-policy.js';
