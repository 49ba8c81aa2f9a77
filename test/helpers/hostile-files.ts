/**
 * Hostile files from issue 8's "Must show", generated (never stored): the CLI test
 * (test/hostile-input.test.ts) and the preview's browser test (test/browser/web-worker.test.ts)
 * check the same ones.
 */
import { zipSync } from 'fflate';
import { HOSTILE_MSGS } from '../../src/adapters/files/hostile-msg.test-helper';
import { concatBytes } from '../../src/adapters/inspect/bytes';
import { localSocPack } from './local-pack';

const CRLF = '\r\n';

/** A 5 MB mbox: 50 messages, each a 100 kB body that is one URL ending in a run of punctuation. */
export function punctuationMbox(): string {
  const run = '.,;:!?'.repeat(100_000 / 6);
  let out = '';
  for (let i = 0; i < 50; i++) {
    out +=
      `From sender${i}@example.org Mon Mar  3 10:00:00 2025\n` +
      [`From: sender${i}@example.org`, 'To: me@example.org', `Subject: links ${i}`, `Message-ID: <p${i}@example.org>`, 'Date: Mon, 03 Mar 2025 10:00:00 +0000', '', `see http://example.org/${i}/${run}x`, ''].join('\n') +
      '\n';
  }
  return out;
}

/** An .eml whose attachment has a long name, against an admin pack with a many-wildcard filename. */
export function longNameEml(): string {
  const name = `${'a'.repeat(4000)}.exe`;
  return [
    'From: sender@example.org',
    'To: me@example.org',
    'Subject: file',
    'Message-ID: <w1@example.org>',
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'see attached',
    '--b',
    `Content-Type: application/octet-stream; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('MZ not really a program').toString('base64'),
    '--b--',
    '',
  ].join(CRLF);
}

/**
 * The overlap ZIP bomb: one 1 MB run of zeros, and a central directory of 200 entries that all
 * point at its one local header (200 MB declared from about 10 kB).
 */
export function overlapBomb(): Uint8Array {
  const z = zipSync({ 'zeros.bin': new Uint8Array(1 << 20) }, { level: 9 });
  const cdStart = z.length - 22 - (46 + 'zeros.bin'.length);
  const eocd = z.slice(z.length - 22);
  const dir = concatBytes(Array.from({ length: 200 }, () => z.subarray(cdStart, z.length - 22)));
  eocd[8] = eocd[10] = 200;
  new DataView(eocd.buffer).setUint32(12, dir.length, true);
  return concatBytes([z.subarray(0, cdStart), dir, eocd]);
}

/** One message carrying 200 overlap bombs (issue 8: this took 201 s). */
export function overlapBombsEml(): string {
  const b64 = Buffer.from(overlapBomb()).toString('base64').replace(/.{76}/g, `$&${CRLF}`);
  const parts = Array.from({ length: 200 }, (_, i) =>
    ['--b', `Content-Type: application/zip; name="bomb${i}.zip"`, `Content-Disposition: attachment; filename="bomb${i}.zip"`, 'Content-Transfer-Encoding: base64', '', b64].join(CRLF),
  );
  return [
    'From: sender@example.org',
    'To: me@example.org',
    'Subject: archives',
    'Message-ID: <bombs@example.org>',
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    ...parts,
    '--b--',
    '',
  ].join(CRLF);
}

export const WILDCARD_PACK = localSocPack({
  listId: 'local-bad-names',
  kind: 'filename',
  description: 'Attachment names our SOC saw, with parts left open',
  value: `"${'*a'.repeat(30)}*b.exe"`,
  ruleId: 'mf-attachment-local-bad-name',
  title: { ja: '社内で確認された不審なファイル名', en: 'File name seen in a local incident' },
  explanation: { ja: '社内の調査で見つかったファイル名です。', en: 'A file name found in a local investigation.' },
});

/** The 12 kB .msg whose body stream declares just under 2 GiB (msgreader allocated it before reading). */
export function declared2GbMsg(): Uint8Array {
  const make = HOSTILE_MSGS['declared 2 GB stream'];
  if (!make) throw new Error('hostile-msg.test-helper has no "declared 2 GB stream"');
  return make();
}
