/**
 * Offline KQL analysis with Microsoft's own Kusto language service (`@kusto/language-service-next`,
 * Kusto.Language compiled to JavaScript), given the documented email-table columns in
 * test/fixtures/defender-schema.json. Test-only: the service is 5 MB and never ships.
 */
import * as fs from 'fs';
import * as path from 'path';

interface SchemaFile {
  tables: Record<string, Record<string, string>>;
  sentinelExtraColumns: Record<string, string>;
  sentinelMissingColumns: Record<string, string[]>;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
let kusto: any;
function language(): any {
  if (!kusto) {
    // Both files attach themselves to `global` (Bridge.NET output).
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    kusto = (global as any).Kusto.Language;
  }
  return kusto;
}

export type Flavor = 'defender' | 'sentinel';

const SCHEMA_PATH = path.join(__dirname, '..', 'fixtures', 'defender-schema.json');
const globalsByFlavor = new Map<Flavor, any>();

/** The column list of each table for one flavour, as `(Name:type, …)` strings. */
export function schemaFor(flavor: Flavor): Record<string, string> {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as SchemaFile;
  const out: Record<string, string> = {};
  for (const [table, cols] of Object.entries(schema.tables)) {
    const columns: Record<string, string> = { ...cols };
    if (flavor === 'sentinel') {
      for (const c of schema.sentinelMissingColumns[table] ?? []) delete columns[c];
      Object.assign(columns, schema.sentinelExtraColumns);
    }
    out[table] = `(${Object.entries(columns).map(([n, t]) => `${n}:${t}`).join(', ')})`;
  }
  return out;
}

function globalsFor(flavor: Flavor): any {
  let g = globalsByFlavor.get(flavor);
  if (!g) {
    const K = language();
    const S = K.Symbols;
    // TableSymbol.$ctor7(name, schemaString, description); DatabaseSymbol.$ctor2(name, alternateName, members[]).
    const tables = Object.entries(schemaFor(flavor)).map(([n, s]) => new S.TableSymbol.$ctor7(n, s, null));
    const db = new S.DatabaseSymbol.$ctor2(flavor === 'defender' ? 'AdvancedHunting' : 'Sentinel', null, tables);
    g = K.GlobalState.Default.WithDatabase(db);
    globalsByFlavor.set(flavor, g);
  }
  return g;
}

/** Every diagnostic (errors, warnings and suggestions alike) as `Severity Code @offset: message`. */
export function kqlDiagnostics(query: string, flavor: Flavor): string[] {
  const K = language();
  const d = K.KustoCode.ParseAndAnalyze(query, globalsFor(flavor)).GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < d.Count; i++) {
    const x = d.getItem(i);
    out.push(`${x.Severity} ${x.Code} @${x.Start}: ${x.Message} [${JSON.stringify(query.slice(Math.max(0, x.Start - 30), x.Start + 30))}]`);
  }
  return out;
}
