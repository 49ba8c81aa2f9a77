/**
 * The combination model's rules for the detection-coverage findings (issue 9): partner PPAP is
 * medium, weak link features need a lure to escalate, an unreadable attachment counts as a
 * payload from an untrusted sender.
 */
import { combine } from './combine';
import type { RankedFinding } from './combine';
import type { Category, Level, Severity } from './types';

const f = (detector: string, category: Category, severity: Severity): RankedFinding => ({
  detector,
  finding: { rule: `mf-test-${detector}`, severity, category, title: { ja: 't', en: 't' }, explanation: { ja: 'e', en: 'e' }, evidence: [], sources: [], guidance: [] },
});
const ENC = f('encrypted-archive', 'payload', 'medium');
const PW_IN_MAIL = f('password-with-encrypted', 'payload', 'high');
const PW_SEPARATE = f('password-with-encrypted', 'payload', 'medium');
const LURE = f('lure-keywords', 'lure', 'low');
const MACRO = f('office-macro', 'payload', 'medium');
const FILE_LINK = f('link-feature', 'link', 'low');
const CLOUD = f('cloud-link', 'link', 'low');
const UNPARSABLE = f('unparsable', 'payload', 'low');
const AUTH_FAIL = f('auth-failure', 'auth', 'medium');

interface Case {
  findings: RankedFinding[];
  freemail?: boolean;
  dmarcPass?: boolean;
  trusted?: boolean;
  hasEncrypted?: boolean;
}
const level = (c: Case): Level =>
  combine({
    findings: c.findings,
    incomplete: [],
    policy: { trustedDomains: c.trusted ? ['example-partner.co.jp'] : [], protectedDomains: [] },
    fromRegistrable: c.freemail ? 'gmail.com' : 'example-partner.co.jp',
    fromFreemail: c.freemail === true,
    dmarcPassForFrom: c.dmarcPass === true,
    hasEncrypted: c.hasEncrypted ?? c.findings.some((x) => x.detector === 'encrypted-archive'),
  }).level;

describe('combination model: detection-coverage rules', () => {
  it.each<[string, Case, Level]>([
    // PPAP, honestly: step 4b
    ['partner, DMARC pass: encrypted ZIP + password follows separately', { findings: [ENC, PW_SEPARATE], dmarcPass: true }, 'medium'],
    ['partner, DMARC pass: encrypted ZIP + password in the mail + lure words', { findings: [PW_IN_MAIL, ENC, LURE], dmarcPass: true }, 'medium'],
    ['own trusted domain, DMARC pass: encrypted ZIP + password in the mail', { findings: [PW_IN_MAIL, ENC], dmarcPass: true, trusted: true }, 'medium'],
    ['partner without DMARC pass: password in the mail stays high', { findings: [PW_IN_MAIL, ENC] }, 'high'],
    ['free-mail sender, DMARC pass: password in the mail stays high', { findings: [PW_IN_MAIL, ENC], freemail: true, dmarcPass: true }, 'high'],
    ['partner, DMARC pass, but a macro as well: an extra payload signal keeps high', { findings: [PW_IN_MAIL, ENC, MACRO], dmarcPass: true }, 'high'],
    ['partner, DMARC pass, failing SPF/DKIM finding: not only encryption', { findings: [PW_IN_MAIL, ENC, AUTH_FAIL], dmarcPass: true }, 'high'],
    // weak link features
    ['free-mail + link to a file: low (everyday on mailing lists)', { findings: [FILE_LINK], freemail: true }, 'low'],
    ['free-mail + lure + link to a file: the campaign shape, high', { findings: [FILE_LINK, LURE], freemail: true }, 'high'],
    ['free-mail + cloud-storage link: medium, as before', { findings: [CLOUD], freemail: true }, 'medium'],
    // unreadable attachments
    ['free-mail + unreadable .doc: medium', { findings: [UNPARSABLE], freemail: true }, 'medium'],
    ['free-mail + lure + unreadable .doc: high', { findings: [UNPARSABLE, LURE], freemail: true }, 'high'],
    ['partner + unreadable .doc: low', { findings: [UNPARSABLE], dmarcPass: true }, 'low'],
  ])('%s → %s', (_name, c, expected) => {
    expect(level(c)).toBe(expected);
  });
});
