import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Database } from '../../platform/db/database.js';
import type { AuditContext, AuditLog } from '../../platform/audit/audit-log.js';
import { htcdsFields, recordFromReferral, toHtcdsLine, type HtcdsRecord } from './mapping.js';
import type { ExportScope } from './schema.js';
import { referralPage } from './store.js';

export const EXPORT_PAGE_SIZE = 1000;

/** The period's NRM referrals as HTCDS records, read a page at a time so memory stays flat. */
export async function* htcdsRecordsFor(database: Database, scope: ExportScope, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<HtcdsRecord> {
  let after: string | null = null;
  for (;;) {
    const page = await referralPage(database, scope, after, pageSize);
    for (const row of page) yield recordFromReferral(row);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** The records as an HTCDS CSV stream: a header row of HTCDS field names, then one line per case. */
export function htcdsCsv(records: AsyncIterable<HtcdsRecord>): Readable {
  const csv = stringify({ header: true, columns: [...htcdsFields] });
  const lines = Readable.from((async function* () {
    for await (const record of records) yield toHtcdsLine(record);
  })());
  // A failure part-way ends the stream with the error, so a download or file is never silently short.
  pipeline(lines, csv, () => undefined);
  return csv;
}

/**
 * Pseudonymised referrals leave the service only through here, and every export is audited before its
 * first line is written.
 */
export class HtcdsExport {
  constructor(private readonly database: Database, private readonly audit: AuditLog) {}

  async csv(scope: ExportScope, context: AuditContext, onRecord?: (record: HtcdsRecord) => void): Promise<Readable> {
    await this.audit.recordAlone(context, {
      action: 'export', recordType: 'htcds_export', fields: [...htcdsFields],
      details: { from: scope.from, to: scope.to, nation: scope.nation ?? 'all' },
    });
    const records = htcdsRecordsFor(this.database, scope);
    return htcdsCsv(onRecord ? tap(records, onRecord) : records);
  }
}

async function* tap<T>(items: AsyncIterable<T>, each: (item: T) => void): AsyncGenerator<T> {
  for await (const item of items) {
    each(item);
    yield item;
  }
}
