/**
 * Helpers for the manifest tests: the checked-in files, a checked text mutation (so a negative
 * case cannot pass because its edit silently matched nothing), and throw-away asset folders.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateManifestXsd, type XsdResult } from '../../scripts/manifest/validate-xsd';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const ASSETS_DIR = path.join(REPO_ROOT, 'assets');
export const PACKAGE_VERSION: string = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function readCheckedInManifest(): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'manifest.xml'), 'utf8');
}

/** Replaces `from` with `to` and fails loudly if `from` is not in the text. */
export function replaceOnce(xml: string, from: string | RegExp, to: string): string {
  const next = xml.replace(from, to);
  if (next === xml) throw new Error(`test mutation did not apply: ${String(from)}`);
  return next;
}

const tempDirs: string[] = [];

/** A fresh temporary folder, removed by removeTempDirs(). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A temporary copy of assets/ with some files replaced (Buffer) or removed (null). */
export function tempAssets(changes: Record<string, Buffer | null>): string {
  const dir = tempDir('mfg-assets-');
  for (const name of fs.readdirSync(ASSETS_DIR)) fs.copyFileSync(path.join(ASSETS_DIR, name), path.join(dir, name));
  for (const [name, bytes] of Object.entries(changes)) {
    const file = path.join(dir, name);
    if (bytes === null) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, bytes);
  }
  return dir;
}

export function xsd(xml: string): Promise<XsdResult> {
  return validateManifestXsd(xml);
}
