/**
 * `mirrorface-guard check-config FILE [--base URL] [--lang ja|en]`: validates an add-in
 * config.json offline with the pane's own validator, and prints every problem by field, in the
 * reader's language. Exit 0 when the file is clean, 1 when it has problems, 2 on a usage error or
 * an unreadable file.
 */
import { promises as fsp } from 'fs';
import { validateConfig } from '../config/config';
import type { Lang } from '../engine/types';

/** Larger than any real config.json; a bigger file is the wrong file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export const CHECK_CONFIG_HELP = `Usage: mirrorface-guard check-config FILE [--base URL] [--lang ja|en]

Checks an add-in config.json offline, exactly as the task pane will read it. Every problem is
listed by field. --base is the URL the pane is served from (e.g.
https://addins.example.go.jp/mirrorface-guard/), so absolute iocListUrls / packUrls can be checked
against its origin. The JSON Schema for editors is schemas/config.schema.json.

Exit codes: 0 no problems, 1 problems found, 2 usage error or unreadable file.
`;

const WORDS = {
  ok: { ja: '問題はありません', en: 'no problems found' },
  problems: { ja: '件の問題があります', en: 'problem(s)' },
  inactive: {
    ja: 'iocListUrls / packUrls に不正な項目があるため、組織の追加指標はどれも使われません',
    en: 'iocListUrls / packUrls has an invalid entry, so none of your extra indicators will be used',
  },
  noBase: {
    ja: '注意：--base がないため、絶対 URL が同じオリジンかどうかは確認していません',
    en: 'note: without --base, absolute URLs were not checked against the add-in’s origin',
  },
} as const;

export interface CheckConfigIo {
  out: (text: string) => Promise<void> | void;
  err: (text: string) => Promise<void> | void;
  readFile: (file: string) => Promise<Buffer>;
  lang: Lang;
}

function langOf(env: NodeJS.ProcessEnv): Lang {
  return /^ja/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'ja' : 'en';
}

export function defaultCheckConfigIo(write: (text: string) => Promise<void>): CheckConfigIo {
  return { out: write, err: (t) => void process.stderr.write(t), readFile: (f) => fsp.readFile(f), lang: langOf(process.env) };
}

export async function runCheckConfig(argv: readonly string[], io: CheckConfigIo): Promise<number> {
  let lang = io.lang;
  let base: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--help' || a === '-h') {
      await io.out(CHECK_CONFIG_HELP);
      return 0;
    }
    if (a === '--lang' || a === '--base') {
      const v = argv[++i];
      if (v === undefined) return usage(io, `${a} needs a value`);
      if (a === '--lang') {
        if (v !== 'ja' && v !== 'en') return usage(io, `--lang must be ja or en, not "${v}"`);
        lang = v;
      } else {
        try {
          base = new URL(v).href;
        } catch {
          return usage(io, `--base must be an absolute URL, not "${v}"`);
        }
      }
      continue;
    }
    if (a.startsWith('-')) return usage(io, `unknown option "${a}"`);
    files.push(a);
  }
  if (files.length !== 1) return usage(io, 'give exactly one config.json');
  const file = files[0] ?? '';
  let text: string;
  try {
    const bytes = await io.readFile(file);
    if (bytes.length > MAX_CONFIG_BYTES) return usage(io, `${file}: ${bytes.length} bytes, over the ${MAX_CONFIG_BYTES}-byte limit`);
    text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    return usage(io, `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    await io.out(`${file}: (file): ${lang === 'ja' ? 'JSON として読めません' : 'not valid JSON'} (${String((e as Error).message)})\n`);
    return 1;
  }
  // Without --base, an absolute URL is judged against its own origin (so only its form is checked).
  const pageUrl = base ?? 'https://add-in.invalid/taskpane.html';
  const absolute = !base && typeof raw === 'object' && raw !== null && JSON.stringify(raw).match(/"https?:\/\//) !== null;
  const result = base || !absolute ? validateConfig(raw, pageUrl) : validateWithOwnOrigins(raw);
  const sep = lang === 'ja' ? '：' : ': ';
  let out = '';
  for (const i of result.issues) out += `${file}${sep}${i.field}${sep}${i.message[lang]}\n`;
  if (result.indicatorsRejected) out += `${file}${sep}${WORDS.inactive[lang]}\n`;
  if (absolute) out += `${WORDS.noBase[lang]}\n`;
  out += result.issues.length === 0 ? `${file}${sep}${WORDS.ok[lang]}\n` : `${file}${sep}${result.issues.length} ${WORDS.problems[lang]}\n`;
  await io.out(out);
  return result.issues.length === 0 ? 0 : 1;
}

/** Each absolute URL validated against its own origin: only its form is checked. */
function validateWithOwnOrigins(raw: unknown): ReturnType<typeof validateConfig> {
  const obj = raw as Record<string, unknown>;
  const first = [obj.iocListUrls, obj.packUrls]
    .flatMap((v) => (Array.isArray(v) ? v : []))
    .find((v): v is string => typeof v === 'string' && /^https?:\/\//.test(v));
  let page = 'https://add-in.invalid/taskpane.html';
  try {
    if (first) page = new URL('/taskpane.html', first).href;
  } catch {
    // the validator reports the bad URL itself
  }
  return validateConfig(raw, page);
}

async function usage(io: CheckConfigIo, message: string): Promise<number> {
  await io.err(`mirrorface-guard check-config: ${message}\nTry "mirrorface-guard check-config --help".\n`);
  return 2;
}
