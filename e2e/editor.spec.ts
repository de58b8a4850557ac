// The designer's canvas, used with mouse and keyboard as a person would: build a two-level purchase
// approval with an amount rule and an exception path, see problems on the nodes while it is
// incomplete, reload and find the same graph, and export then import the same definition.
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

async function createWorkflow(page: Page, name: string): Promise<string> {
  const response = await page.request.post("/api/trpc/workflows.create", {
    headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
    data: { json: { name } },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { id: string } } } };
  return body.result.data.json.id;
}

/** Adds a step from the palette (dragged onto the canvas, or clicked) and returns the new node's id. */
async function addStep(
  page: Page,
  label: string,
  kind: string,
  how: "drag" | "click" = "click",
): Promise<string> {
  const before = await page.locator(`[data-kind=${kind}]`).count();
  const entry = page.getByRole("button", { name: `Add ${label}` });
  if (how === "drag") await entry.dragTo(page.getByTestId("canvas"), { targetPosition: { x: 120, y: 120 } });
  else await entry.click();
  await expect(page.locator(`[data-kind=${kind}]`)).toHaveCount(before + 1);
  const testId = await page.locator(`[data-kind=${kind}]`).nth(before).getAttribute("data-testid");
  return testId!.replace(/^node-/, "");
}

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

/** Waits until the canvas stops moving (fit-view and zoom animate). */
async function waitForStillCanvas(page: Page): Promise<void> {
  const transform = () =>
    page.locator(".react-flow__viewport").evaluate((element) => getComputedStyle(element).transform);
  await expect
    .poll(async () => {
      const before = await transform();
      await new Promise((resolve) => setTimeout(resolve, 150));
      return before === (await transform());
    })
    .toBe(true);
}

async function connect(page: Page, from: string, to: string): Promise<void> {
  await waitForStillCanvas(page);
  const source = (await node(page, from).locator(".react-flow__handle.source").boundingBox())!;
  const target = (await node(page, to).locator(".react-flow__handle.target").boundingBox())!;
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(page.locator(`[aria-label="Edge from ${from} to ${to}"]`)).toHaveCount(1);
}

async function selectNode(page: Page, id: string): Promise<void> {
  await node(page, id).click();
  await expect(page.getByRole("group", { name: "Properties" }).getByText(id)).toBeVisible();
}

async function selectEdge(page: Page, from: string, to: string): Promise<void> {
  const edge = page.locator(`[aria-label="Edge from ${from} to ${to}"]`);
  await edge.focus();
  await page.keyboard.press("Enter");
  await expect(
    page.getByRole("group", { name: "Properties" }).getByRole("heading", { name: /Connection/ }),
  ).toBeVisible();
}

async function exportDefinition(page: Page): Promise<unknown> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const file = await (await download).path();
  return JSON.parse(readFileSync(file, "utf8")) as unknown;
}

test("a designer builds a two-level purchase approval with an amount rule and an exception path", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, "designer@omniflow.demo", /\/workflows$/);
  const id = await createWorkflow(page, `Purchase approval ${Date.now()}`);
  await page.goto(`/workflows/${id}`);
  await expect(node(page, "start")).toBeVisible();
  await expect(node(page, "end")).toBeVisible();

  // The start step gets an amount input.
  await selectNode(page, "start");
  await page.getByRole("button", { name: "Add a field to Input" }).click();
  await page.getByLabel("Field 1 name").fill("amount");
  await page.getByLabel("Field 1 type").selectOption("number");
  await page.getByLabel("Field 1 required").check();

  // Make room: the new steps go between start and end.
  await selectNode(page, "end");
  await page.keyboard.press("Delete");
  await expect(node(page, "end")).toHaveCount(0);

  const rule = await addStep(page, "Decision", "decision", "drag");
  await page.getByLabel("Name", { exact: true }).fill("Amount rule");
  const approval = await addStep(page, "Approval", "approval");
  await page.getByLabel("Name", { exact: true }).fill("Purchase approval");
  await page.getByLabel("Mode").selectOption("sequential");
  await page.getByRole("button", { name: "Add an approver to level 1" }).click();
  await page.getByLabel("Level 1 approver 1 role").fill("manager");
  await page.getByRole("button", { name: "Add a level" }).click();
  await page.getByLabel("Level 2 name").fill("Director");
  await page.getByRole("button", { name: "Add an approver to level 2" }).click();
  await page.getByLabel("Level 2 approver 1 role").fill("director");
  const approved = await addStep(page, "End", "end");
  await page.getByLabel("Name", { exact: true }).fill("Approved");
  const rejected = await addStep(page, "End", "end");
  await page.getByLabel("Name", { exact: true }).fill("Rejected");
  await page.getByLabel("Outcome").selectOption("rejected");

  // While steps are unconnected, their problems show on the nodes and in the panel.
  await expect(node(page, approved)).toHaveAttribute("aria-label", /problem/);
  await page.getByRole("tab", { name: /Problems/ }).click();
  await expect(page.getByRole("list", { name: "Problems" })).toContainText(
    "cannot be reached from the start",
  );
  await page.getByRole("list", { name: "Problems" }).getByRole("button").first().click();
  await page.getByRole("tab", { name: "Properties" }).click();

  // Tidy the canvas so no step hides another, then draw the connections.
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await connect(page, "start", rule);
  await connect(page, rule, approval);
  await connect(page, rule, approved);
  await connect(page, approval, approved);
  await connect(page, approval, rejected);

  // Large amounts need the approval; everything else is approved at once.
  await selectEdge(page, rule, approval);
  await page.getByLabel("Connection type").selectOption("conditional");
  await page.getByLabel("Condition").fill("amount > 1000");
  await selectEdge(page, rule, approved);
  await page.getByLabel("Connection type").selectOption("default");
  await selectEdge(page, approval, rejected);
  await page.getByLabel("Connection type").selectOption("exception");
  await page.getByLabel("Catches").selectOption("rejection");

  await page.getByRole("tab", { name: /Problems/ }).click();
  await expect(page.getByText("No problems: this workflow can be published.")).toBeVisible();
  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("save-state")).toHaveText(/Saved|All changes saved/);

  const saved = await exportDefinition(page);
  expect(saved).toMatchObject({
    nodes: expect.arrayContaining([
      expect.objectContaining({
        id: "start",
        input: [expect.objectContaining({ name: "amount", type: "number", required: true })],
      }),
      expect.objectContaining({
        id: approval,
        kind: "approval",
        mode: "sequential",
        levels: [
          expect.objectContaining({ assignees: [{ type: "role", role: "manager" }] }),
          expect.objectContaining({ name: "Director", assignees: [{ type: "role", role: "director" }] }),
        ],
      }),
      expect.objectContaining({ id: rejected, kind: "end", outcome: "rejected" }),
    ]),
    edges: expect.arrayContaining([
      expect.objectContaining({
        source: rule,
        target: approval,
        type: "conditional",
        condition: "amount > 1000",
      }),
      expect.objectContaining({ source: rule, target: approved, type: "default" }),
      expect.objectContaining({
        source: approval,
        target: rejected,
        type: "exception",
        on: { type: "rejection" },
      }),
    ]),
  });

  // Reload: the same graph comes back from the server.
  await page.reload();
  await expect(node(page, approval)).toContainText("Purchase approval");
  expect(await exportDefinition(page)).toEqual(saved);

  // Export then import gives the same definition; an invalid file changes nothing.
  await page.getByLabel("Import a definition file").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"schemaVersion":1,"nodes":[{"kind":"nope"}]}'),
  });
  await expect(
    page.getByText(/broken.json is not a valid workflow definition; nothing was changed/),
  ).toBeVisible();
  await page.getByLabel("Import a definition file").setInputFiles({
    name: "same.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(saved)),
  });
  await expect(page.getByText("Imported same.json.")).toBeVisible();
  expect(await exportDefinition(page)).toEqual(saved);

  // Test run: nothing is saved; the path taken shows on the canvas.
  await page.getByRole("tab", { name: "Test run" }).click();
  await page.getByLabel("Sample input (JSON)").fill('{"amount": 5000}');
  await page.getByRole("button", { name: "Start test run" }).click();
  await expect(page.getByTestId("test-run-status")).toContainText("waiting");
  await expect(node(page, approval)).toHaveAttribute("data-run", "waiting");
  await expect(node(page, rule)).toHaveAttribute("data-run", "visited");
  const nextSteps = page.getByRole("list", { name: "Next steps" });
  await nextSteps.getByRole("button", { name: /Approve task at .* \(level 1\)/ }).click();
  await nextSteps.getByRole("button", { name: /Approve task at .* \(level 2\)/ }).click();
  await expect(page.getByTestId("test-run-status")).toContainText("completed (outcome completed)");
  await expect(page.getByTestId("test-run-path")).toHaveText(`start → ${rule} → ${approval} → ${approved}`);
  await expect(node(page, rejected)).not.toHaveAttribute("data-run", /.+/);

  await page.getByLabel("Sample input (JSON)").fill('{"amount": 20}');
  await page.getByRole("button", { name: "Restart test run" }).click();
  await expect(page.getByTestId("test-run-path")).toHaveText(`start → ${rule} → ${approved}`);
  await page.getByLabel("Sample input (JSON)").fill('{"amount": "lots"}');
  await page.getByRole("button", { name: "Restart test run" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "amount must be a number" })).toBeVisible();
  // The draft on the server is still what was saved.
  await page.reload();
  expect(await exportDefinition(page)).toEqual(saved);
});

test("undo and redo restore the canvas, and someone else's save is never overwritten silently", async ({
  page,
  browser,
}) => {
  await signIn(page, "designer@omniflow.demo", /\/workflows$/);
  const id = await createWorkflow(page, `Conflict ${Date.now()}`);
  await page.goto(`/workflows/${id}`);
  await expect(node(page, "start")).toBeVisible();

  await addStep(page, "Timer", "timer", "drag");
  await expect(page.locator("[data-kind=timer]")).toHaveCount(1);
  await page.getByTestId("canvas").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("Control+z");
  await expect(page.locator("[data-kind=timer]")).toHaveCount(0);
  await page.keyboard.press("Control+Shift+z");
  await expect(page.locator("[data-kind=timer]")).toHaveCount(1);
  await expect(page.getByTestId("save-state")).toHaveText(/Saved/);

  // A second designer session saves the same draft.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, "designer@omniflow.demo", /\/workflows$/);
  await otherPage.goto(`/workflows/${id}`);
  await selectNode(otherPage, "start");
  await otherPage.getByLabel("Name", { exact: true }).fill("Started elsewhere");
  await expect(otherPage.getByTestId("save-state")).toHaveText(/Saved/);
  await other.close();

  await selectNode(page, "start");
  await page.getByLabel("Name", { exact: true }).fill("Mine");
  await expect(page.getByTestId("save-state")).toHaveText("Not saved: conflict");
  await expect(page.getByRole("alert").filter({ hasText: "since you loaded it" })).toBeVisible();
});

test("decision tables, role pickers and escalation ladders are edited in the property panel", async ({
  page,
}) => {
  await signIn(page, "designer@omniflow.demo", /\/workflows$/);
  const id = await createWorkflow(page, `Table ${Date.now()}`);
  await page.goto(`/workflows/${id}`);
  await expect(node(page, "start")).toBeVisible();

  const rule = await addStep(page, "Decision", "decision");
  await page.getByLabel("Rule", { exact: true }).selectOption("table");
  await page.getByLabel("Hit policy").selectOption("UNIQUE");
  await page.getByLabel("Output 1 variable").fill("tier");
  await page.getByRole("button", { name: "Add a rule" }).click();
  const rules = page.getByRole("table", { name: "Rules" });
  await rules.getByLabel("Rule 1 Input").fill("< 1000");
  await rules.getByLabel("Rule 1 tier").fill('"small"');
  await rules.getByLabel("Rule 2 Input").fill(">= 1000 <");
  await expect(rules.getByLabel("Rule 2 Input")).toHaveAttribute("aria-invalid", "true");
  await rules.getByLabel("Rule 2 Input").fill(">= 1000");
  await expect(rules.getByLabel("Rule 2 Input")).not.toHaveAttribute("aria-invalid", /.+/);
  await rules.getByLabel("Rule 2 tier").fill('"large"');
  await expect(node(page, rule)).toContainText("table (UNIQUE, 2 rules)");

  await addStep(page, "Approval", "approval");
  await page.getByRole("button", { name: "Add an approver to level 1" }).click();
  // Roles are suggested as you type.
  await expect(page.locator('datalist option[value="buyer"]').first()).toHaveCount(1);
  await page.getByLabel("Level 1 approver 1 role").fill("buyer");
  await page.getByLabel("Due after").fill("PT4H");
  await page.getByRole("button", { name: "Add an escalation step" }).click();
  await page.getByLabel("Step 1", { exact: true }).selectOption("reassign");
  await page.getByLabel("Step 1 reassigns to").selectOption("role");
  await page.getByLabel("Step 1 role").fill("finance");
  await page.getByLabel("Step 1 after the due time").fill("2 hours");
  await expect(page.getByText(/is not a duration/)).toBeVisible();
  await page.getByLabel("Step 1 after the due time").fill("PT2H");

  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("save-state")).toHaveText(/Saved|All changes saved/);
  const saved = (await exportDefinition(page)) as {
    nodes: { kind: string; rule?: unknown; escalation?: unknown; levels?: unknown }[];
  };
  expect(saved.nodes.find((entry) => entry.kind === "decision")?.rule).toMatchObject({
    type: "table",
    table: {
      hitPolicy: "UNIQUE",
      outputs: [{ name: "tier" }],
      rules: [
        { inputEntries: ["< 1000"], outputEntries: ['"small"'] },
        { inputEntries: [">= 1000"], outputEntries: ['"large"'] },
      ],
    },
  });
  expect(saved.nodes.find((entry) => entry.kind === "approval")).toMatchObject({
    levels: [{ assignees: [{ type: "role", role: "buyer" }] }],
    escalation: [{ action: "reassign", after: "PT2H", to: { type: "role", role: "finance" } }],
  });
});
