/**
 * `mirrorface-guard export kql|detection-rules|stix|misp|tabl`: the compiled pack (plus the
 * admin's --iocs and --pack files) in the formats security teams use elsewhere. Everything is
 * written locally; no Microsoft or MISP service is ever called.
 *
 * Output goes to standard output, or with --out to a file; for kql and detection-rules --out
 * names a directory that gets one file per rule family. Argument parsing is pure
 * ({@link parseExportArgs}) so usage errors are tested as a table.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import type { Pack } from '../engine/types';
import { detectionRules } from '../formats/detection-rules';
import { KQL_FLAVORS, kqlQueries, TIMESPAN_RE, type KqlFlavor } from '../formats/kql';
import { mispEvent } from '../formats/misp';
import { stixBundle } from '../formats/stix';
import { tablExport } from '../formats/tabl';

export const EXPORT_FORMATS = ['kql', 'detection-rules', 'stix', 'misp', 'tabl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  out?: string;
  flavor: KqlFlavor;
  iocs: string[];
  packs: string[];
  since: string;
}

export type ParsedExportArgs = { kind: 'export'; options: ExportOptions } | { kind: 'help' } | { kind: 'error'; message: string };

const VALUE_FLAGS = new Set(['--out', '--flavor', '--iocs', '--pack', '--since']);

/** Parses the arguments after `export`. */
export function parseExportArgs(argv: readonly string[]): ParsedExportArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const format = EXPORT_FORMATS.find((f) => f === argv[0]);
  if (!format) return { kind: 'error', message: argv[0] === undefined ? `export needs a format: ${EXPORT_FORMATS.join(', ')}` : `unknown export format "${argv[0]}" (one of ${EXPORT_FORMATS.join(', ')})` };
  const o: ExportOptions = { format, flavor: 'defender', iocs: [], packs: [], since: '30d' };
  const given = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) return { kind: 'error', message: arg.startsWith('-') ? `unknown option "${flag}"` : `unexpected argument "${arg}"` };
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `option ${flag} needs a value` };
    if ((flag === '--out' || flag === '--flavor' || flag === '--since') && given.has(flag)) return { kind: 'error', message: `${flag} given twice` };
    given.add(flag);
    if (flag === '--out') o.out = value;
    else if (flag === '--iocs') o.iocs.push(value);
    else if (flag === '--pack') o.packs.push(value);
    else if (flag === '--flavor') {
      const f = KQL_FLAVORS.find((x) => x === value);
      if (!f) return { kind: 'error', message: `--flavor must be defender or sentinel, not "${value}"` };
      o.flavor = f;
    } else {
      if (!TIMESPAN_RE.test(value)) return { kind: 'error', message: `--since takes a span such as 30d, 12h or 90m, not "${value}"` };
      o.since = value;
    }
  }
  if (given.has('--flavor') && format !== 'kql') return { kind: 'error', message: format === 'detection-rules' ? '--flavor does not apply: custom detection rules run in Defender XDR (defender flavour)' : `--flavor applies only to export kql` };
  if (given.has('--since') && format !== 'kql') return { kind: 'error', message: format === 'detection-rules' ? '--since does not apply: a detection rule takes its look-back from its schedule' : '--since applies only to export kql' };
  return { kind: 'export', options: o };
}

export const EXPORT_HELP = `Usage: mirrorface-guard export FORMAT [options]

Writes the indicator pack (the embedded one, plus --iocs and --pack files) for use elsewhere.
Nothing is sent anywhere: the output is a file for you to review and load yourself.

Formats:
  kql               one hunting query per rule family for Defender XDR advanced hunting or Sentinel
  detection-rules   custom detection rule bodies for Microsoft Graph (POST /security/rules/detectionRules),
                    each with its query
  stix              one STIX 2.1 bundle (identity, intrusion set, indicators, relationships, TLP:CLEAR)
  misp              one MISP event in the MISP core format
  tabl              PowerShell (New-TenantAllowBlockListItems -Block) for Defender for Office 365's
                    Tenant Allow/Block List, and the same entries as CSV; campaign infrastructure only

Options:
  --out PATH               write to PATH instead of standard output. For kql and detection-rules PATH
                           is a directory (one .kql / .json file per rule family); for tabl, PATH is
                           the .ps1 script and the CSV goes beside it (same name, .csv)
  --flavor defender|sentinel   kql only: Timestamp (Defender XDR, default) or TimeGenerated (Sentinel)
  --since SPAN             kql only: how far back the hunt looks (default 30d; 12h, 90m…)
  --iocs FILE              add the organisation's indicators (lines, STIX, MISP or CSV); repeatable
  --pack FILE              add extra rules (pack YAML/JSON); repeatable

Exit codes: 0 written, 2 usage error or a bad --iocs / --pack file (nothing is written).
`;

export interface ExportOutput {
  /** Files to write, relative to --out (or the one file for stdout when `name` is ''). */
  files: Array<{ name: string; text: string }>;
  /** Said on standard error: what was left out and why. */
  notes: string[];
}

/** Everything an export writes, computed without I/O. */
export function buildExport(pack: Pack, o: ExportOptions): ExportOutput {
  switch (o.format) {
    case 'kql': {
      const qs = kqlQueries(pack, { flavor: o.flavor, lookback: o.since });
      return { files: qs.map((q) => ({ name: `${q.family}.kql`, text: `${q.text}\n` })), notes: [] };
    }
    case 'detection-rules': {
      const rules = detectionRules(pack);
      return {
        files: rules.flatMap((r) => [
          { name: `${r.family}.json`, text: `${JSON.stringify(r.body, null, 2)}\n` },
          { name: `${r.family}.kql`, text: `${r.body.queryCondition.queryText}\n` },
        ]),
        notes: ['post-delivery is a status report, not an event to alert on: it has no detection rule (use export kql)'],
      };
    }
    case 'stix':
      return { files: [{ name: 'mirrorface-guard.stix.json', text: `${JSON.stringify(stixBundle(pack), null, 2)}\n` }], notes: [] };
    case 'misp': {
      const m = mispEvent(pack);
      return { files: [{ name: 'mirrorface-guard.misp.json', text: `${JSON.stringify(m.event, null, 2)}\n` }], notes: m.leftOut.map((x) => `left out ${x.value}: ${x.reason}`) };
    }
    case 'tabl': {
      const t = tablExport(pack);
      return {
        files: [
          { name: 'mirrorface-guard.tabl.ps1', text: t.script },
          { name: 'mirrorface-guard.tabl.csv', text: t.csv },
        ],
        notes: t.excluded.map((x) => `left out ${x.value}: ${x.reason}`),
      };
    }
  }
}

/** Writes the export; resolves to the exit code. `pack` is already merged with --iocs/--pack. */
export async function writeExport(pack: Pack, o: ExportOptions, stdout: (s: string) => Promise<void>, stderr: (s: string) => void): Promise<number> {
  const { files, notes } = buildExport(pack, o);
  for (const n of notes) stderr(`mirrorface-guard: note: ${n}\n`);
  const perFamily = o.format === 'kql' || o.format === 'detection-rules';
  if (o.out === undefined) {
    // kql and detection-rules to stdout: every file, each after a header line naming it.
    if (perFamily) await stdout(files.map((f) => `// ===== ${f.name} =====\n${f.text}`).join('\n'));
    else await stdout(files[0]?.text ?? '');
    if (o.format === 'tabl') stderr('mirrorface-guard: note: the CSV form is written with --out FILE.ps1 (beside it, as FILE.csv)\n');
    return 0;
  }
  if (perFamily) {
    await fsp.mkdir(o.out, { recursive: true });
    for (const f of files) await fsp.writeFile(path.join(o.out, f.name), f.text, 'utf8');
    stderr(`mirrorface-guard: wrote ${files.length} files to ${o.out}\n`);
  } else if (o.format === 'tabl') {
    await fsp.mkdir(path.dirname(o.out), { recursive: true });
    const csv = o.out.replace(/\.ps1$/i, '') + '.csv';
    await fsp.writeFile(o.out, files[0]?.text ?? '', 'utf8');
    await fsp.writeFile(csv, files[1]?.text ?? '', 'utf8');
    stderr(`mirrorface-guard: wrote ${o.out} and ${csv}\n`);
  } else {
    await fsp.mkdir(path.dirname(o.out), { recursive: true });
    await fsp.writeFile(o.out, files[0]?.text ?? '', 'utf8');
    stderr(`mirrorface-guard: wrote ${o.out}\n`);
  }
  return 0;
}
