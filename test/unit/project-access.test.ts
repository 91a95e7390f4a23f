import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalPath, displayPath, isInside } from '../../electron/path-scope.ts';
import { accessPrompt, allowedBy, declaredAccess, MAX_NAMED_ELSEWHERE, planAccess, type PlannedAccess } from '../../electron/project-access.ts';
import { emptyDocument } from '../../shared/pipeline/document.ts';

// root/
//   project/  data.csv  sub/b.csv  escape -> ../elsewhere (symlink)  project.sluice.json
//   elsewhere/  secret.csv
let root: string;
let project: string;
let elsewhere: string;

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'sluice-access-')));
  project = join(root, 'project');
  elsewhere = join(root, 'elsewhere');
  await mkdir(join(project, 'sub'), { recursive: true });
  await mkdir(elsewhere);
  await writeFile(join(project, 'data.csv'), 'a\n1\n');
  await writeFile(join(project, 'sub', 'b.csv'), 'b\n2\n');
  await writeFile(join(elsewhere, 'secret.csv'), 'k\nv\n');
  await symlink(elsewhere, join(project, 'escape'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('canonicalPath', () => {
  it('resolves relative paths against a base, and `..` on the way', async () => {
    expect(await canonicalPath('data.csv', project)).toBe(join(project, 'data.csv'));
    expect(await canonicalPath('sub/../data.csv', project)).toBe(join(project, 'data.csv'));
    expect(await canonicalPath('../elsewhere/secret.csv', project)).toBe(join(elsewhere, 'secret.csv'));
  });

  it('follows symlinks, also through a folder to a file that does not exist yet', async () => {
    expect(await canonicalPath(join(project, 'escape', 'secret.csv'))).toBe(join(elsewhere, 'secret.csv'));
    expect(await canonicalPath('escape/new/out.csv', project)).toBe(join(elsewhere, 'new', 'out.csv'));
    expect(await canonicalPath('missing/out.csv', project)).toBe(join(project, 'missing', 'out.csv'));
  });
});

describe('isInside', () => {
  it('accepts the folder and below, nothing beside or above it', () => {
    expect(isInside('/p/proj', '/p/proj/a.csv')).toBe(true);
    expect(isInside('/p/proj', '/p/proj/x/y/a.csv')).toBe(true);
    expect(isInside('/p/proj', '/p/proj/..data.csv')).toBe(true);
    expect(isInside('/p/proj', '/p/proj2/a.csv')).toBe(false);
    expect(isInside('/p/proj', '/p/a.csv')).toBe(false);
    expect(isInside('/p/proj', '/home/u/.ssh/id_rsa')).toBe(false);
  });
});

describe('displayPath', () => {
  it('shows the home folder as ~ and leaves other paths', () => {
    expect(displayPath(`/home/u${sep}.ssh${sep}id_rsa`, '/home/u')).toBe(`~${sep}.ssh${sep}id_rsa`);
    expect(displayPath('/home/user2/a.csv', '/home/u')).toBe('/home/user2/a.csv');
    expect(displayPath('/etc/passwd', '')).toBe('/etc/passwd');
  });

  it('writes characters that could fake a line or reorder a path as escapes', () => {
    expect(displayPath('/tmp/a.csv\nElsewhere: nothing', '/home/u')).toBe('/tmp/a.csv\\u{a}Elsewhere: nothing');
    expect(displayPath('/tmp/\u202evsc.exe', '')).toBe('/tmp/\\u{202e}vsc.exe');
  });
});

describe('declaredAccess', () => {
  it('reads each source and writes each output once', () => {
    const doc = {
      ...emptyDocument(),
      sources: [
        { id: 's1', name: 'a', file: { path: 'data.csv', name: 'data.csv' }, format: 'csv' as const },
        { id: 's2', name: 'b', file: { path: 'data.csv', name: 'data.csv' }, format: 'csv' as const },
      ],
      outputs: [{ pipeline: 'p1', path: '/tmp/out.csv', format: 'csv' as const }],
    };
    expect(declaredAccess(doc)).toEqual([
      { declared: 'data.csv', mode: 'read' },
      { declared: '/tmp/out.csv', mode: 'write' },
    ]);
  });
});

describe('planAccess', () => {
  it('puts files below the project folder inside, and `..` or symlink escapes elsewhere', async () => {
    const plan = await planAccess(join(project, 'project.sluice.json'), [
      { declared: 'data.csv', mode: 'read' },
      { declared: join(project, 'sub', 'b.csv'), mode: 'read' },
      { declared: 'sub/../../elsewhere/secret.csv', mode: 'read' },
      { declared: 'escape/secret.csv', mode: 'read' },
      { declared: 'out/result.csv', mode: 'write' },
      { declared: 'escape/result.csv', mode: 'write' },
    ]);
    expect(plan.folder).toBe(project);
    expect(plan.entries.map((e) => [e.declared, e.path, e.inside])).toEqual([
      ['data.csv', join(project, 'data.csv'), true],
      [join(project, 'sub', 'b.csv'), join(project, 'sub', 'b.csv'), true],
      ['sub/../../elsewhere/secret.csv', join(elsewhere, 'secret.csv'), false],
      ['escape/secret.csv', join(elsewhere, 'secret.csv'), false],
      ['out/result.csv', join(project, 'out', 'result.csv'), true],
      ['escape/result.csv', join(elsewhere, 'result.csv'), false],
    ]);
  });
});

const entry = (path: string, inside: boolean, mode: 'read' | 'write' = 'read'): PlannedAccess => ({ declared: path, path, inside, mode });
const plan = (entries: PlannedAccess[]) => ({ project: '/home/u/proj/p.sluice.json', folder: '/home/u/proj', entries });

describe('accessPrompt', () => {
  it('groups the folder, names each file elsewhere with its real path, and defaults to the folder only', () => {
    const entries = [entry('/home/u/proj/a.csv', true), entry('/home/u/proj/out/r.csv', true, 'write'), entry('/home/u/.ssh/id_rsa', false), entry('/tmp/leak.csv', false, 'write')];
    const prompt = accessPrompt(plan(entries), entries, 'p.sluice.json', '/home/u');
    expect(prompt.message).toBe('The project “p.sluice.json” asks Sluice to read 2 files and write 2 files.');
    expect(prompt.detail).toContain("In the project's folder, ~/proj (allowed together):\n  read   a.csv\n  write  out/r.csv");
    expect(prompt.detail).toContain('Elsewhere on this computer:\n  read   ~/.ssh/id_rsa\n  write  /tmp/leak.csv');
    expect(prompt.buttons).toEqual(['Allow all', "Allow the project's folder only", 'Allow none']);
    expect(prompt.choices).toEqual(['all', 'folder', 'none']);
    expect(prompt.defaultId).toBe(1);
    expect(prompt.cancelId).toBe(2);
  });

  it('shows a file name with a line break as one line', () => {
    const entries = [entry('/home/u/proj/a.csv\n\nElsewhere on this computer: none', true), entry('/etc/passwd', false)];
    const prompt = accessPrompt(plan(entries), entries, 'p\n', '/home/u');
    expect(prompt.detail.split('\n')[1]).toBe('  read   a.csv\\u{a}\\u{a}Elsewhere on this computer: none');
    expect(prompt.message).toBe('The project “p\\u{a}” asks Sluice to read 2 files.');
  });

  it('offers one Allow for the folder alone, and defaults to none when everything is elsewhere', () => {
    const inside = [entry('/home/u/proj/a.csv', true)];
    expect(accessPrompt(plan(inside), inside, 'p', '/home/u')).toMatchObject({ buttons: ['Allow', 'Allow none'], choices: ['all', 'none'], defaultId: 0, cancelId: 1 });
    const outside = [entry('/etc/passwd', false)];
    expect(accessPrompt(plan(outside), outside, 'p', '/home/u')).toMatchObject({ buttons: ['Allow', 'Allow none'], choices: ['all', 'none'], defaultId: 1, cancelId: 1 });
  });

  it('offers no "allow all" when there are more files elsewhere than it can name', () => {
    const many = Array.from({ length: MAX_NAMED_ELSEWHERE + 1 }, (_, i) => entry(`/data/f${i}.csv`, false));
    const entries = [entry('/home/u/proj/a.csv', true), ...many];
    const prompt = accessPrompt(plan(entries), entries, 'p', '/home/u');
    expect(prompt.choices).toEqual(['folder', 'none']);
    expect(prompt.detail).toContain('… and 1 more file: too many to name');
    expect(prompt.detail).not.toContain(`/data/f${MAX_NAMED_ELSEWHERE}.csv`);
    expect(allowedBy('all', many[0]!, many.length)).toBe(false);
  });
});

describe('allowedBy', () => {
  it('folder allows only inside, all allows both, none allows nothing', () => {
    const inside = entry('/home/u/proj/a.csv', true);
    const outside = entry('/etc/passwd', false);
    expect([allowedBy('folder', inside, 1), allowedBy('folder', outside, 1)]).toEqual([true, false]);
    expect([allowedBy('all', inside, 1), allowedBy('all', outside, 1)]).toEqual([true, true]);
    expect([allowedBy('none', inside, 1), allowedBy('none', outside, 1)]).toEqual([false, false]);
  });
});
