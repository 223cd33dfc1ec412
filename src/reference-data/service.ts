import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import { systemActor, type AuditContext, type AuditLog } from '../platform/audit/audit-log.js';
import { isUniqueViolation, NotFoundError } from '../platform/db/errors.js';
import { referenceDataFolder } from '../platform/paths.js';
import { readReferenceFiles } from './loader.js';
import { listsWithNation, parentListOf, referenceListLabels, referenceLists, type ItemInput, type NewItemInput, type ReferenceList } from './schema.js';
import {
  countByList, findItem, insertItem, insertMissingItems, listItems, lockForLoading, storedKeys, updateItem, type ReferenceItem,
} from './store.js';

export class DuplicateReferenceItemError extends Error {
  constructor(code: string) {
    super(`An item with the code ${code} is already in this list`);
  }
}

export class UnknownParentError extends Error {
  constructor(parentList: ReferenceList) {
    super(`Select a ${referenceListLabels[parentList].item} from the list`);
  }
}

export interface LoadResult {
  /** Items added from the data files, by list; empty when nothing was missing. */
  added: Partial<Record<ReferenceList, number>>;
  total: number;
}

export interface ListSummary {
  list: ReferenceList;
  name: string;
  description: string;
  total: number;
  active: number;
}

/**
 * The reference lists that forms offer and other domains validate codes against. Loaded from the
 * data files (reference-data/*.csv) and then kept by administrators: a load only ever adds what is
 * missing, so an administrator's edit is never overwritten.
 */
export class ReferenceDataService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly dataDir: string = referenceDataFolder,
  ) {}

  /** The items of a list in display order: active ones only, unless asked for all. */
  items(list: ReferenceList, options: { includeInactive?: boolean } = {}): Promise<ReferenceItem[]> {
    return listItems(this.database.db, list, { includeInactive: options.includeInactive ?? false });
  }

  async get(list: ReferenceList, code: string): Promise<ReferenceItem> {
    const item = await findItem(this.database.db, list, code);
    if (!item) throw new NotFoundError('Reference item not found');
    return item;
  }

  /** The label for a stored code, inactive or not, so that old records still read properly. */
  async label(list: ReferenceList, code: string): Promise<string | undefined> {
    return (await findItem(this.database.db, list, code))?.label;
  }

  /** Whether a code may be chosen now: it is in the list and active. */
  async isValid(list: ReferenceList, code: string): Promise<boolean> {
    return (await findItem(this.database.db, list, code))?.active ?? false;
  }

  async summary(): Promise<ListSummary[]> {
    const counts = new Map((await countByList(this.database.db)).map((c) => [c.list, c]));
    return referenceLists.map((list) => ({
      list, ...referenceListLabels[list], total: counts.get(list)?.total ?? 0, active: counts.get(list)?.active ?? 0,
    }));
  }

  /**
   * Adds every row of the data files whose (list, code) is not stored yet, in one transaction with one
   * audit event. Cheap when nothing is missing: one query reads the stored codes and nothing is written.
   * A bad data file stops the load before anything is written (ReferenceDataFileError).
   */
  async load(): Promise<LoadResult> {
    const rows = await readReferenceFiles(this.dataDir);
    const key = (list: string, code: string) => `${list}\u0000${code}`;
    const stored = new Set((await storedKeys(this.database.db, referenceLists)).map((k) => key(k.list, k.code)));
    const missing = rows.filter((row) => !stored.has(key(row.list, row.code)));
    if (missing.length === 0) return { added: {}, total: 0 };

    const now = this.clock.now();
    return this.database.transaction(async (tx) => {
      await lockForLoading(tx);
      // Another process may have loaded the same rows meanwhile: conflicts are skipped, not counted.
      const inserted = await insertMissingItems(tx, missing.map(({ line: _line, ...row }) => ({ ...row, updatedAt: now })));
      const added: LoadResult['added'] = {};
      for (const { list } of inserted) added[list as ReferenceList] = (added[list as ReferenceList] ?? 0) + 1;
      if (inserted.length > 0) {
        await this.audit.record(tx, { actor: systemActor }, {
          action: 'create', recordType: 'reference_data', details: { source: 'reference-data files', added },
        });
      }
      return { added, total: inserted.length };
    });
  }

  async create(list: ReferenceList, input: NewItemInput, context: AuditContext): Promise<void> {
    const parentList = parentListOf[list];
    try {
      await this.database.transaction(async (tx) => {
        if (parentList && input.parentCode && !(await findItem(tx, parentList, input.parentCode))?.active) throw new UnknownParentError(parentList);
        await insertItem(tx, {
          list, code: input.code, label: input.label, active: input.active, sortOrder: input.sortOrder,
          nation: listsWithNation.includes(list) ? (input.nation ?? null) : null,
          parentCode: parentList ? (input.parentCode ?? null) : null,
          updatedAt: this.clock.now(),
        });
        await this.audit.record(tx, context, {
          action: 'create', recordType: 'reference_item', recordId: `${list}/${input.code}`,
          fields: ['code', 'label', 'active', 'sortOrder', ...(input.nation ? ['nation'] : []), ...(input.parentCode ? ['parentCode'] : [])],
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateReferenceItemError(input.code);
      throw error;
    }
  }

  /** Changes a label, the active flag or the sort order; refused if the item changed since `version`. */
  async update(list: ReferenceList, code: string, version: number, input: ItemInput, context: AuditContext): Promise<void> {
    await this.database.transaction(async (tx) => {
      const before = await findItem(tx, list, code);
      if (!before) throw new NotFoundError('Reference item not found');
      const after = await updateItem(tx, list, code, version, input, this.clock.now());
      const changed = (['label', 'active', 'sortOrder'] as const).filter((field) => before[field] !== after[field]);
      await this.audit.record(tx, context, { action: 'update', recordType: 'reference_item', recordId: `${list}/${code}`, fields: changed });
    });
  }
}
