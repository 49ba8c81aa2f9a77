/**
 * The compiled embedded pack plus one admin indicator of every kind, so exporter tests exercise
 * the admin branches as well as the campaign ones. Test-only.
 */
import type { Pack } from '../../engine/types';
import { mergePacks, parseIocFile } from '../../pack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const EMBEDDED: Pack = require('../../../build/pack.json') as Pack;

export const ADMIN_LINES = [
  '# one of each kind',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'd41d8cd98f00b204e9800998ecf8427e',
  'phish.example-bad.com',
  '198.51.100.23',
  'https://files.example-bad.net/lure/invite.zip',
  'attacker@example-bad.org',
].join('\n');

export function packWithAdmin(): Pack {
  const { lists, errors } = parseIocFile(ADMIN_LINES, 'admin.txt');
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return mergePacks(EMBEDDED, { version: EMBEDDED.version, sources: [], guidance: [], rules: [], lists });
}
