import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface SliceArguments {
  inputs: { x: tf.TensorInfo };
  attrs: { begin: number | number[]; size?: number | number[] };
  backend: BackendWasm;
}

/**
 * The WASM backend's Slice kernel first copies its WHOLE input out of the WASM heap
 * (`readSync`, a fresh ArrayBuffer per call): ~5 ms to take a third of a [2048, 192] tensor,
 * most of it allocation and garbage collection. This kernel copies the same elements straight
 * between views of the heap: identical output, no allocation beyond the result. Strings keep
 * the original kernel.
 */
function sliceFromHeap(original: tf.KernelFunc, args: SliceArguments): tf.TensorInfo {
  const { inputs, attrs, backend } = args;
  const { x } = inputs;
  if (x.dtype === 'string') return original(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, attrs.begin, attrs.size);
  const out = backend.makeOutput(size, x.dtype);
  // Views are taken after makeOutput: allocating can grow (and so detach) the heap.
  const source = backend.typedArrayFromHeap(x);
  const target = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  const rank = x.shape.length;
  if (rank === 0 || tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    target.set(source.subarray(offset, offset + tf.util.sizeFromShape(size)));
    return out;
  }
  const rowLength = size[rank - 1]!;
  const rows = tf.util.sizeFromShape(size) / rowLength;
  const index = new Array<number>(rank - 1).fill(0);
  for (let row = 0; row < rows; row++) {
    let offset = begin[rank - 1]!;
    for (let axis = 0; axis < rank - 1; axis++) offset += (begin[axis]! + index[axis]!) * strides[axis]!;
    target.set(source.subarray(offset, offset + rowLength), row * rowLength);
    for (let axis = rank - 2; axis >= 0; axis--) {
      if (++index[axis]! < size[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** Replaces the WASM backend's Slice kernel with `sliceFromHeap`; a no-op once done. */
export function registerWasmSlice(): void {
  const registered = tf.getKernel('Slice', 'wasm');
  if (registered === undefined || (registered.kernelFunc as { fromHeap?: boolean }).fromHeap) return;
  const original = registered.kernelFunc;
  const kernelFunc = Object.assign((args: Parameters<tf.KernelFunc>[0]) => sliceFromHeap(original, args as unknown as SliceArguments), { fromHeap: true });
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ ...registered, kernelFunc });
}
