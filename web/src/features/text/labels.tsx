// The Comments page's labels and classifier: the labels analysts use with how many comments
// carry each and how far each is from being learnt; training (for those who may) with a
// progress indicator; the classifier's held-out evaluation: accuracy against the majority
// baseline, exact match, micro and macro F1, precision, recall and F1 by label (a chart,
// mirrored for Persian, and a table), the labels left out, and when it was trained.
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../lib/api';
import { axisTooltip, Chart } from '../../lib/chart';
import { fmtDate, fmtNumber, fmtPercent, fmtSigned, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { can, localeOf, type Org } from '../../lib/session';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { labelsChanged, useLabelReport } from './comment-tags';
import { t } from './messages';
import { trainability, type Classifier, type Evaluation, type LabelReport } from './model';

// Below this many held-out comments the figures are rough.
const SMALL_TEST = 30;
const COLOURS = { precision: '#6c84d6', recall: '#dc8a21', f1: '#12805c' };

export function LabelsPanel({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const report = useLabelReport(org);
  const [training, setTraining] = useState<{ since: number } | null>(null);
  const [trained, setTrained] = useState<Classifier | null>(null);
  const [error, setError] = useState<unknown>(null);
  const train = async () => {
    setError(null); setTraining({ since: Date.now() });
    try {
      const c = await send('post', '/api/v1/orgs/{org}/text/classifier', { org: org.id }, {});
      setTrained(c);
      labelsChanged();
    } catch (e) { setError(e); }
    setTraining(null);
  };
  const r = report.data;
  if (!r) return report.error ? <ErrorBox error={report.error} /> : <Spinner />;
  // The one just trained until the labels are read again (then whichever is newer).
  const classifier = trained && (!r.classifier || trained.trained_ms >= r.classifier.trained_ms) ? trained : r.classifier;
  return (
    <div data-testid="labels-panel">
      <LabelsCard org={org} r={r} l={l} training={training} onTrain={train} error={error} justTrained={!!trained} />
      <ClassifierCard classifier={classifier} min={r.min_examples} l={l} />
    </div>
  );
}

function LabelsCard({ org, r, l, training, onTrain, error, justTrained }: {
  org: Org; r: LabelReport; l: Locale; training: { since: number } | null; onTrain: () => void; error: unknown; justTrained: boolean;
}) {
  const tr = trainability(r);
  const may = can(org, 'manage_text');
  return (
    <Card title={t('tx.labels.title')} testid="labels-card"
          actions={<span class="muted small" data-testid="tagged-count">{t('tx.taggedComments', { n: fmtNumber(r.tagged_comments, l) })}</span>}>
      <p class="muted">{t('tx.labels.help', { min: fmtNumber(r.min_examples, l) })}</p>
      {tr.rows.length === 0 ? <p class="empty" data-testid="labels-empty">{t('tx.labels.none')}</p> : (
        <table class="table labels" data-testid="labels-table">
          <thead><tr><th>{t('tx.col.label')}</th><th class="num">{t('tx.col.comments')}</th><th>{t('tx.col.progress')}</th></tr></thead>
          <tbody>
            {tr.rows.map((row) => (
              <tr data-testid="label-row" class={row.ready ? 'ready' : ''}>
                <th dir="auto" data-testid="label-name"><bdi>{row.label}</bdi></th>
                <td class="num" data-testid="label-count">{fmtNumber(row.comments, l)}</td>
                <td class="progress-cell">
                  <progress max={1} value={row.share} aria-label={t('tx.col.progress')} />
                  <span class={row.ready ? 'ok small' : 'muted small'}>{row.ready ? t('tx.ready') : t('tx.needsMore', { n: fmtNumber(row.missing, l) })}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="form-actions">
        {may && <button type="button" data-testid="train" disabled={!tr.trainable || !!training} onClick={onTrain}>
          {r.classifier ? t('tx.retrain') : t('tx.train')}</button>}
        {training ? <TrainingProgress since={training.since} l={l} />
          : <span class={tr.trainable ? 'muted' : 'notice-inline'} data-testid="trainability">
              {tr.trainable ? t('tx.readyLabels', { n: fmtNumber(tr.ready, l), total: fmtNumber(tr.rows.length, l) }) : t('tx.notTrainable', { min: fmtNumber(r.min_examples, l) })}</span>}
        {justTrained && !training && !error && <span class="ok" role="status" data-testid="trained">{t('tx.trainedNow')}</span>}
      </div>
      <ErrorBox error={error} />
    </Card>
  );
}

// Training runs for a few seconds in one request: an indeterminate bar and the seconds spent.
function TrainingProgress({ since, l }: { since: number; l: Locale }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, []);
  return (
    <span class="progress" role="progressbar" aria-busy="true" aria-label={t('tx.train')} data-testid="train-progress">
      <span class="bar" />{t('tx.training', { s: fmtNumber(Math.floor((now - since) / 1000), l) })}
    </span>
  );
}

function ClassifierCard({ classifier, min, l }: { classifier: Classifier | null; min: number; l: Locale }) {
  if (!classifier) {
    return <Card title={t('tx.clf.title')} testid="classifier"><p class="empty" data-testid="classifier-none">{t('tx.clf.none')}</p></Card>;
  }
  const e = classifier.evaluation;
  const pct = (v: number) => fmtPercent(v, l, 1);
  const lift = (e.accuracy - e.majority_baseline) * 100;
  return (
    <Card title={t('tx.clf.title')} testid="classifier"
          actions={<span class="muted small" data-testid="trained-at">{t('tx.clf.trained', { time: fmtDate(classifier.trained_ms, l, true) })}</span>}>
      <p class="muted">{t('tx.clf.on', { examples: fmtNumber(e.examples, l), train: fmtNumber(e.train, l), test: fmtNumber(e.test, l) })}</p>
      <div class="tiles eval">
        <div class="tile" data-testid="eval-accuracy">
          <div class="muted">{t('tx.clf.accuracy')}</div>
          <div class="big" data-testid="accuracy">{pct(e.accuracy)}</div>
          <div class={'delta ' + (lift > 0.05 ? 'up' : lift < -0.05 ? 'down' : 'flat')} data-testid="vs-baseline">
            {t('tx.clf.vsBaseline', { d: fmtSigned(lift, l, 1), p: pct(e.majority_baseline) })}</div>
          <small class="help">{t('tx.clf.accuracyHelp')}; {t('tx.clf.baselineHelp')}</small>
        </div>
        <div class="tile" data-testid="eval-exact">
          <div class="muted">{t('tx.clf.exact')}</div>
          <div class="big">{pct(e.exact_match)}</div>
          <small class="help">{t('tx.clf.exactHelp')}</small>
        </div>
        <div class="tile" data-testid="eval-f1">
          <div class="muted"><bdi>{t('tx.clf.microF1')}</bdi> · <bdi>{t('tx.clf.macroF1')}</bdi></div>
          <div class="big"><span data-testid="micro-f1">{fmtNumber(e.micro_f1, l, 2)}</span> <span class="muted">·</span> <span data-testid="macro-f1">{fmtNumber(e.macro_f1, l, 2)}</span></div>
          <small class="help">{t('tx.clf.f1Help')}</small>
        </div>
      </div>
      {e.test < SMALL_TEST && <p class="notice" data-testid="small-test">{t('tx.clf.smallTest', { n: fmtNumber(e.test, l) })}</p>}
      {lift <= 0 && <p class="notice" data-testid="not-better">{t('tx.clf.notBetter')}</p>}
      <p class="muted small">{t('tx.clf.help')}</p>
      <h3>{t('tx.clf.byLabel')}</h3>
      {e.labels.length > 0 && <LabelChart e={e} l={l} />}
      <table class="table eval-labels" data-testid="eval-table">
        <thead><tr>
          <th>{t('tx.col.label')}</th><th class="num">{t('tx.clf.precision')}</th><th class="num">{t('tx.clf.recall')}</th><th class="num">{t('tx.clf.f1')}</th>
          <th class="num">{t('tx.clf.trainSupport')}</th><th class="num">{t('tx.clf.testSupport')}</th>
        </tr></thead>
        <tbody>
          {e.labels.map((m) => (
            <tr data-testid="eval-row">
              <th dir="auto"><bdi>{m.label}</bdi></th>
              <td class="num">{pct(m.precision)}</td><td class="num">{pct(m.recall)}</td><td class="num">{fmtNumber(m.f1, l, 2)}</td>
              <td class="num">{fmtNumber(m.train_support, l)}</td><td class="num">{fmtNumber(m.test_support, l)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.skipped_labels.length > 0 && (
        <p data-testid="skipped-labels"><span class="muted">{t('tx.clf.skipped', { min: fmtNumber(min, l) })}: </span>
          {e.skipped_labels.map((s) => <span class="chip" dir="auto"><bdi>{s}</bdi></span>)}</p>
      )}
    </Card>
  );
}

// Precision, recall and F1 of each label as grouped bars (labels down the side).
function LabelChart({ e, l }: { e: Evaluation; l: Locale }) {
  const series = (['precision', 'recall', 'f1'] as const).map((k) => ({
    type: 'bar' as const, name: t(`tx.clf.${k}`), barMaxWidth: 14, itemStyle: { color: COLOURS[k] },
    data: e.labels.map((m) => m[k]),
  }));
  return (
    <Chart testid="eval-chart" label={t('tx.clf.byLabel')} height={Math.max(160, e.labels.length * 56 + 70)} option={{
      animation: false,
      grid: { left: 150, right: 30, top: 36, bottom: 24 },
      legend: { top: 0, data: series.map((s) => s.name) },
      // ECharts tooltips are HTML: labels are typed by analysts, so they are escaped.
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: axisTooltip((v) => fmtPercent(v, l, 1)) },
      xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmtPercent(v, l, 0) } },
      yAxis: { type: 'category', inverse: true, data: e.labels.map((m) => m.label),
               axisLabel: { width: 140, overflow: 'truncate' } },
      series,
    }} />
  );
}
