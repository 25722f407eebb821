// The guard in the signed-in desk: its word lists are warmed up once the desk is ready (the first check would
// otherwise build them while a message renders), and the agent's deliberate choices around secrets — revealing a
// hidden phrase, sending a held draft anyway — are recorded as events the team's activity can show.
import type { Feature } from "../desk/feature.ts";
import { Observable, type Readable } from "../observable.ts";
import { prepareGuard } from "./index.ts";

export type GuardChoice =
  | { kind: "revealed"; roomId: string; eventId: string; at: number }
  | { kind: "sent-anyway"; target: "reply" | "broadcast"; roomId: string | null; at: number };

export interface GuardApi {
  /** The agent revealed a hidden secret in a conversation. */
  revealed(roomId: string, eventId: string): void;
  /** The agent sent a draft the guard held (it asked for a secret). */
  sentAnyway(target: "reply" | "broadcast", roomId: string | null): void;
  /** This session's choices, newest last (the activity feature shows them to the team). */
  readonly choices: Readable<readonly GuardChoice[]>;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    guard: GuardApi;
  }
}

const WARM_UP_DELAY_MS = 1500;

export const guardFeature: Feature<GuardApi> = {
  start(ctx) {
    const choices = new Observable<readonly GuardChoice[]>([]);
    ctx.track(ctx.clock.setTimeout(() => prepareGuard(), WARM_UP_DELAY_MS));
    const record = (choice: GuardChoice) => {
      choices.update((list) => [...list.slice(-199), choice]);
      console.info(`[guard] ${choice.kind} ${choice.roomId ?? "broadcast"}`);
    };
    return {
      revealed: (roomId, eventId) => record({ kind: "revealed", roomId, eventId, at: ctx.clock.now() }),
      sentAnyway: (target, roomId) => record({ kind: "sent-anyway", target, roomId, at: ctx.clock.now() }),
      choices,
    };
  },
};
