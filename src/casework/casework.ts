import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { CaseAccess } from './case-access.js';
import { WorkQueue } from './work-queue.js';
import { AssignmentService } from './assignment.js';
import { DecisionService } from './decisions.js';
import { CaseStatusService } from './case-status.js';
import { RecoveryPeriodService } from './recovery-period.js';
import { InformationRequestService } from './information-requests.js';
import { ReconsiderationService } from './reconsideration.js';
import { CaseRecords } from './case-record.js';
import { ResidencePermitService } from './residence-permits.js';

/** The Competent Authority's casework, one service per kind of step, all changing cases through one CaseAccess. */
export interface Casework {
  queue: WorkQueue;
  assignment: AssignmentService;
  decisions: DecisionService;
  status: CaseStatusService;
  recovery: RecoveryPeriodService;
  information: InformationRequestService;
  reconsideration: ReconsiderationService;
  records: CaseRecords;
  permits: ResidencePermitService;
}

export function createCasework(database: Database, audit: AuditLog, clock: Clock, cipher: FieldCipher): Casework {
  const access = new CaseAccess(database, audit, clock);
  return {
    queue: new WorkQueue(database, clock),
    assignment: new AssignmentService(access),
    decisions: new DecisionService(access, cipher),
    status: new CaseStatusService(access, cipher, audit),
    recovery: new RecoveryPeriodService(access, cipher),
    information: new InformationRequestService(access, cipher),
    reconsideration: new ReconsiderationService(access, cipher),
    records: new CaseRecords(database, cipher, clock),
    permits: new ResidencePermitService(access, database, audit, clock),
  };
}
