/** Collects a program's stdout and stderr up to a byte limit per stream. */
export class OutputCollector {
  private readonly streams = { stdout: [] as string[], stderr: [] as string[] };
  private readonly bytes = { stdout: 0, stderr: 0 };
  private truncated = false;

  constructor(private readonly limitBytes: number) {}

  /** Throws once the limit is passed, so the program stops at its next write. */
  write(stream: string, text: string): void {
    if (this.truncated) throw new Error('output limit reached');
    const name = stream === 'stderr' ? 'stderr' : 'stdout';
    const size = Buffer.byteLength(text);
    if (this.bytes[name] + size > this.limitBytes) {
      this.streams[name].push(Buffer.from(text).subarray(0, this.limitBytes - this.bytes[name]).toString());
      this.bytes[name] = this.limitBytes;
      this.truncated = true;
      throw new Error('output limit reached');
    }
    this.streams[name].push(text);
    this.bytes[name] += size;
  }

  result(): { stdout: string; stderr: string; outputTruncated: boolean } {
    return { stdout: this.streams.stdout.join(''), stderr: this.streams.stderr.join(''), outputTruncated: this.truncated };
  }
}
