/**
 * Stand-in for @kenjiuno/msgreader's lib/AppointmentRecurParser.js in the pane's bundle (webpack
 * NormalModuleReplacementPlugin): the answers are appointment-recur.ts's (see there). Plain
 * JavaScript, as webpack reads a replaced node_modules file without the TypeScript loader.
 */
export { parse, RecurFrequency, PatternType, CalendarType, EndType, OverrideFlags } from './appointment-recur.ts';
