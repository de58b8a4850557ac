// The lint rule that keeps engine/ pure: it must flag I/O, the clock, randomness and imports from
// the outer layers, and leave plain code alone.
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({
  cwd: process.cwd(),
  // Type information is not needed for these rules; lintText on a virtual file cannot have it.
  overrideConfig: [
    { ...tseslint.configs.disableTypeChecked, languageOptions: { parserOptions: { projectService: false } } },
  ],
});

async function messages(code: string, filePath = "engine/boundary-probe.ts"): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? "?"}: ${message.message}`);
}

describe("engine boundary lint rule", () => {
  it.each([
    [
      'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n',
      /no-restricted-imports.*Node built-ins/,
    ],
    ['import path from "path";\nexport const x = path;\n', /no-restricted-imports.*Node built-ins/],
    [
      'import { createDb } from "@/server/db/client";\nexport const x = createDb;\n',
      /no-restricted-imports.*server/,
    ],
    [
      'import { Button } from "../components/ui/button";\nexport const x = Button;\n',
      /no-restricted-imports.*components/,
    ],
    ['import { useState } from "react";\nexport const x = useState;\n', /no-restricted-imports.*React/],
    [
      'import { PrismaClient } from "@prisma/client";\nexport const x = PrismaClient;\n',
      /no-restricted-imports.*Prisma/,
    ],
    ["export const now = () => Date.now();\n", /no-restricted-properties.*clock/],
    ["export const now = () => new Date();\n", /no-restricted-syntax.*clock/],
    ["export const id = () => Math.random();\n", /no-restricted-properties.*randomness/],
    ['export const get = () => fetch("http://127.0.0.1");\n', /no-restricted-globals.*I\/O/],
    ["export const later = (f: () => void) => setTimeout(f, 1);\n", /no-restricted-globals.*timer command/],
  ])("flags %j", async (code, expected) => {
    expect((await messages(code)).join("\n")).toMatch(expected);
  });

  it("allows pure code, zod and dates passed in", async () => {
    const code = [
      'import { z } from "zod";',
      "export const schema = z.object({ at: z.string() });",
      "export const later = (at: Date, ms: number) => new Date(at.getTime() + ms);",
      "",
    ].join("\n");
    expect(await messages(code)).toEqual([]);
  });

  it("does not apply outside engine/", async () => {
    expect(await messages("export const now = () => Date.now();\n", "server/clock-probe.ts")).toEqual([]);
  });
});
