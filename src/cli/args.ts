/**
 * Command-line parsing for `mirrorface-guard scan`. Pure: argv and the environment in, options or
 * a usage error out, so every usage error can be tested as a table without spawning a process.
 */
import { availableParallelism } from 'os';
import { DEFAULT_MAX_HEAP_MB, DEFAULT_TASK_TIMEOUT_MS, MIN_HEAP_MB } from '../adapters/pool/limits';
import type { Lang, Level } from '../engine/types';

export type OutputFormat = 'text' | 'jsonl' | 'csv';

/**
 * `never` instead of `none`: "--fail-on none" reads as "fail when the level is at least none",
 * i.e. always, which is the opposite of what someone typing it usually wants. We refuse the
 * ambiguous word and name the two meanings instead.
 */
export type FailOn = Exclude<Level, 'none'> | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['low', 'medium', 'high', 'critical', 'never'];

export interface ScanOptions {
  format: OutputFormat;
  iocs: string[];
  packs: string[];
  lang: Lang;
  failOn: FailOn;
  /** Records below this level are counted but not written (errors are always written). */
  minLevel: Level;
  /** Text output: also print messages below low (by default they are only counted). */
  showAll: boolean;
  /** Read .eml files inside .zip archives (a SOC's user-report bundle). */
  unzip: boolean;
  trustedDomains: string[];
  protectedDomains: string[];
  paths: string[];
  /** Worker threads scanning at once (--jobs, MFG_JOBS; default: the number of cores). */
  jobs: number;
  /** Per-file wall-clock limit in ms (--file-timeout seconds, MFG_FILE_TIMEOUT). */
  fileTimeoutMs: number;
  /** Per-worker heap limit in MB (--max-heap-mb, MFG_MAX_HEAP_MB). */
  maxHeapMb: number;
}

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'scan'; options: ScanOptions }
  | { kind: 'error'; message: string };

/** Picks the default language the way POSIX tools do: LC_ALL wins over LC_MESSAGES over LANG. */
export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja/i.test(locale) ? 'ja' : 'en';
}

const VALUE_FLAGS = new Set([
  '--format',
  '--iocs',
  '--pack',
  '--lang',
  '--fail-on',
  '--min-level',
  '--trusted-domain',
  '--protected-domain',
  '--jobs',
  '--file-timeout',
  '--max-heap-mb',
]);
const BOOLEAN_FLAGS = new Set(['--show-all', '--unzip']);
const LEVEL_VALUES: readonly Level[] = ['none', 'low', 'medium', 'high', 'critical'];

/** Most workers --jobs accepts; more threads than this only add memory. */
export const MAX_JOBS = 256;
/** Largest --file-timeout, in seconds (a day): beyond it a "limit" is no limit. */
export const MAX_FILE_TIMEOUT_S = 86_400;
/** Largest --max-heap-mb: V8 cannot use more per isolate. */
export const MAX_HEAP_MB = 16_384;

/** The number of cores Node may use (os.availableParallelism), at least 1. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

type NumberFlag = '--jobs' | '--file-timeout' | '--max-heap-mb';

/** A positive number within range, or the usage error for it; --jobs and MB are whole numbers. */
function readNumber(flag: NumberFlag, value: string, from: string): number | string {
  const spec = {
    '--jobs': { min: 1, max: MAX_JOBS, integer: true, what: 'a whole number of workers' },
    '--file-timeout': { min: 0.001, max: MAX_FILE_TIMEOUT_S, integer: false, what: 'a number of seconds' },
    '--max-heap-mb': { min: MIN_HEAP_MB, max: MAX_HEAP_MB, integer: true, what: 'a whole number of megabytes' },
  }[flag];
  const n = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n) || (spec.integer && !Number.isInteger(n)) || n < spec.min || n > spec.max) {
    return `${from} must be ${spec.what} from ${spec.min} to ${spec.max}, not "${value}"`;
  }
  return n;
}

const NUMBER_ENV: readonly [string, NumberFlag][] = [
  ['MFG_JOBS', '--jobs'],
  ['MFG_FILE_TIMEOUT', '--file-timeout'],
  ['MFG_MAX_HEAP_MB', '--max-heap-mb'],
];

function setNumber(options: ScanOptions, flag: NumberFlag, n: number): void {
  if (flag === '--jobs') options.jobs = n;
  else if (flag === '--file-timeout') options.fileTimeoutMs = Math.round(n * 1000);
  else options.maxHeapMb = n;
}

/** A domain as an admin would type it; anything with a scheme, path or space is a slip. */
const DOMAIN_RE = /^(?=.{1,253}$)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\.?$/u;

export function parseArgs(argv: readonly string[], env: Record<string, string | undefined>): ParsedArgs {
  if (argv.length === 0) return { kind: 'error', message: 'missing command (try: mirrorface-guard scan --help)' };
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv[0] === '--version' || argv[0] === '-V') return { kind: 'version' };
  if (argv[0] === 'help') return { kind: 'help' };
  if (argv[0] !== 'scan') return { kind: 'error', message: `unknown command "${argv[0]}" (the only command is "scan")` };

  const options: ScanOptions = {
    format: 'text',
    iocs: [],
    packs: [],
    lang: langFromEnv(env),
    failOn: 'high',
    minLevel: 'none',
    showAll: false,
    unzip: false,
    trustedDomains: [],
    protectedDomains: [],
    paths: [],
    jobs: defaultJobs(),
    fileTimeoutMs: DEFAULT_TASK_TIMEOUT_MS,
    maxHeapMb: DEFAULT_MAX_HEAP_MB,
  };
  // The environment first, so a flag on the command line wins.
  for (const [name, flag] of NUMBER_ENV) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const n = readNumber(flag, value, name);
    if (typeof n === 'string') return { kind: 'error', message: n };
    setNumber(options, flag, n);
  }

  let onlyPaths = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      if (arg === '-') return { kind: 'error', message: 'reading from standard input is not supported; give a file or directory' };
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (arg === '--version') return { kind: 'version' };
    // Accept both "--flag value" and "--flag=value".
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.has(flag)) {
      if (eq > 0) return { kind: 'error', message: `option ${flag} takes no value` };
      if (flag === '--show-all') options.showAll = true;
      else options.unzip = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) return { kind: 'error', message: `unknown option "${flag}"` };
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') return { kind: 'error', message: `option ${flag} needs a value` };

    switch (flag) {
      case '--format':
        if (value !== 'text' && value !== 'jsonl' && value !== 'csv') return { kind: 'error', message: `--format must be text, jsonl or csv, not "${value}"` };
        options.format = value;
        break;
      case '--lang':
        if (value !== 'ja' && value !== 'en') return { kind: 'error', message: `--lang must be ja or en, not "${value}"` };
        options.lang = value;
        break;
      case '--fail-on': {
        if (value === 'none') {
          return { kind: 'error', message: '--fail-on none is ambiguous: use "never" to always exit 0, or "low" to fail on any finding' };
        }
        const found = FAIL_ON_VALUES.find((v) => v === value);
        if (!found) return { kind: 'error', message: `--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not "${value}"` };
        options.failOn = found;
        break;
      }
      case '--min-level': {
        const found = LEVEL_VALUES.find((v) => v === value);
        if (!found) return { kind: 'error', message: `--min-level must be one of ${LEVEL_VALUES.join(', ')}, not "${value}"` };
        options.minLevel = found;
        break;
      }
      case '--iocs':
        options.iocs.push(value);
        break;
      case '--pack':
        options.packs.push(value);
        break;
      case '--trusted-domain':
      case '--protected-domain': {
        const domain = value.trim().toLowerCase().replace(/\.$/, '');
        if (!DOMAIN_RE.test(domain)) return { kind: 'error', message: `${flag} expects a domain such as example.go.jp, not "${value}"` };
        (flag === '--trusted-domain' ? options.trustedDomains : options.protectedDomains).push(domain);
        break;
      }
      case '--jobs':
      case '--file-timeout':
      case '--max-heap-mb': {
        const n = readNumber(flag, value, flag);
        if (typeof n === 'string') return { kind: 'error', message: n };
        setNumber(options, flag, n);
        break;
      }
    }
  }
  if (options.paths.length === 0) return { kind: 'error', message: 'scan needs at least one file or directory' };
  return { kind: 'scan', options };
}

/** Whether a verdict level makes the run exit 1 under --fail-on. */
export function reachesFailOn(level: Level, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const order: readonly Level[] = ['none', 'low', 'medium', 'high', 'critical'];
  return order.indexOf(level) >= order.indexOf(failOn);
}

export const HELP_TEXT = `Usage: mirrorface-guard scan [options] PATH...

Check saved mail (.eml, .msg, mbox; the format is read from the content, not the name) for the
signs of MirrorFace / Earth Kasha spear-phishing. Directories (Maildir too) are walked
recursively; an mbox of any size is read as a stream. Files that are not mail are skipped with a
note. Nothing is sent anywhere: links are never followed and attachments are never opened.

Options:
  --format text|jsonl|csv  text for people (default); jsonl for machines, one JSON object per
                           message (schema 2: schemas/scan-record.schema.json); csv for
                           spreadsheets (UTF-8 with BOM, one row per message)
  --min-level LEVEL        none|low|medium|high|critical: leave records below LEVEL out of the
                           output (still counted; records that could not be checked always shown)
  --show-all               text: also print messages below low (by default only counted)
  --unzip                  read the .eml/.msg files inside .zip files (user-report bundles)
  --iocs FILE              extra indicator list (hashes, domains, IPs, URLs, addresses, defanged
                           or not); repeatable. A bad line stops the run before anything is scanned.
  --pack FILE              extra rules (pack YAML/JSON); repeatable. Same all-or-nothing loading.
  --lang ja|en             language of the report (default from LC_ALL / LANG: ja* gives ja)
  --fail-on LEVEL          low|medium|high|critical|never (default high): exit 1 when any message
                           reaches LEVEL; "never" turns exit 1 off.
  --trusted-domain D       your organisation's own domain (repeatable)
  --protected-domain D     an extra domain to protect from look-alikes (repeatable)
  --jobs N                 files scanned at once, each in its own worker thread (default: the
                           number of cores; env MFG_JOBS). The output is the same for every N.
  --file-timeout SECONDS   time one file (or one message of an mbox or .pst) may take to parse,
                           inspect and evaluate (default ${DEFAULT_TASK_TIMEOUT_MS / 1000}); past it the file gets an
                           error record and the scan goes on (env MFG_FILE_TIMEOUT)
  --max-heap-mb MB         memory (V8 heap) one worker may use (default ${DEFAULT_MAX_HEAP_MB}); past it the file
                           gets an error record and the scan goes on (env MFG_MAX_HEAP_MB)
  --help, --version

Exit codes (one meaning each):
  0  nothing reached --fail-on and everything was checked
  1  a message reached --fail-on (outranks 3)
  2  usage error, missing or unreadable PATH, or a bad --iocs / --pack file (nothing is scanned)
  3  some file or message could not be read or checked in full (unreadable, a parse failure,
     a limit hit, or stopped by --file-timeout / --max-heap-mb); see the summary's
     "not fully checked" count

jsonl records (every key always present; see the README for each field):
  {"schema":2,"file","index","folder","message_id","date","from","reply_to","to","cc","subject",
   "authentication":{"spf","dkim","dmarc"},"attachments":[...],"urls":[...],"level","score",
   "findings":[{"rule","severity","category","title","evidence":[{"field","value","display"}],
   "sources","guidance","indicators"}],"sources":[...],"guidance":[...],"incomplete":[...],"error"}
  A file or message that could not be checked has "level": null, "score": null and an "error"
  string, so it can never be mistaken for a clean record (level "none").
`;
