// Starts a sandbox worker from TypeScript sources (under Jest or @swc-node/register): the built
// package starts dist/sandbox/code-sandbox.worker.js directly and never loads this file.
// Worker threads do not inherit the parent's require hooks, so register them here.
'use strict';
require('@swc-node/register');
const Module = require('node:module');
const { workerData } = require('node:worker_threads');

// The sources import siblings NodeNext-style (`./x.js`): fall back to `./x.ts` beside them.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveTs(request, parent, ...rest) {
  try {
    return resolveFilename.call(this, request, parent, ...rest);
  } catch (err) {
    if (request.startsWith('.') && request.endsWith('.js')) {
      return resolveFilename.call(this, request.slice(0, -3) + '.ts', parent, ...rest);
    }
    throw err;
  }
};

require(workerData.entry);
