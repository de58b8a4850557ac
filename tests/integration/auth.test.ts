// Sign-in through better-auth against a real database: sessions and cookies, wrong passwords,
// throttling after repeated failures, deactivated people, and sign-out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "@/server/auth/auth";
import { sessionUserFromHeaders } from "@/server/auth/session";
import { databaseKinds } from "../helpers/databases";
import { createTestApp, DEMO_PASSWORD, type TestApp } from "../helpers/app";

function sessionCookie(response: Response): string {
  const header = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("omniflow.session_token="));
  if (!header) throw new Error(`no session cookie in ${response.headers.getSetCookie().join(" | ")}`);
  return header;
}

describe.each(databaseKinds)("sign-in on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app.drop();
  });

  it("signs in with the right password and sets an httpOnly SameSite=Lax session cookie", async () => {
    const response = await app.authPost("/sign-in/email", {
      email: "designer@omniflow.demo",
      password: DEMO_PASSWORD,
    });
    expect(response.status).toBe(200);
    const cookie = sessionCookie(response);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const headers = new Headers({ cookie: cookie.split(";")[0]! });
    const user = await sessionUserFromHeaders(app.auth, app.db, headers);
    expect(user).toMatchObject({ email: "designer@omniflow.demo", roles: ["designer"] });
  });

  it("refuses a wrong password with 401 and creates no session", async () => {
    const before = await app.db.session.count();
    const response = await app.authPost("/sign-in/email", {
      email: "viewer@omniflow.demo",
      password: "not-the-password",
    });
    expect(response.status).toBe(401);
    expect(
      response.headers
        .getSetCookie()
        .some((cookie) => /session_token=[^;]+/.test(cookie) && !/Max-Age=0/.test(cookie)),
    ).toBe(false);
    expect(await app.db.session.count()).toBe(before);
  });

  it("slows further tries after five wrong passwords in a row, then lets the person in after the wait", async () => {
    const email = "approver@omniflow.demo";
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await app.authPost("/sign-in/email", { email, password: `wrong-${attempt}-password` });
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const sessionsBefore = await app.db.session.count();
    const throttled = await app.authPost("/sign-in/email", { email, password: DEMO_PASSWORD });
    expect(throttled.status).toBe(429);
    expect(((await throttled.json()) as { message: string }).message).toMatch(
      /Too many failed sign-in attempts\. Try again in 15 seconds/,
    );
    expect(await app.db.session.count()).toBe(sessionsBefore);

    app.clock.now = new Date(app.clock.now.getTime() + 16_000);
    const allowed = await app.authPost("/sign-in/email", { email, password: DEMO_PASSWORD });
    expect(allowed.status).toBe(200);
    expect(await app.db.signInThrottle.count({ where: { email } })).toBe(0);
  });

  it("doubles the wait with each further failure", async () => {
    const email = "nobody@omniflow.demo";
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await app.authPost("/sign-in/email", { email, password: "wrong-password" });
    }
    app.clock.now = new Date(app.clock.now.getTime() + 16_000);
    expect((await app.authPost("/sign-in/email", { email, password: "wrong-password" })).status).toBe(401);
    const locked = await app.authPost("/sign-in/email", { email, password: "wrong-password" });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(/Try again in 30 seconds/);
  });

  it("refuses a deactivated person even with the right password", async () => {
    await app.db.user.update({ where: { email: "approver2@omniflow.demo" }, data: { active: false } });
    const response = await app.authPost("/sign-in/email", {
      email: "approver2@omniflow.demo",
      password: DEMO_PASSWORD,
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/deactivated/);
    const user = await app.db.user.findUniqueOrThrow({
      where: { email: "approver2@omniflow.demo" },
      select: { sessions: true },
    });
    expect(user.sessions).toHaveLength(0);
    await app.db.user.update({ where: { email: "approver2@omniflow.demo" }, data: { active: true } });
  });

  it("ends the session on sign-out", async () => {
    const signIn = await app.authPost("/sign-in/email", {
      email: "viewer@omniflow.demo",
      password: DEMO_PASSWORD,
    });
    const cookie = sessionCookie(signIn).split(";")[0]!;
    const headers = new Headers({ cookie });
    expect(await sessionUserFromHeaders(app.auth, app.db, headers)).not.toBeNull();
    const signOut = await app.authPost("/sign-out", {}, { cookie });
    expect(signOut.status).toBe(200);
    expect(await sessionUserFromHeaders(app.auth, app.db, headers)).toBeNull();
  });
});

describe("cookies over HTTPS", () => {
  it("marks the session cookie Secure when the app is served over https", async () => {
    const app = await createTestApp("sqlite");
    try {
      const auth = createAuth({
        db: app.db,
        kind: "sqlite",
        secret: "test-secret-that-is-long-enough-0123456789",
        baseURL: "https://omniflow.example",
        freeAttempts: 5,
        now: () => new Date(),
      });
      const response = await auth.handler(
        new Request("https://omniflow.example/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "https://omniflow.example" },
          body: JSON.stringify({ email: "viewer@omniflow.demo", password: DEMO_PASSWORD }),
        }),
      );
      expect(response.status).toBe(200);
      const cookie = response.headers.getSetCookie().find((value) => value.includes("session_token="));
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    } finally {
      await app.drop();
    }
  });
});
