import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { can } from '../../platform/auth/policy.js';
import type { Principal } from '../../platform/auth/principal.js';
import { auditContext } from '../../platform/http/request-context.js';
import type { Nation } from '../../organisations/kinds.js';
import { statusTag } from './status.js';
import { caseworkView } from './casework-view.js';
import { exploitationTypes, genders } from '../vocabulary.js';
import { competentAuthorityCodes, competentAuthorityNames } from '../routing.js';

/** A referral reference in a path: NRM-2026-000042, DTN-2026-000007. */
export const referenceParam = z.string().regex(/^(NRM|DTN)-\d{4}-\d{6}$/);

type CaseFile = Awaited<ReturnType<Services['caseFiles']['open']>>;

/** The casework on an NRM referral as the viewer may read it; a Duty to Notify report has none. */
export async function caseworkFor(services: Services, principal: Principal, file: CaseFile) {
  if (file.route !== 'nrm' || !file.id) return null;
  const [record, letters] = await Promise.all([
    services.casework.records.load(file.id, file.nation as Nation, principal.role),
    services.notices.listForReferral(principal, file.id),
  ]);
  return {
    record,
    view: caseworkView(record, letters, {
      mayAnswer: can(principal.role, 'casework:answer-information'),
      mayAskReconsideration: can(principal.role, 'casework:ask-reconsideration'),
    }),
  };
}

/**
 * The status page of one referral: opened through the case files (scoped and audited), with its
 * casework. Form posts that fail validation render it again with their errors in `extra`.
 */
export async function renderStatusPage(services: Services, reply: FastifyReply, request: FastifyRequest, reference: string, extra: Record<string, unknown> = {}) {
  const principal = request.principal!;
  const file = await services.caseFiles.open(principal, reference, auditContext(request));
  const [nationalities, places, forces, casework] = await Promise.all([
    services.referenceData.items('nationality', { includeInactive: true }),
    services.referenceData.items('uk_place', { includeInactive: true }),
    services.referenceData.items('police_force', { includeInactive: true }),
    caseworkFor(services, principal, file),
  ]);
  const label = (items: { code: string; label: string }[]) => (code: string) => items.find((i) => i.code === code)?.label ?? code;
  return reply.render('referrals/following/views/status.njk', {
    referral: file,
    tag: statusTag(String(file.status)),
    genderLabel: genders[file.gender as keyof typeof genders]?.label ?? file.gender,
    nationalityLabels: (file.nationalities ?? []).map(label(nationalities)),
    typeLabels: (file.exploitationTypes ?? []).map((t) => exploitationTypes[t as keyof typeof exploitationTypes]?.label ?? t),
    situations: (file.situations ?? []).map((s) => ({ ...s, placeLabels: s.ukPlaces.map(label(places)), countryLabels: s.overseasCountries.map(label(nationalities)), typeLabels: s.types.map((t) => exploitationTypes[t as keyof typeof exploitationTypes]?.label ?? t) })),
    policeForce: file.policeForceCode ? label(forces)(file.policeForceCode) : undefined,
    casework: casework?.view,
    mayAddNotes: principal.role === 'first_responder' && file.route === 'nrm',
    mayReroute: can(principal.role, 'referrals:reroute') && file.status === 'awaiting_rg',
    mayReportMissing: can(principal.role, 'missing:report') && file.route === 'nrm',
    authorityItems: [{ value: '', text: 'Select a Competent Authority' }, ...competentAuthorityCodes
      .filter((c) => c !== file.competentAuthority?.code)
      .map((c) => ({ value: c, text: competentAuthorityNames[c], selected: (extra.reroute as { to?: string } | undefined)?.to === c }))],
    ...extra,
  });
}
