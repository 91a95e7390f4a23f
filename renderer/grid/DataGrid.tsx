import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type CellClassParams,
  type ColDef,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type IGetRowsParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { GRID_PAGE_ROWS, isNumericType, pageIsRowRange, pageSql, type SortKey } from '../../shared/grid-sql.ts';
import type { AppError } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { ColumnInfo } from '../data/types.ts';
import { PopupMenu, type MenuItem } from './ColumnMenu.tsx';
import { displayValue, NULL_TEXT, toTsv } from './cells.ts';
import { HeaderCell, type HeaderExtras } from './HeaderCell.tsx';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({
  fontSize: 13,
  headerHeight: 44,
  rowHeight: 28,
  spacing: 6,
  headerFontWeight: 600,
});

export interface GridSource {
  /** The relation to page through. */
  relation: string;
  columns: ColumnInfo[];
  /** Total rows when known. */
  rowCount: number | null;
  /** Whether `rowCount` is final (no more rows are streaming in). */
  complete: boolean;
  /** Changes whenever the data behind `relation` changes. */
  version: string;
  /** A view filter: a SQL predicate built with the quoting module. */
  where?: string;
  /** The table behind `relation`, when it is one plain table (unsorted pages then go by rowid). */
  physicalTable?: string;
}

interface Props {
  engine: EngineClient;
  /** What to page; null keeps the grid mounted but hidden (creating AG Grid costs ~100 ms: paid at start, not on the first file). */
  source: GridSource | null;
  extraMenuItems?: (column: ColumnInfo) => MenuItem[];
  onError: (error: AppError) => void;
  onNotice?: (text: string) => void;
  /** Called once the first page of a source is on screen. */
  onFirstRows?: () => void;
  /** Items for a cell's context menu (right click), given the cell's column and raw value. */
  cellMenuItems?: (column: ColumnInfo, value: unknown) => MenuItem[];
}

interface Cell {
  row: number;
  col: number;
}

type Row = Record<string, unknown>;

/** Ctrl/Cmd+Home or End (with or without Shift): to the first or last row. */
const isJumpKey = (e: KeyboardEvent): boolean => e.type === 'keydown' && (e.ctrlKey || e.metaKey) && (e.key === 'End' || e.key === 'Home');

const NO_SOURCE: GridSource = { relation: '', columns: [], rowCount: 0, complete: true, version: '' };

/**
 * The data grid: AG Grid's infinite row model, each block a SQL page from DuckDB, so millions of rows
 * scroll without being held in JavaScript. Sorting runs in DuckDB. Cells can be selected (click,
 * shift-click or drag) and copied as TSV with headers (Ctrl/Cmd+C).
 */
export function DataGrid({ engine, source: given, extraMenuItems, onError, onNotice, onFirstRows, cellMenuItems }: Props) {
  const source = given ?? NO_SOURCE;
  const shown = given !== null;
  const [cellMenu, setCellMenu] = useState<{ anchor: HTMLElement; items: MenuItem[]; label: string } | null>(null);
  const api = useRef<GridApi | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const sortRef = useRef<SortKey[]>([]);
  const anchor = useRef<Cell | null>(null);
  const focus = useRef<Cell | null>(null);
  /** A mouse button is down in the grid: focus changes come from the mouse, not the keyboard. */
  const dragging = useRef(false);
  /** Whether Shift was held on the last key press, for extending the selection with arrow keys. */
  const shiftHeld = useRef(false);
  const [selectionText, setSelectionText] = useState('');

  const inSelection = useCallback((row: number, col: number) => {
    const a = anchor.current;
    const b = focus.current;
    if (!a || !b) return false;
    return row >= Math.min(a.row, b.row) && row <= Math.max(a.row, b.row) && col >= Math.min(a.col, b.col) && col <= Math.max(a.col, b.col);
  }, []);

  const extras = useRef(extraMenuItems);
  extras.current = extraMenuItems;

  // Column definitions change only when names or types do: a new preview with the same columns keeps
  // AG Grid's columns and headers instead of rebuilding them.
  const columnsKey = source.columns.map((c) => `${c.name}\u0000${c.type}`).join('\u0001');
  const stableColumns = useMemo(() => source.columns, [columnsKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const columnDefs = useMemo<ColDef<Row>[]>(
    () =>
      stableColumns.map((info, i) => {
        const numeric = isNumericType(info.type);
        const params: HeaderExtras = { info, extraItems: (c) => extras.current?.(c) ?? [] };
        return {
          colId: `c${i}`,
          field: `c${i}`,
          headerName: info.name,
          headerComponent: HeaderCell,
          headerComponentParams: params,
          sortable: true,
          resizable: true,
          // Ctrl/Cmd+Home and End are handled by `jump` (AG Grid's own scrolls there in several steps).
          suppressKeyboardEvent: (p) => isJumpKey(p.event),
          width: Math.min(320, Math.max(110, 24 + 8 * Math.max(info.name.length, info.type.length))),
          type: numeric ? 'rightAligned' : undefined,
          valueFormatter: (p) => (p.data === undefined ? '' : displayValue(p.value)),
          tooltipValueGetter: (p) => {
            const text = p.value === null || p.value === undefined ? '' : displayValue(p.value);
            return text.length > 40 ? text : undefined;
          },
          cellClassRules: {
            'cell-null': (p: CellClassParams<Row>) => p.data !== undefined && (p.value === null || p.value === undefined),
            'cell-selected': (p: CellClassParams<Row>) => p.node.rowIndex !== null && inSelection(p.node.rowIndex, i),
          },
        } satisfies ColDef<Row>;
      }),
    [stableColumns, inSelection],
  );

  const firstRowsRef = useRef(onFirstRows);
  firstRowsRef.current = onFirstRows;
  // Read through a ref: a new callback from the parent must not make a new datasource (and a refetch),
  // or a failing page would be fetched again on every render its error causes.
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const sourceRef = useRef(source);
  sourceRef.current = source;

  const fetchPage = useCallback(
    async (offset: number, limit: number, signal?: AbortSignal) => {
      const s = sourceRef.current;
      const sql = pageSql(s.relation, s.columns, sortRef.current, offset, limit, s.where, s.physicalTable);
      // A rowid range of a loaded table is a few rows' work: it runs at once, even while the UI thread renders.
      return engine.rows(sql, signal ? { signal } : { atOnce: pageIsRowRange(sortRef.current, s.where, s.physicalTable) });
    },
    [engine],
  );

  const datasource = useMemo<IDatasource | undefined>(
    () => shown ? ({
      getRows: (params: IGetRowsParams) => {
        const cols = sourceRef.current.columns;
        sortRef.current = params.sortModel.flatMap((m) => {
          const column = cols[Number(m.colId.slice(1))];
          return column ? [{ column: column.name, direction: m.sort }] : [];
        });
        const limit = params.endRow - params.startRow;
        void fetchPage(params.startRow, limit).then((result) => {
          if (!result.ok) {
            params.failCallback();
            onErrorRef.current(result.error);
            return;
          }
          const rows = result.value.map((r) => {
            const obj: Row = {};
            r.forEach((v, i) => (obj[`c${i}`] = v));
            return obj;
          });
          const s = sourceRef.current;
          let lastRow: number | undefined;
          if (rows.length < limit) lastRow = params.startRow + rows.length;
          else if (s.complete && s.rowCount !== null) lastRow = s.rowCount;
          params.successCallback(rows, lastRow);
          if (params.startRow === 0) firstRowsRef.current?.();
        });
      },
    }) : undefined,
    // A new datasource (and so a refetch) whenever the data or its shape changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fetchPage, shown, source.version, source.relation, stableColumns, source.where],
  );

  useEffect(() => {
    anchor.current = null;
    focus.current = null;
    setSelectionText('');
    // New data starts at its first row (the old scroll position may be past the new end).
    api.current?.ensureIndexVisible(0, 'top');
  }, [source.relation, source.version, source.where]);

  const onGridReady = (e: GridReadyEvent) => {
    api.current = e.api;
  };

  const updateSelection = () => {
    const a = anchor.current;
    const b = focus.current;
    setSelectionText(a && b ? `${Math.abs(a.row - b.row) + 1} × ${Math.abs(a.col - b.col) + 1} cells selected` : '');
    api.current?.refreshCells({ force: true });
  };

  /**
   * The first or last row (Ctrl/Cmd+Home, End), in one scroll: with millions of rows AG Grid's own jump
   * scrolls its stretched viewport in several steps, a frame or more each, before it asks for the rows
   * (measured: 4 scrolls over ~380 ms at 8M rows). Focus follows, so Shift extends the selection as usual.
   */
  const jump = (to: 'first' | 'last', colId: string) => {
    const grid = api.current;
    const viewport = wrap.current?.querySelector<HTMLElement>('.ag-grid-viewport');
    if (!grid || !viewport) return;
    const row = to === 'first' ? 0 : Math.max(0, grid.getDisplayedRowCount() - 1);
    viewport.scrollTop = to === 'first' ? 0 : viewport.scrollHeight;
    grid.ensureIndexVisible(row, to === 'first' ? 'top' : 'bottom');
    grid.setFocusedCell(row, colId);
  };

  const cellOf = (rowIndex: number | null, colId: string | undefined): Cell | null =>
    rowIndex === null || !colId ? null : { row: rowIndex, col: Number(colId.slice(1)) };

  const copySelection = async () => {
    const a = anchor.current;
    const b = focus.current;
    if (!a || !b) return;
    const r0 = Math.min(a.row, b.row);
    const r1 = Math.max(a.row, b.row);
    const c0 = Math.min(a.col, b.col);
    const c1 = Math.max(a.col, b.col);
    const result = await fetchPage(r0, r1 - r0 + 1);
    if (!result.ok) return onError(result.error);
    const header = sourceRef.current.columns.slice(c0, c1 + 1).map((c) => c.name);
    const rows = result.value.map((r) => r.slice(c0, c1 + 1));
    await navigator.clipboard.writeText(toTsv(header, rows));
    onNotice?.(`Copied ${rows.length} × ${header.length} cells as TSV.`);
  };

  return (
    <div
      ref={wrap}
      className="grid-wrap"
      hidden={!shown}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && anchor.current) {
          e.preventDefault();
          void copySelection();
        }
      }}
      onMouseDownCapture={() => (dragging.current = true)}
      onKeyDownCapture={(e) => (shiftHeld.current = e.shiftKey)}
      onMouseUp={() => (dragging.current = false)}
    >
      <AgGridReact<Row>
        theme={theme}
        rowModelType="infinite"
        datasource={datasource}
        columnDefs={columnDefs}
        cacheBlockSize={GRID_PAGE_ROWS}
        maxBlocksInCache={50}
        maxConcurrentDatasourceRequests={2}
        infiniteInitialRowCount={1}
        // A short debounce and a small row buffer: after a jump, the rows the user sees are created and
        // fetched sooner (fewer off-screen rows to build twice, loading then loaded). Measured by
        // `npm run bench` (jump to the middle/end).
        blockLoadDebounceMillis={10}
        rowBuffer={4}
        // The title attribute: no tooltip widget and its listeners per cell (measured ~20 ms per screenful of new rows).
        enableBrowserTooltips
        suppressMultiSort={false}
        onGridReady={onGridReady}
        onCellMouseDown={(e) => {
          const cell = cellOf(e.node.rowIndex, e.column.getColId());
          if (!cell) return;
          const mouse = e.event as MouseEvent | undefined;
          if (mouse?.shiftKey && anchor.current) focus.current = cell;
          else {
            anchor.current = cell;
            focus.current = cell;
          }
          updateSelection();
        }}
        onCellMouseOver={(e) => {
          if (!dragging.current) return;
          const cell = cellOf(e.node.rowIndex, e.column.getColId());
          if (cell && (cell.row !== focus.current?.row || cell.col !== focus.current?.col)) {
            focus.current = cell;
            updateSelection();
          }
        }}
        onCellKeyDown={(e) => {
          const event = e.event as KeyboardEvent | undefined;
          if (event && isJumpKey(event)) {
            event.preventDefault();
            jump(event.key === 'End' ? 'last' : 'first', 'column' in e ? e.column.getColId() : 'c0');
            return;
          }
          const key = event?.key;
          if (key === 'Escape') {
            anchor.current = null;
            focus.current = null;
            updateSelection();
          }
        }}
        onCellFocused={(e) => {
          // Keyboard navigation moves a one-cell selection; shift+arrows extend it.
          if (e.rowIndex === null || !e.column || typeof e.column === 'string') return;
          const cell = cellOf(e.rowIndex, e.column.getColId());
          if (!cell || dragging.current) return;
          if (focus.current && cell.row === focus.current.row && cell.col === focus.current.col) return;
          if (shiftHeld.current && anchor.current) focus.current = cell;
          else {
            anchor.current = cell;
            focus.current = cell;
          }
          updateSelection();
        }}
        overlayNoRowsTemplate="No rows"
        preventDefaultOnContextMenu={cellMenuItems !== undefined}
        onCellContextMenu={(e) => {
          if (!cellMenuItems || e.data === undefined) return;
          const column = sourceRef.current.columns[Number(e.column.getColId().slice(1))];
          const target = (e.event?.target as HTMLElement | null)?.closest<HTMLElement>('.ag-cell');
          if (!column || !target) return;
          setCellMenu({ anchor: target, items: cellMenuItems(column, e.value), label: `Cell of ${column.name}` });
        }}
      />
      {cellMenu ? <PopupMenu label={cellMenu.label} anchor={cellMenu.anchor} items={cellMenu.items} onClose={() => setCellMenu(null)} /> : null}
      <div className="sr-only" aria-live="polite">
        {selectionText}
      </div>
    </div>
  );
}

export { NULL_TEXT };
