// definition <-> React Flow: a round trip gives back the same definition.
import { describe, expect, it } from "vitest";
import { fromFlow, toFlow, edgeLabel } from "@/components/editor/convert";
import { fixture, fixtureNames } from "../engine/fixtures";

describe("definition <-> React Flow", () => {
  it.each(fixtureNames)("round-trips %s unchanged once nodes have positions", (name) => {
    const definition = fixture(name);
    const positioned = {
      ...definition,
      nodes: definition.nodes.map((node, index) => ({ ...node, position: { x: index * 100, y: 40 } })),
    };
    const flow = toFlow(positioned);
    expect(fromFlow(positioned, flow.nodes, flow.edges)).toEqual(positioned);
  });

  it("lays out nodes without positions on a grid and keeps those positions", () => {
    const definition = fixture("purchase-approval");
    const flow = toFlow(definition);
    expect(flow.nodes.map((node) => node.position).slice(0, 2)).toEqual([
      { x: 0, y: 0 },
      { x: 260, y: 0 },
    ]);
    expect(fromFlow(definition, flow.nodes, flow.edges).nodes[1]?.position).toEqual({ x: 260, y: 0 });
  });

  it("labels edges with conditions, defaults and what exception paths catch", () => {
    expect(
      edgeLabel({ id: "a", source: "x", target: "y", type: "conditional", condition: "amount > 10" }),
    ).toBe("amount > 10");
    expect(edgeLabel({ id: "a", source: "x", target: "y", type: "default" })).toBe("default");
    expect(
      edgeLabel({
        id: "a",
        source: "x",
        target: "y",
        type: "exception",
        on: { type: "error", code: "TIMEOUT" },
      }),
    ).toBe("on error TIMEOUT");
    expect(
      edgeLabel({ id: "a", source: "x", target: "y", type: "exception", on: { type: "rejection" } }),
    ).toBe("on rejection");
    expect(edgeLabel({ id: "a", source: "x", target: "y", type: "normal" })).toBeUndefined();
  });

  it("draws exception edges dashed and red", () => {
    const flow = toFlow(fixture("connector-retry"));
    expect(flow.edges.find((edge) => edge.id === "failed")?.style).toEqual({
      stroke: "#dc2626",
      strokeDasharray: "6 4",
    });
    expect(flow.edges.find((edge) => edge.id === "e1")?.style).toBeUndefined();
  });
});
