import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmSlice } from './wasm-slice.js';

export type BackendName = 'wasm' | 'cpu';

/**
 * Selects the TensorFlow.js backend for the embedded model: WASM (SIMD kernels, single thread)
 * by default, the pure-JS CPU backend when WASM cannot start. Safe to call many times; calling
 * again with another backend switches to it. Returns the active backend's name.
 */
export async function initBackend(preferred: BackendName = 'wasm'): Promise<string> {
  if (tf.getBackend() === preferred) return preferred;
  try {
    const ready = await tf.setBackend(preferred);
    if (!ready) throw new Error(`backend "${preferred}" reported it is not ready`);
    await tf.ready();
    if (preferred === 'wasm') registerWasmSlice();
  } catch (error) {
    if (preferred === 'cpu') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`rlvr: the WASM backend failed to start (${reason}); falling back to the slower CPU backend.`);
    await tf.setBackend('cpu');
    await tf.ready();
  }
  return tf.getBackend();
}
