/**
 * One table per detector: each row is a message and whether the rule under test must fire. Every
 * rule runs alone (packWith) against the hand-written test pack, so a row fails only for its rule.
 */
import { evaluate } from '../evaluate';
import { att, msg, packWith } from '../testing/test-pack';
import type { AuthResult, Header, NormalisedMessage } from '../types';

type Row = [string, NormalisedMessage, boolean];

function fires(ruleId: string, m: NormalisedMessage, policy = {}): boolean {
  const v = evaluate(m, packWith(ruleId), policy);
  expect(v.incomplete.filter((i) => i.code === 'rule-error')).toEqual([]);
  return v.findings.some((f) => f.rule === ruleId);
}

const gmail = (name: string) => ({ from: { name, address: 'someone@gmail.com' } });
const listHeaders: Header[] = [
  { name: 'List-Id', value: '<usrp-users.lists.ettus.com>' },
  { name: 'List-Post', value: '<mailto:usrp-users@lists.ettus.com>' },
];
const auth = (authservId: string, rows: [string, string, Record<string, string>?][]): AuthResult[] =>
  rows.map(([method, result, props]) => ({ authservId, method, result, props: props ?? {} }));

describe.each<[string, Row[]]>([
  [
    'mf-sender-freemail-institutional',
    [
      ['Gmail with a ministry title in the display name', msg(gmail('外務省 総合外交政策局 山田')), true],
      ['Gmail with an English professor title', msg(gmail('Prof. Hanako Sato')), true],
      ['Gmail with full-width title after NFKC', msg(gmail('ＪＩＩＡ 研究員 佐藤')), true],
      ['Gmail whose signature names a protected organisation', msg({ ...gmail('Hanako Sato'), text: 'ご確認ください。\n\n佐藤花子\n日本国際問題研究所 研究調整部' }), true],
      ['Gmail with a plain personal name', msg(gmail('Hanako Sato')), false],
      ['Gmail with a university signature (titles are not read from signatures)', msg({ ...gmail('Hanako Sato'), text: 'Thanks\n--\nPhD student, Institute of Physics' }), false],
      ['institutional name on an institutional address', msg({ from: { name: '外務省 広報', address: 'koho@mofa.go.jp' } }), false],
    ],
  ],
  [
    'mf-sender-display-name-mismatch',
    [
      ['display name is another address', msg({ from: { name: 'info@mofa.go.jp', address: 'x@evil.example.com' } }), true],
      ['display name names another domain', msg({ from: { name: 'mofa.go.jp 事務局', address: 'x@gmail.com' } }), true],
      ['display name is the same address', msg({ from: { name: 'taro@example.co.jp', address: 'taro@example.co.jp' } }), false],
      ['display name names a subdomain of the same registrable domain', msg({ from: { name: 'Booking.com', address: 'noreply@mailer.booking.com' } }), false],
      ['Mailman rewrite "x at y.com via List"', msg({ from: { name: 'alice at gmail.com via USRP-users', address: 'usrp-users@lists.ettus.com' }, headers: listHeaders }), false],
      ['a dotted personal name is not a domain', msg({ from: { name: 'Mr.Smith', address: 'smith@example.com' } }), false],
    ],
  ],
  [
    'mf-reply-to-mismatch',
    [
      ['Reply-To on another domain', msg({ replyTo: [{ name: '', address: 'a@other.example.org' }] }), true],
      ['Reply-To on free-mail', msg({ replyTo: [{ name: '', address: 'a@gmail.com' }] }), true],
      ['Reply-To on the same registrable domain', msg({ replyTo: [{ name: '', address: 'desk@mail.example.co.jp' }] }), false],
      [
        'Mailman DMARC rewrite: From is the list, Reply-To the author',
        msg({ from: { name: 'Martin via USRP-users', address: 'usrp-users@lists.ettus.com' }, replyTo: [{ name: 'Martin', address: 'martin@emerson.com' }], headers: listHeaders }),
        false,
      ],
      ['"via" rewrite without list headers', msg({ from: { name: 'X via Osst-users', address: 'osst-users@lists.sourceforge.net' }, replyTo: [{ name: '', address: 'x@phish.example' }] }), false],
    ],
  ],
  [
    'mf-sender-lookalike-domain',
    [
      ['protected label on another suffix', msg({ from: { name: '', address: 'a@mofa.org' } }), true],
      ['digit homoglyph', msg({ from: { name: '', address: 'a@m0fa-go.jp' } }), false],
      ['digit homoglyph on the label', msg({ from: { name: '', address: 'a@m0fa.com' } }), true],
      ['Cyrillic homoglyph via punycode', msg({ links: [{ href: 'https://xn--mfa-sed.go.jp/x', text: '', origin: 'html' }] }), true],
      ['rn → m', msg({ replyTo: [{ name: '', address: 'a@rnofa.net' }] }), true],
      ['protected domain embedded in another host', msg({ links: [{ href: 'https://mofa.go.jp.example.com/login', text: '', origin: 'html' }] }), true],
      ['protected domain spelled with hyphens', msg({ from: { name: '', address: 'a@mofa-go-jp.com' } }), true],
      ['protected label with an impersonation token', msg({ from: { name: '', address: 'a@mofa-jp.com' } }), true],
      ['edit distance 2 on a long label', msg({ from: { name: '', address: 'a@kyodonevvs.jp' } }), true],
      ['the protected domain itself', msg({ from: { name: '', address: 'a@mofa.go.jp' } }), false],
      ['a subdomain of the protected domain', msg({ links: [{ href: 'https://www.mofa.go.jp/', text: '', origin: 'html' }] }), false],
      ['a registrable parent of a protected subdomain', msg({ from: { name: '', address: 'a@mod.go.jp' } }), false],
      ['a 4-letter word one edit away is not fuzzy-matched', msg({ from: { name: '', address: 'a@sofa.com' } }), false],
      ['unrelated domain', msg({ from: { name: '', address: 'a@example.com' } }), false],
    ],
  ],
  [
    'mf-auth-failure',
    [
      ['DMARC fail for From', msg({ auth: auth('mx.example.go.jp', [['dmarc', 'fail', { 'header.from': 'example.co.jp' }]]) }), true],
      ['SPF and DKIM fail on a free-mail From', msg({ ...gmail('x'), auth: auth('mx.example.go.jp', [['spf', 'fail'], ['dkim', 'none']]) }), true],
      ['SPF and DKIM fail on an ordinary From (no strict policy claimed)', msg({ auth: auth('mx.example.go.jp', [['spf', 'fail'], ['dkim', 'fail']]) }), false],
      ['DMARC pass', msg({ ...gmail('x'), auth: auth('mx', [['spf', 'fail'], ['dkim', 'fail'], ['dmarc', 'pass', { 'header.from': 'gmail.com' }]]) }), false],
      [
        'a forged lower header is ignored: only the topmost authserv-id counts',
        msg({ auth: [...auth('mx.example.go.jp', [['dmarc', 'pass', { 'header.from': 'example.co.jp' }]]), ...auth('attacker.example', [['dmarc', 'fail', { 'header.from': 'example.co.jp' }]])] }),
        false,
      ],
      ['list traffic with broken DKIM but no DMARC verdict', msg({ ...gmail('x'), headers: listHeaders, auth: auth('mm2', [['spf', 'fail'], ['dkim', 'fail']]) }), false],
    ],
  ],
  [
    'mf-subject-lure-keyword',
    [
      ['subject keyword', msg({ subject: '【勉強会のご案内】日米同盟の今後' }), true],
      ['subject keyword split by a zero-width space', msg({ subject: '台湾\u200B海峡情勢' }), true],
      ['variant spelling', msg({ subject: '取材依頼' }), true],
      ['English variant, case-folded', msg({ subject: 'Seminar on the free and open indo-pacific' }), true],
      ['two distinct body keywords', msg({ text: '日米同盟と台湾海峡について' }), true],
      ['one body keyword is not enough', msg({ text: '日米同盟について' }), false],
      ['low-confidence keywords do not count in the body', msg({ text: '安全保障と安全保障' }), false],
      ['ASCII keyword inside a word', msg({ subject: 'foipsum' }), false],
    ],
  ],
  [
    'mf-body-enable-content',
    [
      ['Japanese enable-content instruction', msg({ text: '文書が表示されない場合は「コンテンツの有効化」をクリックしてください。' }), true],
      ['English, full-width', msg({ text: 'Please click ＥＮＡＢＬＥ ＣＯＮＴＥＮＴ' }), true],
      ['unrelated', msg({ text: '会議資料をお送りします。' }), false],
    ],
  ],
  [
    'mf-body-password-with-encrypted',
    [
      [
        'password in body with an encrypted ZIP',
        msg({ text: '解凍パスワード: abc123', attachments: [att('資料.zip', { sniffedType: 'zip', archive: { format: 'zip', encrypted: true, truncated: false, entries: [{ path: 'a.docx', size: 1, encrypted: true }] } })] }),
        true,
      ],
      ['password in body with an encrypted docx', msg({ text: 'PW: 1234', attachments: [att('a.docx', { sniffedType: 'ole', office: { macros: false, encrypted: true, container: 'ole' } })] }), true],
      ['password in body, adapter said archive-encrypted', msg({ text: 'password: x7Kp2q', incomplete: [{ code: 'archive-encrypted', where: 'attachment:a.zip' }] }), true],
      ['password said to follow separately (not in this mail)', msg({ text: 'パスワードは別途お送りします', attachments: [att('a.zip', { archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } })] }), false],
      ['a word after "password:" is not a value', msg({ text: 'Password: see the next mail', attachments: [att('a.zip', { archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } })] }), false],
      ['"password is password" (a word given as the value)', msg({ text: 'Doc password is password', attachments: [att('a.zip', { archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } })] }), true],
      ['a short value after "Password:"', msg({ text: 'Password: sa', attachments: [att('a.zip', { archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } })] }), true],
      ['"password will follow" is not a value', msg({ text: 'The password will follow in a separate mail', attachments: [att('a.zip', { archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } })] }), false],
      ['password in body without anything encrypted', msg({ text: 'パスワードを変更しました', attachments: [att('a.zip', { sniffedType: 'zip', archive: { format: 'zip', encrypted: false, truncated: false, entries: [] } })] }), false],
      ['encrypted ZIP without a password in the body', msg({ text: '資料を送ります', attachments: [att('a.zip', { archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } })] }), false],
    ],
  ],
  [
    'mf-attachment-macro-office',
    [
      ['OOXML with VBA', msg({ attachments: [att('a.docx', { office: { macros: true, encrypted: false, container: 'ooxml' } })] }), true],
      ['macro-enabled extension', msg({ attachments: [att('a.XLSM')] }), true],
      ['macro document inside a ZIP', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'x/report.docm', size: 1, encrypted: false }] } })] }), true],
      ['plain docx', msg({ attachments: [att('a.docx', { office: { macros: false, encrypted: false, container: 'ooxml' } })] }), false],
    ],
  ],
  [
    'mf-attachment-encrypted-office',
    [
      ['EncryptedPackage', msg({ attachments: [att('a.docx', { office: { macros: false, encrypted: true, container: 'ole' } })] }), true],
      ['docx that is really OLE', msg({ attachments: [att('a.docx', { sniffedType: 'ole' })] }), true],
      ['legacy .doc is OLE by nature', msg({ attachments: [att('a.doc', { sniffedType: 'ole' })] }), false],
    ],
  ],
  [
    'mf-attachment-encrypted-archive',
    [
      ['encrypted entry', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'a', size: 1, encrypted: true }] } })] }), true],
      [
        'nested encrypted ZIP',
        msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'in.zip', size: 1, encrypted: false, archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } }] } })] }),
        true,
      ],
      ['plain ZIP', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'a', size: 1, encrypted: false }] } })] }), false],
    ],
  ],
  [
    'mf-attachment-remote-template',
    [
      ['external http template', msg({ attachments: [att('a.docx', { office: { macros: false, encrypted: false, container: 'ooxml', externalTemplate: 'https://evil.example/t.dotm' } })] }), true],
      ['local template', msg({ attachments: [att('a.docx', { office: { macros: false, encrypted: false, container: 'ooxml', externalTemplate: 'file:///C:/t.dotm' } })] }), false],
    ],
  ],
  [
    'mf-attachment-lnk',
    [
      ['LNK by content with a harmless name', msg({ attachments: [att('資料.pdf', { sniffedType: 'lnk' })] }), true],
      ['.lnk inside a ZIP', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'The EXPO.docx.lnk', size: 1, encrypted: false }] } })] }), true],
      ['a folder named x.lnk/ is not a shortcut', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'x.lnk/', size: 0, encrypted: false }] } })] }), false],
      ['pdf', msg({ attachments: [att('a.pdf', { sniffedType: 'pdf' })] }), false],
    ],
  ],
  [
    'mf-attachment-executable',
    [
      ['SFX PE named like a document', msg({ attachments: [att('【参考】文書.exe', { sniffedType: 'pe', pe: { sfx: 'rar' } })] }), true],
      ['script in ZIP', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'run.vbs', size: 1, encrypted: false }] } })] }), true],
      ['PE by content with a .dat name', msg({ attachments: [att('a.dat', { sniffedType: 'pe' })] }), true],
      ['text file', msg({ attachments: [att('notes.txt', { sniffedType: 'text' })] }), false],
    ],
  ],
  [
    'mf-attachment-disk-image',
    [
      ['ISO by name', msg({ attachments: [att('quotation.iso')] }), true],
      ['VHDX by content', msg({ attachments: [att('data.bin', { sniffedType: 'vhdx' })] }), true],
      ['PNG image is not a disk image', msg({ attachments: [att('photo.png', { sniffedType: 'image' })] }), false],
    ],
  ],
  [
    'mf-attachment-double-extension',
    [
      ['pdf.exe', msg({ attachments: [att('資料.pdf.exe')] }), true],
      ['docx.lnk inside a ZIP', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'The EXPO Exhibition in Japan in 2025.docx.lnk', size: 1, encrypted: false }] } })] }), true],
      ['padded with spaces', msg({ attachments: [att('a.doc        .exe')] }), true],
      ['zero-width between extensions', msg({ attachments: [att('a.docx\u200B.lnk')] }), true],
      ['version number then exe', msg({ attachments: [att('setup-1.2.exe')] }), false],
      ['tar.gz', msg({ attachments: [att('logs.tar.gz')] }), false],
    ],
  ],
  [
    'mf-attachment-type-mismatch',
    [
      ['pdf that is PE', msg({ attachments: [att('a.pdf', { sniffedType: 'pe' })] }), true],
      ['jpg that is LNK', msg({ attachments: [att('a.jpg', { sniffedType: 'lnk' })] }), true],
      ['docx that is OLE (encrypted: mf-attachment-encrypted-office speaks for it)', msg({ attachments: [att('a.docx', { sniffedType: 'ole' })] }), false],
      ['pdf that is an OLE file', msg({ attachments: [att('a.pdf', { sniffedType: 'ole' })] }), true],
      ['txt that is HTML', msg({ attachments: [att('a.txt', { sniffedType: 'html' })] }), false],
      ['jpg that is PNG', msg({ attachments: [att('a.jpg', { sniffedType: 'image' })] }), false],
      ['unknown content', msg({ attachments: [att('a.pdf', { sniffedType: 'unknown' })] }), false],
    ],
  ],
  [
    'mf-attachment-name-unicode-trick',
    [
      ['RLO in name', msg({ attachments: [att('資料\u202Excod.exe')] }), true],
      ['zero-width in archive entry', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'a\u200B.docx', size: 1, encrypted: false }] } })] }), true],
      ['plain Japanese name', msg({ attachments: [att('会議資料.docx')] }), false],
    ],
  ],
  [
    'mf-link-cloud-archive',
    [
      ['OneDrive link with .zip in the href', msg({ links: [{ href: 'https://onedrive.live.com/download?id=1&name=report.zip', text: '', origin: 'html' }] }), true],
      ['SharePoint link, body says download', msg({ text: '資料は以下からダウンロードしてください https://contoso-my.sharepoint.com/x', links: [{ href: 'https://contoso-my.sharepoint.com/x', text: '', origin: 'text' }] }), true],
      ['defanged OneDrive link written in the body', msg({ text: '資料(ZIP)はこちらからダウンロード: hxxps://1drv[.]ms/u/s!abc' }), true],
      ['gigafile link text names a .zip', msg({ links: [{ href: 'https://46.gigafile.nu/abc', text: 'EXPO2025.zip', origin: 'html' }] }), true],
      ['OneDrive link to a document page with no archive nearby', msg({ text: '議事録はこちら', links: [{ href: 'https://onedrive.live.com/view?id=1', text: '議事録', origin: 'html' }] }), false],
      ['a zip link on an ordinary host', msg({ links: [{ href: 'https://example.com/a.zip', text: '', origin: 'html' }] }), false],
    ],
  ],
  [
    'mf-link-cloud-storage',
    [
      ['Google Drive link', msg({ links: [{ href: 'https://drive.google.com/file/d/1', text: '', origin: 'html' }] }), true],
      ['Dropbox subdomain', msg({ links: [{ href: 'https://www.dropbox.com/s/x', text: '', origin: 'html' }] }), true],
      ['not cloud storage', msg({ links: [{ href: 'https://www.google.com/', text: '', origin: 'html' }] }), false],
    ],
  ],
  [
    'mf-link-text-mismatch',
    [
      ['text shows mofa.go.jp, href elsewhere', msg({ links: [{ href: 'https://evil.example.com/x', text: 'https://www.mofa.go.jp/', origin: 'html' }] }), true],
      ['bare domain text, href elsewhere', msg({ links: [{ href: 'http://1.2.3.4/', text: 'www.jiia.or.jp', origin: 'html' }] }), true],
      ['same registrable domain', msg({ links: [{ href: 'https://www.mofa.go.jp/a', text: 'mofa.go.jp', origin: 'html' }] }), false],
      ['text is not a domain', msg({ links: [{ href: 'https://evil.example.com/', text: 'こちら', origin: 'html' }] }), false],
      ['plain-text link', msg({ links: [{ href: 'https://a.example.com/', text: 'b.example.org', origin: 'text' }] }), false],
    ],
  ],
  [
    'mf-ioc-campaign-hash',
    [
      ['attachment MD5', msg({ attachments: [att('x.doc', { hashes: { md5: 'BCA533B3336240BC5CC68117408DEBDF', sha1: '', sha256: '' } })] }), true],
      ['archive-entry SHA-256', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'x', size: 1, encrypted: false, hashes: { md5: '', sha1: '', sha256: '73470ea496126133fd025cfa9b3599bea9550abe2c8d065de11afb6f7aa6b5df' } }] } })] }), true],
      ['other hash', msg({ attachments: [att('x.doc', { hashes: { md5: 'ffffffffffffffffffffffffffffffff', sha1: '', sha256: '' } })] }), false],
    ],
  ],
  [
    'mf-ioc-campaign-network',
    [
      ['C&C domain in a link', msg({ links: [{ href: 'http://www.ninesmn.com/a', text: '', origin: 'html' }] }), true],
      ['defanged C&C domain in body text', msg({ text: 'see www.aesorunwe[.]com for details' }), true],
      ['defanged C&C IP in body text', msg({ text: 'host 45.32.13[.]180' }), true],
      ['campaign URL hxxp form', msg({ text: 'hxxp://172.104.112[.]218/11554.htm' }), true],
      ['subdomain of a listed dynamic-DNS host', msg({ links: [{ href: 'http://a.x1b2c3.3utilities.com/', text: '', origin: 'html' }] }), true],
      ['dynamic-DNS parent alone never matches', msg({ links: [{ href: 'http://other.3utilities.com/', text: '', origin: 'html' }] }), false],
      ['parent of a listed host', msg({ links: [{ href: 'https://ninesmn.com/', text: '', origin: 'html' }] }), false],
      ['a sibling path on the campaign host is not the listed URL, and the IP is not listed', msg({ text: 'http://172.104.112.218/other.htm' }), false],
    ],
  ],
  [
    'mf-ioc-campaign-filename',
    [
      ['published lure name', msg({ attachments: [att('外務省補助金で謳われていた.doc')] }), true],
      ['published name inside a ZIP', msg({ attachments: [att('a.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'The EXPO Exhibition in Japan in 2025.docx.lnk', size: 1, encrypted: false }] } })] }), true],
      ['ESET redacted name as a pattern', msg({ attachments: [att('x.zip', { archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'PART_01/【参考】220628某党発・某県選挙管理委員会宛文書（添書分）.exe', size: 1, encrypted: false }] } })] }), true],
      ['a similar but different name', msg({ attachments: [att('外務省補助金.doc')] }), false],
    ],
  ],
  [
    'mf-ioc-admin',
    [
      ['admin hash', msg({ attachments: [att('a', { hashes: { md5: '', sha1: '', sha256: '0000000000000000000000000000000000000000000000000000000000000abc' } })] }), true],
      ['admin domain as sender domain', msg({ from: { name: '', address: 'x@mail.bad-actor.example.com' } }), true],
      ['admin IP in a link', msg({ links: [{ href: 'http://198.51.100.7/x', text: '', origin: 'html' }] }), true],
      ['admin e-mail in Reply-To', msg({ replyTo: [{ name: '', address: 'SPY@bad-actor.example.com' }] }), true],
      ['nothing listed', msg({ from: { name: '', address: 'x@example.com' } }), false],
    ],
  ],
])('%s', (ruleId, rows) => {
  it.each(rows)('%s', (_name, m, expected) => {
    expect(fires(ruleId, m)).toBe(expected);
  });
});

describe('per-evidence severity', () => {
  it('Reply-To on free-mail from a non-free-mail From is medium', () => {
    const v = evaluate(msg({ replyTo: [{ name: '', address: 'a@gmail.com' }] }), packWith('mf-reply-to-mismatch'));
    expect(v.findings[0]?.severity).toBe('medium');
  });
  it('Reply-To on another company domain stays low', () => {
    const v = evaluate(msg({ replyTo: [{ name: '', address: 'a@other.example.org' }] }), packWith('mf-reply-to-mismatch'));
    expect(v.findings[0]?.severity).toBe('low');
  });
  it('a .doc that is RTF is low at most', () => {
    const v = evaluate(msg({ attachments: [att('a.doc', { sniffedType: 'rtf' })] }), packWith('mf-attachment-type-mismatch'));
    expect(v.findings[0]?.severity).toBe('low');
  });
  it('evidence is defanged for display and carries no internal severity', () => {
    const v = evaluate(msg({ links: [{ href: 'http://www.ninesmn.com/a', text: '', origin: 'html' }] }), packWith('mf-ioc-campaign-network'));
    expect(v.findings[0]?.evidence[0]).toEqual({ field: 'link', value: 'http://www.ninesmn.com/a', display: 'hxxp[:]//www[.]ninesmn[.]com/a' });
  });
});

describe('tuning against benign corpora (per-evidence severity)', () => {
  const sev = (ruleId: string, m: NormalisedMessage): string | undefined => evaluate(m, packWith(ruleId)).findings.find((f) => f.rule === ruleId)?.severity;
  it.each<[string, string, NormalisedMessage, string | undefined]>([
    ['link through Safe Links is skipped', 'mf-link-text-mismatch', msg({ links: [{ href: 'https://apc01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fgithub.com', text: 'https://github.com/', origin: 'html' }] }), undefined],
    ['link through Mimecast is skipped', 'mf-link-text-mismatch', msg({ links: [{ href: 'https://url.za.m.mimecastprotect.com/s/abc?domain=github.com', text: 'https://github.com/x', origin: 'html' }] }), undefined],
    ['newsletter click tracker showing a brand domain is low', 'mf-link-text-mismatch', msg({ links: [{ href: 'http://ummail4.unitedmedia.com/Click?q=1', text: 'Dilbert.com', origin: 'html' }] }), 'low'],
    ['text showing a protected domain is the rule severity', 'mf-link-text-mismatch', msg({ links: [{ href: 'https://evil.example.com/', text: 'www.mofa.go.jp', origin: 'html' }] }), 'medium'],
    ['brand name with a bare domain via a mail provider is low', 'mf-sender-display-name-mismatch', msg({ from: { name: 'CNET News.com Daily Dispatch', address: 'online#3@newsletter.online.com' } }), 'low'],
    ['anonymising forwarder keeping the address in the name is low', 'mf-sender-display-name-mismatch', msg({ from: { name: 'author@harpercollins.com [tag]', address: 'ticket_1@sneakemail.com' } }), 'low'],
    ['name claims a protected address', 'mf-sender-display-name-mismatch', msg({ from: { name: 'info@mofa.go.jp', address: 'x@corp.example.com' } }), 'medium'],
    ['address in the name, real address free-mail', 'mf-sender-display-name-mismatch', msg({ from: { name: 'desk@example-think.or.jp', address: 'x@gmail.com' } }), 'medium'],
    ['DMARC fail on list traffic is low', 'mf-auth-failure', msg({ headers: [{ name: 'List-Id', value: '<l.example.org>' }], auth: [{ authservId: 'mx', method: 'dmarc', result: 'fail', props: { 'header.from': 'example.co.jp' } }] }), 'low'],
    ['a 3-letter protected label on another suffix is not a lookalike', 'mf-sender-lookalike-domain', msg({ from: { name: '', address: 'a@nhk.com' } }), undefined],
  ])('%s', (_n, ruleId, m, expected) => {
    expect(sev(ruleId, m)).toBe(expected);
  });
});

describe('policy', () => {
  it('policy.protectedDomains extends the lookalike check', () => {
    const m = msg({ from: { name: '', address: 'a@examp1e-ministry.com' } });
    expect(fires('mf-sender-lookalike-domain', m)).toBe(false);
    expect(fires('mf-sender-lookalike-domain', m, { protectedDomains: ['example-ministry.go.jp'] })).toBe(true);
  });
  it('trusted senders do not raise cloud-storage', () => {
    const m = msg({ links: [{ href: 'https://drive.google.com/file/d/1', text: '', origin: 'html' }] });
    expect(fires('mf-link-cloud-storage', m, { trustedDomains: ['example.co.jp'] })).toBe(false);
  });
});

