import { date, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.js';
import { users } from '../users/tables.js';

/**
 * Case records shared by partner organisations in the Human Trafficking Case Data Standard (HTCDS v2.0).
 * They are pseudonymous by construction (HTCDS exchange carries no names, contacts or dates of birth)
 * and are kept apart from NRM referrals: the central repository pools them, it does not decide on them.
 */
export const htcdsRecords = pgTable('htcds_records', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnerOrganisationId: uuid('partner_organisation_id').notNull().references(() => organisations.id),
  /** The partner's own case id: importing the same record again changes nothing. */
  caseId: text('case_id').notNull(),
  referralDate: date('referral_date'),
  gender: text('gender').notNull(),
  citizenship: text('citizenship').array().notNull(),
  ageGroup: text('age_group').notNull(),
  exploitationTypes: text('exploitation_types').array().notNull(),
  methodsOfControl: text('methods_of_control').array().notNull(),
  traffickingStatus: text('trafficking_status'),
  /** Every HTCDS field of the record as received, by HTCDS field name. */
  fields: jsonb('fields').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
  importedBy: uuid('imported_by').notNull().references(() => users.id),
}, (t) => [unique('htcds_records_partner_case_unique').on(t.partnerOrganisationId, t.caseId), index('htcds_records_date_idx').on(t.referralDate)]);
