export * from './pacticipants.js';
export * from './versions.js';
export * from './pacts.js';
export * from './environments.js';
export * from './deployments.js';
export * from './verifications.js';
export * from './jobs.js';
export * from './webhooks.js';
