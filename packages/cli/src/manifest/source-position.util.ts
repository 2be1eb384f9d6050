import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** 1-based line and column, as editors and `file:line:col` links count them. */
export interface SourcePosition {
  line: number;
  col: number;
}

/**
 * The YAML node at `path` (object keys and array indices), or the deepest ancestor that exists
 * when the path goes further (a missing required key points at its parent object). With
 * `key: true` the key of the last segment is returned instead of its value (unknown keys).
 */
export function nodeAtPath(
  doc: Document,
  path: ReadonlyArray<PropertyKey>,
  options: { key?: boolean } = {},
): Node | null {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i += 1) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return node as Node;
      if (options.key && i === path.length - 1) return pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return node as Node;
      node = item;
    } else {
      return (node as Node | null) ?? null;
    }
  }
  return (node as Node | null) ?? null;
}

export function positionAtOffset(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, col };
}

export function positionOfPath(
  doc: Document,
  lines: LineCounter,
  path: ReadonlyArray<PropertyKey>,
  options: { key?: boolean } = {},
): SourcePosition {
  const node = nodeAtPath(doc, path, options);
  return positionAtOffset(lines, node?.range?.[0] ?? 0);
}
