/**
 * The pack the task pane embeds: the compiled pack without the text only analysts read, which
 * neither the engine nor the pane ever shows: each rule's known false positives, each list's
 * description, and each list entry's own sources and note (a finding cites its rule's sources,
 * never an entry's). The one exception is the notes of protected-domain lists, which hold the
 * organisation names the free-mail persona check looks for. Everything a verdict or a finding is
 * built from stays, so the pane and the CLI reach the same verdicts (pane-pack.test.ts runs every
 * rule fixture and a corpus sample through both). It keeps about 7 kB gzip out of the pane's
 * 200 kB budget.
 */
import type { ListEntry, Pack } from '../engine/types';

/** Rule params that name a list whose entry notes the engine reads (organisation names). */
const NOTE_READING_PARAMS = ['protectedList'];
/** The list those params default to. */
const DEFAULT_NOTE_LIST = 'protected-domains';

/** Ids of lists whose entry notes the engine reads. */
export function noteReadingLists(pack: Pack): Set<string> {
  const ids = new Set<string>([DEFAULT_NOTE_LIST]);
  for (const r of pack.rules) {
    for (const k of NOTE_READING_PARAMS) {
      const v = r.params?.[k];
      if (typeof v === 'string') ids.add(v);
    }
  }
  return ids;
}

export function panePack(pack: Pack): Pack {
  const keepNotes = noteReadingLists(pack);
  const slim = (e: ListEntry, note: boolean): ListEntry => {
    const out: ListEntry = { value: e.value, sources: [], confidence: e.confidence };
    if (note && e.note !== undefined) out.note = e.note;
    if (e.variants !== undefined) out.variants = e.variants;
    return out;
  };
  return {
    ...pack,
    rules: pack.rules.map((r) => ({ ...r, falsePositives: [] })),
    lists: pack.lists.map((l) => ({ ...l, description: '', entries: l.entries.map((e) => slim(e, keepNotes.has(l.id))) })),
  };
}
