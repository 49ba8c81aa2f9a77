/**
 * A message built to carry many findings at once, for the page-length budget: a free-mail
 * sender with an institutional name, a Reply-To elsewhere and a lure subject, carrying the
 * attachments, text and links of every rule's "hit" fixture. Built in the test from the
 * repository's own fixtures (parsed with postal-mime); nothing is copied into the repository.
 */
import * as fs from 'fs';
import * as path from 'path';
import PostalMime from 'postal-mime';

const HITS = path.resolve(__dirname, '../../fixtures/rules/hits');

function b64(bytes: Uint8Array): string {
  return (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function encodedWord(s: string): string {
  return `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

export async function manyFindingsEml(): Promise<Buffer> {
  const boundary = 'b-many-findings';
  const texts: string[] = [];
  const htmls: string[] = [];
  const attachments: string[] = [];
  for (const rule of fs.readdirSync(HITS).sort()) {
    if (rule === 'mf-ioc-admin') continue; // needs an admin IOC list
    for (const file of fs.readdirSync(path.join(HITS, rule)).filter((f) => f.endsWith('.eml')).sort()) {
      const email = await PostalMime.parse(fs.readFileSync(path.join(HITS, rule, file)));
      if (email.text) texts.push(email.text);
      if (email.html) htmls.push(email.html.replace(/<\/?(html|body|head)[^>]*>/gi, ''));
      for (const a of email.attachments) {
        const bytes = typeof a.content === 'string' ? Buffer.from(a.content) : new Uint8Array(a.content as ArrayBuffer);
        const name = encodedWord(a.filename ?? 'file');
        attachments.push(
          [`--${boundary}`, `Content-Type: ${a.mimeType || 'application/octet-stream'}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', b64(bytes)].join('\r\n'),
        );
      }
    }
  }
  const head = [
    `From: ${encodedWord('外務省 国際情報局 研究員')} <gaimu.kenkyu@gmail.com>`,
    'Reply-To: other.person@outlook.jp',
    'To: ichiro.tanaka@example.go.jp',
    `Subject: ${encodedWord('日米同盟に関する勉強会のご案内')}`,
    'Date: Fri, 17 Jan 2025 08:45:00 +0900',
    'Message-ID: <many-findings@mail.gmail.com>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
  ].join('\r\n');
  const alt = 'b-many-alt';
  const body = [
    `--${boundary}`,
    `Content-Type: multipart/alternative; boundary="${alt}"`,
    '',
    `--${alt}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(Buffer.from(texts.join('\n\n'), 'utf8')),
    `--${alt}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(Buffer.from(`<html><body>${htmls.join('<hr>')}</body></html>`, 'utf8')),
    `--${alt}--`,
  ].join('\r\n');
  return Buffer.from(`${head}\r\n${body}\r\n${attachments.join('\r\n')}\r\n--${boundary}--\r\n`, 'latin1');
}
