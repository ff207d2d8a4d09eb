/**
 * The card part of a step turn, alone: build the step card's model and render it, for every step
 * in both languages, `TURNS` times over (default 2,000), after one warm-up round. Prints the CPU per turn of that loop in
 * microseconds and the JSON size of the signal card, so a change to `cards/` can be timed against
 * the code before it (docs/performance.md, "Step cards"). Run: `npx tsx bench/step-card-turns.ts [TURNS]`.
 */
import { renderStepCard } from '../cards/render';
import { stepCardModel } from '../cards/view-models';
import { loadContent, LOCALES } from '../content/load';
import { representativeStates } from '../flows/escalation/explore';
import { exploredStepInput } from '../cards/explored-step-input';

const turns = Number(process.argv[2] ?? 2000);
const states = [...representativeStates().values()];
const inputs = LOCALES.flatMap((locale) =>
  states.map((state) =>
    exploredStepInput(state, loadContent(locale), locale, {
      caseId: 'bench-case-0123456789ab',
      today: '2026-11-24',
      orgUnits: ['DG-A', 'DG-B'],
      needsOrgUnit: state.step === 'signalRecord',
    }),
  ),
);

// A bot renders for hours: what is read, parsed or expanded once (templates, content) is left out.
for (const input of inputs) renderStepCard(stepCardModel(input));
const started = process.cpuUsage();
let signalBytes = 0;
for (let turn = 0; turn < turns; turn++) {
  const input = inputs[turn % inputs.length]!;
  const card = renderStepCard(stepCardModel(input));
  if (input.step === 'signalRecord' && input.locale === 'nl') signalBytes = Buffer.byteLength(JSON.stringify(card));
}
const used = process.cpuUsage(started);
process.stdout.write(`${turns} turns: ${((used.user + used.system) / turns).toFixed(0)} µs CPU per turn; signal card (nl) ${signalBytes} bytes\n`);
