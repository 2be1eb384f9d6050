import { describe, expect, it } from 'vitest';
import { stepModelLabel } from './step-model';

const id = '00000000-0000-4000-8000-000000000001';

describe('stepModelLabel', () => {
  it('names the model and its service config', () => {
    expect(stepModelLabel({ serviceConfigId: id, serviceConfigName: 'Team', model: 'gpt-4o' })).toEqual({
      key: 'studio.test.trace.modelValue',
      model: 'gpt-4o',
      config: 'Team',
    });
  });
  it('shows the config alone when it names no model', () => {
    expect(stepModelLabel({ serviceConfigId: id, serviceConfigName: 'Demo', model: null })).toEqual({
      key: 'studio.test.trace.modelConfigOnly',
      config: 'Demo',
    });
  });
  it('says when the config was deleted since, or no model was called', () => {
    expect(stepModelLabel({ serviceConfigId: id, serviceConfigName: null, model: null }).key).toBe(
      'studio.test.trace.modelDeleted',
    );
    expect(stepModelLabel(null).key).toBe('studio.test.trace.modelNone');
  });
});
