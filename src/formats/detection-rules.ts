/**
 * Custom detection rules for Microsoft Defender XDR: for each hunting query that fits the rules'
 * constraints, a JSON body ready to POST to Microsoft Graph
 * (`POST /security/rules/detectionRules`). The CLI never calls Graph; an admin posts the body.
 *
 * Constraints (defender-docs custom-detection-rules.md): the query returns Timestamp, ReportId and
 * an entity column (RecipientEmailAddress here, also NetworkMessageId for email actions); it does
 * not filter on Timestamp (the schedule sets the look-back); a rule raises at most 100 alerts per
 * run. Our queries join tables, so they run on a schedule, not as near-real-time rules.
 * Pure.
 */
import type { Pack } from '../engine/types';
import { kqlQueries, PIVOT_COLUMNS, type KqlQuery } from './kql';

export interface DetectionRuleBody {
  displayName: string;
  isEnabled: boolean;
  queryCondition: { queryText: string };
  schedule: { period: '1H' | '3H' | '12H' | '24H' };
  detectionAction: {
    alertTemplate: {
      title: string;
      description: string;
      severity: 'informational' | 'low' | 'medium' | 'high';
      category: string;
      recommendedActions: string | null;
      mitreTechniques: string[];
      impactedAssets: Array<{ '@odata.type': string; identifier: string }>;
    };
    organizationalScope: null;
    responseActions: [];
  };
}

export interface DetectionRule {
  family: string;
  body: DetectionRuleBody;
}

interface RulePlan {
  severity: DetectionRuleBody['detectionAction']['alertTemplate']['severity'];
  period: DetectionRuleBody['schedule']['period'];
  /** Indicator matches are enabled at once; heuristics start disabled until the SOC has tuned them. */
  enabled: boolean;
  mitre: string[];
  title: string;
}

/** Which families become rules, and how. post-delivery is a status report, not an event to alert on. */
const PLANS: Record<string, RulePlan> = {
  'ioc-attachments': { severity: 'high', period: '1H', enabled: true, mitre: ['T1566.001'], title: 'MirrorFace indicator in a mail attachment' },
  'ioc-network': { severity: 'high', period: '1H', enabled: true, mitre: ['T1566.002', 'T1204.001'], title: 'MirrorFace indicator in a mail link or click' },
  'risky-attachments': { severity: 'medium', period: '3H', enabled: false, mitre: ['T1566.001', 'T1204.002'], title: 'Risky attachment kind (shortcut, double extension, disk image, program)' },
  'campaign-shape': { severity: 'high', period: '3H', enabled: false, mitre: ['T1566.001', 'T1566.002', 'T1656'], title: 'MirrorFace campaign shape: lure subject, untrusted sender, payload or cloud link' },
};

const RECOMMENDED =
  'Find every recipient with the hunting query of the same name, check whether the message was removed (post-delivery query), ask the recipients whether they opened the attachment or link, and confirm with the named sender by another channel.';

/** The columns Defender requires of a custom detection query. */
export const REQUIRED_COLUMNS = ['Timestamp', 'ReportId', 'RecipientEmailAddress', 'NetworkMessageId'] as const;

function fits(q: KqlQuery): boolean {
  const projected = /\| project ([^\n]+)$/.exec(q.text)?.[1]?.split(/,\s*/) ?? [];
  return REQUIRED_COLUMNS.every((c) => projected.includes(c)) && PIVOT_COLUMNS.every((c) => projected.includes(c)) && !/ago\(/.test(q.text);
}

export function detectionRules(pack: Pack): DetectionRule[] {
  const out: DetectionRule[] = [];
  for (const q of kqlQueries(pack, { flavor: 'defender', lookback: '30d', forDetectionRule: true })) {
    const plan = PLANS[q.family];
    if (!plan || !fits(q)) continue;
    const sources = q.sources.map((s) => `${s.id} (${s.publisher}${s.date ? `, ${s.date}` : ''})`).join('; ');
    out.push({
      family: q.family,
      body: {
        displayName: `MirrorFace Guard ${pack.version}: ${q.family}`,
        isEnabled: plan.enabled,
        queryCondition: { queryText: q.text },
        schedule: { period: plan.period },
        detectionAction: {
          alertTemplate: {
            title: plan.title,
            description: `${q.purpose}. Rules: ${q.ruleIds.join(', ')}. Sources: ${sources}. Generated from the MirrorFace Guard pack ${pack.version}.`,
            severity: plan.severity,
            category: 'InitialAccess',
            recommendedActions: RECOMMENDED,
            mitreTechniques: plan.mitre,
            impactedAssets: [{ '@odata.type': '#microsoft.graph.security.impactedMailboxAsset', identifier: 'recipientEmailAddress' }],
          },
          organizationalScope: null,
          responseActions: [],
        },
      },
    });
  }
  return out;
}
