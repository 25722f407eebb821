// The team's labels ("seed phrase lost", "verifier error"): defined once for everyone as state events of the
// staff room (one per label, so two agents adding labels never collide) and put on conversations by id. A label's
// name is shown as text wherever it appears — never as HTML — so a name like `<b>x</b>` reads exactly so.
import type { Readable } from "../observable.ts";
import { cleanLine, TeamError } from "../staff/errors.ts";
import type { StaffStateItems, StateItem } from "../staff/state-items.ts";

export const LABEL_STATE = "org.walletsupport.label";
export const MAX_LABEL_NAME = 40;
/** Label colours are picked from the console's palette (a number, never a CSS value from the wire). */
export const LABEL_COLOURS = 8;

export interface LabelDefinition {
  name: string;
  colour: number;
}

export type Label = StateItem<LabelDefinition>;

export function parseLabelDefinition(content: Record<string, unknown>): LabelDefinition | null {
  const name = typeof content.name === "string" ? cleanLine(content.name).slice(0, MAX_LABEL_NAME * 2) : "";
  if (!name) return null;
  const colour =
    typeof content.colour === "number" && Number.isInteger(content.colour)
      ? Math.abs(content.colour) % LABEL_COLOURS
      : 0;
  return { name, colour };
}

/** A valid new name for a label (not `except`), or a TeamError. */
export function checkLabelName(
  input: string,
  existing: readonly Label[],
  except: string | null = null,
): string {
  const name = cleanLine(input);
  if (!name) throw new TeamError("label-empty");
  if ([...name].length > MAX_LABEL_NAME) throw new TeamError("label-too-long", { max: MAX_LABEL_NAME });
  const folded = name.toLocaleLowerCase();
  if (existing.some((l) => l.id !== except && l.value.name.toLocaleLowerCase() === folded))
    throw new TeamError("label-exists", { name });
  return name;
}

function newId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

export class LabelDefinitions {
  private readonly state: StaffStateItems<LabelDefinition>;
  private readonly room: () => Promise<string>;
  private readonly deviceId: string;
  private readonly now: () => number;

  constructor(
    state: StaffStateItems<LabelDefinition>,
    room: () => Promise<string>,
    deviceId: string,
    now: () => number,
  ) {
    this.state = state;
    this.room = room;
    this.deviceId = deviceId;
    this.now = now;
  }

  get all(): Readable<Label[]> {
    return this.state.items;
  }

  get(id: string): Label | undefined {
    return this.state.get(id);
  }

  /** Adds a label; resolves with its id. */
  async create(input: string): Promise<string> {
    const name = checkLabelName(input, this.state.items.get());
    const id = newId();
    const colour = this.state.items.get().length % LABEL_COLOURS;
    await this.state.write(
      await this.room(),
      id,
      { name, colour, by: this.deviceId, updatedAt: this.now() },
      null,
    );
    return id;
  }

  async rename(id: string, input: string): Promise<void> {
    const current = this.state.get(id);
    const name = checkLabelName(input, this.state.items.get(), id);
    const colour = current?.value.colour ?? 0;
    await this.state.write(
      await this.room(),
      id,
      { name, colour, by: this.deviceId, updatedAt: this.now() },
      current?.version ?? null,
    );
  }

  /** Removes the label from the team's list; conversations keep nothing visible of it. */
  async remove(id: string): Promise<void> {
    await this.state.write(await this.room(), id, {}, null);
  }
}
