// Mutations a file suffers in real repositories and editors, as fast-check arbitraries over the
// file's bytes: cut short, a line lost or doubled, indentation changed, control characters,
// bytes that are not UTF-8, a huge scalar, deep nesting.
import fc from 'fast-check';

export interface Mutation {
  name: string;
  apply: (bytes: Buffer) => Buffer;
}

/** Counterexamples print as the mutation's name. */
function named(m: Mutation): Mutation {
  return Object.assign(m, { [fc.toStringMethod]: () => m.name });
}

const where = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

function lines(bytes: Buffer): string[] {
  return bytes.toString('latin1').split('\n');
}

function fromLines(ls: string[]): Buffer {
  return Buffer.from(ls.join('\n'), 'latin1');
}

function at(bytes: Buffer, fraction: number): number {
  return Math.floor(bytes.length * fraction);
}

function insert(bytes: Buffer, offset: number, inserted: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, offset), inserted, bytes.subarray(offset)]);
}

const truncation = where.map<Mutation>((f) => ({ name: `truncate at ${f.toFixed(3)}`, apply: (b) => b.subarray(0, at(b, f)) }));

const lineDeletion = where.map<Mutation>((f) => ({
  name: `delete line at ${f.toFixed(3)}`,
  apply: (b) => {
    const ls = lines(b);
    ls.splice(Math.floor(ls.length * f), 1);
    return fromLines(ls);
  },
}));

const lineDuplication = where.map<Mutation>((f) => ({
  name: `duplicate line at ${f.toFixed(3)}`,
  apply: (b) => {
    const ls = lines(b);
    const i = Math.floor(ls.length * f);
    ls.splice(i, 0, ls[i] ?? '');
    return fromLines(ls);
  },
}));

const indentationSwap = fc.tuple(where, where, fc.constantFrom('tab', 'one more', 'one less', 'swap')).map<Mutation>(([f, g, kind]) => ({
  name: `indentation ${kind} at ${f.toFixed(3)}`,
  apply: (b) => {
    const ls = lines(b);
    const i = Math.floor(ls.length * f);
    const j = Math.floor(ls.length * g);
    const indent = (s: string) => /^[ \t]*/.exec(s)![0];
    const line = ls[i] ?? '';
    if (kind === 'tab') ls[i] = line.replace(/^ +/, (m) => '\t'.repeat(Math.max(1, m.length / 2)));
    else if (kind === 'one more') ls[i] = ` ${line}`;
    else if (kind === 'one less') ls[i] = line.replace(/^ /, '');
    else if (ls[j] !== undefined) {
      const [a, c] = [indent(line), indent(ls[j])];
      ls[i] = c + line.slice(a.length);
      ls[j] = a + ls[j].slice(c.length);
    }
    return fromLines(ls);
  },
}));

const controlCharacters = fc
  .tuple(
    where,
    fc.array(fc.constantFrom('\x00', '\x01', '\x07', '\x08', '\x0b', '\x0c', '\r', '\x1b', '\x7f', '\u2028', '\ufeff', '\u00a0'), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map<Mutation>(([f, chars]) => ({
    name: `control characters ${JSON.stringify(chars.join(''))} at ${f.toFixed(3)}`,
    apply: (b) => insert(b, at(b, f), Buffer.from(chars.join(''), 'utf8')),
  }));

const invalidUtf8 = fc
  .tuple(where, fc.constantFrom([0xff], [0xc3], [0x80], [0xed, 0xa0, 0x80], [0xe9], [0xf8, 0x88, 0x80, 0x80, 0x80]))
  .map<Mutation>(([f, bytes]) => ({
    name: `invalid UTF-8 ${bytes.map((x) => x.toString(16)).join(' ')} at ${f.toFixed(3)}`,
    apply: (b) => insert(b, at(b, f), Buffer.from(bytes)),
  }));

const hugeScalar = fc
  .tuple(where, fc.integer({ min: 20_000, max: 400_000 }), fc.constantFrom('a', 'x ', '${{ ', '[', '{{', '"', "'", 'a.b.', '/', '\\'))
  .map<Mutation>(([f, size, unit]) => ({
    name: `scalar of ${size} chars of ${JSON.stringify(unit)} at ${f.toFixed(3)}`,
    apply: (b) => insert(b, at(b, f), Buffer.from(unit.repeat(Math.ceil(size / unit.length)).slice(0, size))),
  }));

const deepNesting = fc
  .tuple(where, fc.integer({ min: 100, max: 3000 }), fc.constantFrom('[', '{', '- ', '(', 'indent'))
  .map<Mutation>(([f, depth, kind]) => ({
    name: `nesting ${depth} deep of ${JSON.stringify(kind)} at ${f.toFixed(3)}`,
    apply: (b) => {
      const nested =
        kind === 'indent'
          ? Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + '\n'
          : `${kind.repeat(depth)}\${{ matrix.x }}`;
      return insert(b, at(b, f), Buffer.from(nested));
    },
  }));

export const MUTATION = fc
  .oneof(truncation, lineDeletion, lineDuplication, indentationSwap, controlCharacters, invalidUtf8, hugeScalar, deepNesting)
  .map(named);

/** One to three mutations, applied in order. */
export const MUTATIONS = fc.array(MUTATION, { minLength: 1, maxLength: 3 });

export function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  return mutations.reduce((b, m) => m.apply(b), bytes);
}
