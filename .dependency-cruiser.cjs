// Module boundaries, checked in CI (`pnpm boundaries`, see apps/api/README.md "Module boundaries").
//
// A feature module is a folder `apps/api/src/<module>/`. Another module may reach it only through
// its public surface:
//   - its Nest module files (`*.module.ts`) and the files of the providers those modules `exports`
//     (read from the module files below, so exporting a provider is what makes it public);
//   - its ports (`ports/`, `*.port.ts`, `*.ports.ts`), its pure domain rules and types (`domain/`)
//     and its configuration declarations (`*.settings.ts`, gathered by config/env-catalogue.ts).
// `common/` and `config/` are the shared kernel: no Nest feature of their own, importable by all.
// Entry points (`*.cli.ts`) and unit specs may reach anything. Known violations that predate the
// check are listed in .dependency-cruiser-known-violations.json and may only shrink.
//
// BOUNDARY_API_SRC points the module rule at another tree (the fixture the boundary test uses).
const fs = require('node:fs');
const path = require('node:path');

const apiSrc = process.env.BOUNDARY_API_SRC ?? 'apps/api/src';
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const src = esc(apiSrc);

/** Files (repo-relative) that define a provider some `*.module.ts` under apiSrc exports. */
function exportedProviderFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.module.ts')) files.push(...exportsOf(full));
    }
  };
  if (fs.existsSync(apiSrc)) walk(apiSrc);
  return [...new Set(files)];
}

function exportsOf(moduleFile) {
  const text = fs.readFileSync(moduleFile, 'utf8');
  const list = /exports:\s*\[([^\]]*)\]/.exec(text);
  if (!list) return [];
  const names = list[1]
    .split(',')
    .map((n) => n.trim())
    .filter((n) => /^\w+$/.test(n));
  const found = [];
  for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(\.[^']+)'/g)) {
    const imported = match[1].split(',').map((n) =>
      n
        .trim()
        .split(/\s+as\s+/)
        .pop(),
    );
    if (!imported.some((n) => names.includes(n))) continue;
    const target = path.join(path.dirname(moduleFile), match[2].replace(/\.js$/, '.ts'));
    found.push(path.relative(process.cwd(), target).split(path.sep).join('/'));
  }
  return found;
}

const publicSurface = [
  `^${src}/$1/`,
  `^${src}/(common|config)/`,
  '\\.module\\.ts$',
  '/ports/',
  '\\.ports?\\.ts$',
  '/domain/',
  '[.-]settings\\.ts$',
  ...exportedProviderFiles().map((f) => `^${esc(f)}$`),
];

module.exports = {
  forbidden: [
    {
      name: 'api-module-boundary',
      comment:
        'A feature module reaches another only through its module file, exported providers, ports, domain rules or settings.',
      severity: 'error',
      from: { path: `^${src}/([^/]+)/`, pathNot: ['\\.spec\\.ts$', '\\.cli\\.ts$'] },
      to: { path: `^${src}/([^/]+)/`, pathNot: publicSurface },
    },
    {
      name: 'engine-not-to-api',
      comment: 'The engine is a library; the API depends on it, never the other way round.',
      severity: 'error',
      from: { path: '^packages/engine/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'web-not-to-api',
      comment: 'The web app talks to the API over HTTP through packages/contracts only.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/api/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: {
      path: [
        'node_modules',
        '/dist/',
        '/coverage/',
        ...(process.env.BOUNDARY_API_SRC ? [] : ['/test/boundaries/fixture/']),
      ],
    },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.vue', '.mjs'] },
  },
};
