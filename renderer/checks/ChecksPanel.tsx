import { useEffect, useRef, useState } from 'react';
import { describeRule, percent } from '../../shared/checks/describe-rule.ts';
import type { CheckResult } from '../../shared/checks/evaluate.ts';
import { isEnabled, type CheckRule } from '../../shared/checks/rules.ts';
import type { Suggestion } from '../../shared/checks/suggest.ts';
import { formatCount, formatRows } from '../../shared/format-text.ts';
import type { Pipeline } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import { placeText } from './check-forms.ts';
import type { ChecksView } from './use-checks.ts';

interface Props {
  pipeline: Pipeline | undefined;
  view: ChecksView;
  onAddTableCheck: () => void;
  /** Suggested checks for the rows shown; cancelled when the signal aborts. */
  onSuggest: (signal: AbortSignal) => Promise<Result<Suggestion[]>>;
  onAccept: (rule: CheckRule) => void;
  onShowFailing: (rule: CheckRule) => void;
  onRemove: (id: string) => void;
  onToggle: (id: string) => void;
}

const SAMPLE_SHOWN = 3;

/** The figures of a result: rows failing and their share, or what a table rule found. */
function figures(result: CheckResult): string {
  if (result.status === 'error') return result.error ?? 'could not be evaluated';
  if (result.kind === 'row_count') return formatRows(result.observed ?? 0);
  if (result.kind === 'schema') return result.failing === 0 ? 'as expected' : result.differences.join(' ');
  return `${formatCount(result.failing)} failing (${percent(result.fraction)})`;
}

/** The "Checks" region: each check with its status and failing rows, table checks and suggestions. */
export function ChecksPanel({ pipeline, view, onAddTableCheck, onSuggest, onAccept, onShowFailing, onRemove, onToggle }: Props) {
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const suggest = async () => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setSuggesting(true);
    setProblem(null);
    const result = await onSuggest(controller.signal);
    if (controller.signal.aborted) return;
    setSuggesting(false);
    if (!result.ok) return setProblem(`No suggestions: ${result.error.message}`);
    setSuggestions(result.value);
  };
  const drop = (s: Suggestion) => setSuggestions((list) => (list ?? []).filter((x) => x !== s));

  return (
    <section className="checks" aria-label="Checks">
      <div className="pipeline-header">
        <h2>Checks</h2>
        <button type="button" onClick={onAddTableCheck}>
          Add table check…
        </button>
        <button type="button" onClick={() => void suggest()} disabled={suggesting}>
          {suggesting ? 'Suggesting…' : 'Suggest checks'}
        </button>
      </div>
      {view.rules.length === 0 ? <p className="muted">Add a check from a column's menu, or let Sluice suggest some.</p> : null}
      <ul className="check-list">
        {view.rules.map((rule) => {
          const label = describeRule(rule);
          const result = view.pending.has(rule.id) ? undefined : view.results[rule.id];
          const enabled = isEnabled(rule);
          const status = !enabled ? 'disabled' : result ? result.status : 'checking…';
          return (
            <li key={rule.id} className={`check-item ${result?.status ?? ''}`}>
              <div className="check-head">
                <span className="check-label" title={rule.id}>
                  {label}
                </span>
                <span className={`check-status ${status}`}>{status}</span>
              </div>
              <div className="check-meta muted">
                {placeText(pipeline, rule.after)} · {rule.severity === 'warn' ? 'warning' : 'error'}
                {'action' in rule && rule.action && rule.action !== 'fail' ? ` · ${rule.action}` : ''}
              </div>
              {enabled && result ? <div className="check-figures">{figures(result)}</div> : null}
              {enabled && result && result.sample.length > 0 ? <SampleTable rows={result.sample.slice(0, SAMPLE_SHOWN)} label={`First failing rows of ${label}`} /> : null}
              <div className="step-actions">
                {enabled && result && result.failing > 0 && result.kind !== 'row_count' && result.kind !== 'schema' ? (
                  <button type="button" className="step-action" onClick={() => onShowFailing(rule)}>
                    Show failing rows
                  </button>
                ) : null}
                <button type="button" className="step-action" aria-label={`${enabled ? 'Disable' : 'Enable'} check ${label}`} onClick={() => onToggle(rule.id)}>
                  {enabled ? 'Disable' : 'Enable'}
                </button>
                <button type="button" className="step-action" aria-label={`Remove check ${label}`} onClick={() => onRemove(rule.id)}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {problem ? (
        <p role="alert" className="error-text">
          {problem}
        </p>
      ) : null}
      {suggestions !== null ? (
        <section className="suggestions" aria-label="Suggested checks">
          <h3>Suggested checks</h3>
          {suggestions.length === 0 ? <p className="muted">No more suggestions.</p> : null}
          <ul className="check-list">
            {suggestions.map((s) => (
              <li key={s.rule.id} className="check-item suggestion">
                <span className="check-label">{describeRule(s.rule)}</span>
                <span className="muted"> {s.reason}</span>
                <div className="step-actions">
                  <button
                    type="button"
                    className="step-action"
                    onClick={() => {
                      drop(s);
                      onAccept(s.rule);
                    }}
                  >
                    Accept
                  </button>
                  <button type="button" className="step-action" onClick={() => drop(s)}>
                    Reject
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

function SampleTable({ rows, label }: { rows: Record<string, string | null>[]; label: string }) {
  const columns = Object.keys(rows[0] ?? {});
  return (
    <div className="check-sample">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{row[c] ?? 'NULL'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
