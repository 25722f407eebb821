// Collision hints: which other agent is viewing or typing in a conversation, so a second reply doesn't go out
// unawares. Each device tells the support account's other devices — and nobody else — with end-to-end encrypted
// to-device messages. Never Matrix typing notifications or read receipts in the wallet's room: those would show
// the wallet that (and which) agent is there. Hints expire by themselves (on the desk's clock) if a device
// vanishes without saying it left.
import type { Feature } from "../desk/feature.ts";
import { Observable, type Readable } from "../observable.ts";

export const PRESENCE_EVENT = "org.walletsupport.presence";
export type Activity = "viewing" | "typing";

/** How long a hint holds without being repeated. */
export const VIEWING_TTL_MS = 45_000;
export const TYPING_TTL_MS = 8_000;
/** How often a device repeats what it is doing while it keeps doing it. */
const VIEWING_EVERY_MS = 20_000;
const TYPING_EVERY_MS = 3_000;

export interface OtherAgent {
  /** The agent's device. */
  agent: string;
  activity: Activity;
}

export interface PresenceApi {
  /** Other agents in this conversation right now (typing first). */
  others(walletUserId: string): Readable<OtherAgent[]>;
  /** The agent typed in this conversation's composer (called on every input; sent at most every few seconds). */
  typing(walletUserId: string): void;
  /** The composer was emptied or the reply sent. */
  stoppedTyping(walletUserId: string): void;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    presence: PresenceApi;
  }
}

interface Hint {
  conversation: string;
  activity: Activity;
  until: number;
}

export const presenceFeature: Feature<PresenceApi> = {
  start(ctx) {
    const staff = ctx.use("staff");
    const me = ctx.client.getUserId()!;
    const hints = new Map<string, Hint>();
    const views = new Map<string, Observable<OtherAgent[]>>();
    let disposed = false;
    let cancelExpiry: (() => void) | null = null;
    ctx.track(() => {
      disposed = true;
      cancelExpiry?.();
    });

    const publish = () => {
      const now = ctx.clock.now();
      for (const [agent, hint] of hints) if (hint.until <= now) hints.delete(agent);
      // One timer, for the next hint to expire.
      cancelExpiry?.();
      cancelExpiry = null;
      const next = Math.min(...[...hints.values()].map((h) => h.until));
      if (Number.isFinite(next) && !disposed) cancelExpiry = ctx.clock.setTimeout(publish, next - now + 1);
      for (const [conversation, view] of views) {
        const list = [...hints.entries()]
          .filter(([, h]) => h.conversation === conversation)
          .map(([agent, h]) => ({ agent, activity: h.activity }))
          .sort((a, b) =>
            a.activity === b.activity ? a.agent.localeCompare(b.agent) : a.activity === "typing" ? -1 : 1,
          );
        const current = view.get();
        if (JSON.stringify(current) !== JSON.stringify(list)) view.set(list);
      }
    };

    ctx.track(
      ctx.taps.onToDevice((event) => {
        // Only our own account's other devices, and only end-to-end encrypted (the envelope names the device).
        if (event.type !== PRESENCE_EVENT || event.sender !== me || !event.senderDevice) return;
        if (event.senderDevice === ctx.deviceId) return;
        const c = event.content;
        const conversation = typeof c.conversation === "string" ? c.conversation : null;
        const activity = c.activity === "typing" || c.activity === "viewing" ? c.activity : null;
        if (!conversation || !activity) hints.delete(event.senderDevice);
        else {
          const ttl = activity === "typing" ? TYPING_TTL_MS : VIEWING_TTL_MS;
          const until = ctx.clock.now() + ttl;
          hints.set(event.senderDevice, { conversation, activity, until });
        }
        publish();
      }),
    );

    const send = async (conversation: string | null, activity: Activity | null) => {
      const crypto = ctx.client.getCrypto();
      const devices = staff.agents.devices.get();
      if (!crypto || !devices || disposed) return;
      const targets = [...devices]
        .filter((d) => d !== ctx.deviceId)
        .map((deviceId) => ({ userId: me, deviceId }));
      if (targets.length === 0) return;
      try {
        const batch = await crypto.encryptToDeviceMessages(PRESENCE_EVENT, targets, {
          conversation,
          activity,
        });
        if (batch.batch.length > 0 && !disposed) await ctx.client.queueToDevice(batch);
      } catch (err) {
        // A hint that doesn't go out only makes the other agent less aware; the reply itself is unaffected.
        console.debug(`[presence] not sent: ${(err as Error).message}`);
      }
    };

    // Viewing: whatever conversation is open, repeated while it stays open.
    let viewing: string | null = null;
    let cancelRepeat: (() => void) | null = null;
    const repeatViewing = () => {
      cancelRepeat?.();
      cancelRepeat = null;
      if (!viewing || disposed) return;
      cancelRepeat = ctx.clock.setTimeout(() => {
        void send(viewing, "viewing");
        repeatViewing();
      }, VIEWING_EVERY_MS);
    };
    ctx.track(
      ctx.attention.view.subscribe(({ openWallet }) => {
        if (openWallet === viewing) return;
        viewing = openWallet;
        void send(viewing, viewing ? "viewing" : null);
        repeatViewing();
      }),
    );
    ctx.track(() => {
      cancelRepeat?.();
      if (viewing) void send(null, null);
    });

    let lastTyping = 0;
    return {
      others(walletUserId) {
        let view = views.get(walletUserId);
        if (!view) {
          view = new Observable<OtherAgent[]>([]);
          views.set(walletUserId, view);
          publish();
        }
        return view;
      },
      typing(walletUserId) {
        const now = ctx.clock.now();
        if (now - lastTyping < TYPING_EVERY_MS) return;
        lastTyping = now;
        void send(walletUserId, "typing");
      },
      stoppedTyping(walletUserId) {
        if (lastTyping === 0) return;
        lastTyping = 0;
        void send(walletUserId, viewing === walletUserId ? "viewing" : null);
      },
    };
  },
};
