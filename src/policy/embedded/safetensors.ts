import { InputError } from '../../core/errors.js';

export interface Float32Entry {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Rejects headers claiming more than this (a corrupt length field would otherwise allocate wildly). */
const MAXIMUM_HEADER_BYTES = 100 * 1024 * 1024;

/**
 * Serializes float32 tensors in the safetensors format (huggingface/safetensors): an 8-byte
 * little-endian header length, a JSON header mapping each name to {dtype, shape, data_offsets}
 * plus optional `__metadata__` (string values only), then the raw little-endian data.
 */
export function encodeSafetensors(entries: readonly Float32Entry[], metadata: Record<string, string> = {}): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const { name, shape, values } of entries) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + values.byteLength] };
    offset += values.byteLength;
  }
  // The format pads the header with spaces so the data starts 8-byte aligned.
  let headerText = JSON.stringify(header);
  headerText += ' '.repeat((8 - ((8 + Buffer.byteLength(headerText)) % 8)) % 8);
  const headerBytes = Buffer.from(headerText, 'utf8');
  const output = Buffer.alloc(8 + headerBytes.length + offset);
  output.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(output, 8);
  let position = 8 + headerBytes.length;
  for (const { values } of entries) {
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    if (isLittleEndian()) bytes.copy(output, position);
    else for (let index = 0; index < values.length; index++) output.writeFloatLE(values[index]!, position + index * 4);
    position += values.byteLength;
  }
  return output;
}

export interface DecodedSafetensors {
  tensors: Map<string, { shape: number[]; values: Float32Array }>;
  metadata: Record<string, string>;
}

/** Parses a safetensors buffer holding F32 tensors; errors name the file and the bad field. */
export function decodeSafetensors(buffer: Buffer, file: string): DecodedSafetensors {
  if (buffer.length < 8) throw new InputError(`not a safetensors file: ${buffer.length} bytes, shorter than the 8-byte header length`, { file });
  const headerLength = Number(buffer.readBigUInt64LE(0));
  if (headerLength > MAXIMUM_HEADER_BYTES || 8 + headerLength > buffer.length) {
    throw new InputError(`corrupt safetensors header: it claims ${headerLength} bytes but the file has ${buffer.length}`, { file });
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buffer.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`corrupt safetensors header: ${(error as Error).message}`, { file });
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new InputError('corrupt safetensors header: expected a JSON object', { file });
  }
  const dataStart = 8 + headerLength;
  const dataLength = buffer.length - dataStart;
  const tensors = new Map<string, { shape: number[]; values: Float32Array }>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (dtype !== 'F32') throw new InputError(`tensor "${name}" has dtype ${String(dtype)}; only F32 is supported`, { file, field: `${name}.dtype` });
    if (!Array.isArray(shape) || !shape.every((dimension) => Number.isInteger(dimension) && dimension >= 0)) {
      throw new InputError(`tensor "${name}" has an invalid shape`, { file, field: `${name}.shape` });
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(Number.isInteger)) {
      throw new InputError(`tensor "${name}" has invalid data_offsets`, { file, field: `${name}.data_offsets` });
    }
    const [begin, end] = offsets as [number, number];
    const size = (shape as number[]).reduce((product, dimension) => product * dimension, 1);
    if (begin < 0 || end > dataLength || end - begin !== size * 4) {
      throw new InputError(
        `tensor "${name}" spans bytes [${begin}, ${end}) of ${dataLength}, which does not fit shape [${(shape as number[]).join(', ')}] (truncated or corrupt file?)`,
        { file, field: `${name}.data_offsets` },
      );
    }
    const start = buffer.byteOffset + dataStart + begin;
    const values = isLittleEndian()
      ? new Float32Array(buffer.buffer.slice(start, start + size * 4))
      : Float32Array.from({ length: size }, (_, index) => buffer.readFloatLE(dataStart + begin + index * 4));
    tensors.set(name, { shape: shape as number[], values });
  }
  return { tensors, metadata };
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
