import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface SettleProcess {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

/** Starts a script of this repository (default `scripts/settle.ts`) in a child process with `env`. */
export function startScript(
  env: NodeJS.ProcessEnv,
  script = "scripts/settle.ts",
  args: string[] = [],
): SettleProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, script), ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => {
      child.on("exit", (code, signal) => resolve({ code, signal, output }));
    },
  );
  return { child, done };
}

/** Runs `npm run settle` (scripts/settle.ts) to the end. */
export function settle(env: NodeJS.ProcessEnv, args: string[] = []) {
  return startScript(env, "scripts/settle.ts", args).done;
}
