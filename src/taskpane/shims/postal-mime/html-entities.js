/**
 * Stand-in for postal-mime's html-entities module in the pane's bundle: the same lookups, answered
 * by the HTML parser the bundle already carries instead of a 2,231-entry copy of the WHATWG table
 * (see entity-table.ts).
 */
export { htmlEntities } from './entity-table.ts';
