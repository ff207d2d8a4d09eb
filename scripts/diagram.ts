/** Prints the ladder as a Mermaid diagram for the README (`npm run diagram`). */
import { ladderDiagram } from '../flows/escalation/diagram';

process.stdout.write(`${ladderDiagram()}\n`);
