/**
 * The pack the task pane embeds: the compiled pack without the text only analysts read, which
 * neither the engine nor the pane ever shows (each rule's known false positives and each list's
 * description). Everything a verdict or a finding is built from stays, so the pane and the CLI
 * reach the same verdicts (pane-pack.test.ts runs every rule fixture through both). It keeps
 * about 2 kB gzip out of the pane's 200 kB budget.
 */
import type { Pack } from '../engine/types';

export function panePack(pack: Pack): Pack {
  return {
    ...pack,
    rules: pack.rules.map((r) => ({ ...r, falsePositives: [] })),
    lists: pack.lists.map((l) => ({ ...l, description: '' })),
  };
}
