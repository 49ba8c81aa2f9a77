// The pane's html-entities stand-in answers every lookup as postal-mime's own table does, through
// parse5 (what the checking worker, where postal-mime runs, installs as its HTML parser).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { htmlEntities: original } = require('../../../../node_modules/postal-mime/dist/cjs/html-entities.js') as { htmlEntities: Record<string, string> };
import { htmlEntities as standIn } from './entity-table';

const table = original as Record<string, string>;
const shim = standIn as Record<string, string | undefined>;

describe('html-entities stand-in (browser parser) = postal-mime table', () => {
  it('every key of the table, same value', () => {
    const keys = Object.keys(table);
    expect(keys.length).toBeGreaterThan(2200);
    const wrong = keys.filter((k) => shim[k] !== table[k]);
    expect(wrong).toEqual([]);
  });

  it.each(['&notit;', '&notit', '&copy2', '&ampx;', '&foo;', '&foo', '&Amp;', '&fjlig', '&semi', '&lt2;', '&#60;', '&#x3c;', '&', 'amp;', '&amp;x'])(
    'near-miss %s is not a key',
    (k) => {
      expect(table[k]).toBeUndefined();
      expect(shim[k]).toBeUndefined();
    },
  );
});
