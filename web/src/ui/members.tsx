// The organisation's members as people pick them: their names (GET …/members, which every
// member may read), a name by id, and a picker of several members as removable chips.
import { getAll, type Schemas } from '../lib/api';
import type { Org } from '../lib/session';
import { useLoad } from '../lib/use-load';

export type Member = Schemas['Member'];

export function useMembers(org: Org) {
  return useLoad(() => getAll('/api/v1/orgs/{org}/members', { org: org.id }), [org.id]);
}

// A member's name (their e-mail when they gave none); `fallback` for someone no longer a member.
export function memberName(members: Member[] | undefined, id: number | null | undefined, fallback: string): string {
  if (id === null || id === undefined) return fallback;
  const m = members?.find((x) => x.user_id === id);
  return m ? (m.name || m.email) : `#${id}`;
}

// Several members as chips, with a list to add one more.
export function MemberPicker(props: { members: Member[]; value: number[]; onChange: (ids: number[]) => void; label: string; addLabel: string; removeLabel: string; name?: string; error?: string }) {
  const left = props.members.filter((m) => !props.value.includes(m.user_id));
  return (
    <div class={'field member-picker' + (props.error ? ' invalid' : '')} data-testid={props.name ? 'members-' + props.name : undefined}>
      <span>{props.label}</span>
      <div class="chips">
        {props.value.map((id) => (
          <span class="chip member-chip" dir="auto">{memberName(props.members, id, '')}
            <button type="button" class="icon" aria-label={props.removeLabel + ' ' + memberName(props.members, id, '')}
                    onClick={() => props.onChange(props.value.filter((x) => x !== id))}>×</button></span>
        ))}
        {left.length > 0 && (
          <select aria-label={props.addLabel} name={props.name} value="" aria-invalid={props.error ? true : undefined}
                  onChange={(e) => { const v = Number((e.target as HTMLSelectElement).value); if (v) props.onChange([...props.value, v]); }}>
            <option value="">{props.addLabel}</option>
            {left.map((m) => <option value={String(m.user_id)}>{(m.name || m.email)}</option>)}
          </select>
        )}
      </div>
      {props.error && <small class="field-error" role="alert" data-testid={props.name ? 'field-error-' + props.name : undefined} dir="auto">{props.error}</small>}
    </div>
  );
}
