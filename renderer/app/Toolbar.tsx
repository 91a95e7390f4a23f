import { useRef, type ReactNode, type RefObject } from 'react';

const FILE_TYPES = '.csv,.tsv,.txt,.psv,.tab,.gz,.parquet,.pq,.json,.ndjson,.jsonl,.arrow,.arrows,.feather,.ipc';

interface Props {
  /** The (hidden) file input the web host's picker clicks. */
  fileInput: RefObject<HTMLInputElement | null>;
  onOpenFile: () => void;
  onFiles: (files: File[]) => void;
  onProjectText: (text: string, fileName: string) => void;
  /** Open a project: gets the way to open the page's project file input (used in web mode). */
  onPickProject: (fileInput: () => void) => void;
  canSave: boolean;
  onSave: () => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onConsole: () => void;
  /** The Export button and its menu. */
  exportMenu: ReactNode;
}

/** The top bar: open files and projects, save, undo/redo, export, the SQL console. */
export function Toolbar(props: Props) {
  const projectInput = useRef<HTMLInputElement>(null);
  return (
    <header className="toolbar">
      <h1 className="brand">Sluice</h1>
      <button type="button" className="primary" onClick={props.onOpenFile}>
        Open file
      </button>
      <input
        ref={props.fileInput}
        type="file"
        multiple
        aria-label="Open files"
        className="visually-hidden"
        accept={FILE_TYPES}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) props.onFiles(files);
        }}
      />
      <span className="toolbar-hint muted">or drop files anywhere</span>
      <button type="button" onClick={() => props.onPickProject(() => projectInput.current?.click())}>
        Open project
      </button>
      <input
        ref={projectInput}
        type="file"
        accept=".json,application/json"
        aria-label="Open project file"
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void file.text().then((text) => props.onProjectText(text, file.name));
        }}
      />
      <button type="button" disabled={!props.canSave} onClick={props.onSave}>
        Save project
      </button>
      <span className="toolbar-spacer" />
      <button type="button" onClick={props.onUndo} disabled={!props.canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={props.onRedo} disabled={!props.canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      {props.exportMenu}
      <button type="button" onClick={props.onConsole}>
        SQL console
      </button>
    </header>
  );
}
