// The inbox's tabs and search with every conversation listed: from the click on a tab (All / Unread / Waiting, or
// the team's Open / Pending / Snoozed / Resolved) or a search query typed until the list shows the result (the DOM
// changed and the next frame is painted).
import type { Page } from "playwright-core";
import { INBOX_REGION } from "./probe.ts";

export interface FilterSamples {
  tabs: number[];
  /** The team's status tabs (every conversation of the fixture is Open: the others show an empty list). */
  status: number[];
  search: number[];
}

const QUERIES = ["urgent", "Wallet 3", "bank", "credential", "zzz-no-match"];

/** Runs in the page: performs `act`, resolves with ms until the inbox changed and a frame was painted. */
async function timed(
  page: Page,
  act: { kind: "tab"; name: string } | { kind: "status"; status: string } | { kind: "search"; query: string },
) {
  return page.evaluate(
    ({ region, act }) =>
      new Promise<number>((resolve, reject) => {
        const root = document.querySelector(region);
        if (!root) return reject(new Error("no inbox on screen"));
        const timer = setTimeout(() => reject(new Error("the inbox did not change")), 30_000);
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        });
        observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
        if (act.kind === "tab") {
          const button = [...root.querySelectorAll<HTMLButtonElement>(".filters button")].find((b) =>
            b.textContent?.trim().startsWith(act.name),
          );
          button?.click();
        } else if (act.kind === "status") {
          const tab = root.querySelector<HTMLButtonElement>(`[role="tab"][data-status="${act.status}"]`);
          if (!tab) {
            // No team tabs on screen (nothing to time): said by an empty row, not a failed run.
            observer.disconnect();
            clearTimeout(timer);
            return resolve(-1);
          }
          tab.click();
        } else {
          const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
          input.value = act.query;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }),
    { region: INBOX_REGION, act },
  );
}

/** `rounds` passes over the tabs and the queries (each query then cleared again). */
export async function measureFilters(page: Page, rounds = 3): Promise<FilterSamples> {
  const out: FilterSamples = { tabs: [], status: [], search: [] };
  for (let r = 0; r < rounds; r++) {
    for (const name of ["Unread", "Waiting", "All"]) out.tabs.push(await timed(page, { kind: "tab", name }));
    for (const status of ["pending", "snoozed", "resolved", "open"]) {
      const ms = await timed(page, { kind: "status", status });
      if (ms >= 0) out.status.push(ms);
    }
    for (const query of QUERIES) {
      out.search.push(await timed(page, { kind: "search", query }));
      out.search.push(await timed(page, { kind: "search", query: "" }));
    }
  }
  return out;
}
