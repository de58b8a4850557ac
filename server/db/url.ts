// Which database a DATABASE_URL names, and the file path behind a SQLite `file:` URL.

export type DatabaseKind = "sqlite" | "postgres";

/** Tells the provider from the URL scheme: `file:` is SQLite, `postgres(ql)://` is PostgreSQL. */
export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  throw new Error(
    `DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${url.slice(0, 16)}…")`,
  );
}

/** The file path of a SQLite URL (`file:./data/x.db` -> `./data/x.db`); query strings are dropped. */
export function sqliteFilePath(url: string): string {
  const withoutScheme = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  const path = withoutScheme.split("?")[0] ?? "";
  if (path === "") throw new Error("DATABASE_URL file: URL has no path");
  return path;
}
