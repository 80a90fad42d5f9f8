// Personas, on the Journeys page: the cards (emoji or picture, name, description, goals, pains,
// members and when they were counted, who belongs in words, a link to the persona's scores),
// and for those who may, the form: the profile and a visual rule builder (groups matching all
// or any, nested; conditions on an attribute, with the catalogue's attributes and choices, or
// on behaviour: interactions at a touchpoint, through a channel, within days, counted or a
// fact summed). The server's error lands at the condition and input its path names
// ("rule.all[1].interactions.within_days"); delete after a confirmation.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, getAll, query, send, type Schemas } from '../../lib/api';
import { fmtDate, fmtNumber, type Locale } from '../../lib/format';
import type { FieldErrors } from '../../lib/forms';
import { lang, localized } from '../../lib/i18n';
import { href, navigate } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Select, Spinner, TextField } from '../../ui/components';
import { personasChanged } from '../../ui/filters';
import { KNOWN_FACTS } from '../triggers/model';
import { t, type PersonaKey } from './messages';
import {
  addRow, attributeCatalogue, blankAttribute, blankBehaviour, blankGroup, blankPersonaForm, checkPersonaForm, childPath, compactForm,
  COUNT_OPS, COUNT_SYMBOL, depthOf, firstProblem, formToPersona, inputName, LIST_OPS, MAX_GROUP_DEPTH, NO_VALUE_OPS, opsFor,
  personaTarget, personaToForm, removeRow, ruleToForm, typeOf, updateRow,
  type AttributeDef, type AttributeRow, type AttrOp, type BehaviourRow, type CountOp, type GroupRow, type Persona, type PersonaForm, type RuleRow,
} from './model';
import './personas.css';

type Touchpoint = Schemas['Touchpoint'];
const tpName = (tps: Touchpoint[], key: string) => localized(tps.find((tp) => tp.key === key)?.name, key);
const BUILT_IN = ['language', 'email', 'phone'] as const;
const isBuiltIn = (name: string): name is (typeof BUILT_IN)[number] => (BUILT_IN as readonly string[]).includes(name);
const attrLabel = (name: string) => (isBuiltIn(name) ? t(`ps.attr.${name}`) : name);
const choiceLabel = (attribute: string, v: string) => (attribute === 'language' && (v === 'fa' || v === 'en') ? t(`lang.${v}`) : v);
// A name inside a sentence of the other direction, isolated so its neighbours keep their places.
const bidi = (text: string) => '\u2068' + text + '\u2069';
const EMOJI = ['💎', '📞', '📱', '🛒', '🚚', '⭐', '🎯', '🧭', '🏆', '💬'];

export function Personas({ org, sub }: { org: Org; sub: string | null }) {
  if (sub && can(org, 'manage_journeys')) return <PersonaEditor key={sub} org={org} id={sub === 'new' ? null : sub} />;
  return <PersonaList org={org} />;
}

// --- the cards ------------------------------------------------------------------------------

function PersonaList({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const may = can(org, 'manage_journeys');
  const data = useLoad(async () => {
    const [personas, touchpoints] = await Promise.all([
      get('/api/v1/orgs/{org}/personas', { org: org.id }).then((r) => r.items),
      getAll('/api/v1/orgs/{org}/touchpoints', { org: org.id }).catch(() => [] as Touchpoint[]),
    ]);
    return { personas, touchpoints };
  }, [org.id]);
  const [error, setError] = useState<unknown>(null);
  const remove = async (p: Persona) => {
    if (!confirm(t('ps.deleteConfirm', { name: bidi(p.name) }))) return;
    setError(null);
    try { await send('delete', '/api/v1/orgs/{org}/personas/{persona}', { org: org.id, persona: p.id }); personasChanged(org.id); data.reload(); } catch (e) { setError(e); }
  };
  return (
    <div data-testid="personas">
      <Card title={t('ps.title')} actions={may && <a class="button primary" href={href(org.id, 'journeys', 'personas', 'new')} data-testid="new-persona">{t('ps.new')}</a>}>
        <p class="muted">{t('ps.help')}</p>
        {!may && <p class="muted small">{t('ps.readOnly')}</p>}
        <ErrorBox error={error ?? data.error} />
      </Card>
      {!data.data ? (data.error ? null : <Spinner />) : data.data.personas.length === 0 ? (
        <p class="empty" data-testid="personas-empty">{may ? t('ps.noneMay') : t('ps.none')}</p>
      ) : (
        <div class="persona-grid">
          {data.data.personas.map((p) => (
            <PersonaCard persona={p} org={org} l={l} touchpoints={data.data!.touchpoints} may={may} onDelete={() => remove(p)} />
          ))}
        </div>
      )}
    </div>
  );
}

function Avatar({ persona }: { persona: Pick<Persona, 'emoji' | 'picture_url' | 'name'> }) {
  const [broken, setBroken] = useState(false);
  // A picture from another site is refused by the app's Content-Security-Policy: the emoji then.
  if (persona.picture_url && !broken) {
    return <img class="persona-avatar" src={persona.picture_url} alt="" referrerpolicy="no-referrer" onError={() => setBroken(true)} />;
  }
  return <span class="persona-avatar emoji" aria-hidden="true">{persona.emoji || '👤'}</span>;
}

function PersonaCard({ persona: p, org, l, touchpoints, may, onDelete }: {
  persona: Persona; org: Org; l: Locale; touchpoints: Touchpoint[]; may: boolean; onDelete: () => void;
}) {
  return (
    <article class="card persona-card" data-testid="persona-card" data-persona-id={p.id}>
      <header class="persona-head">
        <Avatar persona={p} />
        <div class="persona-title">
          <h2 dir="auto" data-testid="persona-name">{p.name}</h2>
          <span class="badge published" data-testid="persona-members">{t('ps.members', { n: fmtNumber(p.members, l) })}</span>{' '}
          <span class="muted small">{p.members_at ? t('ps.membersAt', { time: fmtDate(p.members_at, l, true) }) : t('ps.notCounted')}</span>
        </div>
      </header>
      {p.description && <p class="persona-description" dir="auto">{p.description}</p>}
      <div class="persona-lists">
        {p.goals.length > 0 && <div><h3>{t('ps.goals')}</h3><ul>{p.goals.map((g) => <li dir="auto">{g}</li>)}</ul></div>}
        {p.pains.length > 0 && <div><h3>{t('ps.pains')}</h3><ul>{p.pains.map((g) => <li dir="auto">{g}</li>)}</ul></div>}
      </div>
      <h3>{t('ps.rule')}</h3>
      <div class="rule-summary" data-testid="persona-rule"><RuleSummary row={ruleToForm(p.rule)} touchpoints={touchpoints} l={l} root /></div>
      <footer class="persona-actions">
        <a href={href(org.id, 'dashboard', null, null, query({ persona: p.id }).slice(1))} data-testid="persona-dashboard">{t('ps.dashboard')}</a>
        <span class="spacer" />
        {may && <a class="button" href={href(org.id, 'journeys', 'personas', String(p.id))} data-testid="edit-persona">{t('ps.edit')}</a>}
        {may && <button type="button" class="link danger" data-testid="delete-persona" onClick={onDelete}>{t('ps.delete')}</button>}
      </footer>
    </article>
  );
}

// Who belongs, in words: groups as lists, each condition as a short sentence.
function RuleSummary({ row, touchpoints, l, root = false }: { row: RuleRow; touchpoints: Touchpoint[]; l: Locale; root?: boolean }) {
  if (row.kind === 'group') {
    if (!row.items.length) return <span class="muted">{row.any ? t('ps.emptyAny') : root ? t('ps.sum.everyone') : t('ps.emptyAll')}</span>;
    if (root && row.items.length === 1 && !row.any) return <RuleSummary row={row.items[0]} touchpoints={touchpoints} l={l} />;
    return (
      <div>
        <span class="muted small">{row.any ? t('ps.sum.any') : t('ps.sum.all')}</span>
        <ul>{row.items.map((r) => <li><RuleSummary row={r} touchpoints={touchpoints} l={l} /></li>)}</ul>
      </div>
    );
  }
  if (row.kind === 'attribute') {
    const value = NO_VALUE_OPS.includes(row.op) ? '' : LIST_OPS.includes(row.op)
      ? row.values.map((v) => choiceLabel(row.attribute, v)).join('، ') : choiceLabel(row.attribute, row.value);
    return <span dir="auto"><strong>{attrLabel(row.attribute)}</strong> {t(`ps.op.${row.op}`)} {value && <bdi>{value}</bdi>}</span>;
  }
  if (row.kind === 'interactions') {
    const parts = [row.fact ? t('ps.sum.sum', { fact: row.fact }) : t('ps.sum.count')];
    if (row.touchpoint) parts.push(t('ps.sum.at', { touchpoint: tpName(touchpoints, row.touchpoint) }));
    if (row.channel) parts.push(t('ps.sum.through', { channel: row.channel }));
    if (row.within_days) parts.push(t('ps.sum.within', { n: fmtNumber(Number(row.within_days), l) }));
    return <span dir="auto">{parts.join(' ')} <strong>{COUNT_SYMBOL[row.op]} {fmtNumber(Number(row.value), l, Number.isInteger(Number(row.value)) ? 0 : 2)}</strong></span>;
  }
  return <code dir="ltr">{JSON.stringify(row.json)}</code>;
}

// --- the form -------------------------------------------------------------------------------

function PersonaEditor({ org, id }: { org: Org; id: string | null }) {
  const l = localeOf(org, lang());
  const loaded = useLoad(async () => {
    const [persona, attributes, touchpoints] = await Promise.all([
      id ? get('/api/v1/orgs/{org}/personas/{persona}', { org: org.id, persona: Number(id) }) : Promise.resolve(null),
      getAll('/api/v1/orgs/{org}/contact-attributes', { org: org.id }).catch(() => [] as AttributeDef[]),
      getAll('/api/v1/orgs/{org}/touchpoints', { org: org.id }).catch(() => [] as Touchpoint[]),
    ]);
    return { persona, attributes: attributeCatalogue(attributes), touchpoints };
  }, [org.id, id]);
  const [form, setForm] = useState<PersonaForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [focus, setFocus] = useState<string | null>(null);
  const box = useRef<HTMLFormElement>(null);
  useEffect(() => { if (loaded.data) setForm(loaded.data.persona ? personaToForm(loaded.data.persona) : blankPersonaForm()); }, [loaded.data]);
  // Brings the input named `focus` into view (a new condition, the first field in error).
  useEffect(() => {
    if (!focus || !box.current) return;
    const el = box.current.querySelector<HTMLElement>(`[name="${CSS.escape(focus)}"]`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
    setFocus(null);
  }, [focus, form]);

  if (!loaded.data || !form) return loaded.error ? <ErrorBox error={loaded.error} /> : <Spinner />;
  const { attributes, touchpoints, persona } = loaded.data;

  const set = (change: Partial<PersonaForm>, clear: string[] = []) => {
    setForm({ ...form, ...change });
    if (clear.some((k) => errors[k])) setErrors(Object.fromEntries(Object.entries(errors).filter(([k]) => !clear.includes(k))));
  };
  // Rows added, removed or regrouped change the paths: the rule's errors go.
  const setRule = (rule: GroupRow, structural = false, clear: string[] = []) => {
    setForm({ ...form, rule });
    const keep = ([k]: [string, string]) => (structural ? !k.startsWith('rule') : !clear.includes(k));
    setErrors(Object.fromEntries(Object.entries(errors).filter(keep)));
  };
  const save = async () => {
    setOther(null);
    const final = compactForm(form);
    setForm(final);
    const local = checkPersonaForm(final, attributes);
    if (Object.keys(local).length) {
      const messages = Object.fromEntries(Object.entries(local).map(([k, p]) => [k, t(p === 'number' ? 'ps.notNumber' : p === 'empty' ? 'ps.emptyGroup' : 'ps.required')]));
      setErrors(messages);
      setFocus(firstProblem(final, messages));
      return;
    }
    setErrors({}); setBusy(true);
    try {
      const body = formToPersona(final, attributes);
      if (id) await send('put', '/api/v1/orgs/{org}/personas/{persona}', { org: org.id, persona: Number(id) }, body);
      else await send('post', '/api/v1/orgs/{org}/personas', { org: org.id }, body);
      personasChanged(org.id);
      navigate(href(org.id, 'journeys', 'personas'));
      return;
    } catch (e) {
      // The server names the field by its JSON path, which is the form's input of that name.
      const target = e instanceof ApiError && e.field ? personaTarget(e.field, final) : null;
      if (target && e instanceof ApiError) { setErrors({ [target]: e.message }); setFocus(target); } else setOther(e);
    }
    setBusy(false);
  };
  const anyErrors = Object.keys(errors).length > 0;

  return (
    <form ref={box} class="persona-form" data-testid="persona-form" noValidate onSubmit={(e) => { e.preventDefault(); save(); }}>
      <div class="page-head"><h2>{persona ? t('ps.editTitle', { name: bidi(persona.name) }) : t('ps.newTitle')}</h2>
        <a href={href(org.id, 'journeys', 'personas')}>{t('common.back')}</a></div>
      <fieldset class="bare" disabled={busy}>
        <Card title={t('ps.section.profile')}>
          <div class="persona-profile">
            <div class="persona-preview" aria-label={t('ps.preview')}>
              <Avatar persona={form} />
            </div>
            <div class="grid3">
              <TextField label={t('ps.name')} name="name" value={form.name} required onInput={(v) => set({ name: v }, ['name'])} error={errors.name} />
              <div class="field-stack">
                <TextField label={t('ps.emoji')} name="emoji" value={form.emoji} onInput={(v) => set({ emoji: v }, ['emoji'])} error={errors.emoji} help={t('ps.emojiHelp')} />
                <div class="emoji-picks" role="group" aria-label={t('ps.emoji')}>
                  {EMOJI.map((x) => <button type="button" class={'emoji-pick' + (form.emoji === x ? ' active' : '')} aria-pressed={form.emoji === x}
                                            onClick={() => set({ emoji: x }, ['emoji'])}>{x}</button>)}
                </div>
              </div>
              <TextField label={t('ps.picture')} name="picture_url" dir="ltr" type="url" value={form.picture_url} placeholder="https://"
                         onInput={(v) => set({ picture_url: v }, ['picture_url'])} error={errors.picture_url} help={t('ps.pictureHelp')} />
            </div>
          </div>
          <TextField label={t('ps.description')} name="description" multiline rows={3} value={form.description}
                     onInput={(v) => set({ description: v }, ['description'])} error={errors.description} />
          <div class="two-equal">
            <ListField kind="goals" items={form.goals} errors={errors} onChange={(goals, clear) => set({ goals }, clear)} />
            <ListField kind="pains" items={form.pains} errors={errors} onChange={(pains, clear) => set({ pains }, clear)} />
          </div>
        </Card>
        <Card title={t('ps.section.rule')} testid="rule-builder">
          <GroupEditor group={form.rule} root={form.rule} path="rule" depth={0} attributes={attributes} touchpoints={touchpoints}
                       errors={errors} setRule={setRule} setFocus={setFocus} l={l} />
        </Card>
      </fieldset>
      <div class="form-actions sticky-actions">
        <button type="submit" disabled={busy} data-testid="save-persona">{t('common.save')}</button>
        <a href={href(org.id, 'journeys', 'personas')}>{t('common.cancel')}</a>
        {anyErrors && <span class="error" role="alert" data-testid="persona-form-errors">{t('ps.fix')}</span>}
      </div>
      <ErrorBox error={other} />
    </form>
  );
}

// Goals or pains: one input each, added and removed; the server names one as "goals[2]".
function ListField({ kind, items, errors, onChange }: {
  kind: 'goals' | 'pains'; items: string[]; errors: FieldErrors; onChange: (items: string[], clear: string[]) => void;
}) {
  const one = kind === 'goals' ? 'ps.goal' : 'ps.pain';
  // Positions move when one is removed: their errors go.
  const all = [kind, ...items.map((_, i) => `${kind}[${i}]`)];
  return (
    <fieldset class="list-field" data-testid={'list-' + kind}>
      <legend>{t(kind === 'goals' ? 'ps.goals' : 'ps.pains')}</legend>
      {items.map((x, i) => (
        <div class="cond-row">
          <div class="grow"><TextField label={t(one as PersonaKey, { n: String(i + 1) })} name={`${kind}[${i}]`} value={x} error={errors[`${kind}[${i}]`]}
                                       onInput={(v) => onChange(items.map((y, j) => (j === i ? v : y)), [`${kind}[${i}]`, kind])} /></div>
          <button type="button" class="icon" aria-label={t('ps.removeItem', { text: bidi(x || String(i + 1)) })} title={t('ps.removeItem', { text: bidi(x || String(i + 1)) })}
                  onClick={() => onChange(items.filter((_, j) => j !== i), all)}>×</button>
        </div>
      ))}
      <FieldError message={errors[kind]} field={kind} />
      <button type="button" class="secondary small" data-testid={'add-' + kind} onClick={() => onChange([...items, ''], [kind])}>
        {t(kind === 'goals' ? 'ps.addGoal' : 'ps.addPain')}</button>
    </fieldset>
  );
}

interface RowProps {
  root: GroupRow; path: string; attributes: AttributeDef[]; touchpoints: Touchpoint[]; errors: FieldErrors;
  setRule: (rule: GroupRow, structural?: boolean, clear?: string[]) => void; setFocus: (name: string) => void; l: Locale;
}

function GroupEditor(props: RowProps & { group: GroupRow; depth: number }) {
  const { group, root, path, depth, errors, setRule, setFocus } = props;
  const nested = depth > 0;
  const matchName = inputName(group, path, 'group');
  // A new row's first input is focused once drawn (its path: the group's next position).
  const add = (row: RuleRow) => {
    setRule(addRow(root, group.key, row), true);
    setFocus(inputName(row, childPath(group, path, group.items.length), 'row'));
  };
  return (
    <fieldset class={'rule-group' + (nested ? ' nested' : '') + (errors[matchName] ? ' invalid' : '')} data-testid="rule-group" data-path={path}>
      <div class="group-head">
        <label class="field inline-field">
          <span>{nested ? '' : t('ps.match')}</span>
          <select name={matchName} value={group.any ? 'any' : 'all'} aria-invalid={errors[matchName] ? true : undefined}
                  aria-label={t('ps.match')}
                  onChange={(e) => setRule(updateRow(root, group.key, (g) => ({ ...(g as GroupRow), any: (e.target as HTMLSelectElement).value === 'any' })), true)}>
            <option value="all">{t('ps.all')}</option><option value="any">{t('ps.any')}</option>
          </select>
        </label>
        {nested && <button type="button" class="link danger small" data-testid="remove-group" onClick={() => setRule(removeRow(root, group.key), true)}>{t('ps.removeGroup')}</button>}
      </div>
      <FieldError message={errors[matchName]} field={matchName} />
      {group.items.length === 0 && <p class="muted small">{group.any ? t('ps.emptyAny') : t('ps.emptyAll')}</p>}
      <ol class="rule-rows">
        {group.items.map((row, i) => {
          const p = childPath(group, path, i);
          return (
            <li key={row.key}>
              {row.kind === 'group' ? <GroupEditor {...props} group={row} path={p} depth={depth + 1} />
                : row.kind === 'attribute' ? <AttributeEditor {...props} row={row} path={p} />
                : row.kind === 'interactions' ? <BehaviourEditor {...props} row={row} path={p} />
                : (
                  <div class="cond-card raw" data-testid="condition" data-path={p}>
                    <p class="muted small">{t('ps.raw')}</p><code dir="ltr">{JSON.stringify(row.json)}</code>
                    <FieldError message={errors[p]} field={p} />
                    <RemoveButton onClick={() => setRule(removeRow(root, row.key), true)} />
                  </div>
                )}
            </li>
          );
        })}
      </ol>
      <div class="add-row" role="group" aria-label={t('ps.add')}>
        <span class="muted small">{t('ps.add')}:</span>
        <button type="button" class="secondary small" data-testid="add-attribute" onClick={() => add(blankAttribute())}>{t('ps.addAttribute')}</button>
        <button type="button" class="secondary small" data-testid="add-behaviour" onClick={() => add(blankBehaviour())}>{t('ps.addBehaviour')}</button>
        {depthOf(root, group.key) < MAX_GROUP_DEPTH && (
          <button type="button" class="secondary small" data-testid="add-group" onClick={() => add(blankGroup(!group.any))}>{t('ps.addGroup')}</button>
        )}
      </div>
    </fieldset>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  return <button type="button" class="icon remove-condition" data-testid="remove-condition" aria-label={t('ps.removeCondition')} title={t('ps.removeCondition')} onClick={onClick}>×</button>;
}

function AttributeEditor(props: RowProps & { row: AttributeRow }) {
  const { row, root, path, attributes, errors, setRule } = props;
  const def = attributes.find((a) => a.name === row.attribute);
  const type = typeOf(row, attributes);
  const names = { attribute: `${path}.attribute`, op: `${path}.op`, value: `${path}.value` };
  const change = (c: Partial<AttributeRow>, clear: string[]) => setRule(updateRow(root, row.key, (r) => ({ ...(r as AttributeRow), ...c })), false, clear);
  const ops = opsFor(def?.type ?? (row.attribute ? type : undefined));
  const opOptions = (ops.includes(row.op) ? ops : [...ops, row.op]).map((o) => ({ value: o, label: t(`ps.op.${o}`) }));
  const attrOptions = [{ value: '', label: t('ps.choose') }, ...attributes.map((a) => ({ value: a.name, label: attrLabel(a.name) })),
    ...(row.attribute && !def ? [{ value: row.attribute, label: row.attribute }] : [])];
  const list = LIST_OPS.includes(row.op);
  const choices = def?.choices ?? [];
  let value = null;
  if (!NO_VALUE_OPS.includes(row.op)) {
    if (type === 'choice' && list) {
      value = (
        <fieldset class={'choice-values' + (errors[names.value] ? ' invalid' : '')} data-testid="choice-values">
          <legend>{t('ps.values')}</legend>
          {[...new Set([...choices, ...row.values])].map((c, i) => (
            <label class="inline"><input type="checkbox" name={i === 0 ? names.value : undefined} value={c} checked={row.values.includes(c)}
                                         onChange={(e) => change({ values: (e.target as HTMLInputElement).checked ? [...row.values, c] : row.values.filter((x) => x !== c) }, [names.value])} />
              <span dir="auto">{choiceLabel(row.attribute, c)}</span></label>
          ))}
          <FieldError message={errors[names.value]} field={names.value} />
        </fieldset>
      );
    } else if (type === 'choice') {
      value = <Select label={t('ps.value')} name={names.value} value={row.value} error={errors[names.value]}
                      options={[{ value: '', label: t('ps.choose') }, ...[...new Set([...choices, ...(row.value ? [row.value] : [])])].map((c) => ({ value: c, label: choiceLabel(row.attribute, c) }))]}
                      onChange={(v) => change({ value: v }, [names.value])} />;
    } else {
      value = <TextField label={list ? t('ps.values') : t('ps.value')} name={names.value} value={row.value} error={errors[names.value]}
                         dir={type === 'text' ? 'auto' : 'ltr'} inputMode={type === 'number' ? 'decimal' : undefined}
                         placeholder={type === 'date' ? 'YYYY-MM-DD' : undefined}
                         help={list ? t('ps.valuesHelp') : type === 'date' ? t('ps.dateHelp') : undefined}
                         onInput={(v) => change({ value: v }, [names.value])} />;
    }
  }
  return (
    <div class="cond-card" data-testid="condition" data-kind="attribute" data-path={path}>
      <span class="badge kind">{t('ps.kind.attribute')}</span>
      <div class="cond-fields">
        <Select label={t('ps.attribute')} name={names.attribute} value={row.attribute} options={attrOptions} error={errors[names.attribute]}
                onChange={(v) => change({ attribute: v, value: '', values: [], numeric: false, op: opsFor(attributes.find((a) => a.name === v)?.type).includes(row.op) ? row.op : 'eq' },
                                        [names.attribute, names.value, names.op])} />
        <Select label={t('ps.op')} name={names.op} value={row.op} options={opOptions} error={errors[names.op]}
                onChange={(v) => change({ op: v as AttrOp }, [names.op, names.value])} />
        {value}
      </div>
      <RemoveButton onClick={() => setRule(removeRow(root, row.key), true)} />
    </div>
  );
}

function BehaviourEditor(props: RowProps & { row: BehaviourRow }) {
  const { row, root, path, touchpoints, errors, setRule } = props;
  const names = {
    touchpoint: `${path}.interactions.touchpoint`, channel: `${path}.interactions.channel`, within_days: `${path}.interactions.within_days`,
    fact: `${path}.interactions.fact`, op: `${path}.op`, value: `${path}.value`,
  };
  const change = (c: Partial<BehaviourRow>, clear: string[]) => setRule(updateRow(root, row.key, (r) => ({ ...(r as BehaviourRow), ...c })), false, clear);
  const channels = [...new Set(touchpoints.map((x) => x.channel).filter(Boolean))] as string[];
  const tpOptions = [{ value: '', label: t('ps.anyTouchpoint') }, ...touchpoints.map((x) => ({ value: x.key, label: tpName(touchpoints, x.key) })),
    ...(row.touchpoint && !touchpoints.some((x) => x.key === row.touchpoint) ? [{ value: row.touchpoint, label: row.touchpoint }] : [])];
  const listId = (what: string) => `${path}-${what}-list`;
  return (
    <div class="cond-card" data-testid="condition" data-kind="behaviour" data-path={path}>
      <span class="badge kind">{t('ps.kind.behaviour')}</span>
      <div class="cond-fields">
        <Select label={t('ps.touchpoint')} name={names.touchpoint} value={row.touchpoint} options={tpOptions} error={errors[names.touchpoint]}
                onChange={(v) => change({ touchpoint: v }, [names.touchpoint])} />
        <TextField label={t('ps.channel')} name={names.channel} dir="ltr" value={row.channel} list={listId('channels')} help={t('ps.anyChannel')}
                   error={errors[names.channel]} onInput={(v) => change({ channel: v }, [names.channel])} />
        <TextField label={t('ps.withinDays')} name={names.within_days} dir="ltr" inputMode="numeric" value={row.within_days} help={t('ps.ever')}
                   error={errors[names.within_days]} onInput={(v) => change({ within_days: v }, [names.within_days])} />
        <TextField label={t('ps.fact')} name={names.fact} dir="ltr" value={row.fact} list={listId('facts')} help={t('ps.factHelp')}
                   error={errors[names.fact]} onInput={(v) => change({ fact: v }, [names.fact])} />
        <Select label={row.fact.trim() ? t('ps.sumIs') : t('ps.countIs')} name={names.op} value={row.op} error={errors[names.op]}
                options={COUNT_OPS.map((o) => ({ value: o, label: `${COUNT_SYMBOL[o]} ${t(`ps.op.${o}`)}` }))}
                onChange={(v) => change({ op: v as CountOp }, [names.op])} />
        <TextField label={t('ps.value')} name={names.value} dir="ltr" inputMode="decimal" value={row.value} error={errors[names.value]}
                   onInput={(v) => change({ value: v }, [names.value])} />
      </div>
      <datalist id={listId('channels')}>{channels.map((c) => <option value={c} />)}</datalist>
      <datalist id={listId('facts')}>{KNOWN_FACTS.map((c) => <option value={c} />)}</datalist>
      <RemoveButton onClick={() => setRule(removeRow(root, row.key), true)} />
    </div>
  );
}
