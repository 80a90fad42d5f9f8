// Agents by their display names from the call-centre directory (GET …/call-centre/agents:
// member channel -> agent id and a name in Persian and English), wherever an agent id would
// show: filters, breakdowns, charts. An agent missing from the directory keeps its id.
import type { Lang } from './format';

export type AgentNames = Map<string, { fa?: string; en?: string }>;

export function agentNamesOf(items: { agent_id: string; name: { fa?: string; en?: string } }[]): AgentNames {
  const out: AgentNames = new Map();
  // Several member channels may be one agent: the first with a name wins.
  for (const a of items) if (!out.has(a.agent_id) && (a.name.fa || a.name.en)) out.set(a.agent_id, a.name);
  return out;
}

// The agent's name in `lang`, else in the other language, else the id.
export function agentLabel(id: string, names: AgentNames | undefined, lang: Lang): string {
  const n = names?.get(id);
  return (lang === 'fa' ? n?.fa || n?.en : n?.en || n?.fa) || id;
}
