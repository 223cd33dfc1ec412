import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Database } from '../../platform/db/database.js';
import type { AuditContext, AuditLog } from '../../platform/audit/audit-log.js';
import type { Principal } from '../../platform/auth/principal.js';
import { fieldsFor, scopeFor, visibleFields } from '../../platform/auth/policy.js';
import { listFields, recordFields, type RecordFilters } from './schema.js';
import * as store from './store.js';
import type { DecisionRow, PseudonymisedRow, SituationRow } from './store.js';

export const CSV_PAGE_SIZE = 1000;

export type PseudonymisedRecord = PseudonymisedRow & { situations: SituationRow[]; decisions: DecisionRow[] };

/** The CSV's header for each field: the field's name in snake case. */
export const csvHeader = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The filters an audit event keeps: what was asked for (never what was shown). */
const asked = (filters: RecordFilters) => Object.fromEntries(Object.entries(filters).filter(([key, value]) => key !== 'page' && value !== undefined));

/**
 * Pseudonymised, record-level data for analysts (STATISTICS.md, "Record-level data"). The policy decides
 * who may (the action), how much (the `pseudonymised_referral` scope) and which fields; every list, record
 * and download is audited with the names of the fields shown, before anything is shown.
 */
export class PseudonymisedRecords {
  constructor(private readonly database: Database, private readonly audit: AuditLog) {}

  private scope(principal: Principal): store.ListScope {
    return { scope: scopeFor(principal.role, 'pseudonymised_referral'), subject: principal };
  }

  /** The fields of `candidates` the role may read, in their order. */
  private fields<F extends string>(principal: Principal, candidates: readonly F[]): F[] {
    const allowed = new Set(fieldsFor(principal.role, 'pseudonymised_referral'));
    return candidates.filter((f) => allowed.has(f));
  }

  async list(principal: Principal, filters: RecordFilters, pageSize: number, context: AuditContext) {
    const scope = this.scope(principal);
    const [rows, total] = await Promise.all([
      store.recordPage(this.database, filters, scope, { limit: pageSize, offset: (filters.page - 1) * pageSize }),
      store.countRecords(this.database, filters, scope),
    ]);
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'pseudonymised_referrals', fields: this.fields(principal, listFields),
      details: { filters: asked(filters), page: filters.page, shown: rows.length, total },
    });
    return { rows: rows.map((r) => visibleFields(principal.role, 'pseudonymised_referral', r)), total };
  }

  async find(principal: Principal, pseudonym: string, context: AuditContext): Promise<Partial<PseudonymisedRecord> | undefined> {
    const found = await store.findRecord(this.database, pseudonym, this.scope(principal));
    if (!found) return undefined;
    const { referralId, ...row } = found;
    const [situations, decisions] = await Promise.all([store.situationsOf(this.database, referralId), store.decisionsOf(this.database, referralId)]);
    const visible = visibleFields(principal.role, 'pseudonymised_referral', { ...row, situations, decisions });
    // Recorded against the referral, so an auditor asking who read a case finds this view too.
    await this.audit.recordAlone(context, {
      action: 'view', recordType: 'referral', recordId: referralId, fields: recordFields.filter((f) => f in visible),
      details: { view: 'pseudonymised' },
    });
    return visible;
  }

  /** The filtered list as CSV (codes, not labels), read a page at a time; audited before its first line. */
  async csv(principal: Principal, filters: RecordFilters, context: AuditContext, pageSize = CSV_PAGE_SIZE): Promise<Readable> {
    const fields = this.fields(principal, listFields);
    await this.audit.recordAlone(context, { action: 'export', recordType: 'pseudonymised_referrals', fields, details: { filters: asked(filters), format: 'csv' } });
    const scope = this.scope(principal);
    const database = this.database;
    const csv = stringify({ header: true, columns: fields.map((key) => ({ key, header: csvHeader(key) })) });
    const lines = Readable.from((async function* () {
      let after: { month: string; pseudonym: string } | null = null;
      for (;;) {
        const page = await store.recordsAfter(database, filters, scope, after, pageSize);
        for (const row of page) yield csvLine(row, fields);
        if (page.length < pageSize) return;
        const last = page[page.length - 1]!;
        after = { month: last.receivedMonth, pseudonym: last.pseudonym };
      }
    })());
    // A failure part-way ends the stream with the error, so a download is never silently short.
    pipeline(lines, csv, () => undefined);
    return csv;
  }
}

/** One line: lists joined with semicolons (as in HTCDS), booleans as yes/no, nothing as blank. */
function csvLine(row: PseudonymisedRow, fields: readonly (keyof PseudonymisedRow)[]): Record<string, string> {
  const cell = (value: unknown) => (Array.isArray(value) ? value.join(';') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value === null || value === undefined ? '' : String(value));
  return Object.fromEntries(fields.map((f) => [f, cell(row[f])]));
}
