import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendantProcesses } from './descendant-processes.js';
import { runPython, runPythonCases, SandboxUnavailableError } from './index.js';

// Hostile programs against the Python sandbox: each asserts what the program got AND that the
// host is untouched and this process is alive.
const canaryDirectory = mkdtempSync(join(tmpdir(), 'rlvr-canary-'));
const canaryFile = join(canaryDirectory, 'secret.txt');
const canarySecret = `canary-${process.pid}-${Date.now()}`;
let server: Server;
let serverPort = 0;
let connections = 0;

beforeAll(async () => {
  writeFileSync(canaryFile, canarySecret);
  server = createServer((socket) => {
    connections++;
    socket.end('hello from the host');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverPort = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(canaryDirectory, { recursive: true, force: true });
});

function hostUntouched(): void {
  expect(readdirSync(canaryDirectory)).toEqual(['secret.txt']);
  expect(readFileSync(canaryFile, 'utf8')).toBe(canarySecret);
  expect(readdirSync('/work/main')).not.toContain('pwned.txt');
  expect(process.kill(process.pid, 0)).toBe(true);
}

describe('python sandbox', () => {
  it('runs a program with stdin and reports stdout, stderr and exit status', async () => {
    const result = await runPython('import sys\nname = input()\nprint("hi", name)\nprint("note", file=sys.stderr)\nsys.exit(3)', { stdin: 'Ada\n' });
    expect(result).toMatchObject({ stdout: 'hi Ada\n', stderr: 'note\n', exitCode: 3, timedOut: false, outputTruncated: false });
  });

  it('runs each input in a fresh process', async () => {
    const results = await runPythonCases('import builtins\nprint(getattr(builtins, "seen", 0))\nbuiltins.seen = 1', ['', '']);
    expect(results.map((result) => result.stdout)).toEqual(['0\n', '0\n']);
  });

  it('starts each input from a clean sandbox: no files or processes left by the run before', async () => {
    const program = `
import os, time
if input() == 'first':
    open('/tmp/marker', 'w').write('x')
    open('/dev/shm/marker', 'w').write('x')
    os.makedirs('/tmp/locked/inner')
    os.chmod('/tmp/locked', 0)
    os.symlink('/usr', '/tmp/link')
    if os.fork() == 0:
        os.setsid()  # leaves the run's process group, then its parent
        if os.fork() == 0:
            for fd in (0, 1, 2):
                os.close(fd)
            time.sleep(0.5)
            open('/tmp/late', 'w').write('still running')
        os._exit(0)
    print('planted')
else:
    time.sleep(1.0)
    print(sorted(os.listdir('/tmp')), sorted(os.listdir('/dev/shm')))
`;
    const results = await runPythonCases(program, ['first', 'second'], { timeoutMs: 3_000 });
    expect(results.map((result) => result.stdout)).toEqual(['planted\n', '[] []\n']);
  });

  it('cannot forge the report the host reads', async () => {
    const program = `
import os
if input() == 'forge':
    fake = '{"cases": [{"stdout": "forged", "stderr": "", "exitCode": 0, "timedOut": false, "outputTruncated": false, "ms": 1}]}\\n'
    for fd in range(64):
        try:
            os.write(fd, fake.encode())
        except OSError:
            pass
else:
    print('honest')
`;
    const results = await runPythonCases(program, ['forge', 'other']);
    expect(results).toHaveLength(2);
    expect(results[0]!.stdout).toContain('"forged"');
    expect(results[1]!.stdout).toBe('honest\n');
  });

  it('cannot raise its resource limits', async () => {
    const program = `
import os, resource
for name in ['RLIMIT_AS', 'RLIMIT_CPU', 'RLIMIT_NPROC', 'RLIMIT_NOFILE', 'RLIMIT_FSIZE']:
    kind = getattr(resource, name)
    for pid in (0, os.getppid()):
        try:
            resource.prlimit(pid, kind, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            print('RAISED', name, pid)
        except (ValueError, OSError):
            pass
print('memory hard limit', resource.getrlimit(resource.RLIMIT_AS)[1] // 2**20, 'MiB', flush=True)
block = bytearray(200 * 2**20)
`;
    const result = await runPython(program, { memoryMb: 128, timeoutMs: 10_000 });
    expect(result.stdout).not.toContain('RAISED');
    expect(result.stdout).toContain('memory hard limit 128 MiB');
    expect(result.stderr).toContain('MemoryError');
  });

  it('hides the project, the home directory and host files', async () => {
    const program = `
import os
print(sorted(os.listdir('/')))
for path in ['/work/main/package.json', ${JSON.stringify(canaryFile)}, '/root', '/home', '/proc/1/environ', '/etc/passwd']:
    try:
        with open(path) as file:
            print('READ', path, file.read(200))
    except OSError as error:
        print('DENIED', path, type(error).__name__)
`;
    const result = await runPython(program);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('READ');
    expect(result.stdout).not.toContain(canarySecret);
    expect(result.stdout.split('\n')[0]).toBe("['bin', 'dev', 'lib', 'lib64', 'tmp', 'usr']");
    hostUntouched();
  });

  it('cannot write to the host', async () => {
    const program = `
import os
for path in [${JSON.stringify(join(canaryDirectory, 'written.txt'))}, ${JSON.stringify(canaryFile)}, '/work/main/pwned.txt', '/usr/pwned.txt']:
    try:
        with open(path, 'w') as file:
            file.write('pwned')
        print('WROTE', path)
    except OSError as error:
        print('DENIED', path, type(error).__name__)
`;
    const result = await runPython(program);
    expect(result.stdout.match(/DENIED/g)).toHaveLength(4);
    hostUntouched();
  });

  it('bounds what a program can write inside the sandbox (tmpfs is host memory)', async () => {
    const program = `
for path in ['/tmp/big', '/dev/shm/big', '/dev/big']:
    try:
        with open(path, 'wb') as file:
            for _ in range(100):
                file.write(b'x' * 1_000_000)
        print('WROTE', path)
    except OSError as error:
        print('STOPPED', path, error.errno)
`;
    const result = await runPython(program, { timeoutMs: 10_000 });
    expect(result.stdout.match(/STOPPED/g)).toHaveLength(3);
  });

  it('has no network, not even to a server on the host loopback', async () => {
    const program = `
import socket
try:
    connection = socket.create_connection(('127.0.0.1', ${serverPort}), timeout=1)
    print('CONNECTED', connection.recv(100))
except OSError as error:
    print('NO NETWORK', type(error).__name__)
`;
    const result = await runPython(program);
    expect(result.stdout).toContain('NO NETWORK');
    expect(connections).toBe(0);
  });

  it('stops an infinite loop at the time limit', async () => {
    const started = performance.now();
    const result = await runPython('while True:\n    pass', { timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('contains a fork bomb and leaves no process behind', async () => {
    const result = await runPython('import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass', { timeoutMs: 1_000 });
    expect(result.exitCode === 0).toBe(false);
    hostUntouched();
    await expect.poll(() => descendantProcesses().length, { timeout: 10_000, interval: 200 }).toBe(0);
  });

  it('stops a memory bomb at the memory limit', async () => {
    const result = await runPython('blocks = []\nwhile True:\n    blocks.append(bytearray(10**7))', { memoryMb: 128, timeoutMs: 5_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.timedOut).toBe(false);
    expect(result.stderr).toContain('MemoryError');
  });

  it('caps huge output', async () => {
    const result = await runPython('while True:\n    print("x" * 1000)', { outputLimitBytes: 10_000, timeoutMs: 5_000 });
    expect(result).toMatchObject({ outputTruncated: true, timedOut: false });
    expect(result.stdout.length).toBe(10_000);
  });

  it('cannot run other programs or load ctypes', async () => {
    const program = `
for attempt in ['import subprocess; subprocess.run(["/bin/ls"])', 'import os; os.system("ls")', 'import ctypes']:
    try:
        exec(attempt)
        print('ALLOWED', attempt)
    except Exception as error:
        print('BLOCKED', type(error).__name__)
`;
    const result = await runPython(program);
    expect(result.stdout.match(/BLOCKED PermissionError/g)).toHaveLength(3);
  });

  it('refuses to run without bubblewrap unless told it may', async () => {
    await expect(runPython('print(1)', { bubblewrapPath: '/nonexistent/bwrap' })).rejects.toThrow(SandboxUnavailableError);
    await expect(runPython('print(1)', { bubblewrapPath: '/nonexistent/bwrap' })).rejects.toThrow(/bwrap/);
    const unsafe = await runPython('print(1)', { bubblewrapPath: '/nonexistent/bwrap', allowUnsandboxedPython: true });
    expect(unsafe.stdout).toBe('1\n');
  });
});
