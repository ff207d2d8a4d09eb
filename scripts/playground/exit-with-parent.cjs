// Preloaded into the Agents Playground (node --require): the Playground exits as soon as the
// process that started it is gone, however that process ended (Ctrl+C, a crash, a CI timeout's
// SIGKILL), because its end of this stdin pipe then closes. No orphan keeps a port open.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
