export { createCompileVerifier, typeCheck, type CompileDiagnostic } from './compile-verifier.js';
