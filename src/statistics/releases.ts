import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import { describeRule, type PublishedTable } from './disclosure/index.js';
import { buildPublication, type Publication } from './publication/publication.js';
import type { TimelinessRow } from './publication/timeliness-table.js';
import { revisionsBetween, type Revision } from './revisions.js';
import { statisticsReleases } from './tables.js';
import type { Nation } from '../organisations/kinds.js';
import { referenceItems } from '../reference-data/tables.js';

export interface ReleaseRequest {
  from: string;
  to: string;
  nation?: Nation;
}

/** A release as people read and download it: published figures only, with what it was computed from. */
export interface Release {
  id: string | null;
  from: string;
  to: string;
  area: Nation | 'uk';
  cutOff: Date;
  publishedAt: Date | null;
  rule: string;
  tables: PublishedTable[];
  timeliness: TimelinessRow[];
  /** Against the last release for the same period and area; empty for a first release. */
  revisions: Revision[];
  previousCutOff: Date | null;
}

/**
 * Statistics releases: a preview computed on demand, and published releases stored as published, so a
 * later release for the same period shows its revisions. Every preview, publication and download is
 * audited as an export.
 */
export class StatisticsReleases {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock) {}

  async preview(request: ReleaseRequest, context: AuditContext): Promise<Release> {
    const cutOff = this.clock.now();
    const publication = await buildPublication(this.database.db, { ...request, cutOff }, { labels: await this.referenceLabels() });
    const previous = await this.latest(request);
    await this.audit.recordAlone(context, { action: 'export', recordType: 'statistics', details: { ...request, kind: 'preview' } });
    return this.toRelease(null, request, publication, previous, null);
  }

  /** Nationalities and police force areas by name, not code: the lists' codes do not overlap. */
  private async referenceLabels(): Promise<Map<string, string>> {
    const items = await this.database.db.select({ code: referenceItems.code, label: referenceItems.label }).from(referenceItems)
      .where(inArray(referenceItems.list, ['nationality', 'police_force']));
    return new Map(items.map((i) => [i.code, i.label]));
  }

  async publish(request: ReleaseRequest, publishedBy: string | null, context: AuditContext): Promise<Release> {
    const now = this.clock.now();
    const publication = await buildPublication(this.database.db, { ...request, cutOff: now }, { labels: await this.referenceLabels() });
    const previous = await this.latest(request);
    const id = await this.database.transaction(async (tx) => {
      const [row] = await tx.insert(statisticsReleases).values({
        periodFrom: request.from, periodTo: request.to, area: request.nation ?? 'uk', cutOff: now,
        rule: { ...publication.rule, text: describeRule(publication.rule) }, tables: { tables: publication.tables, timeliness: publication.timeliness },
        publishedAt: now, publishedBy,
      }).returning({ id: statisticsReleases.id });
      await this.audit.record(tx, context, { action: 'export', recordType: 'statistics_release', recordId: row!.id, details: { ...request, kind: 'publish' } });
      return row!.id;
    });
    return this.toRelease(id, request, publication, previous, now);
  }

  async get(id: string, context: AuditContext): Promise<Release | undefined> {
    const [row] = await this.database.db.select().from(statisticsReleases).where(eq(statisticsReleases.id, id));
    if (!row) return undefined;
    const request = { from: row.periodFrom, to: row.periodTo, nation: row.area === 'uk' ? undefined : (row.area as Nation) };
    const earlier = await this.before(row);
    await this.audit.recordAlone(context, { action: 'export', recordType: 'statistics_release', recordId: row.id, details: { kind: 'read' } });
    const stored = row.tables as { tables: PublishedTable[]; timeliness: TimelinessRow[] };
    return {
      id: row.id, ...request, area: row.area as Release['area'], cutOff: row.cutOff, publishedAt: row.publishedAt, rule: (row.rule as { text: string }).text,
      tables: stored.tables, timeliness: stored.timeliness,
      revisions: earlier ? revisionsBetween((earlier.tables as { tables: PublishedTable[] }).tables, stored.tables) : [],
      previousCutOff: earlier?.cutOff ?? null,
    };
  }

  list() {
    return this.database.db.select({
      id: statisticsReleases.id, periodFrom: statisticsReleases.periodFrom, periodTo: statisticsReleases.periodTo, area: statisticsReleases.area,
      cutOff: statisticsReleases.cutOff, publishedAt: statisticsReleases.publishedAt,
    }).from(statisticsReleases).orderBy(desc(statisticsReleases.publishedAt)).limit(100);
  }

  private async latest(request: ReleaseRequest) {
    const [row] = await this.database.db.select().from(statisticsReleases)
      .where(and(eq(statisticsReleases.periodFrom, request.from), eq(statisticsReleases.periodTo, request.to), eq(statisticsReleases.area, request.nation ?? 'uk')))
      .orderBy(desc(statisticsReleases.publishedAt)).limit(1);
    return row;
  }

  /** The release published just before this one for the same period and area. */
  private async before(row: typeof statisticsReleases.$inferSelect) {
    const rows = await this.database.db.select().from(statisticsReleases)
      .where(and(eq(statisticsReleases.periodFrom, row.periodFrom), eq(statisticsReleases.periodTo, row.periodTo), eq(statisticsReleases.area, row.area)))
      .orderBy(desc(statisticsReleases.publishedAt));
    return rows.find((r) => r.publishedAt < row.publishedAt);
  }

  private toRelease(id: string | null, request: ReleaseRequest, publication: Publication, previous: typeof statisticsReleases.$inferSelect | undefined, publishedAt: Date | null): Release {
    return {
      id, from: request.from, to: request.to, area: request.nation ?? 'uk', cutOff: publication.scope.cutOff, publishedAt,
      rule: describeRule(publication.rule), tables: publication.tables, timeliness: publication.timeliness,
      revisions: previous ? revisionsBetween((previous.tables as { tables: PublishedTable[] }).tables, publication.tables) : [],
      previousCutOff: previous?.cutOff ?? null,
    };
  }
}
