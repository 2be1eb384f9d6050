import { formatSseEvent } from './sse.util';

describe('formatSseEvent', () => {
  it('writes id, event and one JSON data line, ended by a blank line', () => {
    expect(formatSseEvent({ id: 7, type: 'message', data: { delta: 'a\nb' } })).toBe(
      'id: 7\nevent: message\ndata: {"delta":"a\\nb"}\n\n',
    );
  });

  it('omits the id when the event has none and strips line breaks from ids', () => {
    expect(formatSseEvent({ type: 'thought', data: { nodeId: 'n', content: 'x' } })).toBe(
      'event: thought\ndata: {"nodeId":"n","content":"x"}\n\n',
    );
    expect(formatSseEvent({ id: '1\n2', type: 'thought', data: { nodeId: 'n', content: '' } })).toMatch(
      /^id: 12\n/,
    );
  });
});
