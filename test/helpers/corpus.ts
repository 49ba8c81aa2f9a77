/**
 * Where the real-mail corpora live and how to run the built CLI over them.
 *
 * The corpora sit beside the checkout (`../shared/corpora`), never inside it. CI always has them,
 * so a missing folder is a broken setup and fails loudly instead of skipping the real-mail tests.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ScanRecordJson } from '../../src/cli/record-schema';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CORPORA = path.resolve(REPO_ROOT, '../shared/corpora');
export const CLI = path.join(REPO_ROOT, 'bin/mirrorface-guard.js');

/** Benign sets for the false-positive budget (see ../shared/corpora/USE.md §3). */
export const BENIGN_COLLECTIONS = [
  'spamassassin_publiccorpus/easy-ham-1',
  'spamassassin_publiccorpus/hard-ham-1',
  'usrp-users_mailman',
  'spamassassin_testdata/nice',
  'spamassassin_testdata/welcomelists',
  'fml8',
] as const;

/** Real phishing that is not MirrorFace: campaign-specific indicators should (almost) never fire. */
export const NOT_MIRRORFACE_PHISHING = ['phishing_pot', 'osst-users_ja-phishing'] as const;

/** Throws (failing the suite) when the corpora are absent; call at the top of each corpus suite. */
export function requireCorpora(): string {
  if (!fs.existsSync(CORPORA) || !fs.statSync(CORPORA).isDirectory()) {
    throw new Error(
      `The real-mail corpora are missing: expected ${CORPORA} (../shared/corpora beside the checkout). ` +
        'The corpus tests never skip; put the shared folder beside the repository.',
    );
  }
  return CORPORA;
}

export function requireBuiltCli(): void {
  const bundle = path.join(REPO_ROOT, 'build/cli.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build:pack && npm run build:cli" first`);
}

/** Top-level collection folders (one per upstream source). */
export function listCollections(): string[] {
  return fs
    .readdirSync(requireCorpora(), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Every regular file under a directory, sorted, as paths relative to `base`. */
export function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else if (e.isFile()) out.push(path.relative(base, p));
  }
  return out;
}

/** The jsonl record the CLI prints (schema 2; see src/cli/record-schema.ts). */
export type CliRecord = ScanRecordJson;

export interface CliRun {
  status: number | null;
  records: CliRecord[];
  /** Files the CLI skipped as not mail, from its notes on stderr. */
  skipped: string[];
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs `mirrorface-guard scan --format jsonl` on paths (relative to the corpora) and parses stdout. */
export function scanJsonl(args: readonly string[], cwd = CORPORA): CliRun {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'scan', '--format', 'jsonl', '--fail-on', 'never', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, LANG: 'C', LC_ALL: '' },
  });
  const elapsedMs = Date.now() - started;
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.length > 0);
  const stderr = r.stderr ?? '';
  const skipped = [...stderr.matchAll(/^mirrorface-guard: skipped (.*?): (?:not mail|empty file)/gm)].map((m) => m[1]!);
  return { status: r.status, records: lines.map((l) => JSON.parse(l) as CliRecord), skipped, stdout: r.stdout ?? '', stderr, elapsedMs };
}

/** The collection a record belongs to: its first path segment, or the first two for split sets. */
export function collectionOf(file: string): string {
  const parts = file.split(/[\\/]/);
  const split = ['spamassassin_publiccorpus', 'spamassassin_testdata'];
  return split.includes(parts[0] ?? '') && parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
}
