import type { IHeaderParams, SortDirection } from 'ag-grid-community';
import { useEffect, useRef, useState } from 'react';
import type { ColumnInfo } from '../data/types.ts';
import { PopupMenu, type MenuItem } from './ColumnMenu.tsx';

export interface HeaderExtras {
  info: ColumnInfo;
  /** Menu items added by other features (filter, profile, …), shown above the sort items. */
  extraItems: (column: ColumnInfo) => MenuItem[];
}

/** A column header: name, type, sort indicator, and a "Column menu for <name>" button. */
export function HeaderCell(props: IHeaderParams & HeaderExtras) {
  const { column, info } = props;
  const [sort, setSort] = useState<SortDirection | undefined>(column.getSort());
  const [menuOpen, setMenuOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onSort = () => setSort(column.getSort());
    column.addEventListener('sortChanged', onSort);
    return () => column.removeEventListener('sortChanged', onSort);
  }, [column]);

  const items: MenuItem[] = [
    ...props.extraItems(info),
    { label: 'Sort ascending', onSelect: () => props.setSort('asc') },
    { label: 'Sort descending', onSelect: () => props.setSort('desc') },
    { label: 'Clear sort', onSelect: () => props.setSort(null), disabled: !sort },
  ];

  return (
    <div className="grid-header">
      <button
        type="button"
        className="grid-header-label"
        title={`${info.name} (${info.type}). Click to sort.`}
        onClick={(e) => props.progressSort(e.shiftKey)}
      >
        <span className="grid-header-name">{info.name}</span>
        <span className="grid-header-type">{info.type}</span>
        {sort ? <span className="grid-header-sort" aria-label={sort === 'asc' ? 'sorted ascending' : 'sorted descending'}>{sort === 'asc' ? '▲' : '▼'}</span> : null}
      </button>
      <button
        ref={button}
        type="button"
        className="grid-header-menu"
        aria-label={`Column menu for ${info.name}`}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen((o) => !o)}
      >
        ⋮
      </button>
      {menuOpen && button.current ? (
        <PopupMenu label={`${info.name} column`} anchor={button.current} items={items} onClose={() => setMenuOpen(false)} />
      ) : null}
    </div>
  );
}
