// SQL in pipeline code: the tables a query text reads and writes (text/python's sqlTables),
// each with the exact range of its name inside the string literal when the literal maps 1:1.
import type { ArtifactRef, SourceRef } from '../../model/facts';
import type { LineIndex } from '../../text/lineIndex';
import type { SyntaxNode } from '../../text/python';
import { literalOffset, nodeRef, sqlTables } from '../../text/python';
import { tableRef, type Direction } from './refs';

export { looksLikeSql, sqlTables, type SqlTable } from '../../text/python';

/** Each table a SQL text names, with its direction and range. */
export function sqlIo(
  text: string,
  node: SyntaxNode,
  dynamic: boolean,
  index: LineIndex,
  file: string,
): Array<{ direction: Direction; artifact: ArtifactRef; range: SourceRef }> {
  return sqlTables(text).map((t) => {
    const start = literalOffset(node, t.offset);
    const range = start === undefined ? nodeRef(index, file, node) : index.ref(file, start, start + t.name.length);
    return { direction: t.direction, artifact: tableRef(t.name, t.dynamic || (dynamic && /\{/.test(t.name))), range };
  });
}
