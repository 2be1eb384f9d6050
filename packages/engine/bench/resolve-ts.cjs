// Lets @swc-node/register load TypeScript sources that import siblings with NodeNext-style `.js`
// suffixes: `./x.js` resolves to `./x.ts` when no compiled file sits beside the source.
const Module = require('node:module');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveTs(request, parent, ...rest) {
  try {
    return original.call(this, request, parent, ...rest);
  } catch (err) {
    if (request.startsWith('.') && request.endsWith('.js')) {
      return original.call(this, request.slice(0, -3) + '.ts', parent, ...rest);
    }
    throw err;
  }
};
