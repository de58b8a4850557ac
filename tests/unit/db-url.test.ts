// DATABASE_URL parsing.
import { describe, expect, it } from "vitest";
import { redactUrl } from "@/server/db/prepare";
import { databaseKind, sqliteFilePath } from "@/server/db/url";

describe("database URLs", () => {
  it("tells SQLite from PostgreSQL", () => {
    expect(databaseKind("file:./data/x.db")).toBe("sqlite");
    expect(databaseKind("postgres://a@127.0.0.1/b")).toBe("postgres");
    expect(databaseKind("postgresql://a@127.0.0.1/b")).toBe("postgres");
    expect(() => databaseKind("mysql://x")).toThrow(/must start with file:/);
  });

  it("extracts SQLite file paths", () => {
    expect(sqliteFilePath("file:./data/x.db")).toBe("./data/x.db");
    expect(sqliteFilePath("file:/tmp/x.db?connection_limit=1")).toBe("/tmp/x.db");
    expect(sqliteFilePath("file:///tmp/x.db")).toBe("/tmp/x.db");
    expect(() => sqliteFilePath("file:")).toThrow(/no path/);
  });

  it("hides passwords in logged URLs", () => {
    expect(redactUrl("postgresql://omni:s3cret@127.0.0.1:5432/db")).toBe(
      "postgresql://omni:***@127.0.0.1:5432/db",
    );
    expect(redactUrl("file:./data/x.db")).toBe("file:./data/x.db");
  });
});
