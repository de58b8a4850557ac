// The five system roles, what each may do, and where each lands after signing in.
import { z } from "zod";

export const systemRoles = ["admin", "designer", "approver", "requester", "viewer"] as const;
export const systemRoleSchema = z.enum(systemRoles);
export type SystemRole = z.infer<typeof systemRoleSchema>;

/** Human descriptions, used by the seed and the admin page. */
export const systemRoleInfo: Record<SystemRole, { name: string; description: string; home: string }> = {
  admin: {
    name: "Administrator",
    description: "Publishes and retires workflows, manages users, roles and API keys.",
    home: "/admin",
  },
  designer: {
    name: "Process owner",
    description: "Designs workflows on the canvas and edits drafts.",
    home: "/workflows",
  },
  approver: {
    name: "Approver",
    description: "Acts on approval tasks in the inbox.",
    home: "/inbox",
  },
  requester: {
    name: "Requester",
    description: "Starts requests (purchases, returns, stock signals) and follows them to a decision.",
    home: "/requests",
  },
  viewer: {
    name: "Viewer",
    description: "Reads workflows, instances and metrics without changing anything.",
    home: "/overview",
  },
};

// When a person holds several roles, the most powerful one decides the landing page.
const homePriority: readonly SystemRole[] = ["admin", "designer", "approver", "requester", "viewer"];

/** The role keys among `keys` that are system roles, in priority order. */
export function systemRolesOf(keys: readonly string[]): SystemRole[] {
  return homePriority.filter((role) => keys.includes(role));
}

/** Where a person with these roles lands after signing in; people without a role see the overview. */
export function homeFor(keys: readonly string[]): string {
  const top = systemRolesOf(keys)[0];
  return top ? systemRoleInfo[top].home : "/overview";
}

/** Whether a person with these roles may read the shared, read-only views. */
export function canRead(keys: readonly string[]): boolean {
  return systemRolesOf(keys).length > 0;
}

/** Whether `keys` include at least one of `roles`. */
export function hasAnyRole(keys: readonly string[], roles: readonly SystemRole[]): boolean {
  return roles.some((role) => keys.includes(role));
}
