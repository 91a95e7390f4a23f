import type { CheckRule } from '../../shared/checks/rules.ts';
import { emptyDocument, type Pipeline, type PipelineDocument, type Source, type Step, type StepDraft } from '../../shared/pipeline/document.ts';
import { Store } from '../data/store.ts';
import type { Dataset } from '../data/types.ts';

/** Selected step per pipeline; null means the pipeline's input. Absent means its last step. */
export type Selection = Record<string, string | null>;

/** One point in history: the document and which step each pipeline showed. */
export interface Snapshot {
  doc: PipelineDocument;
  selected: Selection;
}

/**
 * The pipeline document being edited, with undo/redo. Every edit replaces the document (never mutates),
 * so history is a list of snapshots. The selected step (UI state) lives beside the document and travels
 * with it through undo and redo, so the step shown is always one the document has.
 */
export interface PipelineState extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
}

const HISTORY_LIMIT = 200;
let counter = 0;
const newId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export const sourceIdFor = (dataset: Dataset) => `src_${dataset.id}`;
export const pipelineIdFor = (dataset: Dataset) => `p_${dataset.id}`;

/** The source entry for a dataset, kept in step with its name and read options. */
export function sourceEntry(dataset: Dataset): Source {
  return {
    id: sourceIdFor(dataset),
    name: dataset.name,
    file: { path: dataset.path ?? dataset.fileName, name: dataset.fileName, size: dataset.size },
    format: dataset.format,
    ...(dataset.csvOptions ? { csv: dataset.csvOptions } : {}),
  };
}

/**
 * The document with the pipeline over a dataset, as `ensurePipeline` would make it, without an edit:
 * what a check form compiles against before the first step or check exists.
 */
export function docWithPipeline(doc: PipelineDocument, dataset: Dataset): PipelineDocument {
  const id = pipelineIdFor(dataset);
  if (doc.pipelines.some((p) => p.id === id)) return doc;
  const source = sourceEntry(dataset);
  return {
    ...doc,
    sources: doc.sources.some((s) => s.id === source.id) ? doc.sources : [...doc.sources, source],
    pipelines: [...doc.pipelines, { id, name: `${dataset.name}_result`, input: { kind: 'source', id: source.id }, steps: [] }],
  };
}

export class PipelineStore {
  readonly store = new Store<PipelineState>({ doc: emptyDocument(), past: [], future: [], selected: {} });

  get doc(): PipelineDocument {
    return this.store.get().doc;
  }

  pipeline(id: string): Pipeline | undefined {
    return this.doc.pipelines.find((p) => p.id === id);
  }

  /** Replace the document as one undoable edit. */
  private edit(next: PipelineDocument, selected?: Selection): void {
    this.store.update((s) => ({
      doc: next,
      past: [...s.past, { doc: s.doc, selected: s.selected }].slice(-HISTORY_LIMIT),
      future: [],
      selected: validSelection(next, selected ?? s.selected),
    }));
  }

  /** Load a document (opening a project): not undoable; clears history. */
  load(doc: PipelineDocument, selected: Selection = {}): void {
    this.store.set({ doc, past: [], future: [], selected: validSelection(doc, selected) });
  }

  undo(): void {
    this.store.update((s) => {
      const previous = s.past[s.past.length - 1];
      return previous ? { ...previous, past: s.past.slice(0, -1), future: [{ doc: s.doc, selected: s.selected }, ...s.future] } : s;
    });
  }

  redo(): void {
    this.store.update((s) => {
      const next = s.future[0];
      return next ? { ...next, past: [...s.past, { doc: s.doc, selected: s.selected }], future: s.future.slice(1) } : s;
    });
  }

  private sourceFor(dataset: Dataset): Source {
    return sourceEntry(dataset);
  }

  /** Keep sources in step with the loaded datasets (names change on rename). Not an undoable edit. */
  syncSources(datasets: readonly Dataset[]): void {
    const doc = this.doc;
    let changed = false;
    const sources = doc.sources.map((s) => {
      const d = datasets.find((x) => sourceIdFor(x) === s.id);
      if (!d) return s;
      const fresh = this.sourceFor(d);
      if (JSON.stringify(fresh) === JSON.stringify(s)) return s;
      changed = true;
      return fresh;
    });
    if (changed) this.store.update((st) => ({ ...st, doc: { ...st.doc, sources } }));
  }

  /** The pipeline over a dataset, created (with its source) on first use. */
  ensurePipeline(dataset: Dataset): string {
    const id = pipelineIdFor(dataset);
    if (this.pipeline(id)) return id;
    this.edit(docWithPipeline(this.doc, dataset));
    return id;
  }

  /** Make sure another dataset is a source (for joins and unions); returns its source id. */
  ensureSource(dataset: Dataset): string {
    const source = this.sourceFor(dataset);
    if (!this.doc.sources.some((s) => s.id === source.id)) this.edit({ ...this.doc, sources: [...this.doc.sources, source] });
    return source.id;
  }

  private updatePipeline(pipelineId: string, fn: (p: Pipeline) => Pipeline, selected?: string | null): void {
    const doc = this.doc;
    const sel = selected === undefined ? undefined : { ...this.store.get().selected, [pipelineId]: selected };
    this.edit({ ...doc, pipelines: doc.pipelines.map((p) => (p.id === pipelineId ? fn(p) : p)) }, sel);
  }

  /** Add a step after the selected one (or at the end) and select it. */
  addStep(pipelineId: string, draft: StepDraft): string {
    const step = { ...draft, id: newId('s'), enabled: true } as Step;
    const after = this.selectedStep(pipelineId);
    this.updatePipeline(
      pipelineId,
      (p) => {
        const at = after === undefined ? p.steps.length : after === null ? 0 : p.steps.findIndex((s) => s.id === after) + 1;
        return { ...p, steps: [...p.steps.slice(0, at), step, ...p.steps.slice(at)] };
      },
      step.id,
    );
    return step.id;
  }

  replaceStep(pipelineId: string, stepId: string, draft: StepDraft): void {
    this.updatePipeline(pipelineId, (p) => ({ ...p, steps: p.steps.map((s) => (s.id === stepId ? ({ ...draft, id: s.id, enabled: s.enabled, ...(s.note ? { note: s.note } : {}) } as Step) : s)) }));
  }

  toggleStep(pipelineId: string, stepId: string): void {
    this.updatePipeline(pipelineId, (p) => ({ ...p, steps: p.steps.map((s) => (s.id === stepId ? { ...s, enabled: !s.enabled } : s)) }));
  }

  /**
   * Remove a step. Checks that followed it follow the step before it (the first step's: the output),
   * in the same undoable edit.
   */
  removeStep(pipelineId: string, stepId: string): void {
    const p = this.pipeline(pipelineId);
    const index = p?.steps.findIndex((s) => s.id === stepId) ?? -1;
    const previous = index > 0 ? (p?.steps[index - 1]?.id ?? null) : null;
    const selected = this.selectedStep(pipelineId) === stepId ? previous : undefined;
    const doc = this.doc;
    const checks = doc.checks.map((c): CheckRule => {
      if (c.pipeline !== pipelineId || c.after !== stepId) return c;
      const { after: _removed, ...rest } = c;
      return (previous !== null ? { ...rest, after: previous } : rest) as CheckRule;
    });
    const sel = selected === undefined ? undefined : { ...this.store.get().selected, [pipelineId]: selected };
    this.edit({ ...doc, checks, pipelines: doc.pipelines.map((pl) => (pl.id === pipelineId ? { ...pl, steps: pl.steps.filter((s) => s.id !== stepId) } : pl)) }, sel);
  }

  /** Add checks (and the sources a relationship reads) as one undoable edit. Ids already taken get a number. */
  addChecks(rules: readonly CheckRule[], sources: readonly Dataset[] = []): void {
    if (rules.length === 0) return;
    const doc = this.doc;
    const added = sources.map((d) => this.sourceFor(d)).filter((s, i, all) => !doc.sources.some((x) => x.id === s.id) && all.findIndex((x) => x.id === s.id) === i);
    const taken = new Set(doc.checks.map((c) => c.id));
    const fresh = rules.map((rule) => {
      let id = rule.id;
      for (let i = 2; taken.has(id); i++) id = `${rule.id.slice(0, 56)}_${i}`;
      taken.add(id);
      return id === rule.id ? rule : { ...rule, id };
    });
    this.edit({ ...doc, sources: [...doc.sources, ...added], checks: [...doc.checks, ...fresh] });
  }

  removeCheck(checkId: string): void {
    const doc = this.doc;
    if (doc.checks.some((c) => c.id === checkId)) this.edit({ ...doc, checks: doc.checks.filter((c) => c.id !== checkId) });
  }

  /** Disable or enable a check: disabled checks stay in the document and are not evaluated. */
  toggleCheck(checkId: string): void {
    const doc = this.doc;
    this.edit({
      ...doc,
      checks: doc.checks.map((c): CheckRule => {
        if (c.id !== checkId) return c;
        const { enabled, ...rest } = c;
        return (enabled === false ? rest : { ...rest, enabled: false }) as CheckRule;
      }),
    });
  }

  moveStep(pipelineId: string, stepId: string, delta: -1 | 1): void {
    this.updatePipeline(pipelineId, (p) => {
      const i = p.steps.findIndex((s) => s.id === stepId);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= p.steps.length) return p;
      const steps = [...p.steps];
      [steps[i], steps[j]] = [steps[j]!, steps[i]!];
      return { ...p, steps };
    });
  }

  /** The selected step id, null for the input, undefined when none was chosen (the last step shows). */
  selectedStep(pipelineId: string): string | null | undefined {
    const sel = this.store.get().selected;
    return pipelineId in sel ? sel[pipelineId] : undefined;
  }

  /** Show a step (null: the input). Not an undoable edit; a step the pipeline does not have is ignored. */
  select(pipelineId: string, stepId: string | null): void {
    const pipeline = this.pipeline(pipelineId);
    if (!pipeline || (stepId !== null && !pipeline.steps.some((s) => s.id === stepId))) return;
    this.store.update((s) => ({ ...s, selected: { ...s.selected, [pipelineId]: stepId } }));
  }
}

/** The selection without steps the document no longer has (those pipelines show their last step). */
export function validSelection(doc: PipelineDocument, selected: Selection): Selection {
  const valid = Object.entries(selected).filter(([pipelineId, stepId]) => stepId === null || doc.pipelines.some((p) => p.id === pipelineId && p.steps.some((s) => s.id === stepId)));
  return valid.length === Object.keys(selected).length ? selected : Object.fromEntries(valid);
}
