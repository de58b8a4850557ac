// Roles every installation needs, and demo people for trying Omniflow out. Demo people are only
// ever written into an empty database, and never in production mode.
import { randomUUID } from "node:crypto";
import { systemRoleInfo, systemRoles } from "../auth/roles";
import { createUser } from "../services/users";
import type { Db } from "./client";

export const DEMO_PASSWORD = "omniflow-demo";

export const demoUsers = [
  { name: "Ada Admin", email: "admin@omniflow.demo", roleKeys: ["admin"] },
  { name: "Dana Designer", email: "designer@omniflow.demo", roleKeys: ["designer"] },
  {
    name: "Alex Approver",
    email: "approver@omniflow.demo",
    roleKeys: ["approver", "buyer", "store-manager"],
  },
  { name: "Blair Approver", email: "approver2@omniflow.demo", roleKeys: ["approver", "finance"] },
  { name: "Riley Requester", email: "requester@omniflow.demo", roleKeys: ["requester"] },
  { name: "Val Viewer", email: "viewer@omniflow.demo", roleKeys: ["viewer"] },
] as const;

const businessRoles = [
  { key: "buyer", name: "Buyer", description: "Approves purchase requisitions and replenishment proposals." },
  { key: "finance", name: "Finance", description: "Handles invoice mismatches and high-value approvals." },
  { key: "store-manager", name: "Store manager", description: "Approves returns and store requests." },
];

/** Creates the system roles (and demo business roles) that are missing. Safe to run on every start. */
export async function ensureRoles(db: Db, withBusinessRoles: boolean): Promise<void> {
  const wanted = [
    ...systemRoles.map((key) => ({
      key,
      name: systemRoleInfo[key].name,
      description: systemRoleInfo[key].description,
      system: true,
    })),
    ...(withBusinessRoles ? businessRoles.map((role) => ({ ...role, system: false })) : []),
  ];
  for (const role of wanted) {
    await db.role.upsert({ where: { key: role.key }, create: { id: randomUUID(), ...role }, update: {} });
  }
}

export type SeedResult = { seeded: true; users: typeof demoUsers } | { seeded: false; reason: string };

/**
 * Seeds demo people when the database has no users and the mode is demo. Returns what it did;
 * an existing user or production mode leaves the database as it is (roles aside).
 */
export async function seedDemo(db: Db, mode: "demo" | "production"): Promise<SeedResult> {
  await ensureRoles(db, mode === "demo");
  if (mode === "production") return { seeded: false, reason: "production mode never seeds demo data" };
  if ((await db.user.count()) > 0) return { seeded: false, reason: "the database already has users" };
  for (const user of demoUsers) {
    await createUser(db, { ...user, roleKeys: [...user.roleKeys], password: DEMO_PASSWORD });
  }
  return { seeded: true, users: demoUsers };
}
