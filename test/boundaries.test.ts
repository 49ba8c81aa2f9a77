/**
 * Import boundaries from the style guide, checked on the source text so a violation fails
 * `npm test` rather than waiting for review:
 * - the engine is pure: it imports only its own modules and pure libraries (no node:, fs, DOM
 *   globals, Office, clock or randomness), and never the pack data;
 * - Office.js is touched only in src/adapters/office (and the task pane entry that waits for onReady);
 * - nothing imports the CLI or the task pane.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../src');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const rel = (p: string): string => path.relative(SRC, p).split(path.sep).join('/');
const files = walk(SRC).map((p) => ({ file: rel(p), text: fs.readFileSync(p, 'utf8') }));
const importsOf = (text: string): string[] =>
  [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');

/** Resolves a relative import to a path under src/, or returns the bare module name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return rel(path.resolve(SRC, path.dirname(file), spec));
}

const ENGINE_ALLOWED_PACKAGES = new Set(['tldts']);

describe('import boundaries', () => {
  const engine = files.filter((f) => f.file.startsWith('engine/'));

  it('finds the engine sources (the check cannot pass vacuously)', () => {
    expect(engine.length).toBeGreaterThan(0);
  });

  it.each(engine.map((f) => [f.file, f] as const))('%s imports only engine modules and pure packages', (_n, f) => {
    for (const spec of importsOf(f.text)) {
      const t = target(f.file, spec);
      if (spec.startsWith('.')) expect(t.startsWith('engine/')).toBe(true);
      else expect(ENGINE_ALLOWED_PACKAGES.has(spec)).toBe(true);
    }
  });

  it.each(engine.map((f) => [f.file, f] as const))('%s uses no I/O, clock, randomness or host globals', (_n, f) => {
    const code = f.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(Office|document|window|localStorage|fetch|XMLHttpRequest|process)\s*[.(]/);
    expect(code).not.toMatch(/\bDate\.now\b|\bnew Date\s*\(|\bperformance\.now\b|\bMath\.random\b/);
  });

  it.each(files.filter((f) => !f.file.startsWith('adapters/office/') && f.file !== 'taskpane/index.tsx').map((f) => [f.file, f] as const))(
    '%s does not touch Office.js',
    (_n, f) => {
      const code = f.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(/\bOffice\.(context|onReady|AsyncResultStatus|CoercionType|EventType|MailboxEnums|initialize)\b/);
    },
  );

  it.each(files.map((f) => [f.file, f] as const))('%s never imports the CLI or the task pane from outside them', (_n, f) => {
    for (const spec of importsOf(f.text)) {
      const t = target(f.file, spec);
      if (!f.file.startsWith('cli/')) expect(t.startsWith('cli/')).toBe(false);
      if (!f.file.startsWith('taskpane/')) expect(t.startsWith('taskpane/')).toBe(false);
    }
  });

  it('nothing renders message content as HTML', () => {
    const offenders = files.filter((f) => /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write/.test(f.text));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });
});
