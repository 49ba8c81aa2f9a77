/**
 * An admin's extra pack as tests write it (YAML, as `--pack` and config.json's `packUrl` take it):
 * one local source, one indicator list with one entry, and an ioc-match rule on that list.
 */
export interface LocalPackSpec {
  listId: string;
  kind: 'domain' | 'filename';
  description: string;
  /** The one entry, as YAML (quote it yourself when it needs quoting). */
  value: string;
  ruleId: string;
  title: { ja: string; en: string };
  explanation: { ja: string; en: string };
}

export function localSocPack(p: LocalPackSpec): string {
  return `sources:
  - id: local-soc-2025
    title: Local SOC note
    publisher: Example SOC
    date: 2025-03
    url: https://soc.example.org/notes/1
lists:
  - id: ${p.listId}
    kind: ${p.kind}
    description: ${p.description}
    entries:
      - value: ${p.value}
        sources: [local-soc-2025]
        confidence: high
rules:
  - id: ${p.ruleId}
    detector: ioc-match
    params:
      lists: [${p.listId}]
    severity: high
    category: ioc
    title: { ja: "${p.title.ja}", en: "${p.title.en}" }
    explanation: { ja: "${p.explanation.ja}", en: "${p.explanation.en}" }
    sources: [local-soc-2025]
    guidance: []
    false_positives: [none known]
`;
}
