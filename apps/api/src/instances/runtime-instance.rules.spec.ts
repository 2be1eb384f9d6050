import { instanceStatus } from './runtime-instance.rules';

describe('instanceStatus', () => {
  const now = new Date('2026-01-01T00:10:00Z');
  it('is up until three intervals pass without a heartbeat, then down', () => {
    expect(instanceStatus(new Date('2026-01-01T00:09:00Z'), 30, now)).toBe('up');
    expect(instanceStatus(new Date('2026-01-01T00:08:30Z'), 30, now)).toBe('up'); // exactly 90 s
    expect(instanceStatus(new Date('2026-01-01T00:08:29Z'), 30, now)).toBe('down');
  });
  it('uses each instance’s own interval', () => {
    expect(instanceStatus(new Date('2026-01-01T00:00:00Z'), 300, now)).toBe('up');
    expect(instanceStatus(new Date('2026-01-01T00:00:00Z'), 60, now)).toBe('down');
  });
});
