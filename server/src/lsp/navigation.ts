// Navigation across formats: what node is under the cursor (a stage or any mention of an
// artifact), where an artifact is produced (definition), every place it is named (references),
// the stages of a file (symbols) and a code lens over each stage.
import { SymbolKind, type CodeLens, type DocumentSymbol, type Location, type Position } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/analysis';
import type { GraphNode, SystemGraph } from '../engine/model/graph';
import type { SourceRef } from '../engine/model/facts';
import { containsPosition } from '../engine/text/lineIndex';
import { pushTo } from '../engine/text/collections';

interface Mention {
  ref: SourceRef;
  node: GraphNode;
}

// Built once per graph (consecutive results share the graph when an edit did not change what
// links it) and again when places in it moved (`SystemGraph.revision`).
const byGraph = new WeakMap<SystemGraph, { revision: number; index: Map<string, Mention[]> }>();

function mentionsByFile(result: AnalysisResult): Map<string, Mention[]> {
  const graph = result.graph;
  const known = byGraph.get(graph);
  if (known?.revision === graph.revision) return known.index;
  const index = new Map<string, Mention[]>();
  for (const node of graph.nodes.values()) for (const ref of node.mentions) pushTo(index, ref.file, { ref, node });
  byGraph.set(graph, { revision: graph.revision, index });
  return index;
}

/** The node named at a position: the smallest mention that contains it. */
export function nodeAt(result: AnalysisResult, file: string, position: Position): GraphNode | undefined {
  const hits = (mentionsByFile(result).get(file) ?? []).filter((m) => containsPosition(m.ref.range, position));
  const size = (m: Mention) =>
    (m.ref.range.end.line - m.ref.range.start.line) * 10_000 + m.ref.range.end.character - m.ref.range.start.character;
  return hits.sort((a, b) => size(a) - size(b))[0]?.node;
}

/** An artifact's definition is where it is written (every producer); a stage's is the stage itself. */
export function definitionOf(result: AnalysisResult, node: GraphNode): SourceRef[] {
  if (node.kind === 'stage') return node.source ? [node.source] : [];
  const writes = result.graph
    .incoming(node.id)
    .filter((e) => e.kind === 'writes' && e.source)
    .map((e) => e.source!);
  return writes.length ? writes : node.source ? [node.source] : [];
}

export function referencesOf(node: GraphNode): SourceRef[] {
  const seen = new Set<string>();
  return node.mentions.filter((m) => {
    const key = `${m.file}:${m.range.start.line}:${m.range.start.character}`;
    return !seen.has(key) && seen.add(key);
  });
}

export function toLocations(refs: SourceRef[], uriOf: (file: string) => string): Location[] {
  return refs.map((r) => ({ uri: uriOf(r.file), range: r.range }));
}

export function stageSymbols(result: AnalysisResult, file: string): DocumentSymbol[] {
  return result.graph
    .stages()
    .filter((s) => s.source?.file === file)
    .map((s) => ({
      name: s.label,
      detail: `${s.stage?.role ?? 'stage'} · ${s.pipeline ?? ''}`,
      kind: SymbolKind.Function,
      range: s.source!.range,
      selectionRange: s.source!.range,
    }));
}

/** "reads 2 · writes 1 · feeds 3 stages · in loop R1 · owner fraud-ml" over each stage. */
export function stageLenses(result: AnalysisResult, file: string): CodeLens[] {
  const { graph } = result;
  return graph
    .stages()
    .filter((s) => s.source?.file === file)
    .map((s) => {
      const writes = graph.outgoing(s.id).filter((e) => e.kind === 'writes');
      const reads = graph.incoming(s.id).filter((e) => e.kind === 'reads').length;
      const fed = new Set(writes.flatMap((w) => graph.consumers(w.to).map((c) => c.id)));
      const loops = result.loops.filter((l) => l.nodes.includes(s.id)).map((l) => l.id);
      const parts = [`reads ${reads}`, `writes ${writes.length}`, `feeds ${fed.size} stage${fed.size === 1 ? '' : 's'}`];
      if (loops.length) parts.push(`in loop ${loops.join(', ')}`);
      parts.push(`owner ${s.team ?? s.owner ?? 'nobody'}`);
      const line = s.source!.range.start.line;
      return {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        command: { title: parts.join(' · '), command: 'loopwise.showGraphForFile', arguments: [] },
      };
    });
}
