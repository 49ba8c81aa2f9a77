/** The size the brief's time-to-banner budget is stated for (time-to-banner.test.ts, profile-banner.prof.ts). */
export const ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * A message with one 10 MB attachment, generated here so no large file is committed. The bytes
 * come from a fixed-seed generator: the same file every run, and nothing compressible that would
 * make the measurement optimistic.
 */
export function tenMbEml(): Buffer {
  return largeAttachmentEml(ATTACHMENT_BYTES);
}

/** The same message with an attachment of `size` bytes (large-attachment.test.ts). */
export function largeAttachmentEml(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  let x = 0x2545f491;
  for (let i = 9; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  const b64 = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
  const head = [
    'From: =?UTF-8?B?' + Buffer.from('佐藤 花子').toString('base64') + '?= <hanako.sato@example.go.jp>',
    'To: ichiro.tanaka@example.go.jp',
    'Subject: =?UTF-8?B?' + Buffer.from('年次報告書の送付').toString('base64') + '?=',
    'Date: Mon, 20 Jan 2025 09:00:00 +0900',
    'Message-ID: <tenmb-0001@example.go.jp>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b-10mb"',
    '',
    '--b-10mb',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Annual report attached.',
    '--b-10mb',
    'Content-Type: application/pdf; name="annual-report.pdf"',
    'Content-Disposition: attachment; filename="annual-report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
  ].join('\r\n');
  return Buffer.from(`${head}\r\n${b64}\r\n--b-10mb--\r\n`, 'latin1');
}
