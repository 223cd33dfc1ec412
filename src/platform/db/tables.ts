// Every table, for the query builder and the migration generator.
export * from '../../organisations/tables.js';
export * from '../../users/tables.js';
export * from '../auth/tables.js';
export * from '../audit/tables.js';
export * from '../../reference-data/tables.js';
export * from '../../referrals/tables.js';
export * from '../../outbox/tables.js';
export * from '../../casework/tables.js';
export * from '../../notices/tables.js';
export * from '../../repository/tables.js';
export * from '../../statistics/tables.js';
