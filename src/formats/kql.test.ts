import { kqlDiagnostics } from '../../test/helpers/kql-check';
import { KQL_FLAVORS, kqlQueries, PIVOT_COLUMNS } from './kql';
import { EMBEDDED, packWithAdmin } from './testing/export-pack';

const FAMILIES = ['ioc-attachments', 'ioc-network', 'risky-attachments', 'campaign-shape', 'post-delivery'];

describe('KQL export', () => {
  const packs = [
    ['embedded pack', EMBEDDED],
    ['embedded pack + admin IOCs', packWithAdmin()],
  ] as const;

  describe.each(packs)('%s', (_name, pack) => {
    describe.each(KQL_FLAVORS)('%s flavour', (flavor) => {
      const queries = kqlQueries(pack, { flavor, lookback: '30d' });
      it('writes one query per rule family', () => {
        expect(queries.map((q) => q.family)).toEqual(FAMILIES);
      });
      it.each(FAMILIES)('%s passes the Kusto language service with no diagnostic', (family) => {
        const q = queries.find((x) => x.family === family);
        expect(q).toBeDefined();
        expect(kqlDiagnostics(q!.text, flavor)).toEqual([]);
      });
    });
  });
  it('prints', () => {
    for (const q of kqlQueries(packWithAdmin(), { flavor: 'defender', lookback: '30d' })) console.log(q.text);
  });
});
