import { parse } from 'csv-parse/sync';
import type { Database } from '../../platform/db/database.js';
import type { AuditContext, AuditLog } from '../../platform/audit/audit-log.js';
import type { Clock } from '../../platform/clock.js';
import type { Principal } from '../../platform/auth/principal.js';
import { can } from '../../platform/auth/policy.js';
import { ForbiddenError } from '../../platform/auth/forbidden.js';
import type { ReferenceDataService } from '../../reference-data/service.js';
import { palermoAgeGroup, palermoGender, toHtcdsLine, type HtcdsRecord } from './mapping.js';
import { headerProblems, htcdsLineSchema, type CodeLists } from './schema.js';
import { insertNewRecords, type NewHtcdsRecord } from './store.js';

/** A line of the file and what is wrong with it; line 1 is the header row. */
export interface LineProblem {
  line: number;
  reason: string;
}

export type ParsedFile = { ok: true; records: { line: number; record: HtcdsRecord }[] } | { ok: false; problems: LineProblem[] };

export type ImportOutcome =
  | { ok: true; lines: number; imported: number; alreadyPresent: number }
  | { ok: false; problems: LineProblem[] };

export class HtcdsImportForbiddenError extends ForbiddenError {
  constructor() {
    super('Only an administrator may import HTCDS records.');
  }
}

type CsvRow = { record: string[]; info: { lines: number } };

/**
 * Reads a partner's HTCDS CSV and validates every line. Nothing is kept unless every line is good, so
 * the report lists every bad line at once rather than the first.
 */
export function parseHtcdsFile(text: string, codes: CodeLists): ParsedFile {
  let rows: CsvRow[];
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as CsvRow[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { ok: false, problems: [{ line, reason: `The file is not valid CSV: ${(error as Error).message}` }] };
  }
  const [header, ...lines] = rows;
  if (!header) return { ok: false, problems: [{ line: 1, reason: 'The file is empty: it needs a header row of HTCDS field names' }] };
  const columns = header.record;
  const refused = headerProblems(columns);
  if (refused.length > 0) return { ok: false, problems: refused.map((reason) => ({ line: header.info.lines, reason })) };
  if (lines.length === 0) return { ok: false, problems: [{ line: header.info.lines, reason: 'The file has a header row but no cases' }] };

  const schema = htcdsLineSchema(codes);
  const problems: LineProblem[] = [];
  const records: { line: number; record: HtcdsRecord }[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record: values, info } of lines) {
    const line = info.lines;
    if (values.length !== columns.length) {
      problems.push({ line, reason: `The line has ${values.length} values; the header row has ${columns.length} columns` });
      continue;
    }
    const result = schema.safeParse(Object.fromEntries(columns.map((column, i) => [column, values[i]])));
    if (!result.success) {
      problems.push({ line, reason: result.error.issues.map((issue) => issue.message).join('; ') });
      continue;
    }
    const earlier = firstLineOf.get(result.data.caseId);
    if (earlier !== undefined) {
      problems.push({ line, reason: `cas_CaseID "${result.data.caseId}" is also on line ${earlier}` });
      continue;
    }
    firstLineOf.set(result.data.caseId, line);
    records.push({ line, record: result.data });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}

/** Case records from partner organisations, pooled in the central repository in HTCDS terms. */
export class HtcdsImport {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** The ISO codes accepted for citizenship and language: the reference lists, with retired codes (old records use them). */
  async codeLists(): Promise<CodeLists> {
    const [nationalities, languages] = await Promise.all([
      this.referenceData.items('nationality', { includeInactive: true }),
      this.referenceData.items('language', { includeInactive: true }),
    ]);
    return { nationalities: new Set(nationalities.map((i) => i.code)), languages: new Set(languages.map((i) => i.code)) };
  }

  /**
   * All or nothing: a file with any bad line imports nothing. Importing the same case from the same
   * partner again changes nothing, so a file may be sent twice safely.
   */
  async importFile(principal: Principal, input: { text: string; partner: { id: string; name: string } }, context: AuditContext): Promise<ImportOutcome> {
    if (!can(principal.role, 'htcds:import')) throw new HtcdsImportForbiddenError();
    const parsed = parseHtcdsFile(input.text, await this.codeLists());
    const partner = { partnerOrganisationId: input.partner.id, partner: input.partner.name };
    if (!parsed.ok) {
      await this.audit.recordAlone(context, {
        action: 'create', recordType: 'htcds_import', recordId: input.partner.id, outcome: 'failure',
        details: { ...partner, badLines: parsed.problems.length },
      });
      return parsed;
    }
    const now = this.clock.now();
    const rows = parsed.records.map(({ record }) => rowOf(record, input.partner.id, principal.userId, now));
    return this.database.transaction(async (tx) => {
      const imported = await insertNewRecords(tx, rows);
      const outcome = { ok: true as const, lines: rows.length, imported, alreadyPresent: rows.length - imported };
      await this.audit.record(tx, context, {
        action: 'create', recordType: 'htcds_import', recordId: input.partner.id,
        details: { ...partner, lines: outcome.lines, imported, alreadyPresent: outcome.alreadyPresent },
      });
      return outcome;
    });
  }
}

/**
 * Gender and age group are stored in Palermo's codes, so they pool with referrals; the multi-select
 * lists keep their HTCDS values (they do not map back one to one); `fields` keeps the whole HTCDS line.
 */
function rowOf(record: HtcdsRecord, partnerOrganisationId: string, importedBy: string, importedAt: Date): NewHtcdsRecord {
  return {
    partnerOrganisationId, caseId: record.caseId, referralDate: record.referralDate, gender: palermoGender(record.gender),
    citizenship: record.citizenship, ageGroup: palermoAgeGroup(record.ageBroad), exploitationTypes: record.exploitationTypes,
    methodsOfControl: record.methodsOfControl, traffickingStatus: record.traffickingStatus,
    fields: toHtcdsLine(record), importedAt, importedBy,
  };
}

/** A stored record read back in HTCDS terms (the round trip compares these with what was exported). */
export function recordOfRow(row: { caseId: string; fields: unknown }): HtcdsRecord {
  const f = row.fields as Record<string, string>;
  const list = (v: string | undefined) => (v ? v.split(';') : []);
  const orNull = (v: string | undefined) => (v ? v : null);
  return {
    caseId: row.caseId, referralDate: orNull(f.cas_IncomingReferralDate), gender: f.prs_Gender ?? '', ageBroad: f.prs_AgeBroad ?? '',
    citizenship: list(f.prs_Citizenship), primaryLanguage: orNull(f.prs_PrimaryLanguage), exploitationTypes: list(f.vic_TypeOfExploitation),
    methodsOfControl: list(f.vic_MethodsOfControl), methodsOfRecruitment: list(f.vic_MethodsOfRecruitment),
    traffickingStatus: orNull(f.vic_TraffickingStatus), orgType: orNull(f.org_Type),
  };
}
