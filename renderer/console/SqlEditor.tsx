import { autocompletion, type CompletionSource } from '@codemirror/autocomplete';
import { PostgreSQL, schemaCompletionSource, sql } from '@codemirror/lang-sql';
import { setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

export interface SqlEditorHandle {
  text(): string;
  setText(text: string): void;
  /** Mark an error at a character offset (or clear with null). */
  markError(position: number | null, message: string): void;
  focus(): void;
}

interface Props {
  initial: string;
  /** Table name → column names, for completion. */
  schema: Record<string, string[]>;
  onRun: () => void;
}

/** CodeMirror 6 with SQL highlighting (PostgreSQL dialect, the closest to DuckDB's), table/column completion, Ctrl/Cmd+Enter to run. */
export const SqlEditor = forwardRef<SqlEditorHandle, Props>(function SqlEditor({ initial, schema, onRun }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const run = useRef(onRun);
  run.current = onRun;
  // The schema is read when completing, not pushed into the editor: a reconfigure on every dataset
  // change forces a layout in the middle of React's commit (measured: ~60 ms when a file opens).
  const schemaRef = useRef(schema);
  schemaRef.current = schema;
  const completions = useRef<{ schema: Props['schema']; source: CompletionSource } | null>(null);
  const schemaCompletions: CompletionSource = (context) => {
    const current = schemaRef.current;
    if (completions.current?.schema !== current) completions.current = { schema: current, source: schemaCompletionSource({ dialect: PostgreSQL, schema: current }) };
    return completions.current.source(context);
  };

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial,
        extensions: [
          keymap.of([{ key: 'Mod-Enter', run: () => (run.current(), true) }]),
          basicSetup,
          sql({ dialect: PostgreSQL, upperCaseKeywords: true }),
          PostgreSQL.language.data.of({ autocomplete: schemaCompletions }),
          autocompletion(),
          EditorView.contentAttributes.of({ 'aria-label': 'SQL', 'aria-multiline': 'true' }),
          EditorView.lineWrapping,
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is created once; `initial` only seeds it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useImperativeHandle(ref, () => ({
    text: () => view.current?.state.doc.toString() ?? '',
    setText: (text) => {
      const v = view.current;
      if (v) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
    },
    markError: (position, message) => {
      const v = view.current;
      if (!v) return;
      if (position === null) {
        v.dispatch(setDiagnostics(v.state, []));
        return;
      }
      const doc = v.state.doc;
      const from = Math.min(position, doc.length);
      const word = /^[\w"'.]+/.exec(doc.sliceString(from, Math.min(doc.length, from + 80)));
      const to = Math.min(doc.length, from + Math.max(1, word?.[0].length ?? 1));
      v.dispatch(setDiagnostics(v.state, [{ from, to: Math.max(to, from), severity: 'error', message }]));
      v.dispatch({ selection: { anchor: from }, scrollIntoView: true });
    },
    focus: () => view.current?.focus(),
  }));

  return <div ref={host} className="sql-editor" />;
});
