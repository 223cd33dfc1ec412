import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../platform/db/database.js';
import { htcdsRecords } from '../tables.js';
import type { ExportedReferral } from './mapping.js';
import type { ExportScope } from './schema.js';

type ExportRow = ExportedReferral & { id: string };

/**
 * One page of NRM referrals received in the period, after the referral id `after`, in id order. Reads
 * only descriptive columns: never `referral_people`, a sealed column or the reference.
 */
export function referralPage(database: Database, scope: ExportScope, after: string | null, limit: number): Promise<ExportRow[]> {
  const receivedOn = sql`(r.received_at AT TIME ZONE 'Europe/London')::date`;
  return database.rows<ExportRow>(sql`
    SELECT r.id, r.pseudonym::text AS "caseId", to_char(${receivedOn}, 'YYYY-MM-DD') AS "receivedOn",
      r.gender, r.age_group AS "ageGroup", r.nationalities, r.details -> 'languages' ->> 0 AS "primaryLanguage",
      r.exploitation_types AS "exploitationTypes", o.type AS "organisationType",
      coalesce((SELECT array_agg(DISTINCT m ORDER BY m) FROM referral_situations s, unnest(s.means_of_control) m WHERE s.referral_id = r.id), '{}'::text[]) AS "meansOfControl",
      coalesce((SELECT array_agg(DISTINCT m ORDER BY m) FROM referral_situations s, unnest(s.recruitment) m WHERE s.referral_id = r.id), '{}'::text[]) AS "recruitment",
      (SELECT d.positive FROM decisions d WHERE d.referral_id = r.id AND d.stage = 'cg' AND d.status = 'issued'
        ORDER BY d.issued_at DESC LIMIT 1) AS "cgPositive"
    FROM referrals r JOIN organisations o ON o.id = r.organisation_id
    WHERE r.route = 'nrm' AND ${receivedOn} BETWEEN ${scope.from}::date AND ${scope.to}::date
      ${scope.nation ? sql`AND r.nation = ${scope.nation}` : sql``}
      ${after ? sql`AND r.id > ${after}::uuid` : sql``}
    ORDER BY r.id
    LIMIT ${limit}`);
}

export type NewHtcdsRecord = typeof htcdsRecords.$inferInsert;

/** Inserts the records the partner has not sent before; returns how many were new. */
export async function insertNewRecords(tx: Db, rows: NewHtcdsRecord[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const added = await tx.insert(htcdsRecords).values(rows.slice(i, i + 1000))
      .onConflictDoNothing({ target: [htcdsRecords.partnerOrganisationId, htcdsRecords.caseId] })
      .returning({ id: htcdsRecords.id });
    inserted += added.length;
  }
  return inserted;
}

export function recordsOfPartner(db: Db, partnerOrganisationId: string, caseId?: string) {
  return db.select().from(htcdsRecords).where(and(eq(htcdsRecords.partnerOrganisationId, partnerOrganisationId), caseId ? eq(htcdsRecords.caseId, caseId) : undefined));
}
