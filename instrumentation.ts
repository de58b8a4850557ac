// Next.js start-up hook: on the Node.js runtime the web server also runs one worker in-process (the
// embedded default), unless OMNIFLOW_EMBEDDED_WORKER=0 because separate workers do the work.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
