import type { Services } from '../services.js';
import type { Principal } from '../platform/auth/principal.js';
import type { AuditContext } from '../platform/audit/audit-log.js';
import { can } from '../platform/auth/policy.js';
import { offenceLabel } from './offences.js';
import { courtTypeLabels, defendantRoleLabels, resultLabels, sentenceKindLabels, type Result, type SentenceKind } from './schema.js';
import type { CaseProsecution } from './service.js';

export function sentenceLabel(sentence: { kind: string; months: number | null } | null): string | undefined {
  if (!sentence) return undefined;
  const kind = sentenceKindLabels[sentence.kind as SentenceKind] ?? sentence.kind;
  return sentence.months ? `${kind}, ${sentence.months} month${sentence.months === 1 ? '' : 's'}` : kind;
}

/**
 * The case page's prosecutions section: undefined for a role that may not see prosecutions (no
 * section), otherwise the linked prosecutions with their labels. Reading them is audited with the case.
 */
export async function prosecutionsSection(services: Pick<Services, 'prosecutions'>, principal: Principal, referralId: string, context: AuditContext) {
  if (!can(principal.role, 'prosecutions:view')) return undefined;
  const list = await services.prosecutions.forCase(principal, referralId, context);
  return list.map((p: CaseProsecution) => ({
    ...p,
    courtLabel: courtTypeLabels[p.court.type as keyof typeof courtTypeLabels] ?? p.court.type,
    defendants: p.defendants.map((d) => ({
      ...d,
      roleLabel: defendantRoleLabels[d.role as keyof typeof defendantRoleLabels] ?? d.role,
      offences: d.offences.map((o) => ({ ...o, offenceLabel: offenceLabel(o.offence), resultLabel: resultLabels[o.result as Result] ?? o.result, sentenceLabel: sentenceLabel(o.sentence) })),
    })),
  }));
}
