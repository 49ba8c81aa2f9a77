/**
 * Hostile files from issue 8's "Must show", generated (never stored): the CLI tests
 * (test/hostile-input.test.ts) and the preview's browser test (test/browser/web-worker.test.ts)
 * check the same ones.
 */
import { zipSync } from 'fflate';
import { HOSTILE_MSGS } from '../../src/adapters/files/hostile-msg.test-helper';

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

export const WILDCARD_PACK = `sources:
  - id: local-soc-2025
    title: Local SOC note
    publisher: Example SOC
    date: 2025-03
    url: https://soc.example.org/notes/1
lists:
  - id: local-bad-names
    kind: filename
    description: Attachment names our SOC saw, with parts left open
    entries:
      - value: "${'*a'.repeat(30)}*b.exe"
        sources: [local-soc-2025]
        confidence: high
rules:
  - id: mf-attachment-local-bad-name
    detector: ioc-match
    params:
      lists: [local-bad-names]
    severity: high
    category: ioc
    title: { ja: "社内で確認された不審なファイル名", en: "File name seen in a local incident" }
    explanation: { ja: "社内の調査で見つかったファイル名です。", en: "A file name found in a local investigation." }
    sources: [local-soc-2025]
    guidance: []
    false_positives: [none known]
`;

/** The 12 kB .msg whose body stream declares just under 2 GiB (msgreader allocated it before reading). */
export function declared2GbMsg(): Uint8Array {
  const make = HOSTILE_MSGS['declared 2 GB stream'];
  if (!make) throw new Error('hostile-msg.test-helper has no "declared 2 GB stream"');
  return make();
}

/** A ZIP whose central directory lists `entries` entries, all pointing at one 1 MB local entry of zeros. */
export function overlapBombZip(entries = 200): Uint8Array {
  const z = zipSync({ 'zeros.bin': new Uint8Array(1 << 20) });
  const cdStart = z.length - 22 - (46 + 'zeros.bin'.length);
  const cd = z.subarray(cdStart, z.length - 22);
  const eocd = z.slice(z.length - 22);
  const out = new Uint8Array(cdStart + cd.length * entries + 22);
  out.set(z.subarray(0, cdStart), 0);
  for (let i = 0; i < entries; i++) out.set(cd, cdStart + i * cd.length);
  const v = new DataView(eocd.buffer);
  v.setUint16(8, entries, true);
  v.setUint16(10, entries, true);
  v.setUint32(12, cd.length * entries, true);
  out.set(eocd, cdStart + cd.length * entries);
  return out;
}

/** One message carrying `count` overlap ZIP bombs as attachments (issue 8: 200 of them took 201 s). */
export function overlapBombsEml(count = 200): string {
  const b64 = Buffer.from(overlapBombZip()).toString('base64').replace(/.{76}/g, '$&' + CRLF);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push('--b', `Content-Type: application/zip; name="bomb-${i}.zip"`, `Content-Disposition: attachment; filename="bomb-${i}.zip"`, 'Content-Transfer-Encoding: base64', '', b64);
  }
  return [
    'From: sender@example.org',
    'To: me@example.org',
    'Subject: archives',
    'Message-ID: <bombs@example.org>',
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'archives attached',
    ...parts,
    '--b--',
    '',
  ].join(CRLF);
}
