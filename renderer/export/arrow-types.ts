import * as arrow from 'apache-arrow';
import type { ExportColumn, ValueType } from '../../shared/export/value-types.ts';

/** The export writers' view of a relation's columns, from the Arrow schema DuckDB gives for it. */
export function exportColumns(schema: arrow.Schema): ExportColumn[] {
  return schema.fields.map((f) => ({ name: f.name, type: valueType(f.type) }));
}

function valueType(type: arrow.DataType): ValueType {
  if (arrow.DataType.isInt(type) || arrow.DataType.isDecimal(type)) return { kind: 'exact' };
  if (arrow.DataType.isFloat(type)) return { kind: 'float' };
  if (arrow.DataType.isBool(type)) return { kind: 'bool' };
  if (arrow.DataType.isList(type) || arrow.DataType.isFixedSizeList(type)) {
    const child = type.children[0];
    return { kind: 'list', of: child ? valueType(child.type) : { kind: 'text' } };
  }
  if (arrow.DataType.isStruct(type)) return { kind: 'struct', fields: type.children.map((f) => ({ name: f.name, type: valueType(f.type) })) };
  if (arrow.DataType.isMap(type)) {
    const entry = type.children[0]?.type;
    const [key, value] = entry && arrow.DataType.isStruct(entry) ? entry.children : [];
    return { kind: 'map', key: key ? valueType(key.type) : { kind: 'text' }, value: value ? valueType(value.type) : { kind: 'text' } };
  }
  return { kind: 'text' };
}
