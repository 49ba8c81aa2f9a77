/**
 * An attached Outlook item whose bytes could not be parsed (damaged, or stopped by the checking
 * worker's time limit) is listed as not checked, naming it, never silently inspected as a file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseMessageBytes } from '../files';
import { readItem, type ReadItemDeps } from './read-item';
import { fakeItemFromEml, isSetSupportedFor } from './fake-office.test-helper';
import { isBase64Content, type MessageSource } from './content';

const lure = fs.readFileSync(path.resolve(__dirname, '../../../test/browser/fixtures/level-high.eml'));
const forward = new Uint8Array(
  Buffer.concat([
    Buffer.from(
      [
        'From: colleague@example.org',
        'To: me@example.org',
        'Subject: FW: as attachment',
        'Message-ID: <fw-unread@example.org>',
        'Date: Mon, 03 Mar 2025 10:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="fw"',
        '',
        '--fw',
        'Content-Type: text/plain',
        '',
        'see the attached message',
        '--fw',
        'Content-Type: message/rfc822; name="forwarded.eml"',
        'Content-Disposition: attachment; filename="forwarded.eml"',
        '',
        '',
      ].join('\r\n'),
    ),
    lure,
    Buffer.from('\r\n--fw--\r\n'),
  ]),
);

/** Parses the header block as usual; the attached message gets `failure`. */
function parserFailingAttached(failure: { error: string; limit?: 'time' | 'worker' }): ReadItemDeps['parseMessage'] {
  return async (source) => (Buffer.from(bytesOf(source)).includes('<high-0001@mail.gmail.com>') ? [{ index: 0, ...failure }] : parseMessageBytes(bytesOf(source)));
}

/** A Mailbox 1.13 client gives no whole message: only attached items' bytes reach the parser. */
function bytesOf(source: MessageSource): Uint8Array {
  if (isBase64Content(source)) throw new Error('no base64 source expected below Mailbox 1.14');
  return source;
}

async function read(parseMessage: ReadItemDeps['parseMessage']) {
  const fake = await fakeItemFromEml(forward, { maxSet: '1.13' });
  const m = await readItem(null, undefined, { isMailboxSetSupported: isSetSupportedFor({ maxSet: '1.13' }), parseMessage }, fake.item);
  if (!m) throw new Error('no message');
  return m;
}

describe('an attached Outlook item that was not read', () => {
  it('is read as an attached message when it parses (the case below is not vacuous)', async () => {
    const m = await read(async (source) => parseMessageBytes(bytesOf(source)));
    expect(m.attachedMessages?.map((a) => a.message.subject)).toHaveLength(1);
    expect(m.incomplete.filter((i) => i.code === 'time-budget' || i.code === 'parse-error')).toEqual([]);
  });

  it.each([
    ['stopped at the time limit', { error: 'time limit exceeded: still running after 0.005 s', limit: 'time' as const }, 'time-budget'],
    ['damaged', { error: 'Error: unreadable' }, 'parse-error'],
  ])('%s: listed as not checked, naming the attachment and why', async (_n, failure, code) => {
    const m = await read(parserFailingAttached(failure));
    expect(m.attachedMessages ?? []).toEqual([]);
    expect(m.incomplete).toEqual(expect.arrayContaining([expect.objectContaining({ code, where: expect.stringContaining('forwarded.eml'), detail: `attached message not read: ${failure.error}` })]));
  });
});
