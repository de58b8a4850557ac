// Finds where JSON text first goes wrong, as a line and a column. JSON.parse cannot be relied on for
// this: V8 reports some errors ("Unexpected token ...") without any position.

export interface JsonErrorLocation {
  /** 1-based line of the first error. */
  line: number;
  /** 1-based column (in UTF-16 code units) of the first error. */
  column: number;
  message: string;
}

/** A new index after a scanned token, or the offset and cause of an error. */
type Scan = number | { offset: number; message: string };

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const wordPattern = /[A-Za-z_$][\w$]*/y;

function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length && " \t\n\r".includes(text[position]!)) position += 1;
  return position;
}

function scanString(text: string, index: number): Scan {
  let position = index + 1;
  while (position < text.length) {
    const code = text.charCodeAt(position);
    if (code === 0x22) return position + 1;
    if (code === 0x5c) {
      const escaped = text[position + 1];
      if (escaped === undefined) break;
      if (escaped === "u") {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(position + 2, position + 6))) {
          return { offset: position, message: "a \\u escape needs four hexadecimal digits" };
        }
        position += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(escaped)) {
        return { offset: position, message: `invalid escape \\${escaped} in a string` };
      }
      position += 2;
      continue;
    }
    if (code < 0x20) {
      return { offset: position, message: "a control character (such as a line break) inside a string" };
    }
    position += 1;
  }
  return { offset: text.length, message: "unterminated string" };
}

function scanPrimitive(text: string, index: number): Scan {
  const char = text[index]!;
  if (char === '"') return scanString(text, index);
  if (char === "-" || (char >= "0" && char <= "9")) {
    numberPattern.lastIndex = index;
    const match = numberPattern.exec(text);
    const end = match ? index + match[0].length : index;
    if (!match || /[\d.eE+-]/.test(text[end] ?? "")) return { offset: index, message: "invalid number" };
    return end;
  }
  wordPattern.lastIndex = index;
  const word = wordPattern.exec(text)?.[0];
  if (word === "true" || word === "false" || word === "null") return index + word.length;
  if (word !== undefined) return { offset: index, message: `expected a value, found "${word}"` };
  return { offset: index, message: `expected a value, found ${JSON.stringify(char)}` };
}

function locate(text: string, offset: number, message: string): JsonErrorLocation {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1, message };
}

/**
 * The first syntax error in `text` with its 1-based line and column, or null when `text` is one
 * valid JSON value (surrounded by optional whitespace). Iterative, so deep nesting cannot overflow.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const containers: ("object" | "array")[] = [];
  let mode: "value" | "key" | "after" = "value";
  let index = skipWhitespace(text, 0);
  for (;;) {
    index = skipWhitespace(text, index);
    const char = text[index];
    const container = containers.at(-1);
    if (mode === "value") {
      if (char === undefined) return locate(text, index, "unexpected end of input, expected a value");
      if (char === "{" || char === "[") {
        const close = char === "{" ? "}" : "]";
        index = skipWhitespace(text, index + 1);
        if (text[index] === close) {
          index += 1;
          mode = "after";
        } else {
          containers.push(char === "{" ? "object" : "array");
          mode = char === "{" ? "key" : "value";
        }
        continue;
      }
      const scan = scanPrimitive(text, index);
      if (typeof scan !== "number") return locate(text, scan.offset, scan.message);
      index = scan;
      mode = "after";
    } else if (mode === "key") {
      if (char !== '"') {
        const found = char === undefined ? "the end of input" : JSON.stringify(char);
        return locate(text, index, `expected a property name in double quotes, found ${found}`);
      }
      const scan = scanString(text, index);
      if (typeof scan !== "number") return locate(text, scan.offset, scan.message);
      index = skipWhitespace(text, scan);
      if (text[index] !== ":") return locate(text, index, "expected ':' after a property name");
      index += 1;
      mode = "value";
    } else if (container === undefined) {
      return char === undefined ? null : locate(text, index, "unexpected text after the JSON value");
    } else {
      const close = container === "object" ? "}" : "]";
      if (char === ",") {
        index += 1;
        mode = container === "object" ? "key" : "value";
      } else if (char === close) {
        index += 1;
        containers.pop();
      } else {
        const found = char === undefined ? "the end of input" : JSON.stringify(char);
        return locate(text, index, `expected ',' or '${close}', found ${found}`);
      }
    }
  }
}
