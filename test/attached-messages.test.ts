/**
 * Attached messages are mail too: a lure forwarded as an attachment, returned inside a bounce, or
 * embedded in a .msg reaches the level the bare lure reaches, its evidence names the path, and
 * nesting past the depth limit is reported as not checked, never as "none".
 *
 * The lures are the synthetic per-rule hit fixtures (test/fixtures/rules/hits); the forwards and
 * bounces around them are built here, so every byte is synthetic. The .msg cases read the
 * msgreader corpus files in place.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_ATTACHED_MESSAGE_DEPTH, parseMessageBytes } from '../src/adapters/files';
import { fakeItemFromEml, isSetSupportedFor } from '../src/adapters/office/fake-office.test-helper';
import { readItem } from '../src/adapters/office/read-item';
import { evaluate, evidenceText, incompleteWhere } from '../src/engine';
import type { NormalisedMessage, Pack, Policy, Verdict } from '../src/engine';

const ROOT = path.resolve(__dirname, '..');
const pack = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/pack.json'), 'utf8')) as Pack;
const HITS = path.join(ROOT, 'test/fixtures/rules/hits');
const CORPORA = path.resolve(ROOT, '../shared/corpora');

/** The colleague's own organisation: trusted, and DMARC passes for it. */
const policy: Partial<Policy> = { trustedDomains: ['example.go.jp'] };

const lure = (rel: string): Buffer => fs.readFileSync(path.join(HITS, rel));

async function parse(bytes: Uint8Array): Promise<NormalisedMessage> {
  const [rec] = await parseMessageBytes(bytes);
  if (!rec?.message) throw new Error(rec?.error ?? 'no message');
  return rec.message;
}

async function verdictOf(bytes: Uint8Array): Promise<Verdict> {
  return evaluate(await parse(bytes), pack, policy);
}

const COLLEAGUE_HEADERS = [
  'Authentication-Results: mx.example.go.jp; spf=pass smtp.mailfrom=example.go.jp; dkim=pass header.d=example.go.jp; dmarc=pass header.from=example.go.jp',
  'From: "Hanako Suzuki" <hanako.suzuki@example.go.jp>',
  'To: <security@example.go.jp>',
  'Date: Wed, 02 Oct 2024 09:00:00 +0900',
  'MIME-Version: 1.0',
];

/** A colleague on the trusted, DMARC-passing domain forwards `inner` as an attachment. */
function forward(inner: Uint8Array, opts: { name?: string; disposition?: 'inline' | 'attachment' } = {}): Buffer {
  const b = `fwd-${inner.length}-${Math.random().toString(36).slice(2)}`;
  const disp = opts.disposition ?? 'attachment';
  const name = opts.name ? `; filename="${opts.name}"` : '';
  return Buffer.concat([
    Buffer.from(
      [
        ...COLLEAGUE_HEADERS,
        'Subject: Fw: please check this',
        `Content-Type: multipart/mixed; boundary="${b}"`,
        '',
        `--${b}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Forwarding a message I received. Is it genuine?',
        `--${b}`,
        'Content-Type: message/rfc822',
        `Content-Disposition: ${disp}${name}`,
        '',
        '',
      ].join('\r\n'),
    ),
    Buffer.from(inner),
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
}

/** The mail system returns `inner` (whole, or only its headers) inside a delivery status report. */
function bounce(inner: Uint8Array, returned: 'message/rfc822' | 'text/rfc822-headers'): Buffer {
  // Unique per wrapper: a bounce of a bounce with one shared boundary would end the outer part early.
  const b = `report-${inner.length}-${Math.random().toString(36).slice(2)}`;
  let body = Buffer.from(inner);
  if (returned === 'text/rfc822-headers') {
    const end = body.indexOf('\r\n\r\n');
    body = body.subarray(0, end < 0 ? body.length : end + 2);
  }
  return Buffer.concat([
    Buffer.from(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.go.jp>',
        'To: <hanako.suzuki@example.go.jp>',
        'Subject: Undelivered Mail Returned to Sender',
        'Date: Wed, 02 Oct 2024 09:00:00 +0900',
        'MIME-Version: 1.0',
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
        '',
        `--${b}`,
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'Your message could not be delivered to one or more recipients.',
        `--${b}`,
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.go.jp',
        '',
        'Final-Recipient: rfc822; nobody@example.go.jp',
        'Action: failed',
        'Status: 5.1.1',
        '',
        `--${b}`,
        `Content-Type: ${returned}`,
        '',
        '',
      ].join('\r\n'),
    ),
    body,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
}

function nest(inner: Uint8Array, depth: number): Uint8Array {
  let bytes: Uint8Array = inner;
  for (let i = 0; i < depth; i++) bytes = forward(bytes, { name: `level-${depth - i}.eml` });
  return bytes;
}

const LURES = [
  'mf-attachment-executable/sfx-exe.eml', // Gmail persona + lure + SFX: high only through the combination
  'mf-attachment-lnk/lnk-in-zip.eml',
  'mf-link-cloud-archive/onedrive-zip.eml',
  'mf-ioc-campaign-filename/expo-lnk-in-zip.eml',
  'mf-sender-freemail-institutional/gmail-ministry-title.eml',
];

describe('a forwarded or bounced lure reaches the level the bare lure reaches', () => {
  it.each(LURES)('%s', async (rel) => {
    const bare = await verdictOf(lure(rel));
    expect(['medium', 'high', 'critical']).toContain(bare.level);
    const asAttachment = await verdictOf(forward(lure(rel), { name: 'received.eml' }));
    const inline = await verdictOf(forward(lure(rel), { disposition: 'inline' }));
    const bounced = await verdictOf(bounce(lure(rel), 'message/rfc822'));
    expect([asAttachment.level, inline.level, bounced.level]).toEqual([bare.level, bare.level, bare.level]);
    expect(asAttachment.score).toBe(bare.score);
    // Every finding of the bare lure is there, and its evidence says it is in the attached message.
    for (const f of bare.findings) {
      const g = asAttachment.findings.find((x) => x.rule === f.rule);
      expect(g).toBeDefined();
      expect(g?.evidence.some((e) => e.within?.en === 'attached message “received.eml”' && e.within.ja === '添付メッセージ「received.eml」')).toBe(true);
    }
  });

  it('a bounce that returns only the headers still shows the lure subject and the persona', async () => {
    const bare = await verdictOf(lure('mf-sender-freemail-institutional/gmail-ministry-title.eml'));
    const v = await verdictOf(bounce(lure('mf-sender-freemail-institutional/gmail-ministry-title.eml'), 'text/rfc822-headers'));
    expect(v.level).toBe(bare.level);
    expect(v.findings.find((f) => f.rule === 'mf-sender-freemail-institutional')?.evidence[0]?.within).toBeDefined();
  });
});

describe('the inner sender stays the inner message’s', () => {
  it('a trusted, DMARC-passing colleague forwarding a Gmail persona does not temper the persona', async () => {
    const rel = 'mf-attachment-executable/sfx-exe.eml';
    const m = await parse(forward(lure(rel), { name: 'received.eml' }));
    // The outer message is the colleague's alone: none of the persona's files or links.
    expect(m.from?.address).toBe('hanako.suzuki@example.go.jp');
    expect(m.attachments.map((a) => a.name)).toEqual(['received.eml']);
    expect(m.attachedMessages?.[0]?.message.from?.address).toMatch(/@gmail\.com$/);
    const outerAlone = evaluate({ ...m, attachedMessages: [] }, pack, policy);
    expect(outerAlone.level).toBe('none');
    const v = evaluate(m, pack, policy);
    expect(v.level).toBe('high');
    expect(v.reasons.join('\n')).toMatch(/level high from attached message/);
  });

  it('the persona’s message alone, re-sent from the trusted domain, is what tempering is for', async () => {
    // The same lure with the colleague's From: tempering applies to that sender, not to a forwarded one.
    const text = lure('mf-attachment-executable/sfx-exe.eml').toString('latin1');
    const asColleague = text.replace(/^From: .*$/m, 'From: "Hanako Suzuki" <hanako.suzuki@example.go.jp>').replace(/^Authentication-Results: .*$/m, COLLEAGUE_HEADERS[0] ?? '');
    const v = await verdictOf(Buffer.from(asColleague, 'latin1'));
    const forwarded = await verdictOf(forward(lure('mf-attachment-executable/sfx-exe.eml')));
    expect(levelRank(forwarded.level)).toBeGreaterThan(levelRank(v.level));
  });
});

const levelRank = (l: string): number => ['none', 'low', 'medium', 'high', 'critical'].indexOf(l);

describe('paths and depth', () => {
  it('a .lnk in a ZIP inside a forwarded message is found, and the evidence names the path', async () => {
    const v = await verdictOf(forward(lure('mf-attachment-lnk/lnk-in-zip.eml'), { name: '転送.eml' }));
    const f = v.findings.find((x) => x.rule === 'mf-attachment-lnk');
    expect(f).toBeDefined();
    const shown = f?.evidence.map((e) => [evidenceText(e, 'en'), evidenceText(e, 'ja')]) ?? [];
    expect(shown.some(([en, ja]) => /^attached message “転送\.eml” › \w+\[\.\]zip > .*\.lnk$/.test(en ?? '') && /^添付メッセージ「転送\.eml」 › \w+\[\.\]zip > .*\.lnk$/.test(ja ?? ''))).toBe(true);
  });

  it.each([1, 2, 5, MAX_ATTACHED_MESSAGE_DEPTH])('nested %i deep: found, with the whole path', async (depth) => {
    const bare = await verdictOf(lure('mf-attachment-lnk/lnk-in-zip.eml'));
    const v = await verdictOf(nest(lure('mf-attachment-lnk/lnk-in-zip.eml'), depth));
    expect(v.level).toBe(bare.level);
    const e = v.findings.find((x) => x.rule === 'mf-attachment-lnk')?.evidence[0];
    expect(e && evidenceText(e, 'en').split('attached message').length - 1).toBe(depth);
    expect(v.incomplete.filter((i) => i.code === 'message-too-deep')).toEqual([]);
  });

  it('nested past the limit: an incomplete entry at the deepest message read, never a silent "none"', async () => {
    const depth = MAX_ATTACHED_MESSAGE_DEPTH + 2;
    const v = await verdictOf(nest(lure('mf-attachment-lnk/lnk-in-zip.eml'), depth));
    const deep = v.incomplete.filter((i) => i.code === 'message-too-deep');
    expect(deep).toHaveLength(1);
    expect(incompleteWhere(deep[0]!, 'en')?.split('attached message').length).toBe(MAX_ATTACHED_MESSAGE_DEPTH + 1);
    expect(v.guidance).toContain('incomplete-check');
  });
});

/** A multipart/mixed wrapper that adds MIME nesting but no attached message. */
function wrapMultipart(inner: Uint8Array, i: number): Buffer {
  const b = `mixed-${i}-${inner.length}`;
  const bytes = Buffer.from(inner);
  const end = bytes.indexOf('\r\n\r\n');
  const header = bytes.subarray(0, end + 2).toString('latin1');
  // The inner Content-Type (folded lines included) moves down to the one part; the rest of the header stays on top.
  const type = /^Content-Type:[^\r]*\r\n(?:[ \t][^\r]*\r\n)*/im.exec(header)?.[0] ?? 'Content-Type: text/plain\r\n';
  const top = header.replace(type, '');
  return Buffer.concat([Buffer.from(`${top}Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n${type}\r\n`, 'latin1'), bytes.subarray(end + 4), Buffer.from(`\r\n--${b}--\r\n`)]);
}

describe('property: any mix of forwards, bounces and multipart wrappers', () => {
  type Wrap = 'attachment' | 'inline' | 'bounce' | 'multipart';
  const wrapsArb = fc.array(fc.constantFrom<Wrap>('attachment', 'inline', 'bounce', 'multipart'), { maxLength: MAX_ATTACHED_MESSAGE_DEPTH + 4 });
  it('never throws; within the depth limit the lure is found at its bare level, past it the cut is reported', async () => {
    const inner = lure('mf-attachment-lnk/lnk-in-zip.eml');
    const bare = await verdictOf(inner);
    await fc.assert(
      fc.asyncProperty(wrapsArb, async (wraps) => {
        let bytes: Uint8Array = inner;
        wraps.forEach((w, i) => {
          bytes = w === 'bounce' ? bounce(bytes, 'message/rfc822') : w === 'multipart' ? wrapMultipart(bytes, i) : forward(bytes, { disposition: w, name: `m${i}.eml` });
        });
        const depth = wraps.filter((w) => w !== 'multipart').length;
        const v = await verdictOf(bytes);
        const tooDeep = v.incomplete.filter((x) => x.code === 'message-too-deep');
        if (depth <= MAX_ATTACHED_MESSAGE_DEPTH) {
          expect(v.level).toBe(bare.level);
          expect(v.findings.map((f) => f.rule)).toContain('mf-attachment-lnk');
          expect(tooDeep).toEqual([]);
        } else {
          expect(tooDeep).toHaveLength(1);
          // "Not fully checked" (the pane and the CLI show it from the incomplete entry), never a bare "none".
          expect(v.guidance).toContain('incomplete-check');
        }
      }),
      { seed: 20250308, numRuns: 40 },
    );
  }, 60_000);
});

describe('.msg in .msg (msgreader corpus, read in place)', () => {
  const file = (n: string): Buffer => fs.readFileSync(path.join(CORPORA, 'msgreader_hiraoka', n));

  it('msgInMsgInMsg.msg: two levels of embedded messages, each parsed as a message', async () => {
    const m = await parse(file('msgInMsgInMsg.msg'));
    const first = m.attachedMessages ?? [];
    expect(first).toHaveLength(1);
    expect(first[0]?.carrier).toBe('msg');
    const second = first[0]?.message.attachedMessages ?? [];
    expect(second).toHaveLength(1);
    expect(second[0]?.carrier).toBe('msg');
    expect(second[0]?.message.subject).not.toBe('');
  });

  it('msgInMsg.msg: the embedded message’s own fields are its own', async () => {
    const m = await parse(file('msgInMsg.msg'));
    const inner = m.attachedMessages?.[0]?.message;
    expect(inner).toBeDefined();
    expect(inner?.subject).not.toBe(m.subject);
  });
});

describe('the pane reads attached messages the same way (Office item attachments)', () => {
  it.each(['mf-attachment-executable/sfx-exe.eml', 'mf-attachment-lnk/lnk-in-zip.eml'])('%s forwarded: the same level and the same attached message as the file path', async (rel) => {
    const bytes = forward(lure(rel), { name: 'received.eml' });
    const fake = await fakeItemFromEml(bytes, { maxSet: '1.13' });
    const fromOffice = await readItem(null, undefined, { isMailboxSetSupported: isSetSupportedFor({ maxSet: '1.13' }), callTimeoutMs: 2000 }, fake.item);
    if (!fromOffice) throw new Error('no item');
    expect(fromOffice.attachedMessages?.map((a) => a.path)).toEqual([['received.eml']]);
    const file = await verdictOf(bytes);
    const pane = evaluate(fromOffice, pack, policy);
    expect(pane.level).toBe(file.level);
    expect(pane.findings.map((f) => f.rule).sort()).toEqual(file.findings.map((f) => f.rule).sort());
  });
});
