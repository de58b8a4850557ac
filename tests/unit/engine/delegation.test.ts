// Delegation: a person hands a task to someone who then acts on their behalf. Four-eyes binds both the
// delegate and the person delegating, and delegating to someone the rules forbid is refused up front.
import { describe, expect, it } from "vitest";
import { compiled } from "./fixtures";
import { person, Scenario } from "./scenario";

const requester = "r1";

function twoLevels(): Scenario {
  // 5,000 takes the two-level path: i1.t2 (manager level), then i1.t3 (director level).
  return new Scenario(compiled("purchase-approval"), { amount: 5000, supplier: "ACME" }, { requester });
}

describe("task delegation", () => {
  it("reassigns the task to the delegate, who approves on the delegator's behalf", () => {
    const run = twoLevels();
    const commands = run.send({
      type: "task.delegated",
      taskId: "i1.t2",
      actor: person("m1", "manager"),
      delegate: "x1",
    });
    expect(commands).toEqual([
      {
        type: "task.reassign",
        taskId: "i1.t2",
        assignees: ["x1"],
        candidateRoles: [],
        escalationLevel: 0,
        onBehalfOf: "m1",
      },
    ]);
    // The role no longer reaches the task: it belongs to the delegate now.
    run.refuse(
      { type: "task.completed", taskId: "i1.t2", actor: person("m2", "manager"), decision: "approved" },
      "NOT_ASSIGNEE",
    );
    run.send({ type: "task.completed", taskId: "i1.t2", actor: person("x1"), decision: "approved" });
    expect(run.state.approvals).toEqual([
      expect.objectContaining({ actor: "x1", onBehalfOf: "m1", level: 0 }),
    ]);
  });

  it("applies four-eyes to the person delegating: one who approved level 1 cannot approve level 2 by proxy", () => {
    const run = twoLevels();
    run.send({
      type: "task.completed",
      taskId: "i1.t2",
      actor: person("m1", "manager", "director"),
      decision: "approved",
    });
    // m1 may still hand the level-2 task on (it is offered to their role)...
    run.send({
      type: "task.delegated",
      taskId: "i1.t3",
      actor: person("m1", "manager", "director"),
      delegate: "x1",
    });
    // ...but the delegate acts for m1, who already approved, so the approval is refused.
    const refusal = run.refuse(
      { type: "task.completed", taskId: "i1.t3", actor: person("x1"), decision: "approved" },
      "FOUR_EYES_REPEAT",
    );
    expect(refusal.message).toMatch(/person you act for already approved/);
  });

  it("refuses delegating to the requester, to oneself, or by someone the task is not offered to", () => {
    const run = twoLevels();
    const toRequester = run.refuse(
      { type: "task.delegated", taskId: "i1.t2", actor: person("m1", "manager"), delegate: requester },
      "DELEGATE_INVALID",
    );
    expect(toRequester.message).toMatch(/started this request/);
    run.refuse(
      { type: "task.delegated", taskId: "i1.t2", actor: person("m1", "manager"), delegate: "m1" },
      "DELEGATE_INVALID",
    );
    run.refuse(
      { type: "task.delegated", taskId: "i1.t2", actor: person("z9", "buyer"), delegate: "x1" },
      "NOT_ASSIGNEE",
    );
    run.refuse(
      { type: "task.delegated", taskId: "nope", actor: person("m1", "manager"), delegate: "x1" },
      "TASK_NOT_OPEN",
    );
  });

  it("ends the delegation when the task is handed back, and lets the delegate pass it on for the same person", () => {
    const run = twoLevels();
    run.send({ type: "task.delegated", taskId: "i1.t2", actor: person("m1", "manager"), delegate: "x1" });
    run.send({ type: "task.delegated", taskId: "i1.t2", actor: person("x1"), delegate: "x2" });
    expect(run.state.tasks["i1.t2"]).toMatchObject({ assignees: ["x2"], onBehalfOf: "m1" });
    const back = run.send({ type: "task.delegated", taskId: "i1.t2", actor: person("x2"), delegate: "m1" });
    expect(back).toEqual([expect.objectContaining({ type: "task.reassign", assignees: ["m1"] })]);
    expect(back[0]).not.toHaveProperty("onBehalfOf");
    expect(run.state.tasks["i1.t2"]?.onBehalfOf).toBeUndefined();
    run.send({ type: "task.completed", taskId: "i1.t2", actor: person("m1"), decision: "approved" });
    expect(run.state.approvals).toEqual([{ nodeId: "twoLevels", activation: 1, level: 0, actor: "m1" }]);
  });
});
