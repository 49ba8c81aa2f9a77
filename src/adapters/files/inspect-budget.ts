/**
 * Inspecting every attachment of one message within one budget. Each attachment has its own
 * limits (inspect/limits.ts); these bound the message as a whole, attached messages included, so
 * piling up attachments (200 ZIP bombs in one message took 201 s) cannot multiply the work.
 */
import type { Attachment, Incomplete } from '../../engine/types';
import type { Hasher } from '../hash/hasher';
import { inspectAttachment } from '../inspect';
import { DEFAULT_INSPECT_LIMITS, type InspectLimits } from '../inspect/limits';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_DECOMPRESSED, MAX_MESSAGE_INSPECT_MS } from './limits';
import type { RawAttachment } from './parse-eml';

/** What one message (and the messages attached to it) may spend, and has spent so far. */
export interface InspectBudget {
  maxDecompressed: number;
  maxInspectMs: number;
  decompressed: number;
  /** Set by the first inspection, from the limits' clock. */
  deadline: number | undefined;
  /** The message-level decompression note was added (once per message). */
  noted: boolean;
}

export function newInspectBudget(caps: { maxDecompressed?: number; maxInspectMs?: number } = {}): InspectBudget {
  return {
    maxDecompressed: caps.maxDecompressed ?? MAX_MESSAGE_DECOMPRESSED,
    maxInspectMs: caps.maxInspectMs ?? MAX_MESSAGE_INSPECT_MS,
    decompressed: 0,
    deadline: undefined,
    noted: false,
  };
}

function listedOnly(raw: RawAttachment): Attachment {
  return { name: raw.name, contentType: raw.contentType.toLowerCase(), size: raw.bytes?.length ?? 0, inline: raw.inline };
}

/** Inspects the attachments in order, each within what is left of the message's budget. */
export async function inspectAll(
  raws: RawAttachment[],
  hasher: Hasher,
  limits: Partial<InspectLimits> | undefined,
  incomplete: Incomplete[],
  budget: InspectBudget = newInspectBudget(),
): Promise<Attachment[]> {
  const own: InspectLimits = { ...DEFAULT_INSPECT_LIMITS, ...(limits ?? {}) };
  budget.deadline ??= own.now() + budget.maxInspectMs;
  const out: Attachment[] = [];
  for (const [i, raw] of raws.entries()) {
    const where = `attachment:${raw.name}`;
    if (i >= MAX_ATTACHMENTS_PER_MESSAGE) {
      out.push(listedOnly(raw));
      incomplete.push({ code: 'attachments-unavailable', where, detail: `only the first ${MAX_ATTACHMENTS_PER_MESSAGE} attachments were inspected` });
      continue;
    }
    const msLeft = budget.deadline - own.now();
    if (msLeft <= 0) {
      out.push(listedOnly(raw));
      incomplete.push({ code: 'time-budget', where, detail: `not inspected: the message's ${budget.maxInspectMs} ms inspection budget (MAX_MESSAGE_INSPECT_MS) was spent` });
      continue;
    }
    const bytesLeft = Math.max(0, budget.maxDecompressed - budget.decompressed);
    const constrained = bytesLeft < own.maxTotalDecompressed;
    const r = await inspectAttachment(raw, hasher, {
      ...own,
      maxInspectMs: Math.min(own.maxInspectMs, msLeft),
      maxTotalDecompressed: Math.min(own.maxTotalDecompressed, bytesLeft),
    });
    budget.decompressed += r.decompressed;
    out.push(r.attachment);
    incomplete.push(...r.incomplete);
    if (constrained && !budget.noted && r.incomplete.some((x) => x.code === 'archive-entry-too-large')) {
      budget.noted = true;
      incomplete.push({
        code: 'archive-entry-too-large',
        where: 'attachments',
        detail: `archive entries past ${budget.maxDecompressed} decompressed bytes per message (MAX_MESSAGE_DECOMPRESSED) are listed, not opened`,
      });
    }
  }
  return out;
}
