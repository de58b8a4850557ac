// Roles, and a form to add a business role (a queue approval tasks can be offered to).
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
import { ErrorState, LoadingRows } from "@/components/ui/states";

type FieldErrors = Record<string, string[] | undefined>;

function fieldErrorsOf(error: unknown): FieldErrors {
  if (typeof error !== "object" || error === null || !("data" in error)) return {};
  const data = (error as { data?: { fieldErrors?: FieldErrors | null } | null }).data;
  return data?.fieldErrors ?? {};
}

/** Role list with member counts and the "add role" form. */
export function RolesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roles = useQuery(trpc.admin.roles.list.queryOptions());
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.admin.roles.create.mutationOptions({
      onSuccess: async () => {
        setKey("");
        setName("");
        await queryClient.invalidateQueries({ queryKey: trpc.admin.roles.list.queryKey() });
      },
    }),
  );
  const errors = create.isError ? fieldErrorsOf(create.error) : {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ key, name });
  }

  return (
    <Card aria-labelledby="roles-heading" className="self-start">
      <CardHeader>
        <h2 id="roles-heading" className="font-semibold">
          Roles
        </h2>
      </CardHeader>
      <CardBody className="space-y-4">
        {roles.isPending ? (
          <LoadingRows rows={4} label="Loading roles" />
        ) : roles.isError ? (
          <ErrorState message={roles.error.message} />
        ) : (
          <ul className="space-y-2" aria-label="Roles">
            {roles.data.map((role) => (
              <li key={role.id} className="flex items-start justify-between gap-2 text-sm">
                <div>
                  <p className="font-medium">
                    {role.name} <span className="font-mono text-xs text-slate-500">{role.key}</span>
                  </p>
                  {role.description ? <p className="text-xs text-slate-500">{role.description}</p> : null}
                </div>
                <Badge title="People with this role">{role.memberCount}</Badge>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={onSubmit} className="space-y-3 border-t border-slate-200 pt-4" noValidate>
          <h3 className="text-sm font-semibold">Add a business role</h3>
          <div className="space-y-1.5">
            <Label htmlFor="role-key">Key</Label>
            <Input
              id="role-key"
              value={key}
              onChange={(event) => setKey(event.target.value)}
              placeholder="e.g. store-manager"
              aria-invalid={errors.key ? true : undefined}
              aria-describedby={errors.key ? "role-key-error" : undefined}
            />
            {errors.key ? (
              <p id="role-key-error" className="text-xs text-red-700">
                {errors.key.join(", ")}
              </p>
            ) : null}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="role-name">Name</Label>
            <Input
              id="role-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. Store manager"
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? "role-name-error" : undefined}
            />
            {errors.name ? (
              <p id="role-name-error" className="text-xs text-red-700">
                {errors.name.join(", ")}
              </p>
            ) : null}
          </div>
          {create.isError && Object.keys(errors).length === 0 ? (
            <Alert tone="error">{create.error.message}</Alert>
          ) : null}
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add role"}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
