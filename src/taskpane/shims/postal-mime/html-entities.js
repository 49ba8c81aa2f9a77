/**
 * Stand-in for postal-mime's html-entities module in the pane: the same lookups, answered by the
 * browser's HTML parser instead of a 2,231-entry copy of the WHATWG table (see entity-table.ts).
 */
export { htmlEntities } from './entity-table.ts';
