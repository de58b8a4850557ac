// Provides one editor store per mounted editor and hooks to read it.
"use client";
import { createContext, useContext, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import type { Definition } from "@/engine";
import { createEditorStore, type EditorState, type EditorStore } from "./store";

const EditorContext = createContext<EditorStore | null>(null);

/** Creates the store once for `definition` and provides it to the editor below. */
export function EditorProvider({ definition, children }: { definition: Definition; children: ReactNode }) {
  const [store] = useState(() => createEditorStore(definition));
  return <EditorContext.Provider value={store}>{children}</EditorContext.Provider>;
}

/** The raw store (for imperative reads in event handlers). */
export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorContext);
  if (!store) throw new Error("useEditor must be used inside <EditorProvider>");
  return store;
}

/** Selects a value from the editor store; re-renders only when it changes. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

/** Undo/redo state and actions. */
export function useHistory() {
  const store = useEditorStoreApi();
  const canUndo = useStore(store.temporal, (state) => state.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (state) => state.futureStates.length > 0);
  return {
    canUndo,
    canRedo,
    undo: store.temporal.getState().undo,
    redo: store.temporal.getState().redo,
  };
}
