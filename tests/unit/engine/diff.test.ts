// Version diffs: added, removed and changed nodes and edges with field-level changes.
import { describe, expect, it } from "vitest";
import { diffDefinitions } from "@/engine";
import { fixture } from "./fixtures";

describe("diffDefinitions", () => {
  it("finds nothing between a definition and itself, and ignores moved nodes", () => {
    const definition = fixture("quorum");
    const moved = {
      ...definition,
      nodes: definition.nodes.map((node) => ({ ...node, position: { x: 500, y: 500 } })),
    };
    expect(diffDefinitions(definition, moved)).toEqual({
      nodes: { added: [], removed: [], changed: [] },
      edges: { added: [], removed: [], changed: [] },
      summary: [],
    });
  });

  it("lists field-level changes in words a process owner reads", () => {
    const before = fixture("quorum");
    const after = {
      ...before,
      nodes: [
        ...before.nodes.map((node) =>
          node.kind === "approval" ? { ...node, completion: { type: "quorum" as const, count: 3 } } : node,
        ),
        {
          id: "notify",
          kind: "notify" as const,
          name: "Tell finance",
          channel: "email" as const,
          recipients: [{ type: "role" as const, role: "finance" }],
          subject: "",
          template: "",
        },
      ].filter((node) => node.id !== "declined"),
      edges: [
        ...before.edges.filter((edge) => edge.id !== "e3"),
        {
          id: "e9",
          source: "board",
          target: "notify",
          type: "exception" as const,
          on: { type: "rejection" as const },
        },
      ],
    };
    const diff = diffDefinitions(before, after);
    expect(diff.nodes).toEqual({
      added: ["notify"],
      removed: ["declined"],
      changed: [
        {
          id: "board",
          label: "Board approval",
          changes: [{ path: "completion.count", before: 2, after: 3 }],
        },
      ],
    });
    expect(diff.edges).toMatchObject({ added: ["e9"], removed: ["e3"], changed: [] });
    expect(diff.summary).toEqual([
      "Board approval: quorum 2 -> 3",
      'Added notify "Tell finance"',
      'Removed end "Declined"',
      "Added connection Board approval → Tell finance",
      "Removed connection Board approval → Declined",
    ]);
  });
});
