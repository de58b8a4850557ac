// Inbound webhooks for other systems: create one that starts a workflow or correlates a message (its
// signing secret is shown once), copy its address, rotate its secret, revoke it, and see its recent
// deliveries with their outcome.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { fieldErrorsOf } from "@/components/workflows/field-errors";
import { TextField } from "@/components/workflows/text-field";

const noSubscription = () => () => undefined;

/** The address other systems POST to, on the origin the admin is using. */
function useEndpoint(key: string): string {
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );
  return `${origin}/api/hooks/${key}`;
}

/** A secret shown once, with a copy button. */
function OnceSecret({ secret, testId }: { secret: string; testId: string }) {
  return (
    <Alert>
      Copy this signing secret now; it is not shown again:{" "}
      <code data-testid={testId} className="font-mono text-xs break-all">
        {secret}
      </code>{" "}
      <Button
        size="sm"
        variant="ghost"
        type="button"
        onClick={() => void navigator.clipboard.writeText(secret)}
      >
        Copy
      </Button>
    </Alert>
  );
}

type Target = "start" | "message";

/** "New webhook": a name and what a delivery does (start a workflow, or send a message). */
function NewWebhookDialog({ onCreated }: { onCreated: () => Promise<void> }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [target, setTarget] = useState<Target>("start");
  const [definitionKey, setDefinitionKey] = useState("");
  const [businessKeyPath, setBusinessKeyPath] = useState("");
  const [messageName, setMessageName] = useState("");
  const [correlationPath, setCorrelationPath] = useState("");
  const workflows = useQuery({ ...trpc.workflows.list.queryOptions({}), enabled: open });
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: onCreated }));
  const errors = create.isError ? fieldErrorsOf(create.error) : {};

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setName("");
      setTarget("start");
      setDefinitionKey("");
      setBusinessKeyPath("");
      setMessageName("");
      setCorrelationPath("");
      create.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      name,
      target:
        target === "start"
          ? { type: "start", definitionKey, businessKeyPath: businessKeyPath.trim() || undefined }
          : { type: "message", messageName, correlationPath },
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button size="sm">New webhook</Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogTitle>New webhook</DialogTitle>
        <DialogDescription>
          Another system POSTs signed JSON to its address; each delivery starts a workflow or sends a message
          to the instances waiting for it.
        </DialogDescription>
        {create.data ? (
          <div className="mt-4 space-y-3">
            <OnceSecret secret={create.data.secret} testId="new-webhook-secret" />
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button">Done</Button>
              </DialogClose>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
            <TextField
              id="webhook-name"
              label="System name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. Web shop"
              autoComplete="off"
              aria-required
              errors={errors.name}
            />
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium">Each delivery</legend>
              {(
                [
                  ["start", "starts a workflow (the body is its input)"],
                  ["message", "correlates a message (the body is its payload)"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name="webhook-target"
                    value={value}
                    checked={target === value}
                    onChange={() => setTarget(value)}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            {target === "start" ? (
              <>
                <div className="space-y-1.5">
                  <Label htmlFor="webhook-workflow">Workflow</Label>
                  <select
                    id="webhook-workflow"
                    value={definitionKey}
                    onChange={(event) => setDefinitionKey(event.target.value)}
                    aria-invalid={errors["target.definitionKey"] ? true : undefined}
                    className="h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
                  >
                    <option value="">Choose a workflow…</option>
                    {(workflows.data ?? []).map((workflow) => (
                      <option key={workflow.id} value={workflow.key}>
                        {workflow.name} ({workflow.key})
                      </option>
                    ))}
                  </select>
                  {errors["target.definitionKey"] ? (
                    <p className="text-xs text-red-700">{errors["target.definitionKey"].join(", ")}</p>
                  ) : null}
                </div>
                <TextField
                  id="webhook-business-key"
                  label="Business key path (optional)"
                  value={businessKeyPath}
                  onChange={(event) => setBusinessKeyPath(event.target.value)}
                  placeholder="e.g. orderId"
                  spellCheck={false}
                  className="font-mono"
                  hint="A dotted path into the body whose value becomes the instance's business key."
                  errors={errors["target.businessKeyPath"]}
                />
              </>
            ) : (
              <>
                <TextField
                  id="webhook-message"
                  label="Message name"
                  value={messageName}
                  onChange={(event) => setMessageName(event.target.value)}
                  placeholder="e.g. payment.received"
                  spellCheck={false}
                  className="font-mono"
                  errors={errors["target.messageName"]}
                />
                <TextField
                  id="webhook-correlation"
                  label="Correlation key path"
                  value={correlationPath}
                  onChange={(event) => setCorrelationPath(event.target.value)}
                  placeholder="e.g. order.id"
                  spellCheck={false}
                  className="font-mono"
                  hint="A dotted path into the body; its value must equal the key the waiting step expects."
                  errors={errors["target.correlationPath"]}
                />
              </>
            )}
            {create.isError && Object.keys(errors).length === 0 ? (
              <Alert tone="error">{create.error.message}</Alert>
            ) : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="secondary">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

const statusTone: Record<string, string> = {
  accepted: "bg-emerald-50 text-emerald-700",
  rejected: "bg-red-50 text-red-700",
  duplicate: "bg-amber-50 text-amber-800",
};

/** A webhook's recent deliveries: when, which id, the outcome and why. */
function Deliveries({ webhookId, name }: { webhookId: string; name: string }) {
  const trpc = useTRPC();
  const deliveries = useQuery(trpc.webhooks.deliveries.queryOptions({ webhookId }));
  if (deliveries.isPending) return <LoadingRows rows={2} label={`Loading deliveries of ${name}`} />;
  if (deliveries.isError) return <ErrorState message={deliveries.error.message} />;
  if (deliveries.data.length === 0) return <p className="text-xs text-slate-600">No deliveries yet.</p>;
  return (
    <table aria-label={`Recent deliveries of ${name}`} className="w-full text-left text-xs">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1 pr-2 font-medium">Received</th>
          <th className="py-1 pr-2 font-medium">Delivery id</th>
          <th className="py-1 pr-2 font-medium">Status</th>
          <th className="py-1 font-medium">Reason / instance</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((delivery) => (
          <tr key={delivery.id} className="border-t border-slate-100 align-top">
            <td className="py-1 pr-2 whitespace-nowrap">{delivery.receivedAt.toLocaleString()}</td>
            <td className="py-1 pr-2 font-mono break-all">{delivery.deliveryId ?? "—"}</td>
            <td className="py-1 pr-2">
              <Badge className={statusTone[delivery.status]}>{delivery.status}</Badge>
            </td>
            <td className="py-1 break-words">
              {delivery.reason ?? ""}
              {delivery.instanceId ? (
                <span className="block font-mono text-slate-500">instance {delivery.instanceId}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface WebhookRowData {
  id: string;
  key: string;
  name: string;
  target:
    | { type: "start"; definitionKey: string; businessKeyPath?: string | undefined }
    | { type: "message"; messageName: string; correlationPath: string };
  revokedAt: Date | null;
  lastDeliveryAt: Date | null;
}

/** One webhook: its address to copy, what it does, and its actions. */
function WebhookRow({ webhook, onChanged }: { webhook: WebhookRowData; onChanged: () => Promise<void> }) {
  const trpc = useTRPC();
  const endpoint = useEndpoint(webhook.key);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: onChanged }));
  const revoke = useMutation(trpc.webhooks.revoke.mutationOptions({ onSuccess: onChanged }));
  const active = !webhook.revokedAt;
  return (
    <li className="space-y-2 rounded-md border border-slate-200 p-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{webhook.name}</span>
        {active ? <Badge className="bg-emerald-50 text-emerald-700">active</Badge> : <Badge>revoked</Badge>}
        <span className="text-xs text-slate-600">
          {webhook.target.type === "start"
            ? `starts ${webhook.target.definitionKey}${webhook.target.businessKeyPath ? ` (business key at ${webhook.target.businessKeyPath})` : ""}`
            : `sends ${webhook.target.messageName} (key at ${webhook.target.correlationPath})`}{" "}
          · last accepted delivery:{" "}
          {webhook.lastDeliveryAt ? webhook.lastDeliveryAt.toLocaleString() : "never"}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="font-mono text-xs break-all text-slate-700"
          aria-label={`Address of ${webhook.name}`}
        >
          {endpoint}
        </code>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Copy the address of ${webhook.name}`}
          onClick={() => void navigator.clipboard.writeText(endpoint)}
        >
          Copy
        </Button>
        <div className="ml-auto flex flex-wrap gap-1">
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={showDeliveries}
            onClick={() => setShowDeliveries((shown) => !shown)}
          >
            {showDeliveries ? "Hide deliveries" : "Deliveries"}
          </Button>
          {active ? (
            <>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Rotate the secret of ${webhook.name}`}
                disabled={rotate.isPending}
                onClick={() => rotate.mutate({ id: webhook.id })}
              >
                Rotate secret
              </Button>
              {confirmRevoke ? (
                <>
                  <Button
                    size="sm"
                    variant="destructive"
                    aria-label={`Confirm revoking ${webhook.name}`}
                    onClick={() => revoke.mutate({ id: webhook.id })}
                  >
                    Revoke now
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setConfirmRevoke(false)}>
                    Keep
                  </Button>
                </>
              ) : (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Revoke ${webhook.name}`}
                  onClick={() => setConfirmRevoke(true)}
                >
                  Revoke
                </Button>
              )}
            </>
          ) : null}
        </div>
      </div>
      {rotate.data ? <OnceSecret secret={rotate.data.secret} testId="rotated-webhook-secret" /> : null}
      {rotate.isError ? <Alert tone="error">{rotate.error.message}</Alert> : null}
      {revoke.isError ? <Alert tone="error">{revoke.error.message}</Alert> : null}
      {showDeliveries ? <Deliveries webhookId={webhook.id} name={webhook.name} /> : null}
    </li>
  );
}

/** The webhooks card for the administration page. */
export function WebhooksPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhooks = useQuery(trpc.webhooks.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.webhooks.pathFilter());
  return (
    <Card aria-labelledby="webhooks-heading">
      <CardHeader className="flex items-center justify-between gap-2">
        <h2 id="webhooks-heading" className="font-semibold">
          Webhooks
        </h2>
        <NewWebhookDialog onCreated={refresh} />
      </CardHeader>
      <CardBody className="space-y-4">
        <p className="text-xs text-slate-600">
          Deliveries are signed: <code>X-Omniflow-Signature: sha256=</code>HMAC-SHA256 of{" "}
          <code>&lt;timestamp&gt;.&lt;delivery id&gt;.&lt;body&gt;</code> with the secret, plus{" "}
          <code>X-Omniflow-Timestamp</code> (within five minutes) and <code>X-Omniflow-Delivery</code> (each
          id runs once).
        </p>
        {webhooks.isPending ? (
          <LoadingRows rows={2} label="Loading webhooks" />
        ) : webhooks.isError ? (
          <ErrorState message={webhooks.error.message} />
        ) : webhooks.data.length === 0 ? (
          <EmptyState title="No webhooks yet">
            Give another system a signed address that starts a workflow or resumes waiting ones.
          </EmptyState>
        ) : (
          <ul aria-label="Webhooks" className="space-y-2">
            {webhooks.data.map((webhook) => (
              <WebhookRow key={webhook.id} webhook={webhook} onChanged={refresh} />
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
