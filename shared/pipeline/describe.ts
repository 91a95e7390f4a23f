import { scalarText } from '../typed-value.ts';
import type { Condition, InputRef, PipelineDocument, Scalar, Step } from './document.ts';

/** One-line, human descriptions of steps, e.g. "Filter state = CA" (the Pipeline panel and the CLI's log). */

const value = (v: Scalar): string => (v === null ? 'NULL' : scalarText(v));
const list = (names: readonly string[]): string => names.join(', ');

export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'group':
      return c.items.length === 1 ? describeCondition(c.items[0]!) : c.items.map((i) => (i.kind === 'group' ? `(${describeCondition(i)})` : describeCondition(i))).join(c.op === 'and' ? ' and ' : ' or ');
    case 'compare':
      return `${c.column} ${c.op} ${value(c.value)}`;
    case 'in':
      return `${c.column} ${c.negate ? 'not in' : 'in'} (${c.values.map(value).join(', ')})`;
    case 'text':
      return `${c.column} ${c.negate ? 'does not ' : ''}${{ contains: c.negate ? 'contain' : 'contains', starts_with: c.negate ? 'start with' : 'starts with', ends_with: c.negate ? 'end with' : 'ends with', regex: c.negate ? 'match' : 'matches' }[c.op]} ${c.value}`;
    case 'null':
      return `${c.column} is ${c.negate ? 'not ' : ''}null`;
    case 'between':
      return `${c.column} ${c.negate ? 'not ' : ''}between ${value(c.low)} and ${value(c.high)}`;
  }
}

export function describeInput(ref: InputRef, doc: PipelineDocument): string {
  if (ref.kind === 'source') return doc.sources.find((s) => s.id === ref.id)?.name ?? ref.id;
  return doc.pipelines.find((p) => p.id === ref.id)?.name ?? ref.id;
}

export function describeStep(step: Step, doc: PipelineDocument): string {
  switch (step.kind) {
    case 'select':
      return `Keep columns ${list(step.columns)}`;
    case 'drop':
      return `Remove column${step.columns.length === 1 ? '' : 's'} ${list(step.columns)}`;
    case 'rename':
      return `Rename ${step.renames.map((r) => `${r.from} to ${r.to}`).join(', ')}`;
    case 'cast':
      return `Change type of ${step.column} to ${step.to}`;
    case 'filter':
      return `Filter ${describeCondition(step.condition)}`;
    case 'derive':
      return `Add column ${step.name} = ${step.expression}`;
    case 'sort':
      return `Sort by ${step.keys.map((k) => `${k.column}${k.direction === 'desc' ? ' descending' : ''}`).join(', ')}`;
    case 'dedupe':
      return `Remove duplicates${step.columns && step.columns.length > 0 ? ` by ${list(step.columns)}` : ''}, keep ${step.keep}`;
    case 'fill_null':
      return `Fill nulls in ${step.column} with ${value(step.value)}`;
    case 'replace':
      return `Replace ${value(step.from)} with ${value(step.to)} in ${step.column}`;
    case 'text':
      return `${{ trim: 'Trim', upper: 'Upper-case', lower: 'Lower-case', pad_left: 'Pad left', pad_right: 'Pad right' }[step.op]} ${step.column}${step.into && step.into !== step.column ? ` into ${step.into}` : ''}`;
    case 'split':
      return `Split ${step.column} on "${step.delimiter}" into ${list(step.into)}`;
    case 'extract':
      return `Extract ${step.pattern} from ${step.column} into ${step.into}`;
    case 'parse_date':
      return `Parse ${step.column} as ${step.timestamp ? 'timestamp' : 'date'} (${step.format})`;
    case 'date_part':
      return `Extract ${step.part} of ${step.column} into ${step.into}`;
    case 'date_trunc':
      return `Truncate ${step.column} to ${step.unit}`;
    case 'aggregate':
      return `Group by ${step.groupBy.length > 0 ? list(step.groupBy) : '(all rows)'}: ${step.aggregations.map((a) => `${a.as} = ${a.fn}(${a.column ?? '*'})`).join(', ')}`;
    case 'join':
      return `${step.how[0]!.toUpperCase()}${step.how.slice(1)} join ${describeInput(step.with, doc)} on ${step.on.map((k) => (k.left === k.right ? k.left : `${k.left} = ${k.right}`)).join(', ')}`;
    case 'union':
      return `Append rows of ${step.with.map((w) => describeInput(w, doc)).join(', ')}`;
    case 'pivot':
      return `Pivot ${step.on} (${step.fn} of ${step.value})`;
    case 'unpivot':
      return `Unpivot ${list(step.columns)}`;
    case 'window':
      return `Add ${step.as} = ${step.fn.replace('_', ' ')}${step.column ? ` of ${step.column}` : ''}`;
    case 'limit':
      return `Keep ${step.count} rows${step.offset ? ` from row ${step.offset + 1}` : ''}`;
    case 'sample':
      return `Sample ${step.rows !== undefined ? `${step.rows} rows` : `${step.percent ?? 0}%`}`;
    case 'sql':
      return `Custom SQL: ${step.query.length > 60 ? `${step.query.slice(0, 60)}…` : step.query}`;
  }
}
