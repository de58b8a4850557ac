// Everyone who can sign in, with their roles and status; admins add people, change roles, and
// deactivate or reactivate them.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";

type Person = {
  id: string;
  name: string;
  email: string;
  active: boolean;
  roles: { key: string; name: string }[];
};

function RoleChecks({
  roles,
  selected,
  onChange,
  idPrefix,
}: {
  roles: { key: string; name: string }[];
  selected: string[];
  onChange: (keys: string[]) => void;
  idPrefix: string;
}) {
  return (
    <fieldset className="grid grid-cols-2 gap-1">
      <legend className="mb-1 text-sm font-medium text-slate-700">Roles</legend>
      {roles.map((role) => (
        <label key={role.key} htmlFor={`${idPrefix}-${role.key}`} className="flex items-center gap-2 text-sm">
          <input
            id={`${idPrefix}-${role.key}`}
            type="checkbox"
            checked={selected.includes(role.key)}
            onChange={(event) =>
              onChange(
                event.target.checked ? [...selected, role.key] : selected.filter((key) => key !== role.key),
              )
            }
          />
          {role.name} <span className="font-mono text-xs text-slate-500">{role.key}</span>
        </label>
      ))}
    </fieldset>
  );
}

function AddPersonForm({
  roles,
  onDone,
}: {
  roles: { key: string; name: string }[];
  onDone: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [roleKeys, setRoleKeys] = useState<string[]>([]);
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onSuccess: async () => {
        setName("");
        setEmail("");
        setPassword("");
        setRoleKeys([]);
        await onDone();
      },
    }),
  );
  const fieldErrors =
    (create.error?.data as { fieldErrors?: Record<string, string[]> | null } | undefined)?.fieldErrors ?? {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, email, password, roleKeys });
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-3 border-t border-slate-200 pt-4"
      noValidate
      aria-labelledby="add-person-heading"
    >
      <h3 id="add-person-heading" className="text-sm font-semibold">
        Add a person
      </h3>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="space-y-1">
          <Label htmlFor="person-name">Full name</Label>
          <Input
            id="person-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={fieldErrors.name ? true : undefined}
          />
        </div>
        <div className="space-y-1">
          <Label htmlFor="person-email">E-mail address</Label>
          <Input
            id="person-email"
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={fieldErrors.email ? true : undefined}
          />
        </div>
        <div className="space-y-1">
          <Label htmlFor="person-password">First password</Label>
          <Input
            id="person-password"
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={fieldErrors.password ? true : undefined}
          />
        </div>
      </div>
      <RoleChecks roles={roles} selected={roleKeys} onChange={setRoleKeys} idPrefix="new-person-role" />
      {create.isError ? <Alert tone="error">{create.error.message}</Alert> : null}
      {create.isSuccess ? <Alert>Added. They can sign in now.</Alert> : null}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add person"}
      </Button>
    </form>
  );
}

function PersonActions({
  person,
  roles,
  onDone,
}: {
  person: Person;
  roles: { key: string; name: string }[];
  onDone: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [roleKeys, setRoleKeys] = useState(person.roles.map((role) => role.key));
  const setRoles = useMutation(
    trpc.admin.users.setRoles.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await onDone();
      },
    }),
  );
  const deactivate = useMutation(
    trpc.admin.users.deactivate.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await onDone();
      },
    }),
  );
  const reactivate = useMutation(trpc.admin.users.reactivate.mutationOptions({ onSuccess: onDone }));
  return (
    <div className="flex flex-wrap gap-1">
      <Button
        size="sm"
        variant="ghost"
        onClick={() => setEditing(true)}
        aria-label={`Change roles of ${person.name}`}
      >
        Roles
      </Button>
      {person.active ? (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setConfirming(true)}
          aria-label={`Deactivate ${person.name}`}
        >
          Deactivate
        </Button>
      ) : (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => reactivate.mutate({ userId: person.id })}
          aria-label={`Reactivate ${person.name}`}
        >
          Reactivate
        </Button>
      )}
      <Dialog open={editing} onOpenChange={setEditing}>
        <DialogContent>
          <DialogTitle>Roles of {person.name}</DialogTitle>
          <DialogDescription className="mt-1 text-sm text-slate-600">
            System roles grant permissions; business roles are task queues.
          </DialogDescription>
          <div className="mt-3">
            <RoleChecks
              roles={roles}
              selected={roleKeys}
              onChange={setRoleKeys}
              idPrefix={`roles-${person.id}`}
            />
          </div>
          {setRoles.isError ? (
            <Alert tone="error" className="mt-2">
              {setRoles.error.message}
            </Alert>
          ) : null}
          <DialogFooter>
            <Button variant="secondary" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button
              onClick={() => setRoles.mutate({ userId: person.id, roleKeys })}
              disabled={setRoles.isPending}
            >
              Save roles
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent>
          <DialogTitle>Deactivate {person.name}?</DialogTitle>
          <DialogDescription className="mt-1 text-sm text-slate-600">
            They are signed out at once and cannot sign in; their open tasks go back to their role queues.
          </DialogDescription>
          {deactivate.isError ? (
            <Alert tone="error" className="mt-2">
              {deactivate.error.message}
            </Alert>
          ) : null}
          <DialogFooter>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              variant="destructive"
              onClick={() => deactivate.mutate({ userId: person.id })}
              disabled={deactivate.isPending}
            >
              Deactivate
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

/** Table of people with the admin actions. */
export function UsersTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.admin.users.list.queryOptions());
  const roles = useQuery(trpc.admin.roles.list.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.roles.list.queryKey() }),
    ]);
  const roleOptions = (roles.data ?? []).map((role) => ({ key: role.key, name: role.name }));
  return (
    <Card aria-labelledby="people-heading" className="self-start">
      <CardHeader>
        <h2 id="people-heading" className="font-semibold">
          People
        </h2>
      </CardHeader>
      {query.isPending ? (
        <div className="p-4">
          <LoadingRows label="Loading people" />
        </div>
      ) : query.isError ? (
        <div className="p-4">
          <ErrorState message={query.error.message} />
        </div>
      ) : query.data.length === 0 ? (
        <div className="p-4">
          <EmptyState title="No people yet" />
        </div>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">
                Name
              </th>
              <th scope="col" className="px-4 py-2">
                Roles
              </th>
              <th scope="col" className="px-4 py-2">
                Status
              </th>
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {query.data.map((user) => (
              <tr key={user.id} className="border-b border-slate-100 last:border-0">
                <td className="px-4 py-2">
                  <p className="font-medium">{user.name}</p>
                  <p className="text-xs text-slate-500">{user.email}</p>
                </td>
                <td className="px-4 py-2">
                  <div className="flex flex-wrap gap-1">
                    {user.roles.map((role) => (
                      <Badge key={role.key}>{role.key}</Badge>
                    ))}
                  </div>
                </td>
                <td className="px-4 py-2">
                  {user.active ? (
                    <Badge className="bg-emerald-50 text-emerald-700">active</Badge>
                  ) : (
                    <Badge>deactivated</Badge>
                  )}
                </td>
                <td className="px-4 py-2">
                  <PersonActions person={user} roles={roleOptions} onDone={refresh} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CardBody>
        <AddPersonForm roles={roleOptions} onDone={refresh} />
      </CardBody>
    </Card>
  );
}
