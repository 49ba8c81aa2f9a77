/**
 * A small mbox is read and split by the worker that checks it (src/cli/scan.ts, scanFile), where a
 * large one is streamed message by message from the main thread (containerTasks). Both must give
 * the same records: the same split, the same index, the same facts and verdicts. Held here on the
 * real corpora's mbox-format files and on generated ones, and in the CLI for the case where a
 * message of a small mbox hits a limit and the file is read again as a container.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sniffMessageFormat } from '../src/adapters/files';
import { buildEngine, EMBEDDED_PACK } from '../src/cli/engine-wiring';
import { containerTasks, scanFile, scanTask, WHOLE_MBOX_BYTES, type ScanTask } from '../src/cli/scan';
import type { ScanRecord } from '../src/cli/record';
import { CLI, CORPORA, listFiles, requireBuiltCli, requireCorpora, type CliRecord } from './helpers/corpus';
import { overlapBombsEml } from './helpers/hostile-files';

const engine = buildEngine(EMBEDDED_PACK, { trustedDomains: [], protectedDomains: [] });
const opts = { unzip: false };

/** Records as plain JSON, so verdicts and facts compare by value. */
const plain = (records: ScanRecord[]): unknown => JSON.parse(JSON.stringify(records));

async function whole(file: string): Promise<ScanRecord[]> {
  const r = await scanFile(file, engine, opts);
  if ('container' in r) throw new Error(`${file} was answered as a container (${r.container})`);
  return r.records;
}

async function streamed(file: string): Promise<ScanRecord[]> {
  const out: ScanRecord[] = [];
  for await (const task of containerTasks(file, 'mbox') as AsyncIterable<ScanTask>) {
    const r = await scanTask(task, engine, opts);
    if ('container' in r) throw new Error('a message was answered as a container');
    out.push(...r.records);
  }
  return out;
}

const CRLF = '\r\n';
const mail = (n: number, body = `Plain note number ${n}.`): string =>
  [`From: sender${n}@example.org`, 'To: me@example.org', `Subject: note ${n}`, `Message-ID: <n${n}@example.org>`, 'Date: Mon, 03 Mar 2025 10:00:00 +0000', '', body, ''].join(CRLF);
const envelope = (m: string): string => `From sender@example.org Mon Mar  3 10:00:00 2025\n${m.replace(/^(>*From )/gm, '>$1')}\n`;

describe('a small mbox checked whole in a worker gives the records streaming gives', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-mbox-whole-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each<[string, string]>([
    ['three messages, one with a quoted From line', [mail(1), mail(2, 'From here on, a quoted line.'), mail(3)].map(envelope).join('')],
    ['a file with only an envelope line', 'From sender@example.org Mon Mar  3 10:00:00 2025\n'],
    ['leading blank lines and a BOM', `\ufeff\n\n${envelope(mail(4))}`],
    ['no message after the first line', 'From nobody\n\n'],
  ])('%s', async (_name, text) => {
    const file = path.join(dir, 'box.mbox');
    fs.writeFileSync(file, text);
    expect(plain(await whole(file))).toEqual(plain(await streamed(file)));
  });

  it('every mbox-format file of the corpora up to the size limit', async () => {
    requireCorpora();
    const files = listFiles(CORPORA).filter((f) => {
      const full = path.join(CORPORA, f);
      if (fs.statSync(full).size > WHOLE_MBOX_BYTES) return false;
      const head = Buffer.alloc(512);
      const fd = fs.openSync(full, 'r');
      const n = fs.readSync(fd, head, 0, 512, 0);
      fs.closeSync(fd);
      return sniffMessageFormat(head.subarray(0, n)) === 'mbox';
    });
    // The SpamAssassin corpora save each message with its envelope line: thousands of them.
    expect(files.length).toBeGreaterThan(2500);
    let messages = 0;
    for (const f of files) {
      const full = path.join(CORPORA, f);
      const a = await whole(full);
      expect({ f, records: plain(a) }).toEqual({ f, records: plain(await streamed(full)) });
      messages += a.length;
    }
    expect(messages).toBeGreaterThan(2500);
  }, 300_000);
});

describe('mirrorface-guard scan: a small mbox whose message hits a limit is read again message by message', () => {
  it('the slow message gets the time-limit error; its neighbours get their records', () => {
    requireBuiltCli();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-mbox-limit-'));
    try {
      const box = [mail(1), overlapBombsEml(), mail(2)].map(envelope).join('');
      // Small enough to be checked whole in one task first.
      expect(box.length).toBeLessThan(WHOLE_MBOX_BYTES);
      fs.writeFileSync(path.join(dir, 'box.mbox'), box);
      // 200 overlap bombs take seconds to list; the limit is 1 s.
      const r = spawnSync(process.execPath, [CLI, 'scan', '--format', 'jsonl', '--jobs', '1', '--file-timeout', '1', 'box.mbox'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      const records = (r.stdout ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CliRecord);
      expect(records.map((x) => [x.index, x.message_id, x.level])).toEqual([
        [0, '<n1@example.org>', 'none'],
        [1, null, null],
        [2, '<n2@example.org>', 'none'],
      ]);
      expect(records[1]?.error).toMatch(/time limit exceeded: still running after 1 s \(--file-timeout\)/);
      expect(r.status).toBe(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
