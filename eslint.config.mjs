// Lint: Next's core-web-vitals rules, typescript-eslint with type information, and the engine
// boundary (engine/ stays pure: no server, UI, Prisma, Next, React or Node built-ins).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const nodeBuiltins = [
  "assert",
  "buffer",
  "child_process",
  "cluster",
  "crypto",
  "dgram",
  "dns",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "net",
  "os",
  "path",
  "perf_hooks",
  "process",
  "readline",
  "stream",
  "timers",
  "tls",
  "url",
  "util",
  "v8",
  "vm",
  "worker_threads",
  "zlib",
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "data/**",
      "server/db/generated/**",
      "prisma/generated/**",
      "test-results/**",
      "playwright-report/**",
      ".test-output/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTs,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins
            .flatMap((name) => [name, `node:${name}`])
            .map((name) => ({
              name,
              message: "engine/ is pure: no Node built-ins (time, ids and data come in as arguments).",
            })),
          patterns: [
            {
              group: [
                "@/server/*",
                "@/components/*",
                "@/app/*",
                "**/server/**",
                "**/components/**",
                "**/app/**",
              ],
              message: "engine/ must not import from server/, components/ or app/.",
            },
            {
              group: ["react", "react-dom", "react/*", "next", "next/*", "@prisma/*", "better-sqlite3", "pg"],
              message: "engine/ must not import React, Next, Prisma or database drivers.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "engine/ does no I/O." },
        { name: "setTimeout", message: "engine/ does not schedule; return a timer command." },
        { name: "setInterval", message: "engine/ does not schedule; return a timer command." },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "Date",
          property: "now",
          message: "engine/ never reads the clock: take time as an argument.",
        },
        {
          object: "Math",
          property: "random",
          message: "engine/ never uses randomness: take ids as arguments.",
        },
        {
          object: "crypto",
          property: "randomUUID",
          message: "engine/ never makes ids: take them as arguments.",
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "engine/ never reads the clock.",
        },
      ],
    },
  },
);
