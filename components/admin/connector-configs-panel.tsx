// Configured connectors: the external systems workflows call by key (base URL, authentication,
// request defaults). Credentials are write-only here: the server only says whether they are stored.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import type { AppRouter } from "@/server/trpc/root";

type ConnectorConfig = inferRouterOutputs<AppRouter>["connectorConfigs"]["list"][number];
type AuthType = ConnectorConfig["authType"];

const authLabels: Record<AuthType, string> = {
  none: "No authentication",
  bearer: "Bearer token",
  basic: "Basic (user name and password)",
  apiKey: "API key in a header",
};

const selectClass = "h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm";

/** "Name: value" lines → headers; blank lines are skipped. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    const name = (colon === -1 ? line : line.slice(0, colon)).trim();
    headers[name] = colon === -1 ? "" : line.slice(colon + 1).trim();
  }
  return headers;
}

function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
}

function fieldErrorsOf(error: { data?: unknown } | null): Record<string, string[]> {
  return (error?.data as { fieldErrors?: Record<string, string[]> | null } | undefined)?.fieldErrors ?? {};
}

/** The configured connectors card for the administration page. */
export function ConnectorConfigsPanel() {
  const trpc = useTRPC();
  const configs = useQuery(trpc.connectorConfigs.list.queryOptions());
  const [adding, setAdding] = useState(false);
  return (
    <Card aria-labelledby="connector-configs-heading">
      <CardHeader className="flex items-center justify-between gap-2">
        <h2 id="connector-configs-heading" className="font-semibold">
          Connectors
        </h2>
        <Button size="sm" onClick={() => setAdding(true)}>
          Add connector
        </Button>
      </CardHeader>
      <CardBody className="space-y-4">
        {configs.isPending ? (
          <LoadingRows rows={2} label="Loading connectors" />
        ) : configs.isError ? (
          <ErrorState message={configs.error.message} />
        ) : configs.data.length === 0 ? (
          <EmptyState title="No connectors configured yet">
            Add an ERP, warehouse or payment system&apos;s REST API; workflow steps call it by its key.
          </EmptyState>
        ) : (
          <ul aria-label="Connectors" className="space-y-2">
            {configs.data.map((config) => (
              <ConnectorRow key={config.id} config={config} />
            ))}
          </ul>
        )}
      </CardBody>
      {adding ? <ConfigDialog config={null} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}

function ConnectorRow({ config }: { config: ConnectorConfig }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [testing, setTesting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.connectorConfigs.delete.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries({ queryKey: trpc.connectorConfigs.list.queryKey() });
      },
    }),
  );
  return (
    <li className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-2 text-sm">
      <span className="font-medium">{config.name}</span>
      <code className="font-mono text-xs text-slate-500">{config.key}</code>
      <Badge>{authLabels[config.authType]}</Badge>
      {config.authType !== "none" ? (
        config.hasSecret ? (
          <Badge className="bg-emerald-50 text-emerald-700">credentials stored</Badge>
        ) : (
          <Badge className="bg-red-50 text-red-700">credentials missing</Badge>
        )
      ) : null}
      <span className="text-xs break-all text-slate-600">{config.baseUrl}</span>
      <span className="ml-auto flex gap-1">
        <Button size="sm" variant="ghost" aria-label={`Test ${config.name}`} onClick={() => setTesting(true)}>
          Test
        </Button>
        <Button size="sm" variant="ghost" aria-label={`Edit ${config.name}`} onClick={() => setEditing(true)}>
          Edit
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Delete ${config.name}`}
          onClick={() => setConfirming(true)}
        >
          Delete
        </Button>
      </span>
      {editing ? <ConfigDialog config={config} onClose={() => setEditing(false)} /> : null}
      {testing ? <TestDialog config={config} onClose={() => setTesting(false)} /> : null}
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent>
          <DialogTitle>Delete {config.name}?</DialogTitle>
          <DialogDescription>
            Its stored credentials are deleted too. Workflow steps that call <code>{config.key}</code> fail
            validation until a connector with that key exists again.
          </DialogDescription>
          {remove.isError ? (
            <Alert tone="error" className="mt-2">
              {remove.error.message}
            </Alert>
          ) : null}
          <DialogFooter>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              variant="destructive"
              onClick={() => remove.mutate({ id: config.id })}
              disabled={remove.isPending}
            >
              Delete
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </li>
  );
}

/** The add/edit dialog. Secret fields start empty; when editing, empty means "keep what is stored". */
function ConfigDialog({ config, onClose }: { config: ConnectorConfig | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key, setKey] = useState(config?.key ?? "");
  const [name, setName] = useState(config?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(config?.baseUrl ?? "");
  const [authType, setAuthType] = useState<AuthType>(config?.authType ?? "bearer");
  const [headers, setHeaders] = useState(formatHeaders(config?.settings.headers ?? {}));
  const [apiKeyHeader, setApiKeyHeader] = useState(config?.settings.apiKeyHeader ?? "X-API-Key");
  const [idempotencyHeader, setIdempotencyHeader] = useState(
    config?.settings.idempotencyHeader ?? "Idempotency-Key",
  );
  const [timeoutMs, setTimeoutMs] = useState(String(config?.settings.timeoutMs ?? 10_000));
  const [token, setToken] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [apiKey, setApiKey] = useState("");
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.connectorConfigs.list.queryKey() });
    onClose();
  };
  const create = useMutation(trpc.connectorConfigs.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.connectorConfigs.update.mutationOptions({ onSuccess }));
  const saving = config ? update : create;
  const errors = fieldErrorsOf(saving.error);
  // Stored credentials of the same auth type are kept when their fields stay empty.
  const keepHint =
    config?.hasSecret && config.authType === authType ? "stored — leave empty to keep" : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      key,
      name,
      baseUrl,
      authType,
      headers: parseHeaders(headers),
      apiKeyHeader,
      idempotencyHeader,
      timeoutMs: Number(timeoutMs),
      ...(authType === "bearer" ? { token } : {}),
      ...(authType === "basic" ? { username, password } : {}),
      ...(authType === "apiKey" ? { apiKey } : {}),
    };
    if (config) update.mutate({ id: config.id, ...input });
    else create.mutate(input);
  };
  const field = (id: string, label: string, name: string, input: ReactNode) => (
    <div className="space-y-1">
      <Label htmlFor={id}>{label}</Label>
      {input}
      {errors[name] ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {errors[name].join(", ")}
        </p>
      ) : null}
    </div>
  );
  const invalid = (name: string) => (errors[name] ? true : undefined);
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-h-[90vh] max-w-xl overflow-y-auto">
        <DialogTitle>{config ? `Edit ${config.name}` : "Add a connector"}</DialogTitle>
        <DialogDescription>
          An HTTP/REST system that workflow steps call by its key. Credentials are stored encrypted and are
          never shown again.
        </DialogDescription>
        <form onSubmit={submit} noValidate className="mt-4 space-y-3" aria-label="Connector settings">
          <div className="grid gap-3 sm:grid-cols-2">
            {field(
              "cc-name",
              "Name",
              "name",
              <Input
                id="cc-name"
                value={name}
                onChange={(event) => setName(event.target.value)}
                placeholder="e.g. ERP"
                aria-invalid={invalid("name")}
              />,
            )}
            {field(
              "cc-key",
              "Key (what steps call)",
              "key",
              <Input
                id="cc-key"
                value={key}
                onChange={(event) => setKey(event.target.value)}
                placeholder="e.g. erp-http"
                aria-invalid={invalid("key")}
              />,
            )}
          </div>
          {field(
            "cc-base-url",
            "Base URL",
            "baseUrl",
            <Input
              id="cc-base-url"
              value={baseUrl}
              onChange={(event) => setBaseUrl(event.target.value)}
              placeholder="https://erp.example.com/api/v1"
              aria-invalid={invalid("baseUrl")}
            />,
          )}
          {field(
            "cc-auth",
            "Authentication",
            "authType",
            <select
              id="cc-auth"
              className={selectClass}
              value={authType}
              onChange={(event) => setAuthType(event.target.value as AuthType)}
            >
              {(Object.keys(authLabels) as AuthType[]).map((type) => (
                <option key={type} value={type}>
                  {authLabels[type]}
                </option>
              ))}
            </select>,
          )}
          {authType === "bearer"
            ? field(
                "cc-token",
                "Bearer token",
                "token",
                <Input
                  id="cc-token"
                  type="password"
                  autoComplete="off"
                  value={token}
                  onChange={(event) => setToken(event.target.value)}
                  placeholder={keepHint}
                  aria-invalid={invalid("token")}
                />,
              )
            : null}
          {authType === "basic" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              {field(
                "cc-username",
                "User name",
                "username",
                <Input
                  id="cc-username"
                  autoComplete="off"
                  value={username}
                  onChange={(event) => setUsername(event.target.value)}
                  placeholder={keepHint}
                  aria-invalid={invalid("username")}
                />,
              )}
              {field(
                "cc-password",
                "Password",
                "password",
                <Input
                  id="cc-password"
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  placeholder={keepHint}
                  aria-invalid={invalid("password")}
                />,
              )}
            </div>
          ) : null}
          {authType === "apiKey" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              {field(
                "cc-api-key-header",
                "API key header",
                "apiKeyHeader",
                <Input
                  id="cc-api-key-header"
                  value={apiKeyHeader}
                  onChange={(event) => setApiKeyHeader(event.target.value)}
                  aria-invalid={invalid("apiKeyHeader")}
                />,
              )}
              {field(
                "cc-api-key",
                "API key",
                "apiKey",
                <Input
                  id="cc-api-key"
                  type="password"
                  autoComplete="off"
                  value={apiKey}
                  onChange={(event) => setApiKey(event.target.value)}
                  placeholder={keepHint}
                  aria-invalid={invalid("apiKey")}
                />,
              )}
            </div>
          ) : null}
          {field(
            "cc-headers",
            "Headers sent with every request (one “Name: value” per line)",
            "headers",
            <textarea
              id="cc-headers"
              className="min-h-16 w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs aria-[invalid=true]:border-red-500"
              value={headers}
              onChange={(event) => setHeaders(event.target.value)}
              placeholder="X-Tenant: retail-eu"
              aria-invalid={invalid("headers")}
            />,
          )}
          <div className="grid gap-3 sm:grid-cols-2">
            {field(
              "cc-idempotency-header",
              "Idempotency header",
              "idempotencyHeader",
              <Input
                id="cc-idempotency-header"
                value={idempotencyHeader}
                onChange={(event) => setIdempotencyHeader(event.target.value)}
                aria-invalid={invalid("idempotencyHeader")}
              />,
            )}
            {field(
              "cc-timeout",
              "Timeout (ms)",
              "timeoutMs",
              <Input
                id="cc-timeout"
                type="number"
                value={timeoutMs}
                onChange={(event) => setTimeoutMs(event.target.value)}
                aria-invalid={invalid("timeoutMs")}
              />,
            )}
          </div>
          {saving.isError ? <Alert tone="error">{saving.error.message}</Alert> : null}
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={saving.isPending}>
              {config ? "Save connector" : "Add connector"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Tries a GET with the stored configuration and shows the status and latency. */
function TestDialog({ config, onClose }: { config: ConnectorConfig; onClose: () => void }) {
  const trpc = useTRPC();
  const [path, setPath] = useState("");
  const test = useMutation(trpc.connectorConfigs.test.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    test.mutate({ id: config.id, path });
  };
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent>
        <DialogTitle>Test {config.name}</DialogTitle>
        <DialogDescription>
          Sends a GET with the stored credentials to a path under{" "}
          <code className="break-all">{config.baseUrl}</code>.
        </DialogDescription>
        <form onSubmit={submit} noValidate className="mt-4 space-y-3">
          <div className="space-y-1">
            <Label htmlFor="cc-test-path">Path</Label>
            <Input
              id="cc-test-path"
              value={path}
              onChange={(event) => setPath(event.target.value)}
              placeholder="/health"
            />
          </div>
          {test.isError ? <Alert tone="error">{test.error.message}</Alert> : null}
          {test.data ? (
            <Alert tone={test.data.ok ? "info" : "error"} data-testid="connector-test-result">
              {test.data.ok ? "Reachable" : "Failed"}
              {test.data.status !== null ? ` · HTTP ${test.data.status}` : ""} · {test.data.latencyMs} ms
              {test.data.ok ? null : <span className="block text-xs break-all">{test.data.message}</span>}
            </Alert>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" disabled={test.isPending}>
              {test.isPending ? "Testing…" : "Send test request"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
