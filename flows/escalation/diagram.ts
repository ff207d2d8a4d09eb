/**
 * The ladder as a Mermaid state diagram, generated from the machine definition itself so that the
 * README can never drift from the code (a test compares the two).
 */
import type { AnyStateNode } from 'xstate';
import { escalationMachine, STEP_PATHS } from './machine';
import { STEP_IDS } from './types';
import type { StepId } from './types';

const STEP_BY_NODE_ID = new Map<string, StepId>(
  STEP_IDS.map((step) => [`${escalationMachine.id}.${STEP_PATHS[step]}`, step]),
);

type AnyNode = AnyStateNode;

/** A choice point (`always` transitions only): the case never rests there, so it is drawn as where it leads. */
function isTransient(node: AnyNode): boolean {
  return (node.always?.length ?? 0) > 0;
}

function leaves(node: AnyNode): AnyNode[] {
  const children = Object.values(node.states) as AnyNode[];
  return children.length === 0 ? (isTransient(node) ? [] : [node]) : children.flatMap(leaves);
}

/** The steps a transition into `node` can end up in: through choice points, in declaration order. */
function restingLeaves(node: AnyNode): AnyNode[] {
  const leaf = entryLeaf(node);
  if (!isTransient(leaf)) return [leaf];
  return leaf.always!.flatMap((transition) => (transition.target ?? []).flatMap((target) => restingLeaves(target as AnyNode)));
}

/** The leaf a transition into `node` ends up in (compound states enter their initial child). */
function entryLeaf(node: AnyNode): AnyNode {
  const initial = node.config.initial as string | undefined;
  return initial ? entryLeaf(node.states[initial] as AnyNode) : node;
}

function stepName(node: AnyNode): StepId {
  const step = STEP_BY_NODE_ID.get(node.id);
  if (!step) throw new Error(`State ${node.id} has no step id`);
  return step;
}

/** Lines of `stateDiagram-v2`: one per distinct (from, event, to), in document order. */
export function ladderDiagram(): string {
  const lines = ['stateDiagram-v2', `    [*] --> ${stepName(entryLeaf(escalationMachine.root as AnyNode))}`];
  const seen = new Set<string>();
  for (const leaf of leaves(escalationMachine.root as AnyNode)) {
    // Transitions declared on the leaf and on its ancestors both apply to the leaf.
    for (let node: AnyNode | undefined = leaf; node; node = node.parent) {
      for (const [eventType, transitions] of node.transitions) {
        for (const transition of transitions) {
          for (const targetNode of (transition.target ?? []).flatMap((target) => restingLeaves(target as AnyNode))) {
            const line = `    ${stepName(leaf)} --> ${stepName(targetNode)}: ${eventType}`;
            if (!seen.has(line)) {
              seen.add(line);
              lines.push(line);
            }
          }
        }
      }
    }
    if (leaf.type === 'final') lines.push(`    ${stepName(leaf)} --> [*]`);
  }
  return lines.join('\n');
}
