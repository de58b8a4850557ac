// Saves the draft automatically (debounced) and on demand, with optimistic concurrency: when someone
// else saved since this editor loaded, the person is told and nothing is overwritten.
"use client";
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { useEditorStoreApi } from "./editor-context";

export type SaveState =
  | { kind: "saved"; at: Date | null }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "conflict"; message: string }
  | { kind: "error"; message: string };

/** Watches the editor and saves changes `delayMs` after the last one; `saveNow` saves at once. */
export function useAutosave(workflowId: string, initialRevision: number, enabled: boolean, delayMs = 1200) {
  const store = useEditorStoreApi();
  const trpc = useTRPC();
  const [state, setState] = useState<SaveState>({ kind: "saved", at: null });
  const revision = useRef(initialRevision);
  const lastSaved = useRef(JSON.stringify(store.getState().definition()));
  const blocked = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const save = useMutation(trpc.workflows.saveDraft.mutationOptions());

  const saveNow = useCallback(async () => {
    if (!enabled || blocked.current) return;
    if (timer.current) clearTimeout(timer.current);
    const definition = store.getState().definition();
    const json = JSON.stringify(definition);
    if (json === lastSaved.current) {
      setState((current) => (current.kind === "dirty" ? { kind: "saved", at: null } : current));
      return;
    }
    setState({ kind: "saving" });
    try {
      const result = await save.mutateAsync({
        id: workflowId,
        revision: revision.current,
        draft: definition,
      });
      revision.current = result.revision;
      lastSaved.current = json;
      const current = JSON.stringify(store.getState().definition());
      setState(current === json ? { kind: "saved", at: new Date(result.savedAt) } : { kind: "dirty" });
    } catch (error: unknown) {
      const data = (error as { data?: { code?: string } }).data;
      const message = error instanceof Error ? error.message : String(error);
      if (data?.code === "CONFLICT") {
        blocked.current = true;
        setState({ kind: "conflict", message });
      } else setState({ kind: "error", message });
    }
  }, [enabled, save, store, workflowId]);

  useEffect(() => {
    if (!enabled) return;
    return store.subscribe((next, previous) => {
      if (blocked.current) return;
      if (next.nodes === previous.nodes && next.edges === previous.edges && next.base === previous.base)
        return;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (JSON.stringify(store.getState().definition()) !== lastSaved.current) {
          setState({ kind: "dirty" });
          void saveNow();
        }
      }, delayMs);
    });
  }, [enabled, store, saveNow, delayMs]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (JSON.stringify(store.getState().definition()) !== lastSaved.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [store]);

  return { state, saveNow };
}
