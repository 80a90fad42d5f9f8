// How personas are named wherever they appear (filters, breakdowns, a contact's chips): the
// emoji, then the name. No code imported, so the dashboard's chunk stays small.
import type { Schemas } from './api';

export type PersonaName = Pick<Schemas['Persona'], 'id' | 'name'> & { emoji?: string };

export function personaLabel(p: { name: string; emoji?: string }): string {
  return `${p.emoji ?? ''} ${p.name}`.trim();
}

// The label of a persona filter's value: one id or several ("1,3"), each by its name when known.
export function personaValueLabel(value: string, personas: PersonaName[] | undefined): string {
  return value.split(',').map((id) => {
    const p = personas?.find((x) => String(x.id) === id.trim());
    return p ? personaLabel(p) : '#' + id.trim();
  }).join(', ');
}
