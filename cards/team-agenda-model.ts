/**
 * The team-discussion kit's agenda card: the norm, what bystanders can do (the 5 D's), where to
 * go, and the organisation's training. It takes no case and no user: the same card for every team
 * and every moment, so posting it can never carry case content. In the personal chat the same card
 * comes with the manager's note on timing (`forManager`).
 */
import type { TeamKitContent } from '../content/team-kit';

export interface TeamAgendaModel {
  manager: { visible: boolean; title: string; warning: string; howTo: string };
  title: string;
  intro: string;
  norm: { heading: string; text: string };
  bystanders: { heading: string; intro: string; items: { line: string }[]; source: string };
  report: { heading: string; text: string };
  training: { heading: string; text: string; missing: { visible: boolean; text: string }; open: { visible: boolean; title: string; url: string } };
  questions: { heading: string; items: { line: string }[] };
}

/** `trainingUrl`: the organisation's training (TEAM_TRAINING_URL), or null when none is set. */
export function teamAgendaModel(content: TeamKitContent, trainingUrl: string | null, forManager = false): TeamAgendaModel {
  const { card, personal } = content;
  return {
    manager: { visible: forManager, title: personal.title, warning: personal.warning, howTo: personal.howTo },
    title: card.title,
    intro: card.intro,
    norm: card.norm,
    bystanders: {
      heading: card.bystanders.heading,
      intro: card.bystanders.intro,
      items: card.bystanders.items.map((item) => ({ line: `**${item.name}**: ${item.text}` })),
      source: card.bystanders.source,
    },
    report: card.report,
    training: {
      heading: card.training.heading,
      text: card.training.text,
      missing: { visible: trainingUrl === null, text: card.training.missing },
      open: { visible: trainingUrl !== null, title: card.training.button, url: trainingUrl ?? '' },
    },
    questions: { heading: card.questions.heading, items: card.questions.items.map((line) => ({ line: `- ${line}` })) },
  };
}
