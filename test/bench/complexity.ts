// The algorithmic-complexity measure (issue 15 §2): each payload of test/fixtures/complexity.ts and a plain
// message of the same UTF-8 size, sent alternately by a plaintext fixture wallet into its conversation while it
// is open in the console, timed from the send until the message is in the DOM and a frame has been produced.
// Both include the same /sync round trip, so the ratio (payload ÷ plain) is what the payload costs the renderer
// beyond its size: near 1 is linear work, a quadratic step shows as a ratio in the tens.
import type { Page } from "playwright-core";
import { complexityPayloads, plainOfSameSize, type ComplexityPayload } from "../fixtures/complexity.ts";
import { call, txnId } from "./http.ts";
import { openConversation, type LiveContext } from "./latency.ts";
import { expectedLabel, forgetLabelKey, learnLabelKey } from "../harness/labels.ts";

export interface ComplexitySample {
  name: string;
  /** Send → painted, ms, per sample. */
  payload: number[];
  plain: number[];
}

type Watcher = { __complexity: { painted: Map<string, number> } };

/** Runs in the page: records when each timeline item first appears, after the frame that shows it. */
function installWatcher(): void {
  const w = window as unknown as Partial<Watcher>;
  if (w.__complexity) return;
  const painted = new Map<string, number>();
  w.__complexity = { painted };
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const items = node.matches("article[data-item-id]")
          ? [node]
          : [...node.querySelectorAll("article[data-item-id]")];
        for (const item of items) {
          const id = item.getAttribute("data-item-id")!;
          if (!painted.has(id)) requestAnimationFrame(() => setTimeout(() => painted.set(id, Date.now()), 0));
        }
      }
  }).observe(document.body, { childList: true, subtree: true });
}

async function paintedAt(page: Page, eventId: string): Promise<number> {
  const handle = await page.waitForFunction(
    (id) => (window as unknown as Watcher).__complexity.painted.get(id) ?? null,
    eventId,
    { timeout: 120_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

function contentOf(p: ComplexityPayload, plain: boolean): Record<string, unknown> {
  const text = plain ? plainOfSameSize(p) : (p.html ?? p.body);
  if (!p.html) return { msgtype: "m.text", body: text };
  return {
    msgtype: "m.text",
    body: plain ? "plain" : p.body,
    format: "org.matrix.custom.html",
    formatted_body: text,
  };
}

/** `samples` of every payload and of its plain twin, into the conversation of the fixture's first wallet. */
export async function measureComplexity(ctx: LiveContext, samples: number): Promise<ComplexitySample[]> {
  const page = ctx.page!;
  const wallet = ctx.manifest.wallets[0]!;
  // Only this server's console counts: the same account ID was signed in on other servers earlier in the run.
  forgetLabelKey(ctx.manifest.support.userId);
  await learnLabelKey(page, ctx.manifest.support.userId, { keyGiven: ctx.recoveryKeyGiven });
  await openConversation(page, wallet.roomId, expectedLabel(wallet.userId, ctx.manifest.support.userId));
  await page.evaluate(installWatcher);
  const send = async (content: Record<string, unknown>) => {
    const t0 = Date.now();
    const { event_id } = await call<{ event_id: string }>(
      ctx.hs.url,
      wallet.accessToken,
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(wallet.roomId)}/send/m.room.message/${txnId()}`,
      content,
    );
    return (await paintedAt(page, event_id)) - t0;
  };
  const out: ComplexitySample[] = [];
  for (const p of complexityPayloads()) {
    const sample: ComplexitySample = { name: p.name, payload: [], plain: [] };
    for (let i = 0; i < samples; i++) {
      // Alternating, so a timeline that grows with every message weighs on both sides alike.
      sample.plain.push(await send(contentOf(p, true)));
      sample.payload.push(await send(contentOf(p, false)));
    }
    out.push(sample);
  }
  return out;
}
