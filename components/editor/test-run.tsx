// Test run: the pure engine runs the draft in the browser with sample input; the designer chooses
// what happens at each wait (approve or reject a task, a connector call succeeds or fails, a timer
// fires, a message arrives) and sees the path taken on the canvas. Nothing is saved anywhere.
"use client";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { compile, start, step, type EngineEventInput, type InstanceState, type JsonObject } from "@/engine";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { useEditorStoreApi } from "./editor-context";

interface RunView {
  visited: Set<string>;
  active: Set<string>;
}

const TestRunContext = createContext<RunView | null>(null);

/** Which nodes the current test run has visited and where it waits; null when no run is shown. */
export function useTestRunHighlight(): RunView | null {
  return useContext(TestRunContext);
}

/** Holds the test run's state for the panel and the canvas highlight. */
export function useTestRunState() {
  const [run, setRun] = useState<InstanceState | null>(null);
  const view = useMemo<RunView | null>(
    () =>
      run
        ? {
            visited: new Set(run.path.map((entry) => entry.nodeId)),
            active: new Set(run.tokens.map((token) => token.nodeId)),
          }
        : null,
    [run],
  );
  return { run, setRun, view };
}

/** Provides the highlight to the canvas nodes. */
export function TestRunHighlightProvider({ view, children }: { view: RunView | null; children: ReactNode }) {
  return <TestRunContext.Provider value={view}>{children}</TestRunContext.Provider>;
}

interface Choice {
  label: string;
  event: EngineEventInput;
}

/** The events a designer can choose from in the current state of the run. */
function choices(state: InstanceState): Choice[] {
  const options: Choice[] = [];
  for (const task of Object.values(state.tasks)) {
    // A different test person per task, so the four-eyes rules let a chain go through.
    const actor = { id: task.assignees[0] ?? `tester-${task.id}`, roles: task.candidateRoles };
    options.push({
      label: `Approve task at ${task.nodeId} (level ${task.level + 1})`,
      event: { type: "task.completed", taskId: task.id, actor, decision: "approved" },
    });
    options.push({
      label: `Reject task at ${task.nodeId}`,
      event: {
        type: "task.completed",
        taskId: task.id,
        actor,
        decision: "rejected",
        reason: "Rejected in a test run",
      },
    });
  }
  for (const token of state.tokens) {
    const wait = token.wait;
    if (wait?.type === "connector" && wait.phase === "calling") {
      options.push({
        label: `Call at ${token.nodeId} succeeds`,
        event: { type: "connector.succeeded", callId: wait.callId, output: { ok: true } },
      });
      options.push({
        label: `Call at ${token.nodeId} fails (retryable)`,
        event: {
          type: "connector.failed",
          callId: wait.callId,
          code: "UNAVAILABLE",
          retryable: true,
          message: "Test failure",
        },
      });
      options.push({
        label: `Call at ${token.nodeId} fails for good`,
        event: {
          type: "connector.failed",
          callId: wait.callId,
          code: "REFUSED",
          retryable: false,
          message: "Test failure",
        },
      });
    }
    if (wait?.type === "message") {
      options.push({
        label: `Message "${wait.message}" arrives`,
        event: {
          type: "message.received",
          name: wait.message,
          correlationKey: wait.correlationKey,
          payload: {},
        },
      });
    }
    if (wait?.type === "subworkflow") {
      options.push({
        label: `Sub-workflow at ${token.nodeId} completes`,
        event: { type: "subworkflow.ended", callId: wait.callId, status: "completed", variables: {} },
      });
      options.push({
        label: `Sub-workflow at ${token.nodeId} fails`,
        event: { type: "subworkflow.ended", callId: wait.callId, status: "failed" },
      });
    }
    if (wait?.type === "incident") {
      options.push({
        label: `Retry the failed step at ${token.nodeId}`,
        event: { type: "incident.retry", tokenId: token.id },
      });
    }
  }
  for (const timer of Object.values(state.timers)) {
    options.push({
      label: `Timer at ${timer.nodeId} fires (${timer.purpose})`,
      event: { type: "timer.fired", timerId: timer.id },
    });
  }
  if (state.endedAt === null)
    options.push({
      label: "Cancel the instance",
      event: { type: "instance.cancel", reason: "Cancelled in a test run" },
    });
  return options;
}

/** The test-run panel: sample input, start, step by step, and what happened. */
export function TestRunPanel({
  run,
  setRun,
}: {
  run: InstanceState | null;
  setRun: (state: InstanceState | null) => void;
}) {
  const store = useEditorStoreApi();
  const [input, setInput] = useState("{}");
  const [message, setMessage] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [clock, setClock] = useState(() => Date.parse("2026-01-05T09:00:00.000Z"));
  const compiled = () => {
    const result = compile(store.getState().definition());
    if (!result.ok)
      throw new Error(
        `Fix the ${result.problems.length} problem(s) first: ${result.problems[0]?.message ?? ""}`,
      );
    return result.compiled;
  };

  const begin = () => {
    setMessage(null);
    let sample: JsonObject;
    try {
      const parsed: unknown = JSON.parse(input);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("The sample input must be a JSON object");
      sample = parsed as JsonObject;
    } catch (error: unknown) {
      setMessage({ tone: "error", text: error instanceof Error ? error.message : String(error) });
      return;
    }
    try {
      const result = start(compiled(), sample, {
        now: new Date(clock).toISOString(),
        instanceId: "test",
        requester: "test-requester",
      });
      if (!result.ok) {
        setMessage({ tone: "error", text: result.rejection.message });
        return;
      }
      setRun(result.state);
      setLog([`Started: ${result.commands.map((command) => command.type).join(", ") || "no commands"}`]);
    } catch (error: unknown) {
      setMessage({ tone: "error", text: error instanceof Error ? error.message : String(error) });
    }
  };

  const apply = (choice: Choice) => {
    if (!run) return;
    const next = clock + 60_000 * 60;
    setClock(next);
    const result = step(compiled(), run, choice.event, { now: new Date(next).toISOString() });
    if (!result.ok) {
      setMessage({
        tone: "error",
        text: `${choice.label}: refused (${result.rejection.code}) ${result.rejection.message}`,
      });
      return;
    }
    setMessage(null);
    setRun(result.state);
    setLog((entries) => [
      ...entries,
      `${choice.label} → ${result.commands.map((command) => command.type).join(", ") || "no commands"}`,
    ]);
  };

  return (
    <section aria-label="Test run" className="space-y-3 text-sm">
      <p className="text-xs text-slate-600">
        Runs this draft in your browser. Nothing is saved; no system is called.
      </p>
      <div className="space-y-1">
        <Label htmlFor="test-run-input">Sample input (JSON)</Label>
        <textarea
          id="test-run-input"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          rows={4}
          className="w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
        />
      </div>
      <div className="flex gap-2">
        <Button size="sm" onClick={begin}>
          {run ? "Restart test run" : "Start test run"}
        </Button>
        {run ? (
          <Button size="sm" variant="secondary" onClick={() => setRun(null)}>
            Clear
          </Button>
        ) : null}
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {run ? (
        <>
          <p role="status" data-testid="test-run-status">
            Status: <strong>{run.status}</strong>
            {run.outcome ? ` (outcome ${run.outcome})` : ""}
          </p>
          {run.endedAt === null ? (
            <ul aria-label="Next steps" className="space-y-1">
              {choices(run).map((choice) => (
                <li key={choice.label}>
                  <Button
                    size="sm"
                    variant="secondary"
                    className="h-auto w-full justify-start py-1 text-left"
                    onClick={() => apply(choice)}
                  >
                    {choice.label}
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
          <div>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Path taken</h3>
            <p className="font-mono text-xs" data-testid="test-run-path">
              {run.path.map((entry) => entry.nodeId).join(" → ")}
            </p>
          </div>
          <div>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Variables</h3>
            <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-2 text-xs">
              {JSON.stringify(run.variables, null, 2)}
            </pre>
          </div>
          <ol className="list-decimal space-y-0.5 pl-4 text-xs text-slate-600">
            {log.map((entry, index) => (
              <li key={index}>{entry}</li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
