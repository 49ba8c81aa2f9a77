/**
 * YAML text in, validated {@link Pack} out. Used by scripts/build-pack.js for `seeds/`, by the CLI
 * for `--pack FILE`, and by the task pane for an administrator's pack URL.
 */
import { parseDocument } from 'yaml';
import type { Pack } from '../engine/types';
import { PackLoadError } from './pack-error';
import { type PackError, type PackFileKind, type RawPackDoc, validatePack } from './validate-pack';

export { PackLoadError, formatPackError } from './pack-error';

/** A pack file bigger than this is not hand-written YAML; refuse rather than stall the pane. */
export const MAX_PACK_FILE_CHARS = 5_000_000;
/** YAML aliases can expand exponentially ("billion laughs"); the seeds never need one. */
const MAX_YAML_ALIASES = 0;

/** What a file under `seeds/` is, from its place in the tree. */
export function kindOfSeedPath(path: string): PackFileKind | undefined {
  const p = path.split('\\').join('/');
  const name = p.split('/').pop() ?? '';
  if (!/\.ya?ml$/i.test(name)) return undefined;
  if (/(^|\/)rules\/[^/]+$/.test(p)) return 'rule';
  if (/(^|\/)lists\/[^/]+$/.test(p)) return 'list';
  if (/^pack\.ya?ml$/i.test(name)) return 'pack';
  if (/^sources\.ya?ml$/i.test(name)) return 'sources';
  if (/^guidance\.ya?ml$/i.test(name)) return 'guidance';
  return undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, offset));
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: offset - nl };
}

/** Parses one YAML document; syntax errors become PackErrors (with line and column). */
export function parseYaml(text: string, file: string): { data?: unknown; errors: PackError[] } {
  if (text.length > MAX_PACK_FILE_CHARS) return { errors: [{ file, path: '', message: `file is larger than ${MAX_PACK_FILE_CHARS} characters` }] };
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return {
        errors: doc.errors.map((e) => {
          const { line, col } = lineAndColumn(text, e.pos[0]);
          return { file, path: '', message: `YAML line ${line} column ${col}: ${e.message.split('\n')[0] ?? e.code}` };
        }),
      };
    }
    return { data: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }), errors: [] };
  } catch (e) {
    return { errors: [{ file, path: '', message: `YAML could not be read: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

/**
 * Compiles the files of a pack tree (`pack.yml`, `sources.yml`, `guidance.yml`, `lists/*.yml`,
 * `rules/*.yml`; paths may carry a `seeds/` prefix). Never throws; `pack` is present only when
 * `errors` is empty.
 */
export function compilePack(files: ReadonlyArray<{ path: string; text: string }>): { pack?: Pack; errors: PackError[] } {
  const errors: PackError[] = [];
  const docs: RawPackDoc[] = [];
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const kind = kindOfSeedPath(f.path);
    if (!kind) {
      errors.push({ file: f.path, path: '', message: 'not a pack file (expected pack.yml, sources.yml, guidance.yml, lists/*.yml or rules/*.yml)' });
      continue;
    }
    const parsed = parseYaml(f.text, f.path);
    errors.push(...parsed.errors);
    if (parsed.errors.length === 0) docs.push({ file: f.path, kind, data: parsed.data });
  }
  const result = validatePack(docs);
  errors.push(...result.errors);
  return errors.length === 0 && result.pack ? { pack: result.pack, errors } : { errors };
}

/**
 * Loads one extra-rules file (`--pack FILE`, or an admin pack URL): a YAML document holding
 * `rules:` and optionally `lists:`, `sources:` and `guidance:`. Its references may point into
 * `base` (the embedded pack), and its ids must not collide with it. Returns only the extra
 * part; combine with {@link mergePacks}. Throws {@link PackLoadError} listing every problem.
 */
export function loadPackFromText(text: string, fileName: string, base?: Pack): Pack {
  const parsed = parseYaml(text, fileName);
  if (parsed.errors.length > 0) throw new PackLoadError(parsed.errors);
  const result = validatePack([{ file: fileName, kind: 'extra', data: parsed.data }], base ? { base } : {});
  if (!result.pack) throw new PackLoadError(result.errors.length > 0 ? result.errors : [{ file: fileName, path: '', message: 'no pack produced' }]);
  return { ...result.pack, version: base?.version ?? result.pack.version };
}
