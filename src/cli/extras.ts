/**
 * Loads the admin's extra indicators (`--iocs`, in any format parse-iocs recognises) and rules
 * (`--pack`) on top of the embedded pack, all or nothing: either every file is valid and merged,
 * or the caller gets every problem (file and line or object) and scans nothing. Values skipped on
 * purpose (MISP attribute types we do not match) come back as notes to print.
 */
import type { Pack } from '../engine/types';
import { formatIocError, formatPackError, loadPackFromText, mergePacks, PackLoadError, parseIocFile } from '../pack';

export interface ExtraFile {
  /** As given on the command line, so errors name the file the admin typed. */
  name: string;
  text: string;
}

export function loadExtras(base: Pack, iocFiles: readonly ExtraFile[], packFiles: readonly ExtraFile[]): { pack: Pack; notes: string[] } | { errors: string[] } {
  const errors: string[] = [];
  const notes: string[] = [];
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
    notes.push(...parsed.notes.map(formatIocError));
    if (parsed.errors.length > 0) {
      errors.push(...parsed.errors.map(formatIocError));
      continue;
    }
    extras.push({ version: base.version, sources: [], guidance: [], rules: [], lists: parsed.lists });
  }
  if (errors.length > 0) return { errors };
  if (extras.length === 0) return { pack: base, notes };
  try {
    return { pack: mergePacks(base, ...extras), notes };
  } catch (e) {
    if (e instanceof PackLoadError) return { errors: e.errors.map(formatPackError) };
    return { errors: [e instanceof Error ? e.message : String(e)] };
  }
}
