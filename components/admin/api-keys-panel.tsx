// API keys for other systems: create one with scopes (shown once), see when each was last used,
// and revoke it.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";

const list = (text: string) =>
  text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);

/** The API keys card for the administration page. */
export function ApiKeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const [name, setName] = useState("");
  const [workflows, setWorkflows] = useState("");
  const [messages, setMessages] = useState("");
  const [rateLimit, setRateLimit] = useState("60");
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name,
      scopes: { workflows: list(workflows), messages: list(messages) },
      rateLimit: Number(rateLimit) || 60,
    });
  };
  return (
    <Card aria-labelledby="api-keys-heading">
      <CardHeader>
        <h2 id="api-keys-heading" className="font-semibold">
          API keys
        </h2>
      </CardHeader>
      <CardBody className="space-y-4">
        {keys.isPending ? (
          <LoadingRows rows={2} label="Loading API keys" />
        ) : keys.isError ? (
          <ErrorState message={keys.error.message} />
        ) : keys.data.length === 0 ? (
          <EmptyState title="No API keys yet">
            Systems use keys to start workflows and send messages.
          </EmptyState>
        ) : (
          <ul aria-label="API keys" className="space-y-2">
            {keys.data.map((key) => (
              <li
                key={key.id}
                className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-2 text-sm"
              >
                <span className="font-medium">{key.name}</span>
                <code className="font-mono text-xs text-slate-500">{key.prefix}…</code>
                {key.revokedAt ? (
                  <Badge>revoked</Badge>
                ) : (
                  <Badge className="bg-emerald-50 text-emerald-700">active</Badge>
                )}
                <span className="text-xs text-slate-600">
                  starts: {key.scopes.workflows.join(", ") || "none"} · messages:{" "}
                  {key.scopes.messages.join(", ") || "none"} · {key.rateLimit}/min · last used:{" "}
                  {key.lastUsedAt ? key.lastUsedAt.toLocaleString() : "never"}
                </span>
                {!key.revokedAt ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    className="ml-auto"
                    aria-label={`Revoke ${key.name}`}
                    onClick={() => revoke.mutate({ id: key.id })}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <form
          onSubmit={submit}
          className="space-y-3 border-t border-slate-200 pt-4"
          aria-labelledby="new-key-heading"
          noValidate
        >
          <h3 id="new-key-heading" className="text-sm font-semibold">
            Create a key
          </h3>
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="space-y-1">
              <Label htmlFor="key-name">System name</Label>
              <Input
                id="key-name"
                value={name}
                onChange={(event) => setName(event.target.value)}
                placeholder="e.g. ERP"
              />
            </div>
            <div className="space-y-1">
              <Label htmlFor="key-rate">Requests per minute</Label>
              <Input
                id="key-rate"
                type="number"
                value={rateLimit}
                onChange={(event) => setRateLimit(event.target.value)}
              />
            </div>
            <div className="space-y-1">
              <Label htmlFor="key-workflows">Workflows it may start (keys, comma-separated, * for all)</Label>
              <Input
                id="key-workflows"
                value={workflows}
                onChange={(event) => setWorkflows(event.target.value)}
              />
            </div>
            <div className="space-y-1">
              <Label htmlFor="key-messages">Messages it may send (names, comma-separated, * for all)</Label>
              <Input
                id="key-messages"
                value={messages}
                onChange={(event) => setMessages(event.target.value)}
              />
            </div>
          </div>
          {create.isError ? <Alert tone="error">{create.error.message}</Alert> : null}
          {create.data ? (
            <Alert>
              Copy this key now; it is not shown again:{" "}
              <code data-testid="new-api-key" className="font-mono text-xs break-all">
                {create.data.key}
              </code>
            </Alert>
          ) : null}
          <Button type="submit" disabled={create.isPending}>
            Create key
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
