/**
 * Splits an mbox that arrives in chunks, so a mailbox export of any size is read with bounded
 * memory: only the message being cut (at most {@link MAX_MESSAGE_BYTES} of it) and one chunk are
 * held. Same rules as {@link splitMbox} (envelope lines, mboxrd unquoting), which the tests
 * check by comparing the two.
 */
import { MAX_MESSAGE_BYTES } from './limits';
import { isMboxSeparator, stripEnvelope } from './mbox';

export interface MboxPiece {
  bytes: Uint8Array;
  /** The message was longer than the per-message cap; only its start is in `bytes`. */
  cutFrom?: number;
}

/**
 * Feed chunks with {@link push}, then call {@link end}; each returns the messages completed so
 * far, in order. Bytes before the first separator (a file that does not start with "From ")
 * are ignored, as mail readers do.
 */
export class MboxSplitter {
  private buf = new Uint8Array(0);
  /** Start of the current message's envelope line in `buf`, or -1 before the first. */
  private start = -1;
  /** Index in `buf` of the next newline to look after. */
  private pos = 0;
  /** Bytes of the current message dropped because it passed the cap. */
  private dropped = 0;
  private first = true;

  constructor(private readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  push(chunk: Uint8Array): MboxPiece[] {
    this.append(chunk);
    return this.scan(false);
  }

  end(): MboxPiece[] {
    const out = this.scan(true);
    if (this.start >= 0) out.push(this.piece(this.buf.subarray(this.start)));
    this.buf = new Uint8Array(0);
    this.start = -1;
    return out;
  }

  private append(chunk: Uint8Array): void {
    // Keep the current message (or, before the first, the unscanned tail) and add the chunk.
    const keepFrom = this.start >= 0 ? this.start : Math.max(0, this.pos - 1);
    const kept = this.buf.subarray(keepFrom);
    const next = new Uint8Array(kept.length + chunk.length);
    next.set(kept, 0);
    next.set(chunk, kept.length);
    this.pos -= keepFrom;
    if (this.start >= 0) this.start = 0;
    this.buf = next;
  }

  /** One message (envelope line first). Past the cap only its start is kept; after a cut the buffer holds that start, then a short tail. */
  private piece(raw: Uint8Array): MboxPiece {
    const total = raw.length + this.dropped;
    this.dropped = 0;
    if (total <= this.maxMessageBytes) return { bytes: stripEnvelope(raw) };
    return { bytes: stripEnvelope(raw.subarray(0, this.maxMessageBytes)), cutFrom: total };
  }

  private scan(atEnd: boolean): MboxPiece[] {
    const b = this.buf;
    const out: MboxPiece[] = [];
    if (this.first) {
      // The file's first line (after a BOM and blank lines) may be a separator without a newline before it.
      let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
      while (i < b.length && (b[i] === 0x0d || b[i] === 0x0a)) i++;
      if (i >= b.length && !atEnd) return out;
      if (b.indexOf(0x0a, i) < 0 && !atEnd) return out;
      this.first = false;
      if (b[i] === 0x46 && b[i + 1] === 0x72 && b[i + 2] === 0x6f && b[i + 3] === 0x6d && b[i + 4] === 0x20) this.start = i;
      this.pos = i;
    }
    for (let nl = b.indexOf(0x0a, this.pos); nl >= 0 && nl + 1 < b.length; nl = b.indexOf(0x0a, nl + 1)) {
      // A separator is decided by its own line and the next one: wait until both are here.
      const lineEnd = b.indexOf(0x0a, nl + 1);
      const nextEnd = lineEnd < 0 ? -1 : b.indexOf(0x0a, lineEnd + 1);
      if (!atEnd && (lineEnd < 0 || nextEnd < 0) && b.length - nl < 512) {
        this.pos = nl;
        return this.capped(out);
      }
      if (isMboxSeparator(b, nl)) {
        if (this.start >= 0) out.push(this.piece(b.subarray(this.start, nl + 1)));
        this.start = nl + 1;
      }
    }
    const last = b.lastIndexOf(0x0a);
    this.pos = last < 0 ? 0 : last;
    return this.capped(out);
  }

  /**
   * A message past the cap keeps its first bytes (reported as cut) and drops the rest, keeping
   * only a short tail so the separator checks can still look back a line or two.
   */
  private capped(out: MboxPiece[]): MboxPiece[] {
    if (this.start < 0) return out;
    const size = this.pos - this.start;
    if (size <= this.maxMessageBytes + 4096) return out;
    const tailFrom = Math.max(this.start + this.maxMessageBytes, this.pos - 1024);
    const head = this.buf.subarray(this.start, this.start + this.maxMessageBytes);
    const tail = this.buf.subarray(tailFrom);
    const next = new Uint8Array(head.length + tail.length);
    next.set(head, 0);
    next.set(tail, head.length);
    this.dropped += tailFrom - (this.start + this.maxMessageBytes);
    this.pos = this.pos - tailFrom + head.length;
    this.start = 0;
    this.buf = next;
    return out;
  }
}
