import type { OrganisationType } from '../organisations/kinds.js';

/**
 * Which Competent Authority decides a referral, under the model in force on the day it was received
 * (DOMAIN.md, Actors). The models are data with effective dates; each rule says why it applies, and
 * the rule that fired is stored with the referral so the routing can be explained and challenged.
 */
export const competentAuthorityCodes = ['ukhtc', 'ukba', 'sca', 'iecca'] as const;
export type CompetentAuthorityCode = (typeof competentAuthorityCodes)[number];

export const competentAuthorityNames: Record<CompetentAuthorityCode, string> = {
  ukhtc: 'UK Human Trafficking Centre',
  ukba: 'UK Border Agency',
  sca: 'Single Competent Authority',
  iecca: 'Immigration Enforcement Competent Authority',
};

export type Detention = 'none' | 'immigration_detention' | 'prison' | 'police_custody' | 'unknown';

export interface RoutingContext {
  /** UK date the referral was received (YYYY-MM-DD). */
  receivedOn: string;
  referrerType: OrganisationType;
  asylumClaim: 'yes' | 'no' | 'intends_to' | 'unknown';
  detention: Detention;
  /** No leave to remain: liable to removal. */
  irregularStatus: boolean;
  /** Every nationality is British or Irish. */
  britishOrIrish: boolean;
}

interface Rule {
  id: string;
  authority: CompetentAuthorityCode;
  reason: string;
  applies(context: RoutingContext): boolean;
}

interface RoutingModel {
  id: string;
  title: string;
  from: string;
  /** Last day in force; absent while still in force. */
  to?: string;
  /** Checked in order; the last rule of a model always applies. */
  rules: Rule[];
}

const immigrationReferrers: OrganisationType[] = ['ukba', 'home_office_ukvi', 'home_office_immigration_enforcement', 'home_office_border_force'];
const always = () => true;

export const routingModels: RoutingModel[] = [
  {
    id: 'nrm-2009',
    title: 'National Referral Mechanism, 2009: two Competent Authorities',
    from: '2009-04-01',
    to: '2019-04-28',
    rules: [
      {
        id: 'nrm-2009/immigration-referrer',
        authority: 'ukba',
        reason: 'the referral was made by the UK Border Agency or another part of the immigration system',
        applies: (c) => immigrationReferrers.includes(c.referrerType),
      },
      {
        id: 'nrm-2009/asylum-claim',
        authority: 'ukba',
        reason: 'the referral arises in the immigration process: the person has claimed or intends to claim asylum',
        applies: (c) => c.asylumClaim === 'yes' || c.asylumClaim === 'intends_to',
      },
      {
        id: 'nrm-2009/immigration-detention',
        authority: 'ukba',
        reason: 'the referral arises in the immigration process: the person is in immigration detention',
        applies: (c) => c.detention === 'immigration_detention',
      },
      {
        id: 'nrm-2009/general',
        authority: 'ukhtc',
        reason: 'referrals from police, local authorities and NGOs outside the immigration process go to the UK Human Trafficking Centre',
        applies: always,
      },
    ],
  },
  {
    id: 'sca-2019',
    title: 'Single Competent Authority, from 29 April 2019',
    from: '2019-04-29',
    to: '2021-10-31',
    rules: [{ id: 'sca-2019/all', authority: 'sca', reason: 'the Single Competent Authority decides every referral', applies: always }],
  },
  {
    id: 'sca-iecca-2021',
    title: 'Single Competent Authority and Immigration Enforcement Competent Authority, from 1 November 2021',
    from: '2021-11-01',
    rules: [
      {
        id: 'sca-iecca-2021/detained',
        authority: 'iecca',
        reason: 'the person is a foreign national in immigration detention',
        applies: (c) => !c.britishOrIrish && c.detention === 'immigration_detention',
      },
      {
        id: 'sca-iecca-2021/foreign-national-offender',
        authority: 'iecca',
        reason: 'the person is a foreign national held in prison (a foreign national offender)',
        applies: (c) => !c.britishOrIrish && c.detention === 'prison',
      },
      {
        id: 'sca-iecca-2021/liable-to-removal',
        authority: 'iecca',
        reason: 'the person is a foreign national without leave, liable to removal',
        applies: (c) => !c.britishOrIrish && c.irregularStatus,
      },
      { id: 'sca-iecca-2021/general', authority: 'sca', reason: 'all other referrals go to the Single Competent Authority', applies: always },
    ],
  },
];

export interface RoutingDecision {
  authority: CompetentAuthorityCode;
  modelId: string;
  ruleId: string;
  explanation: string;
}

export class NoRoutingModelError extends Error {}

export function modelInForce(date: string): RoutingModel {
  const model = routingModels.find((m) => m.from <= date && (!m.to || date <= m.to));
  if (!model) throw new NoRoutingModelError(`No referral mechanism was in force on ${date} (the NRM began on 1 April 2009)`);
  return model;
}

export function routeReferral(context: RoutingContext): RoutingDecision {
  const model = modelInForce(context.receivedOn);
  const rule = model.rules.find((r) => r.applies(context))!;
  return {
    authority: rule.authority,
    modelId: model.id,
    ruleId: rule.id,
    explanation: `${competentAuthorityNames[rule.authority]}: ${rule.reason} (${model.title}).`,
  };
}
