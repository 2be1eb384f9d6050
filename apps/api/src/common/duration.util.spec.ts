import { parseDuration } from './duration.util';

describe('parseDuration', () => {
  it.each([
    ['900', 900],
    ['30s', 30],
    ['15m', 900],
    ['12h', 43200],
    ['30d', 2592000],
    [' 2M ', 120],
  ])('%s → %d seconds', (input, seconds) => expect(parseDuration(input)).toBe(seconds));

  it.each(['', '0', '15 minutes', '-1m', '1.5h', 'm'])('rejects %j', (input) =>
    expect(parseDuration(input)).toBeNull(),
  );
});
