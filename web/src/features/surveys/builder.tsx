// The survey builder: questions of every type, translations side by side, display and skip
// logic as forms (no JSON), end screens, hidden fields; a live preview rendered by the
// server exactly as respondents see it, at mobile or desktop width; publish and close.
import { useState } from 'preact/hooks';
import { pathOf, send, type Schemas } from '../../lib/api';
import { fmtDate, fmtNumber } from '../../lib/format';
import { lang as uiLang } from '../../lib/i18n';
import { can, localeOf, type Org } from '../../lib/session';
import { Card, ErrorBox } from '../../ui/components';
import { t } from './messages';
import * as M from './model';

type Def = M.Definition;

function LangPair({ label, value, langs, onChange, multiline, testid }: { label: string; value?: M.Text; langs: M.Lang[]; onChange: (v: M.Text) => void; multiline?: boolean; testid?: string }) {
  return (
    <div class="langpair" data-testid={testid}>
      <span class="lp-label">{label}</span>
      <div class="lp-fields">
        {langs.map((l) => {
          const props = {
            value: value?.[l] ?? '', lang: l, dir: (l === 'fa' ? 'rtl' : 'ltr') as 'rtl' | 'ltr', 'aria-label': `${label} (${t(`lang.${l}`)})`,
            'data-lang': l, placeholder: t(`lang.${l}`),
            onInput: (e: Event) => onChange({ ...(value ?? {}), [l]: (e.target as HTMLInputElement).value }),
          };
          return multiline ? <textarea rows={2} {...props} /> : <input {...props} />;
        })}
      </div>
    </div>
  );
}

function ChoiceList({ label, items, langs, onChange, addLabel }: { label: string; items: M.Choice[]; langs: M.Lang[]; onChange: (c: M.Choice[]) => void; addLabel: string }) {
  return (
    <div class="choices">
      <span class="lp-label">{label}</span>
      {items.map((c, k) => (
        <div class="choice-row">
          <input class="idbox" value={c.id} aria-label={t('builder.id')} dir="ltr" onInput={(e) => onChange(items.map((x, j) => (j === k ? { ...x, id: (e.target as HTMLInputElement).value } : x)))} />
          <LangPair label="" value={c.text} langs={langs} onChange={(v) => onChange(items.map((x, j) => (j === k ? { ...x, text: v } : x)))} />
          <button type="button" class="icon" title={t('builder.remove')} aria-label={t('builder.remove')} onClick={() => onChange(items.filter((_, j) => j !== k))}>✕</button>
        </div>
      ))}
      <button type="button" class="secondary small" onClick={() => onChange([...items, { id: 'c' + (items.length + 1), text: {} }])}>{addLabel}</button>
    </div>
  );
}

function ConditionsEditor({ group, before, onChange, testid }: { group?: M.Group; before: M.Question[]; onChange: (g?: M.Group) => void; testid?: string }) {
  const { any, list } = M.conditionsOf(group);
  const set = (l: M.Condition[], a = any) => onChange(M.makeGroup(a, l));
  const typeOf = (id: string) => before.find((q) => q.id === id)?.type ?? 'text';
  return (
    <div class="conditions" data-testid={testid}>
      {list.length > 1 && (
        <label class="inline">{t('builder.match')}{' '}
          <select value={any ? 'any' : 'all'} onChange={(e) => set(list, (e.target as HTMLSelectElement).value === 'any')}>
            <option value="all">{t('builder.all')}</option><option value="any">{t('builder.any')}</option>
          </select></label>
      )}
      {list.map((c, k) => (
        <div class="cond-row">
          <select aria-label={t('builder.questions')} value={c.question} onChange={(e) => set(list.map((x, j) => (j === k ? { ...x, question: (e.target as HTMLSelectElement).value } : x)))}>
            {before.map((q) => <option value={q.id}>{q.id}</option>)}
          </select>
          <select aria-label="op" value={c.op} onChange={(e) => {
            const op = (e.target as HTMLSelectElement).value as M.Op;
            set(list.map((x, j) => (j === k ? { ...x, op, value: M.conditionValue(op, Array.isArray(x.value) ? x.value.join(',') : String(x.value ?? ''), typeOf(x.question)) } : x)));
          }}>
            {M.OPS.map((o) => <option value={o}>{t(`op.${o}`)}</option>)}
          </select>
          {!M.NO_VALUE.includes(c.op) && (
            <input aria-label="value" dir="auto" value={Array.isArray(c.value) ? c.value.join(',') : String(c.value ?? '')}
                   onInput={(e) => set(list.map((x, j) => (j === k ? { ...x, value: M.conditionValue(x.op, (e.target as HTMLInputElement).value, typeOf(x.question)) } : x)))} />
          )}
          <button type="button" class="icon" aria-label={t('builder.remove')} onClick={() => set(list.filter((_, j) => j !== k))}>✕</button>
        </div>
      ))}
      {before.length > 0 && (
        <button type="button" class="secondary small" onClick={() => set([...list, { question: before[before.length - 1].id, op: 'answered' }])}>{t('builder.addCondition')}</button>
      )}
    </div>
  );
}

function QuestionEditor({ def, i, onChange }: { def: Def; i: number; onChange: (d: Def) => void }) {
  const q = def.questions[i];
  const langs = def.languages;
  const up = (change: Partial<M.Question>) => onChange(M.updateQuestion(def, i, change));
  const scale = ['nps', 'csat', 'ces', 'rating'].includes(q.type);
  const screens = def.end_screens ?? [];
  return (
    <section class="qcard" data-testid={'question-' + i}>
      <header>
        <span class="qnum">{fmtNumber(i + 1, localeOf(undefined, uiLang()))}</span>
        <input class="idbox" aria-label={t('builder.id')} dir="ltr" value={q.id} onInput={(e) => up({ id: (e.target as HTMLInputElement).value })} />
        <select aria-label={t('builder.type')} value={q.type} onChange={(e) => {
          const type = (e.target as HTMLSelectElement).value as M.QType;
          const fresh = M.newQuestion(type, def);
          onChange(M.updateQuestion(def, i, { ...fresh, id: q.id, text: q.text, help: q.help, required: q.required, display_if: q.display_if, skip: q.skip }));
        }}>{M.QTYPES.map((x) => <option value={x}>{t(`qtype.${x}`)}</option>)}</select>
        <label class="inline"><input type="checkbox" checked={!!q.required} onChange={(e) => up({ required: (e.target as HTMLInputElement).checked })} /> {t('builder.required')}</label>
        <span class="spacer" />
        <button type="button" class="icon" title={t('builder.moveUp')} aria-label={t('builder.moveUp')} onClick={() => onChange(M.moveQuestion(def, i, -1))}>↑</button>
        <button type="button" class="icon" title={t('builder.moveDown')} aria-label={t('builder.moveDown')} onClick={() => onChange(M.moveQuestion(def, i, 1))}>↓</button>
        <button type="button" class="icon danger" title={t('builder.remove')} aria-label={t('builder.remove')} onClick={() => onChange(M.removeQuestion(def, i))}>✕</button>
      </header>
      <LangPair label={t('builder.text')} value={q.text} langs={langs} multiline onChange={(v) => up({ text: v })} testid={'question-' + i + '-text'} />
      <LangPair label={t('builder.help')} value={q.help} langs={langs} onChange={(v) => up({ help: v })} />
      {scale && (
        <>
          <LangPair label={t('builder.lowLabel')} value={q.labels?.low} langs={langs} onChange={(v) => up({ labels: { ...q.labels, low: v } })} />
          <LangPair label={t('builder.highLabel')} value={q.labels?.high} langs={langs} onChange={(v) => up({ labels: { ...q.labels, high: v } })} />
        </>
      )}
      {(q.type === 'rating' || q.type === 'matrix' || q.type === 'number') && (
        <div class="row">
          <label class="field"><span>{t('builder.min')}</span><input type="number" value={q.min ?? ''} onInput={(e) => up({ min: Number((e.target as HTMLInputElement).value) })} /></label>
          <label class="field"><span>{t('builder.max')}</span><input type="number" value={q.max ?? ''} onInput={(e) => up({ max: Number((e.target as HTMLInputElement).value) })} /></label>
        </div>
      )}
      {(q.type === 'single_choice' || q.type === 'multiple_choice') && (
        <ChoiceList label={t('builder.choices')} items={q.choices ?? []} langs={langs} addLabel={t('builder.addChoice')} onChange={(c) => up({ choices: c })} />
      )}
      {q.type === 'matrix' && <ChoiceList label={t('builder.rows')} items={q.rows ?? []} langs={langs} addLabel={t('builder.addRow')} onChange={(c) => up({ rows: c })} />}
      <details open={!!q.display_if || !!q.skip?.length}>
        <summary>{t('builder.logic')}</summary>
        <ConditionsEditor testid={'question-' + i + '-logic'} group={q.display_if} before={def.questions.slice(0, i)} onChange={(g) => up({ display_if: g })} />
        {screens.length > 0 && (
          <div class="skips">
            {(q.skip ?? []).map((s, k) => (
              <div class="skip">
                <label class="inline">{t('builder.skipWhen', { id: '' })}
                  <select value={s.to} onChange={(e) => up({ skip: q.skip!.map((x, j) => (j === k ? { ...x, to: (e.target as HTMLSelectElement).value } : x)) })}>
                    {screens.map((sc) => <option value={sc.id}>{sc.id}</option>)}
                  </select></label>
                <ConditionsEditor group={s.if} before={def.questions.slice(0, i + 1)} onChange={(g) => up({ skip: g ? q.skip!.map((x, j) => (j === k ? { ...x, if: g } : x)) : q.skip!.filter((_, j) => j !== k) })} />
              </div>
            ))}
            <button type="button" class="secondary small" onClick={() => up({ skip: [...(q.skip ?? []), { if: { all: [{ question: q.id, op: 'answered' }] }, to: screens[0].id }] })}>{t('builder.skip')}</button>
          </div>
        )}
      </details>
    </section>
  );
}

export function Builder({ org, survey, onChange }: { org: Org; survey: Schemas['Survey']; onChange: () => void }) {
  const [def, setDef] = useState<Def>(M.editable(survey.definition));
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [addType, setAddType] = useState<M.QType>('nps');
  const [previewLang, setPreviewLang] = useState<M.Lang>(def.default_language);
  const [width, setWidth] = useState<'mobile' | 'desktop'>('mobile');
  const [previewKey, setPreviewKey] = useState(0);
  const [previewVersion, setPreviewVersion] = useState<number | null>(null);
  const l = localeOf(org, uiLang());
  const mayEdit = can(org, 'manage_surveys');
  const edit = (d: Def) => { setDef(d); setDirty(true); setNote(''); };
  const problems = M.logicProblems(def);

  const save = async () => {
    setError(null);
    await send('patch', '/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: survey.id }, { definition: M.sendable(def) });
    setDirty(false);
    setPreviewKey((k) => k + 1);
  };
  const run = (f: () => Promise<void>) => async () => { try { await f(); } catch (e) { setError(e); } };

  return (
    <div class="builder">
      <div class="builder-edit">
        <div class="toolbar" data-testid="builder-toolbar">
          {mayEdit && <button data-testid="save-draft" onClick={run(async () => { await save(); setNote(t('common.saved')); })} disabled={!dirty}>{t('builder.save')}</button>}
          {mayEdit && <button data-testid="publish" class="primary" onClick={run(async () => {
            if (!confirm(t('builder.publishConfirm'))) return;
            if (dirty) await save();
            const s = await send('post', '/api/v1/orgs/{org}/surveys/{survey}/publish', { org: org.id, survey: survey.id }, {});
            setNote(t('builder.published', { v: fmtNumber(s.published_version, l) }));
            onChange();
          })}>{t('builder.publish')}</button>}
          {mayEdit && survey.status === 'published' && <button class="secondary" data-testid="close-survey" onClick={run(async () => { await send('post', '/api/v1/orgs/{org}/surveys/{survey}/close', { org: org.id, survey: survey.id }, {}); onChange(); })}>{t('builder.close')}</button>}
          {dirty && <span class="muted">{t('builder.unsaved')}</span>}
          {note && <span class="ok" data-testid="builder-note">{note}</span>}
        </div>
        <ErrorBox error={error} />
        {problems.length > 0 && <p class="error">{problems.join(' · ')}</p>}
        <Card title={t('builder.languages')}>
          <div class="row">
            {(['fa', 'en'] as M.Lang[]).map((x) => (
              <label class="inline"><input type="checkbox" checked={def.languages.includes(x)} disabled={def.languages.length === 1 && def.languages.includes(x)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const languages = on ? [...def.languages, x] : def.languages.filter((y) => y !== x);
                  edit({ ...def, languages, default_language: languages.includes(def.default_language) ? def.default_language : languages[0] });
                }} /> {t(`lang.${x}`)}</label>
            ))}
            <label class="field"><span>{t('builder.defaultLanguage')}</span>
              <select value={def.default_language} onChange={(e) => edit({ ...def, default_language: (e.target as HTMLSelectElement).value as M.Lang })}>
                {def.languages.map((x) => <option value={x}>{t(`lang.${x}`)}</option>)}
              </select></label>
          </div>
          <LangPair label={t('builder.title')} value={def.title} langs={def.languages} onChange={(v) => edit({ ...def, title: v })} />
          <LangPair label={t('builder.intro')} value={def.intro} langs={def.languages} multiline onChange={(v) => edit({ ...def, intro: v })} />
          <LangPair label={t('builder.thankYou')} value={def.thank_you} langs={def.languages} onChange={(v) => edit({ ...def, thank_you: v })} />
          <label class="field"><span>{t('builder.hidden')}</span>
            <input dir="ltr" value={(def.hidden_fields ?? []).join(', ')} onChange={(e) => edit({ ...def, hidden_fields: (e.target as HTMLInputElement).value.split(',').map((s) => s.trim()).filter(Boolean) })} /></label>
        </Card>
        <h2>{t('builder.questions')}</h2>
        {def.questions.map((_, i) => <QuestionEditor def={def} i={i} onChange={edit} />)}
        <div class="row add-question">
          <select data-testid="add-type" aria-label={t('builder.type')} value={addType} onChange={(e) => setAddType((e.target as HTMLSelectElement).value as M.QType)}>
            {M.QTYPES.map((x) => <option value={x}>{t(`qtype.${x}`)}</option>)}
          </select>
          <button data-testid="add-question" class="secondary" onClick={() => edit(M.addQuestion(def, addType))}>{t('builder.addQuestion')}</button>
        </div>
        <Card title={t('builder.endScreens')}>
          {(def.end_screens ?? []).map((s, k) => (
            <div class="choice-row">
              <input class="idbox" dir="ltr" aria-label={t('builder.id')} value={s.id} onInput={(e) => edit({ ...def, end_screens: def.end_screens!.map((x, j) => (j === k ? { ...x, id: (e.target as HTMLInputElement).value } : x)) })} />
              <LangPair label="" value={s.text} langs={def.languages} onChange={(v) => edit({ ...def, end_screens: def.end_screens!.map((x, j) => (j === k ? { ...x, text: v } : x)) })} />
              <button class="icon" aria-label={t('builder.remove')} onClick={() => edit({ ...def, end_screens: def.end_screens!.filter((_, j) => j !== k) })}>✕</button>
            </div>
          ))}
          <button class="secondary small" onClick={() => edit({ ...def, end_screens: [...(def.end_screens ?? []), { id: 'end' + ((def.end_screens?.length ?? 0) + 1), text: {} }] })}>{t('builder.addEndScreen')}</button>
        </Card>
        <Card title={t('builder.versions')}>
          <ul class="versions">
            {(survey.versions ?? []).map((v) => (
              <li><button class="link" onClick={() => { setPreviewVersion(v.version); setPreviewKey((k) => k + 1); }}>{t('surveys.version', { v: fmtNumber(v.version, l) })}</button> · {fmtDate(v.published_at, l, true)}</li>
            ))}
          </ul>
        </Card>
      </div>
      <aside class="builder-preview">
        <div class="toolbar">
          <strong>{t('builder.preview')}</strong>
          {def.languages.map((x) => <button class={'small ' + (previewLang === x ? '' : 'secondary')} onClick={() => setPreviewLang(x)}>{t(`lang.${x}`)}</button>)}
          <button class={'small ' + (width === 'mobile' ? '' : 'secondary')} data-testid="preview-mobile" onClick={() => setWidth('mobile')}>{t('builder.mobile')}</button>
          <button class={'small ' + (width === 'desktop' ? '' : 'secondary')} data-testid="preview-desktop" onClick={() => setWidth('desktop')}>{t('builder.desktop')}</button>
          {previewVersion && <button class="link" onClick={() => setPreviewVersion(null)}>{t('surveys.version', { v: fmtNumber(previewVersion, l) })} ✕</button>}
        </div>
        <iframe key={previewKey} data-testid="preview" class={'preview ' + width} title={t('builder.preview')}
                src={pathOf('/api/v1/orgs/{org}/surveys/{survey}/preview', { org: org.id, survey: survey.id, lang: previewLang, version: previewVersion, r: previewKey })} />
      </aside>
    </div>
  );
}
