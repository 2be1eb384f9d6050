// A generated workflow of `size` nodes for the canvas benchmark: a long main line of template and
// llm nodes, a classifier with a conditional edge every 25 nodes (two routes and a default), a
// fan-out every 40 nodes whose branches join again, all leading to `__end__`. No positions, so the
// editor auto-lays it out on open. Pure: the same size gives the same definition.

const kindAt = (i) => (i % 25 === 0 ? 'classifier' : i % 7 === 0 ? 'llm' : 'template');

function nodeConfig(type, i) {
  switch (type) {
    case 'classifier':
      return { labels: ['left', 'right'], prompt: `Route step ${i}: {{input}}` };
    case 'llm':
      return { prompt: `Step ${i}: {{input}}` };
    default:
      return { template: i === 0 ? '{{input}}' : `{{nodes.n${i - 1}.output}} + ${i}` };
  }
}

/** @param {number} size at least 4 */
export function largeWorkflow(size = 1000) {
  const id = (i) => `n${i}`;
  const nodes = [];
  const edges = [];
  for (let i = 0; i < size; i++) {
    const type = kindAt(i);
    nodes.push({ id: id(i), type, config: nodeConfig(type, i) });
  }
  for (let i = 0; i < size; i++) {
    const next = i + 1 < size ? id(i + 1) : '__end__';
    if (nodes[i].type === 'classifier' && i + 2 < size) {
      edges.push({
        type: 'conditional',
        from: id(i),
        condition: { kind: 'switch', path: `nodes.${id(i)}.output` },
        mapping: { left: next, right: id(i + 2) },
        default: '__end__',
      });
    } else if (i % 40 === 10 && i + 3 < size) {
      // n(i) fans out to n(i+1) and n(i+2); both feed n(i+3), which waits for them (a join).
      edges.push({ type: 'fanout', from: id(i), targets: [id(i + 1), id(i + 2)] });
      edges.push({ from: id(i + 1), to: id(i + 3) });
      edges.push({ from: id(i + 2), to: id(i + 3) });
      i += 2;
    } else {
      edges.push({ from: id(i), to: next });
    }
  }
  return { schemaVersion: 1, entry: id(0), variables: {}, nodes, edges };
}
