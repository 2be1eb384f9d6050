import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');
const fixtureSrc = 'apps/api/test/boundaries/fixture/src';

/** Runs the repository's dependency-cruiser config (the one `.ci/run` uses) over the fixture tree. */
function cruiseFixture() {
  const run = spawnSync(
    join(repoRoot, 'node_modules/.bin/depcruise'),
    // The `err` reporter is the one CI uses: it exits non-zero on an error-level violation.
    [fixtureSrc, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, BOUNDARY_API_SRC: fixtureSrc } },
  );
  const violations = [...run.stdout.matchAll(/error ([\w-]+): (\S+) → (\S+)/g)].map((m) => m.slice(1));
  return { status: run.status, violations };
}

describe('module boundaries (dependency-cruiser)', () => {
  it('fails on an import of another module internals and passes its public surface', () => {
    const { status, violations } = cruiseFixture();

    expect(status).not.toBe(0);
    // Only the deliberate leak: chat/chat.service.ts reaches agent through its module file,
    // an exported provider and a port, which all pass.
    expect(violations).toEqual([
      [
        'api-module-boundary',
        `${fixtureSrc}/chat/chat-leak.service.ts`,
        `${fixtureSrc}/agent/agent.entity.ts`,
      ],
    ]);
  });
});
