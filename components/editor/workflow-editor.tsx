// The workflow editor: palette, canvas, properties and problems, with autosave, undo/redo,
// copy/paste, auto-layout, JSON import/export and keyboard shortcuts.
"use client";
import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { parseDefinition, type ConnectorCatalog } from "@/engine";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { layoutPositions } from "./auto-layout";
import { Canvas, PALETTE_MIME } from "./canvas";
import { EditorProvider, useEditor, useEditorStoreApi, useHistory } from "./editor-context";
import { kindInfo, paletteKinds } from "./node-kinds";
import { ProblemsProvider, useProblems } from "./problems-context";
import { PropertyPanel, type Directory } from "./property-panel";
import { TestRunHighlightProvider, TestRunPanel, useTestRunState } from "./test-run";
import { useAutosave, type SaveState } from "./use-autosave";
import { PublishButton, VersionsPanel } from "./versions-panel";
import { KindIcon } from "./workflow-node";

export const shortcuts: [string, string][] = [
  ["Ctrl/⌘ + S", "Save now"],
  ["Ctrl/⌘ + Z", "Undo"],
  ["Ctrl/⌘ + Shift + Z or Ctrl + Y", "Redo"],
  ["Ctrl/⌘ + C / V", "Copy / paste the selected steps"],
  ["Delete or Backspace", "Delete the selection"],
  ["Shift + click or drag", "Select several"],
  ["?", "Show or hide this help"],
];

const tabLabels = {
  properties: "Properties",
  problems: "Problems",
  test: "Test run",
  versions: "Versions",
} as const;

function saveLabel(state: SaveState): string {
  switch (state.kind) {
    case "saved":
      return state.at ? `Saved ${state.at.toLocaleTimeString()}` : "All changes saved";
    case "dirty":
      return "Unsaved changes";
    case "saving":
      return "Saving…";
    case "conflict":
      return "Not saved: conflict";
    case "error":
      return "Not saved";
  }
}

function Palette({ disabled }: { disabled: boolean }) {
  const addNode = useEditor((state) => state.addNode);
  const { screenToFlowPosition } = useReactFlow();
  const addAtCenter = (kind: (typeof paletteKinds)[number]) => {
    const canvas = document.querySelector("[data-testid=canvas]")?.getBoundingClientRect();
    const center = canvas
      ? screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 })
      : { x: 0, y: 0 };
    addNode(kind, { x: Math.round(center.x / 20) * 20, y: Math.round(center.y / 20) * 20 });
  };
  return (
    <nav aria-label="Palette" className="space-y-1">
      <h2 className="px-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Add a step</h2>
      {paletteKinds.map((kind) => (
        <button
          key={kind}
          type="button"
          disabled={disabled}
          draggable={!disabled}
          onDragStart={(event) => {
            event.dataTransfer.setData(PALETTE_MIME, kind);
            event.dataTransfer.effectAllowed = "copy";
          }}
          onClick={() => addAtCenter(kind)}
          title={kindInfo[kind].description}
          aria-label={`Add ${kindInfo[kind].label}`}
          className={cn(
            "flex w-full items-center gap-2 rounded-md border-l-4 bg-white px-2 py-1.5 text-left text-sm shadow-sm hover:bg-slate-50 disabled:opacity-50",
            kindInfo[kind].accent,
          )}
        >
          <KindIcon kind={kind} />
          {kindInfo[kind].label}
        </button>
      ))}
    </nav>
  );
}

function ProblemsPanel() {
  const { problems } = useProblems();
  const select = useEditor((state) => state.select);
  const { fitView } = useReactFlow();
  if (problems.length === 0) {
    return (
      <p role="status" className="text-sm text-emerald-700">
        No problems: this workflow can be published.
      </p>
    );
  }
  return (
    <ul aria-label="Problems" className="space-y-1">
      {problems.map((problem, index) => (
        <li key={index}>
          <button
            type="button"
            className="w-full rounded-md border border-red-100 bg-red-50 px-2 py-1 text-left text-xs text-red-900 hover:bg-red-100"
            onClick={() => {
              select({ nodeId: problem.edgeId ? undefined : problem.nodeId, edgeId: problem.edgeId });
              if (problem.nodeId && !problem.edgeId)
                void fitView({ nodes: [{ id: problem.nodeId }], duration: 300, maxZoom: 1.2 });
            }}
          >
            <span className="font-mono text-[10px] text-red-700">{problem.code}</span> {problem.message}
          </button>
        </li>
      ))}
    </ul>
  );
}

function EditorBody({
  workflowId,
  revision,
  catalog,
  directory,
  readOnly,
  canPublish,
}: {
  workflowId: string;
  revision: number;
  catalog: ConnectorCatalog | null;
  directory: Directory | null;
  readOnly: boolean;
  canPublish: boolean;
}) {
  const store = useEditorStoreApi();
  const name = useEditor((state) => state.base.name);
  const history = useHistory();
  const { undo, redo } = history;
  const { state: saveState, saveNow } = useAutosave(workflowId, revision, !readOnly);
  const { problems } = useProblems();
  const [panel, setPanel] = useState<"properties" | "problems" | "test" | "versions">("properties");
  const testRun = useTestRunState();
  const [showHelp, setShowHelp] = useState(false);
  const [notice, setNotice] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { fitView } = useReactFlow();

  // Shortcuts work wherever focus is on the page, except while typing into a field.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target
        ? ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable
        : false;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "s") {
        event.preventDefault();
        void saveNow();
        return;
      }
      if (typing) return;
      if (mod && key === "z" && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if (mod && ((key === "z" && event.shiftKey) || key === "y")) {
        event.preventDefault();
        redo();
      } else if (mod && key === "c") {
        const count = store.getState().copySelection();
        if (count > 0) setNotice({ tone: "info", text: `Copied ${count} step${count === 1 ? "" : "s"}` });
      } else if (mod && key === "v" && !readOnly) {
        store.getState().paste();
      } else if (event.key === "?") {
        setShowHelp((value) => !value);
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [saveNow, undo, redo, store, readOnly]);

  const exportJson = () => {
    const definition = store.getState().definition();
    const blob = new Blob([`${JSON.stringify(definition, null, 2)}\n`], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${definition.key}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const importJson = async (file: File) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await file.text());
    } catch {
      setNotice({ tone: "error", text: `${file.name} is not valid JSON; nothing was changed.` });
      return;
    }
    const parsed = parseDefinition(raw);
    if (!parsed.ok) {
      const list = parsed.problems
        .map((problem) => `${problem.path || "(definition)"}: ${problem.message}`)
        .join("; ");
      setNotice({
        tone: "error",
        text: `${file.name} is not a valid workflow definition; nothing was changed. ${list}`,
      });
      return;
    }
    const current = store.getState().base;
    store.getState().replaceDefinition({ ...parsed.definition, key: current.key });
    setNotice({ tone: "info", text: `Imported ${file.name}.` });
    void fitView({ padding: 0.2, duration: 300 });
  };

  const autoLayout = async () => {
    const definition = store.getState().definition();
    const positions = await layoutPositions(definition);
    store.getState().replaceDefinition({
      ...definition,
      nodes: definition.nodes.map((node) => ({ ...node, position: positions[node.id] ?? node.position })),
    });
    void fitView({ padding: 0.2, duration: 300 });
  };

  return (
    // The editor uses the whole window width, breaking out of the page's centred column.
    <div className="relative left-1/2 flex h-[calc(100vh-7.5rem)] w-[calc(100vw-2rem)] -translate-x-1/2 flex-col rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-3 py-2">
        <Link href="/workflows" className="text-sm text-brand-700 underline">
          Workflows
        </Link>
        <h1 className="text-base font-semibold">{name}</h1>
        {readOnly ? <Badge>read-only</Badge> : null}
        <span
          role="status"
          data-testid="save-state"
          className={cn(
            "text-xs",
            saveState.kind === "conflict" || saveState.kind === "error" ? "text-red-700" : "text-slate-500",
          )}
        >
          {readOnly ? "" : saveLabel(saveState)}
        </span>
        <div className="ml-auto flex flex-wrap items-center gap-1">
          <Button size="sm" variant="ghost" onClick={() => undo()} disabled={readOnly || !history.canUndo}>
            Undo
          </Button>
          <Button size="sm" variant="ghost" onClick={() => redo()} disabled={readOnly || !history.canRedo}>
            Redo
          </Button>
          <Button size="sm" variant="ghost" onClick={() => void autoLayout()} disabled={readOnly}>
            Auto-layout
          </Button>
          <Button size="sm" variant="ghost" onClick={exportJson}>
            Export JSON
          </Button>
          <Button size="sm" variant="ghost" onClick={() => fileInput.current?.click()} disabled={readOnly}>
            Import JSON
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="hidden"
            aria-label="Import a definition file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void importJson(file);
              event.target.value = "";
            }}
          />
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setShowHelp((value) => !value)}
            aria-expanded={showHelp}
          >
            Shortcuts
          </Button>
          {canPublish ? (
            <PublishButton
              workflowId={workflowId}
              onPublished={(version) => {
                setNotice({ tone: "info", text: `Published version ${version}. New instances start on it.` });
                setPanel("versions");
              }}
            />
          ) : null}
          {!readOnly ? (
            <Button
              size="sm"
              onClick={() => void saveNow()}
              disabled={saveState.kind === "saving" || saveState.kind === "conflict"}
            >
              Save
            </Button>
          ) : null}
        </div>
      </div>
      {saveState.kind === "conflict" ? (
        <Alert tone="error" className="m-2">
          {saveState.message} Your changes were not saved.{" "}
          <button type="button" className="font-medium underline" onClick={() => window.location.reload()}>
            Reload the latest version
          </button>{" "}
          (your unsaved changes will be lost; export them first to keep a copy).
        </Alert>
      ) : null}
      {notice ? (
        <Alert tone={notice.tone} className="m-2 flex items-start justify-between gap-2">
          <span>{notice.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </Alert>
      ) : null}
      {showHelp ? (
        <section
          aria-label="Keyboard shortcuts"
          className="m-2 rounded-md border border-slate-200 bg-white p-3 text-sm"
        >
          <h2 className="mb-2 font-semibold">Keyboard shortcuts</h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {shortcuts.map(([keys, action]) => (
              <div key={keys} className="contents">
                <dt className="font-mono text-xs">{keys}</dt>
                <dd>{action}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <div className="grid min-h-0 flex-1 grid-cols-[11rem_1fr_20rem]">
        <aside className="overflow-y-auto border-r border-slate-200 bg-slate-50 p-2">
          <Palette disabled={readOnly} />
        </aside>
        <div className="min-h-0">
          <TestRunHighlightProvider view={testRun.view}>
            <Canvas readOnly={readOnly} />
          </TestRunHighlightProvider>
        </div>
        <aside className="flex min-h-0 flex-col border-l border-slate-200 bg-white">
          <div role="tablist" aria-label="Side panel" className="flex border-b border-slate-200">
            {(["properties", "problems", "test", "versions"] as const).map((tab) => (
              <button
                key={tab}
                role="tab"
                type="button"
                aria-selected={panel === tab}
                onClick={() => setPanel(tab)}
                className={cn(
                  "flex-1 px-1.5 py-2 text-xs font-medium",
                  panel === tab ? "border-b-2 border-brand-600 text-brand-700" : "text-slate-600",
                )}
              >
                {tabLabels[tab]}
                {tab === "problems" ? ` (${problems.length})` : ""}
              </button>
            ))}
          </div>
          <div role="tabpanel" className="min-h-0 flex-1 overflow-y-auto p-3">
            {panel === "properties" ? (
              <PropertyPanel catalog={catalog} directory={directory} readOnly={readOnly} />
            ) : panel === "problems" ? (
              <ProblemsPanel />
            ) : panel === "test" ? (
              <TestRunPanel run={testRun.run} setRun={testRun.setRun} />
            ) : (
              <VersionsPanel workflowId={workflowId} canPublish={canPublish} />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

/** Loads a workflow's draft and the connector catalog, then shows the editor. */
export function WorkflowEditor({
  workflowId,
  readOnly,
  canPublish,
}: {
  workflowId: string;
  readOnly: boolean;
  canPublish: boolean;
}) {
  const trpc = useTRPC();
  const workflow = useQuery({
    ...trpc.workflows.get.queryOptions({ id: workflowId }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const catalog = useQuery(trpc.workflows.catalog.queryOptions());
  const directory = useQuery(trpc.directory.get.queryOptions());
  // The draft is read once; later refetches do not replace what the person is editing.
  const parsed = useMemo(
    () => (workflow.data ? parseDefinition(workflow.data.draft) : null),
    [workflow.data],
  );

  if (workflow.isPending) return <LoadingRows rows={4} label="Loading the workflow" />;
  if (workflow.isError) return <ErrorState message={workflow.error.message} />;
  if (!parsed?.ok) return <ErrorState message="The saved draft no longer matches the workflow schema." />;
  const definition = parsed.definition;
  return (
    <EditorProvider definition={definition}>
      <ReactFlowProvider>
        <ProblemsProvider catalog={catalog.data ?? null}>
          <EditorBody
            workflowId={workflowId}
            revision={workflow.data.draftRevision}
            catalog={catalog.data ?? null}
            directory={directory.data ?? null}
            readOnly={readOnly}
            canPublish={canPublish}
          />
        </ProblemsProvider>
      </ReactFlowProvider>
    </EditorProvider>
  );
}
