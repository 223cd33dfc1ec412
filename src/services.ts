import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import type { Clock } from './platform/clock.js';
import type { Secrets } from './platform/crypto/secrets.js';
import { AuditLog } from './platform/audit/audit-log.js';
import { SignInService } from './platform/auth/sign-in.js';
import { ApiTokenService } from './platform/auth/api-tokens.js';
import { DatabaseSessionStore } from './platform/auth/session-store.js';
import { FieldCipher } from './platform/crypto/field-encryption.js';
import { UserService } from './users/service.js';
import { OrganisationService } from './organisations/service.js';
import { ReferenceDataService } from './reference-data/service.js';
import { ReferralService } from './referrals/service.js';
import { ReferralCaseFiles } from './referrals/case-file.js';
import { DraftService } from './referrals/drafts.js';
import { ReferralRerouting } from './referrals/rerouting.js';
import { NoticeService } from './notices/service.js';
import { createMailer } from './notices/mailer.js';
import { createCasework, type Casework } from './casework/casework.js';
import { StatisticsReleases } from './statistics/releases.js';
import { ChildrenService } from './children/service.js';
import { MultiAgencyRecords } from './children/multi-agency.js';
import { createActionPlans, type ActionPlans } from './plan/service.js';
import { IntelligenceService } from './intelligence/service.js';
import { ReturnsService } from './returns/service.js';
import { MissingPersonService } from './missing/service.js';
import { ProsecutionService } from './prosecutions/service.js';
import { createSupport, type Support } from './support/support.js';
import { AnnualReports } from './reports/annual-report.js';
import { annualReportSources } from './reports/sources.js';

/** The services, built once and handed to routes and commands: no hidden globals. */
export interface Services {
  config: Config;
  secrets: Secrets;
  database: Database;
  clock: Clock;
  audit: AuditLog;
  cipher: FieldCipher;
  signIn: SignInService;
  apiTokens: ApiTokenService;
  sessionStore: DatabaseSessionStore;
  users: UserService;
  organisations: OrganisationService;
  referenceData: ReferenceDataService;
  referrals: ReferralService;
  caseFiles: ReferralCaseFiles;
  drafts: DraftService;
  rerouting: ReferralRerouting;
  notices: NoticeService;
  casework: Casework;
  children: ChildrenService;
  multiAgency: MultiAgencyRecords;
  plans: ActionPlans;
  missing: MissingPersonService;
  support: Support;
  statistics: StatisticsReleases;
  intelligence: IntelligenceService;
  returns: ReturnsService;
  annualReports: AnnualReports;
  prosecutions: ProsecutionService;
}

export function createServices(config: Config, secrets: Secrets, database: Database, clock: Clock): Services {
  const audit = new AuditLog(database, clock);
  const cipher = new FieldCipher(secrets.encryptionKey);
  const referrals = new ReferralService(database, audit, clock, cipher, secrets.encryptionKey);
  const drafts = new DraftService(database, audit, clock, cipher);
  referrals.drafts = drafts; // a submission removes its draft in the same transaction
  const notices = new NoticeService(database, audit, clock, cipher, createMailer(config.smtpUrl, cipher, clock));
  const casework = createCasework(database, audit, clock, cipher);
  const statistics = new StatisticsReleases(database, audit, clock);
  casework.decisions.notifier = notices; // an issued decision's letters are written in the transaction that issues it
  return {
    config,
    secrets,
    database,
    clock,
    audit,
    cipher,
    signIn: new SignInService(database, audit, clock, { attempts: config.signInLockoutAttempts, minutes: config.signInLockoutMinutes }),
    apiTokens: new ApiTokenService(database, audit, clock),
    sessionStore: new DatabaseSessionStore(database, clock, config.sessionMaxHours * 3_600_000),
    users: new UserService(database, audit, clock),
    organisations: new OrganisationService(database, audit, clock),
    referenceData: new ReferenceDataService(database, audit, clock),
    referrals,
    caseFiles: new ReferralCaseFiles(database, audit, clock, cipher),
    drafts,
    rerouting: new ReferralRerouting(database, audit, clock),
    notices,
    casework,
    children: new ChildrenService(database, audit, clock, cipher),
    multiAgency: new MultiAgencyRecords(database, audit, clock, cipher),
    plans: createActionPlans(database, audit, clock),
    missing: new MissingPersonService(database, audit, clock, cipher),
    support: createSupport(database, audit, clock, cipher),
    statistics,
    intelligence: new IntelligenceService(database, audit, clock, cipher, new ReferenceDataService(database, audit, clock)),
    annualReports: new AnnualReports(database, audit, clock, statistics, annualReportSources),
    prosecutions: new ProsecutionService(database, audit, clock, cipher),
    returns: new ReturnsService(database, audit, clock, cipher, new ReferenceDataService(database, audit, clock)),
  };
}
