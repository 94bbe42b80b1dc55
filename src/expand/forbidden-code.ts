import type { CodeLanguage } from '../core/problem.js';

/**
 * Constructs a proposed problem's code may not use. The sandbox is the real boundary (model code
 * runs nowhere else); this list keeps problems whose point is the host — files, processes,
 * network, introspection tricks — out of the corpus, since a solver would learn to reach for them.
 */
const PYTHON_MODULES = [
  'os', 'subprocess', 'socket', 'shutil', 'ctypes', 'multiprocessing', 'threading', 'signal', 'pathlib',
  'importlib', 'builtins', 'pickle', 'marshal', 'urllib', 'http', 'requests', 'asyncio', 'resource', 'pty',
  'fcntl', 'mmap', 'tempfile', 'glob', 'io', 'inspect', 'gc', 'sysconfig', 'platform', 'webbrowser',
];
const PYTHON_CALLS = ['open', '__import__', 'eval', 'exec', 'compile', 'globals', 'vars', 'breakpoint'];
const PYTHON_ATTRIBUTES = ['__subclasses__', '__globals__', '__builtins__', '__code__', '__class__', '__bases__', '__mro__'];

const JAVASCRIPT_PATTERNS: Array<[RegExp, string]> = [
  // require('fs').readFileSync(0) is the sandbox's documented way to read stdin; nothing else is.
  [/\brequire\s*\(\s*(?!(['"`])fs\1\s*\))/, 'require() of a module other than fs'],
  [/\breadFileSync\s*\(\s*(?!0\s*[,)]|(['"`])\/dev\/stdin\1)/, 'readFileSync() of a file other than stdin'],
  [/\b(?:writeFileSync|appendFileSync|openSync|readdirSync|rmSync|unlinkSync|mkdirSync|existsSync|statSync|createReadStream|createWriteStream)\b/, 'a file-system call'],
  [/\bimport\s*\(/, 'dynamic import()'],
  [/(^|[;\n])\s*import\s[\s\S]*?\bfrom\b/, 'import … from'],
  [/\bprocess\b/, 'process'],
  [/\beval\s*\(/, 'eval()'],
  [/\bFunction\s*\(/, 'Function()'],
  [/\.constructor\s*\(/, '.constructor()'],
  [/\b(?:WebAssembly|SharedArrayBuffer|Atomics|globalThis)\b/, 'WebAssembly, SharedArrayBuffer, Atomics or globalThis'],
];

/** The first forbidden construct in the code, described, or undefined when there is none. */
export function findForbiddenConstruct(code: string, language: CodeLanguage): string | undefined {
  return language === 'python' ? findInPython(code) : findInJavaScript(code);
}

function findInPython(code: string): string | undefined {
  for (const match of code.matchAll(/^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))/gm)) {
    const modules = (match[1] ?? match[2]!).split(',').map((entry) => entry.trim().split(/\s+/)[0]!.split('.')[0]!);
    const forbidden = modules.find((module) => PYTHON_MODULES.includes(module));
    if (forbidden) return `imports the forbidden module "${forbidden}"`;
  }
  const call = PYTHON_CALLS.find((name) => new RegExp(`(?<![\\w.])${name}\\s*\\(`).test(code));
  if (call) return `calls ${call}()`;
  const attribute = PYTHON_ATTRIBUTES.find((name) => code.includes(name));
  if (attribute) return `uses ${attribute}`;
  return undefined;
}

function findInJavaScript(code: string): string | undefined {
  return JAVASCRIPT_PATTERNS.find(([pattern]) => pattern.test(code))?.[1]?.replace(/^/, 'uses ');
}
