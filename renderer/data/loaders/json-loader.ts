import type { LoadContext } from '../load-job.ts';

/** A JSON file holding an array of objects, read by the engine into the dataset's table. */
export async function loadJson(ctx: LoadContext, path: string): Promise<void> {
  ctx.datasets.patch(ctx.id, { progress: { label: 'Reading JSON…', fraction: null } });
  const inserted = await ctx.engine.insertJsonFile(ctx.table, path);
  if (ctx.aborted) return;
  if (!inserted.ok) return ctx.fail(inserted.error);
  await ctx.publishTable();
}
