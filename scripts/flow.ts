// `npm run flow`: the headless runner (validate a definition, or run it against a file of events).
// The work is in flow-cli.ts; this entry only wires it to the file system and the process.
import { readFileSync } from "node:fs";
import { runFlowCli } from "./flow-cli";

// exitCode rather than process.exit(): exiting at once could cut off output still going to a pipe.
process.exitCode = runFlowCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, "utf8"),
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
