import type { SQL } from 'drizzle-orm';
import { jsonInsert, type Db } from '../platform/db/database.js';
import { outboxMessages } from './tables.js';

export interface OutboxMessage {
  topic: string;
  recipientOrganisationId: string | null;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

/** Adds a message in the caller's transaction: it exists if and only if the change that caused it does. */
export async function enqueue(db: Db, message: OutboxMessage, now: Date): Promise<void> {
  await db.insert(outboxMessages).values({ ...message, createdAt: now, availableAt: now });
}

const insertMessages = jsonInsert(outboxMessages, ['topic', 'recipientOrganisationId', 'subjectType', 'subjectId', 'payload', 'createdAt', 'availableAt']);

/** The INSERT of several messages, for a caller that writes them in one statement with the change that causes them. */
export function enqueueStatement(messages: OutboxMessage[], now: Date): SQL {
  return insertMessages(messages.map((message) => ({ ...message, createdAt: now, availableAt: now })));
}
