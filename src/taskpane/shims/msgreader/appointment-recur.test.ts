/**
 * The pane's stand-in for msgreader's recurrence parser (appointment-recur.ts) must not change
 * how any .msg reads: every .msg in the corpora and the fixtures parses to the same message
 * with msgreader's own module and with the stand-in.
 */
import * as fs from 'fs';
import * as path from 'path';
import { nodeHasher } from '../../../adapters/hash/node-hasher';
import type { parseMsg as ParseMsg } from '../../../adapters/files/parse-msg';
import { CORPORA, listFiles, REPO_ROOT, requireCorpora } from '../../../../test/helpers/corpus';

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function msgFiles(): string[] {
  requireCorpora();
  const roots = [CORPORA, path.join(REPO_ROOT, 'test/fixtures')];
  return roots.flatMap((root) => listFiles(root).map((rel) => path.join(root, rel))).filter((f) => {
    const fd = fs.openSync(f, 'r');
    const head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
    return head.equals(OLE);
  });
}

type Reader = new (bytes: ArrayBuffer) => { getFileData(): { apptRecur?: unknown } };

function load(stubbed: boolean): { parse: typeof ParseMsg; Reader: Reader } {
  let parse!: typeof ParseMsg;
  let Reader!: Reader;
  jest.isolateModules(() => {
    if (stubbed) jest.doMock(require.resolve('@kenjiuno/msgreader/lib/AppointmentRecurParser.js'), () => jest.requireActual('./appointment-recur'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parse = (require('../../../adapters/files/parse-msg') as { parseMsg: typeof ParseMsg }).parseMsg;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Reader = (require('@kenjiuno/msgreader') as { default: Reader }).default;
  });
  return { parse, Reader };
}

it('every .msg in the corpora and the fixtures reads the same with the stand-in', async () => {
  // msgreader logs the pattern it dropped (console.debug): expected here, so kept out of the output.
  const debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
  const files = msgFiles();
  expect(files.length).toBeGreaterThan(30);
  const original = load(false);
  const standIn = load(true);
  let calendarItems = 0;
  let patterns = 0;
  for (const f of files) {
    const bytes = new Uint8Array(fs.readFileSync(f));
    // The stand-in is in force: msgreader's own parser reads patterns, the stand-in none.
    const buffer = bytes.slice().buffer;
    if (new original.Reader(buffer).getFileData().apptRecur !== undefined) patterns++;
    expect(new standIn.Reader(buffer).getFileData().apptRecur).toBeUndefined();
    const a = await original.parse(bytes, nodeHasher, undefined);
    const b = await standIn.parse(bytes, nodeHasher, undefined);
    if (!(a instanceof Error) && a.incomplete.some((i) => i.code === 'not-a-message')) calendarItems++;
    expect([f, b instanceof Error ? String(b) : JSON.parse(JSON.stringify(b))]).toEqual([f, a instanceof Error ? String(a) : JSON.parse(JSON.stringify(a))]);
  }
  debug.mockRestore();
  expect(patterns).toBeGreaterThan(3);
  console.log(`appointment-recur stand-in: ${files.length} .msg files, ${calendarItems} of them Outlook items that are not mail, ${patterns} with a recurrence pattern`);
});

it('throws, so msgreader drops the field as it does for a pattern it cannot read', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = jest.requireActual('./appointment-recur') as { parse: () => never };
  expect(() => parse()).toThrow();
});
