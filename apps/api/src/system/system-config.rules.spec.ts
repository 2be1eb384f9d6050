import { configInForce } from './system-config.rules.js';

describe('configInForce', () => {
  const specs = [
    { name: 'PORT', default: '3000', description: '' },
    { name: 'LOG_LEVEL', default: 'info', description: '' },
    { name: 'JWT_SECRET', description: '', secret: true },
    { name: 'REDIS_URL', description: '', secret: true },
  ];

  it('shows given values, else defaults, and never a secret', () => {
    expect(configInForce(specs, { PORT: '8080', JWT_SECRET: 's3cr3t-value', LOG_LEVEL: ' ' })).toEqual([
      { name: 'PORT', value: '8080', secret: false, set: true },
      { name: 'LOG_LEVEL', value: 'info', secret: false, set: true },
      { name: 'JWT_SECRET', value: null, secret: true, set: true },
      { name: 'REDIS_URL', value: null, secret: true, set: false },
    ]);
  });
});
