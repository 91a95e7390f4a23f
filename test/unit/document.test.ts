import { describe, expect, it } from 'vitest';
import { emptyDocument, type PipelineDocument } from '../../shared/pipeline/document.ts';
import { migrate } from '../../shared/pipeline/migrate.ts';
import { describeProblems, jsonPath, parseDocument } from '../../shared/pipeline/validate.ts';

const valid = (): PipelineDocument => ({
  ...emptyDocument(),
  sources: [{ id: 'src', name: 'orders', file: { path: '/data/orders.csv', name: 'orders.csv' }, format: 'csv', csv: { delimiter: ';', skip: 0 } }],
  pipelines: [
    {
      id: 'main',
      name: 'main',
      input: { kind: 'source', id: 'src' },
      steps: [
        { id: 'a', enabled: true, kind: 'filter', condition: { kind: 'group', op: 'and', items: [{ kind: 'compare', column: 'state', op: '=', value: 'CA' }] } },
        { id: 'b', enabled: false, kind: 'cast', column: 'zip', to: 'VARCHAR' },
        { id: 'c', enabled: true, kind: 'join', with: { kind: 'source', id: 'src' }, how: 'left', on: [{ left: 'id', right: 'id' }] },
      ],
    },
  ],
  outputs: [{ pipeline: 'main', path: 'out.parquet', format: 'parquet' }],
});

const problemsOf = (doc: unknown): string => {
  const parsed = parseDocument(doc);
  return parsed.ok ? '' : describeProblems(parsed.error);
};

describe('pipeline documents', () => {
  it('accepts a valid document', () => {
    const parsed = parseDocument(JSON.parse(JSON.stringify(valid())));
    expect(parsed.ok).toBe(true);
  });

  it('names the JSON path and the reason of each problem', () => {
    const doc = valid() as unknown as { pipelines: { steps: Record<string, unknown>[] }[] };
    doc.pipelines[0]!.steps[1]!.to = 'INT); DROP TABLE x';
    doc.pipelines[0]!.steps[0]!.condition = { kind: 'compare', column: 'state', op: 'equals', value: 'CA' };
    const parsed = parseDocument(doc);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = describeProblems(parsed.error);
    expect(text).toMatch(/pipelines\[0\]\.steps\[1\]\.to: /);
    expect(text).toMatch(/pipelines\[0\]\.steps\[0\]\.condition\.op: must be one of =, !=, <, <=, >, >=$/m);
  });

  it('reports unknown step kinds, missing fields and extra fields', () => {
    const doc = valid() as unknown as { pipelines: { steps: unknown[] }[]; extra?: boolean };
    doc.pipelines[0]!.steps = [{ id: 'x', enabled: true, kind: 'explode' }, { id: 'y', enabled: true, kind: 'limit' }];
    expect(problemsOf(doc)).toMatch(/pipelines\[0\]\.steps\[0\]\.kind/);
    doc.pipelines[0]!.steps = [{ id: 'y', enabled: true, kind: 'limit' }];
    expect(problemsOf(doc)).toMatch(/pipelines\[0\]\.steps\[0\].*count/);
    doc.pipelines[0]!.steps = [];
    doc.extra = true;
    expect(problemsOf(doc)).toMatch(/extra/);
  });

  it('checks that references resolve and ids are unique', () => {
    const doc = valid();
    doc.pipelines[0]!.steps[2] = { id: 'a', enabled: true, kind: 'join', with: { kind: 'pipeline', id: 'nope' }, how: 'inner', on: [{ left: 'a', right: 'b' }] };
    const parsed = parseDocument(doc);
    expect(parsed.ok ? '' : describeProblems(parsed.error)).toMatch(/No pipeline with id "nope"[\s\S]*|used twice/);
  });

  it('migrates the pre-release shape forward and refuses newer versions', () => {
    const old = { name: 'legacy', source: { id: 's', name: 't', file: { path: 'a.csv', name: 'a.csv' }, format: 'csv' }, steps: [{ id: 'l', enabled: true, kind: 'limit', count: 5 }] };
    const parsed = parseDocument(old);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.pipelines[0]).toMatchObject({ name: 'legacy', input: { kind: 'source', id: 's' } });
    expect(migrate({ format: 'sluice.pipeline', version: 99 })).toMatchObject({ ok: false, error: expect.stringMatching(/version 99/) });
    expect(migrate([1, 2])).toMatchObject({ ok: false });
    expect(migrate({ format: 'other' })).toMatchObject({ ok: false, error: expect.stringMatching(/Not a Sluice pipeline/) });
  });

  it('writes JSON paths readably', () => {
    expect(jsonPath('#/pipelines/0/steps/12/keys/1/column')).toBe('pipelines[0].steps[12].keys[1].column');
    expect(jsonPath('#')).toBe('(document)');
  });
});

describe('project files', async () => {
  const { parseProject, projectJson, renameIds } = await import('../../shared/pipeline/project.ts');
  it('round-trips a project and renames ids consistently', () => {
    const text = projectJson(valid(), { selected: { main: 'a' }, shownSource: 'src' });
    const parsed = parseProject(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.ui.selected).toEqual({ main: 'a' });
    const renamed = renameIds(parsed.value.pipeline, { src: 'src_9' }, { main: 'p_9' });
    expect(renamed.sources[0]!.id).toBe('src_9');
    expect(renamed.pipelines[0]).toMatchObject({ id: 'p_9', input: { kind: 'source', id: 'src_9' } });
    expect(renamed.pipelines[0]!.steps[2]).toMatchObject({ with: { kind: 'source', id: 'src_9' } });
    expect(renamed.outputs[0]!.pipeline).toBe('p_9');
    expect(parseDocument(renamed).ok).toBe(true);
  });

  it('explains broken project files', () => {
    expect(parseProject('{ nope')).toMatchObject({ ok: false, error: expect.stringMatching(/Not valid JSON/) });
    const bad = JSON.parse(projectJson(valid(), { selected: {}, shownSource: null })) as { pipeline: { pipelines: { steps: { kind: string }[] }[] } };
    bad.pipeline.pipelines[0]!.steps[0]!.kind = 'teleport';
    expect(parseProject(JSON.stringify(bad))).toMatchObject({ ok: false, error: expect.stringMatching(/pipelines\[0\]\.steps\[0\]\.kind/) });
  });
});
