import * as os from 'node:os';
import * as path from 'node:path';
import { startAgentsPlayground } from '../../../scripts/playground/agents-playground';

describe('starting the Agents Playground', () => {
  it('retries, then says why it could not start', async () => {
    const missing = path.join(os.tmpdir(), `ew-no-such-dir-${process.pid}`);
    await expect(startAgentsPlayground({ endpoint: 'http://127.0.0.1:9/api/messages', cwd: missing, attempts: 2 })).rejects.toThrow(
      /^Agents Playground did not start: spawn .* ENOENT/,
    );
  });
});
