// Flows between touchpoints (a directly-follows graph) as a Sankey diagram. A Sankey must
// be acyclic, while journeys loop (a second call, back to the shop): touchpoints are put in
// journey order (their stage's position, then how often journeys start there) and only
// flows that go forward are drawn; loops and backward flows are listed beside the chart.
import type { Schemas } from '../../lib/api';

// The directly-follows graph (GET …/journey/flows).
export type Dfg = Schemas['JourneyFlows'];

export interface SankeyData {
  nodes: { name: string }[];
  links: { source: string; target: string; value: number }[];
  loops: { from: string; to: string; count: number }[];
}

export function journeyOrder(dfg: Dfg, stageOf: Record<string, number>): string[] {
  const names = new Set<string>();
  for (const a of dfg.arcs) { names.add(a.from); names.add(a.to); }
  for (const k of Object.keys(dfg.start)) names.add(k);
  for (const k of Object.keys(dfg.end)) names.add(k);
  const stage = (n: string) => stageOf[n] ?? Number.MAX_SAFE_INTEGER;
  const starts = (n: string) => dfg.start[n] ?? 0;
  const ends = (n: string) => dfg.end[n] ?? 0;
  return [...names].sort((a, b) => stage(a) - stage(b) || (starts(b) - ends(b)) - (starts(a) - ends(a)) || a.localeCompare(b));
}

export function toSankey(dfg: Dfg, stageOf: Record<string, number>): SankeyData {
  const order = journeyOrder(dfg, stageOf);
  const rank = new Map(order.map((n, i) => [n, i]));
  const links: SankeyData['links'] = [];
  const loops: SankeyData['loops'] = [];
  for (const a of dfg.arcs) {
    if (rank.get(a.from)! < rank.get(a.to)!) links.push({ source: a.from, target: a.to, value: a.count });
    else loops.push(a);
  }
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  return { nodes: order.filter((n) => used.has(n)).map((name) => ({ name })), links, loops };
}
