import type { Db } from '../../platform/db/database.js';
import { ukDate } from '../../platform/working-days.js';
import type { Nation, OrganisationType } from '../../organisations/kinds.js';
import { reasonableGroundsDue } from '../../casework/deadlines.js';
import { competentAuthorityNames, modelInForce, NoRoutingModelError, routeReferral } from '../../referrals/routing.js';
import { ageGroupAtExploitation, routeOf, treatedAsChild, type FieldProblem, type ReferralSubmission } from '../../referrals/schema.js';
import { completeValidation, referenceCodesOf, zodProblems } from '../../referrals/validation.js';
import { referrerOf, routingContextOf, type Referrer } from '../../referrals/service.js';
import { legacyReferralSchema, type LegacyReferral } from './legacy-schema.js';
import { planHistory, type PlannedHistory } from './legacy-history.js';
import { codeKey, existingExternalIds, loadImportContext, type OrganisationRow } from './store.js';
import { linesOf } from './file-lines.js';
import type { Progress } from './progress.js';

/**
 * The first pass of an import: every line checked, and every problem of every line reported, before
 * anything is stored. The referral is checked by the rules every entry point uses (the schema, then
 * `completeValidation` against the reference lists), "as of" the day it was received: an age, a date
 * in the future or the Duty to Notify are judged as they were on that day.
 */

/** The Duty to Notify began on 1 November 2015 (Modern Slavery Act 2015, s52). */
const dutyToNotifyFrom = '2015-11-01';

export interface LineProblem {
  line: number;
  externalId?: string;
  problems: FieldProblem[];
}

/** A line ready to store, with everything decided: referrer, routing and the dated history. */
export interface ValidRecord {
  line: number;
  externalId: string;
  receivedAt: Date;
  receivedOn: string;
  organisationId: string;
  referrer: Referrer;
  submission: ReferralSubmission;
  routing: { id: string; code: string; ruleId: string; explanation: string } | null;
  reasonableGroundsDueDate: string | null;
  history: PlannedHistory;
}

export interface FileValidation {
  /** Lines in the file, blank ones included. */
  lines: number;
  records: ValidRecord[];
  /** Lines whose externalId is already in Palermo: skipped. */
  alreadyPresent: { line: number; externalId: string }[];
  problems: LineProblem[];
}

interface Context {
  organisationsByName: Map<string, OrganisationRow>;
  authoritiesByCode: Map<string, OrganisationRow>;
  knownCodes: Set<string>;
  now: Date;
}

export async function validateFile(db: Db, file: string, options: { now: Date; progress?: Progress }): Promise<FileValidation> {
  const loaded = await loadImportContext(db);
  const context: Context = {
    organisationsByName: new Map(loaded.organisations.map((o) => [o.name, o])),
    // An active organisation holding the code is preferred; a historic authority may have been deactivated since.
    authoritiesByCode: new Map(loaded.organisations.filter((o) => o.competentAuthorityCode).sort((a, b) => Number(a.active) - Number(b.active)).map((o) => [o.competentAuthorityCode!, o])),
    knownCodes: loaded.knownCodes, now: options.now,
  };
  const records: ValidRecord[] = [];
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  const troubled = new Map<number, string>();
  let lines = 0;
  for await (const { number, text } of linesOf(file)) {
    lines = number;
    options.progress?.tick();
    if (text.trim() === '') continue;
    const checked = checkLine(text, context);
    const externalId = checked.externalId;
    if (externalId !== undefined) {
      const first = firstLineOf.get(externalId);
      if (first !== undefined) {
        problems.push({ line: number, externalId, problems: [{ field: 'externalId', message: `“${externalId}” is also the externalId of line ${first}` }, ...(checked.ok ? [] : checked.problems)] });
        continue;
      }
      firstLineOf.set(externalId, number);
    }
    if (checked.ok) records.push({ ...checked.record, line: number });
    else {
      problems.push({ line: number, externalId, problems: checked.problems });
      if (externalId !== undefined) troubled.set(number, externalId);
    }
  }
  // A record already imported is skipped without further checks: the same file can be run again.
  const present = await existingExternalIds(db, [...firstLineOf.keys()]);
  const alreadyPresent = [...firstLineOf].filter(([id]) => present.has(id)).map(([externalId, line]) => ({ line, externalId })).sort((a, b) => a.line - b.line);
  return {
    lines,
    records: records.filter((r) => !present.has(r.externalId)),
    alreadyPresent,
    problems: problems.filter((p) => !(troubled.has(p.line) && present.has(troubled.get(p.line)!))),
  };
}

type Checked = { ok: true; externalId: string; record: Omit<ValidRecord, 'line'> } | { ok: false; externalId?: string; problems: FieldProblem[] };

function checkLine(text: string, context: Context): Checked {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ field: 'line', message: `Not valid JSON: ${(error as Error).message}` }] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problems: [{ field: 'line', message: 'Each line is one JSON object: one referral' }] };
  const parsed = legacyReferralSchema.safeParse(json);
  if (!parsed.success) {
    const externalId = typeof (json as { externalId?: unknown })?.externalId === 'string' ? ((json as { externalId: string }).externalId.trim() || undefined) : undefined;
    return { ok: false, externalId, problems: zodProblems(parsed.error) };
  }
  const r = parsed.data;
  const fail = (list: FieldProblem[]): Checked => ({ ok: false, externalId: r.externalId, problems: list });

  const receivedAt = new Date(r.receivedAt);
  const receivedOn = ukDate(receivedAt);
  const organisation = context.organisationsByName.get(r.organisation);
  const early: FieldProblem[] = [];
  if (!organisation) early.push({ field: 'organisation', message: `No organisation named “${r.organisation}” in Palermo: give its name exactly as an administrator set it up` });
  if (receivedAt > context.now) early.push({ field: 'receivedAt', message: 'The date received must not be in the future' });
  try {
    modelInForce(receivedOn);
  } catch (error) {
    if (!(error instanceof NoRoutingModelError)) throw error;
    early.push({ field: 'receivedAt', message: error.message });
  }
  if (early.length > 0 || !organisation) return fail(early);

  const referrer = referrerOf(organisation.nation as Nation, organisation.type as OrganisationType);
  const s = r.referral;
  const wanted = referenceCodesOf(s);
  const validation = completeValidation(s, { today: receivedOn, mayNotify: referrer.mayNotify }, wanted, wanted.filter((w) => context.knownCodes.has(codeKey(w.list, w.code))));
  const problems = validation.ok ? [] : validation.problems.map((p) => ({ ...p, field: `referral.${p.field}` }));
  const route = routeOf(s);
  if (route === 'duty_to_notify' && receivedOn < dutyToNotifyFrom) {
    problems.push({ field: 'referral.consent', message: `The Duty to Notify began on 1 November 2015: a report received on ${receivedOn} cannot be one. An adult is referred with their consent.` });
  }
  const routing = route === 'nrm' ? routingOf(r, s, referrer, receivedOn, context, problems) : null;
  if (route === 'duty_to_notify' && r.competentAuthority) problems.push({ field: 'competentAuthority', message: 'A Duty to Notify report goes to no Competent Authority' });
  const due = route === 'nrm' ? reasonableGroundsDue(receivedOn, referrer.nation) : null;
  const history = planHistory(r, {
    route, nation: referrer.nation, receivedOn, today: ukDate(context.now), reasonableGroundsDueDate: due,
    child: treatedAsChild(s) || ageGroupAtExploitation(s, receivedOn) === 'child',
    nationalities: s.person.nationalities, immigrationStatus: s.person.immigrationStatus ?? null,
  });
  if (!history.ok) problems.push(...history.problems);
  if (problems.length > 0 || !history.ok) return fail(problems);
  return {
    ok: true, externalId: r.externalId,
    record: { externalId: r.externalId, receivedAt, receivedOn, organisationId: organisation.id, referrer, submission: s, routing, reasonableGroundsDueDate: due, history: history.plan },
  };
}

/** The Competent Authority recorded in the legacy system, if one was; otherwise the routing rules in force on the day it was received. */
function routingOf(r: LegacyReferral, s: ReferralSubmission, referrer: Referrer, receivedOn: string, context: Context, problems: FieldProblem[]): ValidRecord['routing'] {
  const model = modelInForce(receivedOn);
  if (r.competentAuthority) {
    const code = r.competentAuthority;
    if (!model.rules.some((rule) => rule.authority === code)) {
      problems.push({ field: 'competentAuthority', message: `The ${competentAuthorityNames[code]} was not a Competent Authority on ${receivedOn} (${model.title})` });
      return null;
    }
    const authority = context.authoritiesByCode.get(code);
    if (!authority) {
      problems.push({ field: 'competentAuthority', message: `No organisation is set up as the Competent Authority “${code}”. An administrator must set one up.` });
      return null;
    }
    return { id: authority.id, code, ruleId: 'legacy-import/recorded', explanation: `${competentAuthorityNames[code]}: as recorded in the legacy system (${model.title}).` };
  }
  const decision = routeReferral(routingContextOf(s, referrer.type, receivedOn));
  const authority = context.authoritiesByCode.get(decision.authority);
  if (!authority) {
    problems.push({ field: 'competentAuthority', message: `No organisation is set up as the Competent Authority “${decision.authority}”. An administrator must set one up.` });
    return null;
  }
  return { id: authority.id, code: decision.authority, ruleId: decision.ruleId, explanation: decision.explanation };
}
