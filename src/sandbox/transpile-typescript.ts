import type TypeScript from 'typescript';

let compiler: Promise<typeof TypeScript> | undefined;

/** The TypeScript compiler, loaded on first use (it takes a few hundred milliseconds). */
export function loadTypeScript(): Promise<typeof TypeScript> {
  compiler ??= import('typescript').then((module) => (module.default ?? module) as typeof TypeScript);
  return compiler;
}

/** Strips types on the host (transpiling is safe; running is not) into a CommonJS-style script. */
export async function transpileTypeScript(code: string): Promise<string> {
  const ts = await loadTypeScript();
  const { outputText } = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, removeComments: false },
    reportDiagnostics: false,
  });
  return outputText;
}
