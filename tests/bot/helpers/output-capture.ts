/**
 * Collects everything the process writes to stdout and stderr (still passing it through), for
 * tests that prove no secret or personal data reaches any output — also output our logger does not
 * control (libraries writing on their own). Restore with `jest.restoreAllMocks()`.
 */
export function captureProcessOutput(lines: string[]): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }));
  }
}
