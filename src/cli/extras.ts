/**
 * Loads the admin's extra indicators (`--iocs`) and rules (`--pack`) on top of the embedded pack,
 * all or nothing: either every file is valid and merged, or the caller gets every problem (file
 * and line) and scans nothing.
 */
import type { Pack } from '../engine/types';
import { formatPackError, loadPackFromText, mergePacks, PackLoadError, parseIocFile } from '../pack';

export interface ExtraFile {
  /** As given on the command line, so errors name the file the admin typed. */
  name: string;
  text: string;
}

export function loadExtras(base: Pack, iocFiles: readonly ExtraFile[], packFiles: readonly ExtraFile[]): { pack: Pack } | { errors: string[] } {
  const errors: string[] = [];
  const extras: Pack[] = [];
  for (const f of packFiles) {
    try {
      extras.push(loadPackFromText(f.text, f.name, base));
    } catch (e) {
      if (e instanceof PackLoadError) errors.push(...e.errors.map(formatPackError));
      else errors.push(`${f.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const f of iocFiles) {
    const parsed = parseIocFile(f.text, f.name);
    if (parsed.errors.length > 0) {
      errors.push(...parsed.errors.map((e) => `${e.file}:${e.line}: ${e.message}`));
      continue;
    }
    extras.push({ version: base.version, sources: [], guidance: [], rules: [], lists: parsed.lists });
  }
  if (errors.length > 0) return { errors };
  if (extras.length === 0) return { pack: base };
  try {
    return { pack: mergePacks(base, ...extras) };
  } catch (e) {
    if (e instanceof PackLoadError) return { errors: e.errors.map(formatPackError) };
    return { errors: [e instanceof Error ? e.message : String(e)] };
  }
}
