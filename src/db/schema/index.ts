export * from './pacticipants.js';
export * from './versions.js';
export * from './pacts.js';
export * from './environments.js';
