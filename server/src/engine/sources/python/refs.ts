// How strings in pipeline code become artifact references: paths and URIs, SQL tables, and the
// direction a name suggests (`output_path` is written, `input_path` read).
import type { ArtifactRef, IO } from '../../model/facts';
import { isUri } from '../../model/identity';
import type { PyString, SyntaxNode } from '../../text/python';
import { kindOfPath } from '../roles';

export type Direction = IO['direction'];

const WRITE_HINT = /out|dest|target|sink|export|write|save|upload|^to_|_to$/i;

/** The direction a name (a keyword, a variable) suggests; reads unless it says it writes. */
export function directionOf(hint: string | undefined): Direction {
  return hint && WRITE_HINT.test(hint) && !/^(input|source|src)/i.test(hint) ? 'writes' : 'reads';
}

/** A template the code's runner fills in (`{{ ds }}`, `%DATA_PATH%`, `${BUCKET}`): the name is not the one used. */
export function isPlaceholder(value: string): boolean {
  return /\{\{|%[A-Z][A-Z0-9_]*%|\$\{/.test(value);
}

export function pathRef(s: PyString): ArtifactRef {
  const dynamic = s.dynamic || isPlaceholder(s.value);
  const ref: ArtifactRef = { scheme: isUri(s.value) ? 'uri' : 'path', name: s.value, kind: kindOfPath(s.value) };
  if (dynamic) ref.dynamic = true;
  return ref;
}

export function tableRef(name: string, dynamic: boolean): ArtifactRef {
  const ref: ArtifactRef = { scheme: 'table', name, kind: kindOfPath(name) };
  if (dynamic || /\{/.test(name)) ref.dynamic = true;
  return ref;
}

/** The name a URI literal is given (`output_path = "s3://..."`, `dest="s3://..."`): a hint of its direction. */
export function hintOf(node: SyntaxNode): string | undefined {
  const parent = node.parent;
  if (parent?.type === 'keyword_argument') return parent.childForFieldName('name')?.text;
  if (parent?.type === 'assignment') {
    const left = parent.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
  return undefined;
}

/** The dotted name written right before `(` at `paren` (`pd.read_csv`), without the call. */
export function dottedBefore(text: string, paren: number): string {
  let start = paren;
  while (start > 0 && /[\w.]/.test(text[start - 1])) start--;
  return text.slice(start, paren).trim();
}
