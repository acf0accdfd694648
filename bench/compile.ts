import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The servers under test run as plain JavaScript, as in production (`npm start` runs dist/),
 * so that their memory and start-up are not the TypeScript loader's: src/ and bench/ are
 * transpiled (no type check; `npm run typecheck` does that) into a temporary folder that links
 * the project's node_modules. Removed by `remove()`.
 */
export interface CompiledTree {
  dir: string;
  /** The .js path of a project .ts file, e.g. script('bench/bot-process.ts'). */
  script(projectPath: string): string;
  remove(): void;
}

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  esModuleInterop: true,
  sourceMap: false,
};

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export function compileForNode(root: string, folders: string[]): CompiledTree {
  const dir = mkdtempSync(join(tmpdir(), 'govdesk-bench-js-'));
  try {
    for (const folder of folders) {
      for (const file of tsFiles(join(root, folder))) {
        const rel = relative(root, file);
        const out = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: rel, reportDiagnostics: false });
        const target = join(dir, rel.replace(/\.ts$/, '.js'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, out.outputText);
      }
    }
    // The package's own name and module type (packageRoot() looks for name "govdesk").
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'govdesk', private: true, type: 'module' }));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    script: (projectPath) => join(dir, projectPath.replace(/\.ts$/, '.js')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
