/**
 * One message, many ZIP bombs (issue 8: 200 of them in one message took 201 s): the attachments
 * of a message share one decompression budget and one inspection clock, attached messages
 * included, and whatever the budget skips is reported. The caps are scaled down here (the
 * budget carries its caps) so the test costs milliseconds, not gigabytes of inflating.
 */
import { zipSync } from 'fflate';
import type { Incomplete } from '../../engine/types';
import { nodeHasher } from '../hash/node-hasher';
import { inspectAll, newInspectBudget } from './inspect-budget';
import { MAX_MESSAGE_INSPECT_MS } from './limits';
import { parseMessageBytes } from '.';
import type { RawAttachment } from './parse-eml';

const MB = 1024 * 1024;

/** A ZIP of four 1 MB runs of zeros: 4 MB inflated from about 4 kB. */
function bomb(): Uint8Array {
  const zeros = new Uint8Array(MB);
  return zipSync({ 'a.bin': zeros, 'b.bin': zeros, 'c.bin': zeros, 'd.bin': zeros }, { level: 9 });
}

describe('inspection budget per message', () => {
  it('200 ZIP bombs: decompression stops at the message budget, every attachment is still listed, and the cut is reported', async () => {
    const zip = bomb();
    const raws: RawAttachment[] = Array.from({ length: 200 }, (_, i) => ({ name: `bomb${i}.zip`, contentType: 'application/zip', bytes: zip, inline: false }));
    const budget = newInspectBudget({ maxDecompressed: 10 * MB });
    const incomplete: Incomplete[] = [];
    const out = await inspectAll(raws, nodeHasher, undefined, incomplete, budget);
    expect(out).toHaveLength(200);
    expect(budget.decompressed).toBeLessThanOrEqual(10 * MB);
    expect(budget.decompressed).toBeGreaterThanOrEqual(8 * MB);
    const opened = out.filter((a) => a.archive?.entries.some((e) => e.hashes !== undefined)).length;
    expect(opened).toBe(3);
    // Past the budget each archive is still listed (its names reach the rules), not opened.
    expect(out[199]?.archive?.entries.map((e) => e.path)).toEqual(['a.bin', 'b.bin', 'c.bin', 'd.bin']);
    expect(out[199]?.archive?.entries.every((e) => e.hashes === undefined)).toBe(true);
    expect(incomplete).toContainEqual({ code: 'archive-entry-too-large', where: 'attachments', detail: expect.stringMatching(/10485760 decompressed bytes per message \(MAX_MESSAGE_DECOMPRESSED\)/) });
    expect(incomplete.filter((x) => x.where === 'attachments')).toHaveLength(1);
  });

  it('past the message time budget, attachments are listed and each says it was not inspected', async () => {
    let t = 0;
    // Each reading of the clock advances it a second: the 5 s budget runs out a few attachments in.
    const limits = { now: () => (t += 1000) };
    const incomplete: Incomplete[] = [];
    const small: RawAttachment[] = Array.from({ length: 30 }, (_, i) => ({ name: `note${i}.txt`, contentType: 'text/plain', bytes: new TextEncoder().encode(`note ${i}`), inline: false }));
    const out = await inspectAll(small, nodeHasher, limits, incomplete, newInspectBudget({ maxInspectMs: 5000 }));
    expect(out).toHaveLength(30);
    const skipped = incomplete.filter((x) => x.code === 'time-budget' && /5000 ms inspection budget \(MAX_MESSAGE_INSPECT_MS\)/.test(x.detail ?? ''));
    expect(skipped.length).toBeGreaterThan(20);
    expect(out[0]?.hashes).toBeDefined();
    expect(out[29]?.hashes).toBeUndefined();
    expect(out[29]).toEqual({ name: 'note29.txt', contentType: 'text/plain', size: 7, inline: false });
    expect(skipped.map((x) => x.where)).toContain('attachment:note29.txt');
  });

  it('an attached message spends the same budget as the message around it', async () => {
    const part = (name: string): string => [`--b`, `Content-Type: text/plain; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, '', `contents of ${name}`].join('\r\n');
    const inner = ['From: inner@example.org', 'To: me@example.org', 'Subject: inner', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', part('inner.txt'), '--b--', ''].join('\r\n');
    const outer = ['From: outer@example.org', 'To: me@example.org', 'Subject: outer', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="o"', '', '--o', 'Content-Type: text/plain', '', 'see below', '--o', 'Content-Type: message/rfc822', '', inner, '--o--', ''].join('\r\n');
    // A clock that jumps past the real 15 s budget on every reading: the outer message's first
    // inspection sets the deadline, so nothing later, in it or in the attached message, gets time.
    let t = 0;
    const [record] = await parseMessageBytes(new TextEncoder().encode(outer), { hasher: nodeHasher, inspectLimits: { now: () => (t += MAX_MESSAGE_INSPECT_MS + 1) } });
    const innerMessage = record?.message?.attachedMessages?.[0]?.message;
    expect(innerMessage).toBeDefined();
    const innerAttachment = innerMessage?.attachments.find((a) => a.name === 'inner.txt');
    expect(innerAttachment).toBeDefined();
    expect(innerAttachment?.hashes).toBeUndefined();
    expect(innerMessage?.incomplete).toContainEqual(expect.objectContaining({ code: 'time-budget', where: 'attachment:inner.txt' }));
  });
});
