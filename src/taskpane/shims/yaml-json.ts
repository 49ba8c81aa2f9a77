/**
 * Browser stand-in for the `yaml` package (webpack resolve.alias), used by the pack loader when
 * an admin's extra pack is fetched by the pane. The full YAML parser is ~28 KB gzipped, about a
 * seventh of the pane's whole script budget, for a file most sites never configure; in the pane
 * an extra pack must therefore be JSON (YAML's JSON subset), which the CLI's YAML reader and
 * this shim both accept. docs/config.md says how to convert.
 */

interface ShimError {
  pos: [number, number];
  code: string;
  message: string;
}

interface ShimDocument {
  errors: ShimError[];
  toJS(options?: unknown): unknown;
}

export function parseDocument(text: string, _options?: unknown): ShimDocument {
  try {
    const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return { errors: [], toJS: () => data };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const pos = at ? Number(at[1]) : 0;
    return {
      errors: [{ pos: [pos, pos], code: 'JSON_ONLY', message: `the add-in reads extra packs as JSON only (convert the YAML file to JSON): ${message}` }],
      toJS: () => undefined,
    };
  }
}
