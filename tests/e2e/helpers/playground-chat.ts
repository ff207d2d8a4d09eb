/**
 * A manager at the Agents Playground's chat, driven through Chromium: types into the composer,
 * fills and clicks Adaptive Cards by their visible labels (the texts from content/*.yaml), waits
 * for the bot's next card and takes a screenshot of every step. Selectors that work in 0.2.28: the
 * composer is a Lexical editor, every card renders as `.ac-adaptiveCard`, a card's title is its
 * first heading.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';

const COMPOSER = 'div[role="textbox"][data-lexical-editor="true"]';
/** A message's card, not a card shown inside it (Action.ShowCard). */
const MESSAGE_CARD = '.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)';

export const CARD_TIMEOUT_MS = 30_000;

export class PlaygroundChat {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly artifactsDir: string,
  ) {
    fs.mkdirSync(artifactsDir, { recursive: true });
  }

  /**
   * Opens the chat and waits for the bot's first card (the welcome). The Playground connects to
   * the bot when the page loads; on a slow machine that can miss, and a reload connects again.
   */
  async open(url: string, attempts = 3): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await (attempt === 1 ? this.page.goto(url) : this.page.reload());
        await this.cards().first().waitFor({ timeout: CARD_TIMEOUT_MS });
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    }
  }

  cards(): Locator {
    return this.page.locator(MESSAGE_CARD);
  }

  lastCard(): Locator {
    return this.cards().last();
  }

  async title(card: Locator): Promise<string> {
    return (await card.getByRole('heading').first().innerText()).trim();
  }

  async say(text: string): Promise<void> {
    const composer = this.page.locator(COMPOSER);
    await composer.click();
    await composer.pressSequentially(text);
    await composer.press('Enter');
  }

  /** Waits until the newest card is the one titled `title`, and returns it. */
  async cardTitled(title: string): Promise<Locator> {
    return this.waitForTitle(this.lastCard(), title);
  }

  /**
   * Waits until `card` is titled `title`: a card the bot replaces in place changes its title when
   * the invoke response arrives, which may be after the bot's next message.
   */
  async waitForTitle(card: Locator, title: string): Promise<Locator> {
    await card.getByRole('heading', { name: title, exact: true }).first().waitFor({ timeout: CARD_TIMEOUT_MS });
    return card;
  }

  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const file = path.join(this.artifactsDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** Card inputs by their labels, the way a manager fills them in. */
export class CardForm {
  constructor(
    private readonly page: Page,
    readonly card: Locator,
  ) {}

  /**
   * A toggle or one option of a multi-select: its accessible name ends with the text beside the
   * box (the renderer prefixes a multi-select option with the input's label; a toggle is its statement).
   */
  async tick(text: string): Promise<void> {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await this.card.getByRole('checkbox', { name: new RegExp(`(^|\\s)${escaped}(\\s|$)`) }).check();
  }

  /** A radio button; `question` names its group where two questions offer the same answer ("Ikzelf", "Ja"). */
  async choose(option: string, question?: string): Promise<void> {
    const scope = question ? this.card.getByRole('radiogroup', { name: question }) : this.card;
    await scope.getByRole('radio', { name: option, exact: true }).check();
  }

  /** A compact choice set: open the drop-down, pick the option. */
  async pick(label: string, option: string): Promise<void> {
    await this.card.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async write(label: string, text: string): Promise<void> {
    await this.card.getByRole('textbox', { name: label }).fill(text);
  }

  async click(button: string): Promise<void> {
    await this.card.getByRole('button', { name: button, exact: true }).last().click();
  }

  /** A secondary action: open the card's overflow menu (`…`), then choose the item. */
  async chooseMore(item: string): Promise<void> {
    await this.card.getByRole('button', { name: 'More options' }).last().click();
    await this.page.getByRole('menuitem', { name: item, exact: true }).click();
  }
}
