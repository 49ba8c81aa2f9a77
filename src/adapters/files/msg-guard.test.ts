import MsgReader from '@kenjiuno/msgreader';
import fc from 'fast-check';
import { layoutCfb, msgSkeleton, w32 } from '../inspect/cfb-writer.test-helper';
import { nodeHasher } from '../hash/node-hasher';
import { HOSTILE_MSGS } from './hostile-msg.test-helper';
import { parseMessageBytes } from './index';
import { checkMsgStructure } from './msg-guard';

/** Each case below made unguarded msgreader run past 15 s (or the heap) when it was written; see hostile-msg.test-helper.ts. */
describe('.msg files that would make msgreader loop or over-allocate are refused, not followed', () => {
  it('the undamaged skeleton parses (so the damage, not the skeleton, is what is refused)', async () => {
    const [rec] = await parseMessageBytes(layoutCfb(msgSkeleton('会議資料の送付', 'body')).bytes, { hasher: nodeHasher });
    expect(rec?.error).toBeUndefined();
    expect(rec?.message?.subject).toBe('会議資料の送付');
  });

  it.each(Object.keys(HOSTILE_MSGS))('%s: an error record naming the damage', async (name) => {
    const bytes = HOSTILE_MSGS[name]!();
    expect(() => checkMsgStructure(bytes)).toThrow(/^damaged compound file: /);
    const recs = await parseMessageBytes(bytes, { hasher: nodeHasher });
    expect(recs).toHaveLength(1);
    expect(recs[0]!.message).toBeUndefined();
    expect(recs[0]!.error).toMatch(/damaged compound file/);
  }, 10_000);
});

describe('property: random chain and sibling links never make the guarded reader loop', () => {
  const base = layoutCfb(msgSkeleton('件名', 'body text '.repeat(30)));
  const entries = base.ids.size + 1;
  // Each mutation points one FAT, mini FAT, directory-link or header field somewhere else:
  // mostly at existing sectors or entries, which is how cycles arise.
  const patchArb = fc.oneof(
    fc.record({ kind: fc.constant('fat' as const), at: fc.nat(15), to: fc.oneof(fc.nat(15), fc.constant(0xfffffffe), fc.constant(0xffffffff)) }),
    fc.record({ kind: fc.constant('minifat' as const), at: fc.nat(20), to: fc.oneof(fc.nat(20), fc.constant(0xfffffffe)) }),
    fc.record({ kind: fc.constant('link' as const), entry: fc.nat(entries - 1), slot: fc.constantFrom(0x44, 0x48, 0x4c), to: fc.oneof(fc.nat(entries), fc.constant(0xffffffff)) }),
    fc.record({ kind: fc.constant('size' as const), entry: fc.nat(entries - 1), to: fc.oneof(fc.nat(1 << 20), fc.constant(0x7ffffff0), fc.constant(0xfffffff0)) }),
    fc.record({ kind: fc.constant('header' as const), at: fc.constantFrom(0x2c, 0x30, 0x3c, 0x40, 0x44, 0x48), to: fc.oneof(fc.nat(15), fc.constant(0x7fffffff)) }),
  );
  it('checkMsgStructure refuses it, or msgreader reads it to the end', () => {
    fc.assert(
      fc.property(fc.array(patchArb, { minLength: 1, maxLength: 4 }), (patches) => {
        const b = base.bytes.slice();
        for (const p of patches) {
          if (p.kind === 'fat') w32(b, base.sectorOffset(base.fatSectors[0]!) + p.at * 4, p.to);
          else if (p.kind === 'minifat') w32(b, base.sectorOffset(base.miniFatSectors[0]!) + p.at * 4, p.to);
          else if (p.kind === 'link') w32(b, base.entryOffset(p.entry) + p.slot, p.to);
          else if (p.kind === 'size') w32(b, base.entryOffset(p.entry) + 0x78, p.to);
          else w32(b, p.at, p.to);
        }
        try {
          checkMsgStructure(b);
        } catch (err) {
          expect((err as Error).message).toMatch(/^damaged compound file: /);
          return;
        }
        // Accepted: msgreader must then finish (it may still throw on a bad property; it must not hang).
        try {
          new MsgReader(b.slice().buffer).getFileData();
        } catch {
          /* a throw is a clean failure */
        }
      }),
      { seed: 0x8b, numRuns: 300 },
    );
  }, 60_000);
});
