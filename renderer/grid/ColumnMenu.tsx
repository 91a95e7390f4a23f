import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
}

interface Props {
  /** Accessible name of the menu. */
  label: string;
  anchor: HTMLElement;
  items: MenuItem[];
  onClose: () => void;
}

/** A keyboard-accessible popup menu (role menu / menuitem), positioned under its anchor. */
export function PopupMenu({ label, anchor, items, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ top: 0, left: 0 });

  useLayoutEffect(() => {
    const rect = anchor.getBoundingClientRect();
    const width = 200;
    setPosition({ top: rect.bottom + 2, left: Math.max(4, Math.min(rect.left, window.innerWidth - width - 4)) });
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [anchor]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node) && !anchor.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [anchor, onClose]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const entries = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      anchor.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = entries[(at + (e.key === 'ArrowDown' ? 1 : entries.length - 1)) % entries.length];
      next?.focus();
    } else if (e.key === 'Tab') {
      onClose();
    }
  };

  return createPortal(
    <div ref={ref} role="menu" aria-label={label} className="popup-menu" style={position} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <div
          key={item.label}
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.disabled ? 'true' : undefined}
          className="popup-menu-item"
          onClick={() => {
            if (item.disabled) return;
            onClose();
            item.onSelect();
          }}
          onKeyDown={(e) => {
            if ((e.key === 'Enter' || e.key === ' ') && !item.disabled) {
              e.preventDefault();
              onClose();
              item.onSelect();
            }
          }}
        >
          {item.label}
        </div>
      ))}
    </div>,
    document.body,
  );
}
