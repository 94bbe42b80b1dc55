import { dirname } from 'node:path';
import type TypeScript from 'typescript';
import { z } from 'zod';
import { failed, succeeded } from '../../core/verdict.js';
import type { Verifier } from '../../core/verifier.js';
import { loadTypeScript } from '../../sandbox/transpile-typescript.js';
import { extractCode } from '../code/extract-code.js';
import { createConfigParser } from '../config-error.js';

const SOLUTION_FILE = '/solution.ts';
const PRELUDE_FILE = '/prelude.ts';
const REPORTED_DIAGNOSTICS = 20;

const parseConfig = createConfigParser('compile', z.object({ prelude: z.string().optional() }).strict());

export interface CompileDiagnostic {
  file: 'solution' | 'prelude' | 'lib';
  line: number;
  column: number;
  code: number;
  message: string;
}

/**
 * Type-checks the response's last fenced block as strict TypeScript (lib es2022, nothing emitted),
 * optionally with a `prelude` of declarations it may use. Score 1 when there is no error.
 */
export function createCompileVerifier(): Verifier {
  return {
    name: 'compile',
    description: 'Type-checks the last fenced code block as strict TypeScript (lib es2022); passes when the compiler reports no error.',
    async verify(input) {
      const config = parseConfig(input.config);
      const extracted = extractCode(input.response);
      if (!extracted) return failed('no-answer', { message: 'the response has no fenced code block' });
      const diagnostics = await typeCheck(extracted.code, config.prelude);
      if (diagnostics.length === 0) return succeeded({ diagnostics: [] });
      return failed('wrong', { errors: diagnostics.length, diagnostics: diagnostics.slice(0, REPORTED_DIAGNOSTICS) });
    },
  };
}

/** Parsed lib files, shared by every check: parsing them is most of the compiler's startup. */
const libraryFiles = new Map<string, TypeScript.SourceFile>();

export async function typeCheck(code: string, prelude?: string): Promise<CompileDiagnostic[]> {
  const ts = await loadTypeScript();
  const options: TypeScript.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    noEmit: true,
    skipDefaultLibCheck: true,
    noFallthroughCasesInSwitch: true,
  };
  const sources = new Map<string, string>([[SOLUTION_FILE, code]]);
  if (prelude !== undefined) sources.set(PRELUDE_FILE, prelude);
  const host = inMemoryHost(ts, options, sources);
  const program = ts.createProgram({ rootNames: [...sources.keys()], options, host });
  const found = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return found.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error).map((diagnostic) => describe(ts, diagnostic));
}

function inMemoryHost(ts: typeof TypeScript, options: TypeScript.CompilerOptions, sources: Map<string, string>): TypeScript.CompilerHost {
  const libraryDirectory = dirname(ts.getDefaultLibFilePath(options));
  return {
    getSourceFile(fileName, languageVersion) {
      const source = sources.get(fileName);
      if (source !== undefined) return ts.createSourceFile(fileName, source, languageVersion, true);
      if (!fileName.startsWith(libraryDirectory)) return undefined;
      let library = libraryFiles.get(fileName);
      if (!library) {
        const text = ts.sys.readFile(fileName);
        if (text === undefined) return undefined;
        library = ts.createSourceFile(fileName, text, languageVersion, false);
        libraryFiles.set(fileName, library);
      }
      return library;
    },
    getDefaultLibFileName: (compilerOptions) => ts.getDefaultLibFilePath(compilerOptions),
    getDefaultLibLocation: () => libraryDirectory,
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getDirectories: () => [],
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => sources.has(fileName) || (fileName.startsWith(libraryDirectory) && ts.sys.fileExists(fileName)),
    readFile: (fileName) => sources.get(fileName) ?? (fileName.startsWith(libraryDirectory) ? ts.sys.readFile(fileName) : undefined),
  };
}

function describe(ts: typeof TypeScript, diagnostic: TypeScript.Diagnostic): CompileDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const file = diagnostic.file;
  if (!file || diagnostic.start === undefined) return { file: 'solution', line: 0, column: 0, code: diagnostic.code, message };
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
  const name = file.fileName === SOLUTION_FILE ? 'solution' : file.fileName === PRELUDE_FILE ? 'prelude' : 'lib';
  return { file: name, line: line + 1, column: character + 1, code: diagnostic.code, message };
}
