export * from './errors.js';
export * from './identity.js';
export * from './pagination.js';
export * from './workflow.js';
export * from './events.js';
export * from './node-type.js';
