/**
 * Where a bot's time goes: a V8 CPU profile (`node --cpu-prof`) of the bot under the bench's load,
 * summarised by where the code lives (a package in node_modules, a folder of this project, Node
 * itself, the garbage collector) and by the functions with the most self time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time that was not idle, in ms. */
  busyMs: number;
  /** Share of busy time per place, largest first. */
  byPlace: Array<{ place: string; share: number }>;
  /** The functions with the most self time. */
  topFunctions: Array<{ fn: string; place: string; share: number }>;
  /** Share of busy time spent in (below) each of the phases of a turn named in TURN_PHASES. */
  phases: Array<{ phase: string; share: number }>;
}

/**
 * The phases of a turn, as names of synchronous functions in the compiled bot (cards/, bot/store,
 * flows/) and botbuilder; a sample counts for every phase on its stack. Async functions are left
 * out: after their first await their work no longer shows below them on the stack.
 */
export const TURN_PHASES: ReadonlyArray<{ phase: string; functions: readonly string[] }> = [
  { phase: 'view models (stepCardModel, summaryModel)', functions: ['stepCardModel', 'summaryModel'] },
  { phase: 'card templates (renderStepCard, renderCard)', functions: ['renderStepCard', 'renderCard'] },
  { phase: 'store: commit of the turn (group commit, fsync)', functions: ['flush'] },
  { phase: 'store: load, user settings, conversation reference', functions: ['load', 'userSettings', 'saveConversationRef', 'saveUserSettings'] },
  { phase: 'machine: restore and transition', functions: ['restore', 'advance'] },
  { phase: 'replies to the Bot Connector (sendActivity)', functions: ['sendActivity'] },
  { phase: 'request body parsing (restify)', functions: ['parseJson'] },
  { phase: 'garbage collection', functions: ['(garbage collector)'] },
];

/** `botbuilder`, `bot/store`, `node:internal`, `(garbage collector)`, … */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/dist\/([^/]+(?:\/[^/.]+(?=\/))?)/.exec(url);
  if (own) return own[1]!;
  if (url.startsWith('node:')) return 'node (core)';
  return url;
}

export function summariseProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const places = new Map<string, number>();
  const functions = new Map<string, { place: string; us: number }>();
  let busy = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    busy += us;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-1)[0] ?? ''}:${lineNumber + 1}`;
    const entry = functions.get(key) ?? { place, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const share = (us: number) => us / busy;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const phaseUs = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(byId.get(at)!.callFrame.functionName);
    for (const { phase, functions } of TURN_PHASES) {
      if (functions.some((fn) => onStack.has(fn))) phaseUs.set(phase, (phaseUs.get(phase) ?? 0) + us);
    }
  }
  return {
    phases: TURN_PHASES.map(({ phase }) => ({ phase, share: share(phaseUs.get(phase) ?? 0) })),
    busyMs: busy / 1000,
    byPlace: [...places].sort((a, b) => b[1] - a[1]).map(([place, us]) => ({ place, share: share(us) })),
    topFunctions: [...functions]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([fn, { place, us }]) => ({ fn, place, share: share(us) })),
  };
}

/** The one profile a process wrote into `dir`. */
export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

export function formatProfile(summary: ProfileSummary, places = 12): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  return [
    `busy ${summary.busyMs.toFixed(0)} ms sampled; self time by place:`,
    ...summary.byPlace.slice(0, places).map((p) => `  ${pct(p.share)}  ${p.place}`),
    'time below each phase of a turn (phases overlap: a phase includes the ones it calls):',
    ...summary.phases.map((p) => `  ${pct(p.share)}  ${p.phase}`),
    'functions with the most self time:',
    ...summary.topFunctions.map((f) => `  ${pct(f.share)}  ${f.fn}  [${f.place}]`),
  ].join('\n');
}
