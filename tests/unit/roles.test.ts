// Role homes and read access.
import { describe, expect, it } from "vitest";
import { canRead, hasAnyRole, homeFor, systemRolesOf } from "@/server/auth/roles";

describe("roles", () => {
  it.each([
    [["admin"], "/admin"],
    [["designer"], "/workflows"],
    [["approver", "buyer"], "/inbox"],
    [["viewer"], "/overview"],
    [["approver", "designer"], "/workflows"],
    [["viewer", "admin"], "/admin"],
    [["buyer"], "/overview"],
    [[], "/overview"],
  ])("sends %j home to %s", (roles, home) => {
    expect(homeFor(roles)).toBe(home);
  });

  it("keeps only system roles, most powerful first", () => {
    expect(systemRolesOf(["buyer", "viewer", "admin"])).toEqual(["admin", "viewer"]);
  });

  it("gives read access to system roles only", () => {
    expect(canRead(["buyer"])).toBe(false);
    expect(canRead(["approver"])).toBe(true);
    expect(hasAnyRole(["approver"], ["admin", "designer"])).toBe(false);
    expect(hasAnyRole(["designer"], ["admin", "designer"])).toBe(true);
  });
});
