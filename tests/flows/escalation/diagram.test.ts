import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ladderDiagram } from '../../../flows/escalation/diagram';

describe('the ladder diagram in the README', () => {
  it('is the diagram generated from the machine (regenerate: npm run diagram)', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBe(ladderDiagram());
  });

  it('shows every step and the manager-is-subject exit', () => {
    const diagram = ladderDiagram();
    expect(diagram).toContain('signalRecord --> managerIsSubject: RECORD_SIGNAL');
    expect(diagram).toContain('closed --> sanction: REPORT_REPETITION');
    expect(diagram).toContain('managerIsSubject --> [*]');
  });
});
