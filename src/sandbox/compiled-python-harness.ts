import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

const HARNESS_SOURCE = readFileSync(new URL('./python-harness.py', import.meta.url), 'utf8');
const COMPILE_HARNESS = [
  'import marshal, sys',
  "code = compile(sys.stdin.read(), 'python-harness.py', 'exec')",
  "sys.stdout.buffer.write(b'%d\\n' % sys.hexversion + marshal.dumps(code))",
].join('\n');

export interface CompiledPythonHarness {
  /** `python -c` text: checks that the Python is the one that compiled the harness, then runs it. */
  bootstrap: string;
  /** The harness's bytecode (marshal format), written to the sandbox's stdin before the request. */
  bytecode: Buffer;
}

let compiled: Promise<CompiledPythonHarness> | undefined;

/**
 * The sandbox harness as bytecode, compiled once per process by `python` (our own source, no model
 * input): compiling the source costs each sandbox ~20 ms of CPU on the 2-core benchmark machine.
 */
export function compiledPythonHarness(python: string): Promise<CompiledPythonHarness> {
  compiled ??= compileHarness(python).catch((error: unknown) => {
    compiled = undefined;
    throw error;
  });
  return compiled;
}

function compileHarness(python: string): Promise<CompiledPythonHarness> {
  return new Promise((resolve, reject) => {
    const child = execFile(python, ['-I', '-S', '-B', '-c', COMPILE_HARNESS], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`could not compile the Python sandbox harness: ${stderr.toString().trim() || error.message}`));
      const newline = stdout.indexOf(10);
      const version = Number(stdout.subarray(0, newline).toString());
      resolve({
        bootstrap: [
          'import marshal, sys',
          `if sys.hexversion != ${version}:`,
          "    raise SystemExit('the sandbox harness was compiled by another Python version')",
          'exec(marshal.load(sys.stdin.buffer))',
        ].join('\n'),
        bytecode: stdout.subarray(newline + 1),
      });
    });
    child.stdin!.end(HARNESS_SOURCE);
  });
}
