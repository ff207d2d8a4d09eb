/**
 * Preloaded into a bot process by the bench (`node --expose-gc --require memory-probe.js …`) to
 * read its memory from the inside without changing the bot: on `{"op":"memory"}` over the IPC
 * channel it collects garbage and answers with process.memoryUsage(), so a heap that keeps growing
 * across turns shows up as retained memory rather than as garbage not yet collected.
 */
process.on('message', (message: { op?: string }) => {
  if (message?.op !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ memory: process.memoryUsage() });
});
// The channel must not keep a bot alive that was told to stop.
process.channel?.unref();
