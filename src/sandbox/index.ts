export { IsolatePool, type IsolatePoolOptions } from './isolate-pool.js';
export {
  closeJavaScriptSandbox,
  runJavaScript,
  runJavaScriptAsserts,
  runJavaScriptCases,
  type JavaScriptAssertOutcome,
  type JavaScriptSandboxOptions,
} from './javascript-sandbox.js';
export {
  pythonSandboxCpuSeconds,
  pythonSandboxProblem,
  runPython,
  runPythonAsserts,
  runPythonCases,
  SandboxUnavailableError,
  splitPythonAsserts,
  type PythonAssertItem,
  type PythonAssertOutcome,
  type PythonSandboxOptions,
  type SplitPythonAssert,
} from './python-sandbox.js';
export { loadTypeScript, transpileTypeScript } from './transpile-typescript.js';
export * from './types.js';
