import { describe, expect, it } from 'vitest';
import { PipelineStore, validSelection } from '../../renderer/pipeline/pipeline-store.ts';
import { readyDataset } from '../support/datasets.ts';

const dataset = readyDataset;

function twoFilters() {
  const store = new PipelineStore();
  const id = store.ensurePipeline(dataset(1, 'airports'));
  const ca = store.addStep(id, { kind: 'filter', condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } });
  const fresno = store.addStep(id, { kind: 'filter', condition: { kind: 'compare', column: 'city', op: '=', value: 'Fresno' } });
  return { store, id, ca, fresno };
}

const steps = (store: PipelineStore, id: string) => store.pipeline(id)?.steps.map((s) => s.id) ?? [];

describe('pipeline store: undo and redo', () => {
  it('selects each new step', () => {
    const { store, id, fresno } = twoFilters();
    expect(store.selectedStep(id)).toBe(fresno);
  });

  it('undo brings back the step that was shown, never one the document no longer has', () => {
    const { store, id, ca, fresno } = twoFilters();
    store.undo();
    expect(steps(store, id)).toEqual([ca]);
    expect(store.selectedStep(id)).toBe(ca);
    store.redo();
    expect(steps(store, id)).toEqual([ca, fresno]);
    expect(store.selectedStep(id)).toBe(fresno);
  });

  it('undo of the first step leaves a valid selection', () => {
    const store = new PipelineStore();
    const id = store.ensurePipeline(dataset(1, 'airports'));
    store.addStep(id, { kind: 'rename', renames: [{ from: 'name', to: 'airport_name' }] });
    store.undo();
    expect(steps(store, id)).toEqual([]);
    const shown = store.selectedStep(id);
    expect(shown === undefined || shown === null).toBe(true);
    store.undo();
    expect(store.pipeline(id)).toBeUndefined();
    store.redo();
    store.redo();
    expect(store.pipeline(id)?.steps[0]?.kind).toBe('rename');
  });

  it('a new edit clears redo; history counts edits only', () => {
    const { store, id, ca } = twoFilters();
    store.undo();
    expect(store.store.get().future).toHaveLength(1);
    store.select(id, null);
    expect(store.store.get().future).toHaveLength(1);
    store.toggleStep(id, ca);
    expect(store.store.get().future).toHaveLength(0);
    expect(store.pipeline(id)?.steps[0]?.enabled).toBe(false);
    store.undo();
    expect(store.pipeline(id)?.steps[0]?.enabled).toBe(true);
  });

  it('deleting the shown step shows the one before it; undo shows it again', () => {
    const { store, id, ca, fresno } = twoFilters();
    store.removeStep(id, fresno);
    expect(store.selectedStep(id)).toBe(ca);
    store.removeStep(id, ca);
    expect(store.selectedStep(id)).toBeNull();
    store.undo();
    store.undo();
    expect(store.selectedStep(id)).toBe(fresno);
  });

  it('deleting another step keeps the shown one', () => {
    const { store, id, ca, fresno } = twoFilters();
    store.removeStep(id, ca);
    expect(steps(store, id)).toEqual([fresno]);
    expect(store.selectedStep(id)).toBe(fresno);
  });

  it('ignores a selection of a step the pipeline does not have', () => {
    const { store, id, fresno } = twoFilters();
    store.select(id, 'nope');
    expect(store.selectedStep(id)).toBe(fresno);
  });

  it('adds a step after the selected one', () => {
    const { store, id, ca, fresno } = twoFilters();
    store.select(id, ca);
    const between = store.addStep(id, { kind: 'limit', count: 5 });
    expect(steps(store, id)).toEqual([ca, between, fresno]);
    store.select(id, null);
    const first = store.addStep(id, { kind: 'limit', count: 1 });
    expect(steps(store, id)[0]).toBe(first);
  });

  it('moves steps within bounds', () => {
    const { store, id, ca, fresno } = twoFilters();
    store.moveStep(id, ca, -1);
    expect(steps(store, id)).toEqual([ca, fresno]);
    store.moveStep(id, ca, 1);
    expect(steps(store, id)).toEqual([fresno, ca]);
  });

  it('loading a project drops a stale selection and clears history', () => {
    const { store, id, ca } = twoFilters();
    const doc = store.doc;
    store.load(doc, { [id]: 'gone', other: null });
    expect(store.selectedStep(id)).toBeUndefined();
    expect(store.store.get().past).toHaveLength(0);
    store.load(doc, { [id]: ca });
    expect(store.selectedStep(id)).toBe(ca);
  });
});

describe('pipeline store: broken steps and sources', () => {
  it('keeps a step that cannot run (the preview marks it) and its place', () => {
    const { store, id, ca, fresno } = twoFilters();
    const broken = store.addStep(id, { kind: 'cast', column: 'state', to: 'NOT A TYPE(' });
    store.replaceStep(id, broken, { kind: 'derive', name: 'x', expression: 'nosuch + 1' });
    expect(steps(store, id)).toEqual([ca, fresno, broken]);
    expect(store.pipeline(id)?.steps[2]).toMatchObject({ kind: 'derive', enabled: true });
  });

  it('keeps sources in step with datasets without an undoable edit', () => {
    const { store } = twoFilters();
    const before = store.store.get().past.length;
    store.syncSources([{ ...dataset(1, 'airports2') }]);
    expect(store.doc.sources[0]?.name).toBe('airports2');
    expect(store.store.get().past).toHaveLength(before);
  });

  it('validSelection keeps the input (null) and existing steps', () => {
    const { store, id, ca } = twoFilters();
    const sel = { [id]: ca, q: null };
    expect(validSelection(store.doc, sel)).toBe(sel);
    expect(validSelection(store.doc, { [id]: 'x' })).toEqual({});
  });
});
