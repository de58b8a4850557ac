// The editor store: React Flow changes, connecting, adding, copy/paste, delete, and undo/redo.
import { describe, expect, it, vi } from "vitest";
import { createEditorStore } from "@/components/editor/store";
import { fixture } from "../engine/fixtures";

function store() {
  return createEditorStore(fixture("quorum"));
}

async function settle(): Promise<void> {
  // History records one entry per burst of changes; let the burst end.
  await vi.advanceTimersByTimeAsync(500);
}

describe("editor store", () => {
  it("moves nodes through React Flow change objects and reflects them in the definition", () => {
    const editor = store();
    editor.getState().onNodesChange([{ type: "position", id: "board", position: { x: 400, y: 80 } }]);
    expect(
      editor
        .getState()
        .definition()
        .nodes.find((node) => node.id === "board")?.position,
    ).toEqual({ x: 400, y: 80 });
  });

  it("adds a node of a kind with starting settings and selects only it", () => {
    const editor = store();
    const id = editor.getState().addNode("approval", { x: 10, y: 20 });
    const added = editor.getState().nodes.find((node) => node.id === id)!;
    expect(added.selected).toBe(true);
    expect(added.data.definitionNode).toMatchObject({
      kind: "approval",
      mode: "single",
      position: { x: 10, y: 20 },
    });
    expect(editor.getState().nodes.filter((node) => node.selected)).toHaveLength(1);
  });

  it("connects nodes, making a second path out of a decision a condition", () => {
    const editor = createEditorStore(fixture("subworkflow"));
    editor.getState().onConnect({ source: "start", target: "ok", sourceHandle: null, targetHandle: null });
    expect(editor.getState().edges.at(-1)?.data?.definitionEdge).toMatchObject({
      source: "start",
      target: "ok",
      type: "normal",
    });
    editor.getState().onConnect({ source: "ok", target: "credit", sourceHandle: null, targetHandle: null });
    expect(editor.getState().edges.at(-1)?.data?.definitionEdge).toMatchObject({
      source: "ok",
      type: "conditional",
      condition: "true",
    });
    editor.getState().onConnect({ source: "ok", target: "ok", sourceHandle: null, targetHandle: null });
    expect(
      editor.getState().edges.filter((edge) => edge.source === "ok" && edge.target === "ok"),
    ).toHaveLength(0);
  });

  it("copies and pastes selected steps with new ids and their inner connections", () => {
    const editor = store();
    editor.setState({
      nodes: editor
        .getState()
        .nodes.map((node) => ({ ...node, selected: node.id === "start" || node.id === "board" })),
    });
    expect(editor.getState().copySelection()).toBe(2);
    expect(editor.getState().paste()).toBe(2);
    const definition = editor.getState().definition();
    expect(definition.nodes).toHaveLength(6);
    const pasted = definition.nodes.slice(4);
    expect(pasted.map((node) => node.kind)).toEqual(["start", "approval"]);
    expect(pasted.every((node) => !["start", "board"].includes(node.id))).toBe(true);
    expect(definition.edges).toHaveLength(4);
    expect(definition.edges.at(-1)).toMatchObject({ source: pasted[0]!.id, target: pasted[1]!.id });
  });

  it("deletes the selection with the edges that touch it", () => {
    const editor = store();
    editor.getState().select({ nodeId: "board" });
    editor.getState().deleteSelection();
    const definition = editor.getState().definition();
    expect(definition.nodes.map((node) => node.id)).toEqual(["start", "onboarded", "declined"]);
    expect(definition.edges).toEqual([]);
  });

  it("undoes and redoes edits, but not selection changes", async () => {
    vi.useFakeTimers();
    try {
      const editor = store();
      const original = editor.getState().definition();
      editor.getState().select({ nodeId: "board" });
      await settle();
      expect(editor.temporal.getState().pastStates).toHaveLength(0);
      const node = editor.getState().nodes.find((entry) => entry.id === "board")!.data.definitionNode;
      editor.getState().updateNode({ ...node, name: "Board vote" });
      await settle();
      editor.getState().deleteSelection();
      await settle();
      expect(editor.getState().definition().nodes).toHaveLength(3);
      editor.temporal.getState().undo();
      expect(
        editor
          .getState()
          .definition()
          .nodes.find((entry) => entry.id === "board")?.name,
      ).toBe("Board vote");
      editor.temporal.getState().undo();
      expect(editor.getState().definition()).toEqual(original);
      editor.temporal.getState().redo();
      editor.temporal.getState().redo();
      expect(editor.getState().definition().nodes).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
