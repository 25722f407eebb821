// The set-up most browser tests share, in one call at the top of the file: a fresh support account (optionally
// with a notification room made the way the console makes one), the built console served with an admin config
// naming them, Chromium, and — unless the test wants to watch it — sign-in through the real form and the
// recovery key stored, as an agent's first device does. Wallets made through it are stopped after the file.
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import type { AdminConfig } from "../../contract/index.ts";
import { newSupportAccount, newWallet, testHomeserver } from "./accounts.ts";
import { launchChromium, type PageOptions } from "./browser.ts";
import {
  createNotificationRoomAs,
  openConsole,
  signIn,
  startConsoleSite,
  storeRecoveryKey,
  type ConsolePage,
  type ConsoleSite,
} from "./e2e.ts";
import type { RegisteredUser } from "./homeserver.ts";
import type { Wallet, WalletShape } from "./wallet.ts";

export interface ConsoleInChromiumOptions {
  /** Admin config beyond `supportUserId` (and `notificationRoom`, when one is made). */
  config?: Partial<AdminConfig>;
  /** Create a notification room as support and configure it. */
  notificationRoom?: boolean;
  /** "recovery-key-stored" (default): signed in, key stored; "signed-in": the key left for the test; "no": neither. */
  signIn?: "recovery-key-stored" | "signed-in" | "no";
  /** A homeserver of the file's own (see own-homeserver.ts); the suite's shared one otherwise. */
  homeserver?: { url: string; registrationSecret: string };
  /**
   * Runs once the support account exists, before the console is served and signed in (rooms or wallets that
   * must exist first); the admin config it returns is added to the site's.
   */
  prepare?: (fixture: ConsoleInChromium) => Promise<Partial<AdminConfig> | void>;
}

export interface ConsoleInChromium {
  readonly browser: Browser;
  readonly site: ConsoleSite;
  readonly support: RegisteredUser;
  /** The notification room, when the options asked for one. */
  readonly notificationRoom: { roomId: string; alias: string };
  /** The page signed in by the set-up (or by `signIn()`). */
  readonly page: ConsolePage;
  readonly homeserverUrl: string;
  /** Opens the console in a new page and signs in (storing the recovery key unless told not to). */
  signIn(options?: PageOptions & { storeRecoveryKey?: boolean }): Promise<ConsolePage>;
  /** An AltMe-shaped wallet of this file's support account, stopped after the file's tests. */
  wallet(shape?: WalletShape): Promise<Wallet>;
}

/** Call at the top level of a test file; the returned fixture is usable from its tests (and later hooks) on. */
export function consoleInChromium(options: ConsoleInChromiumOptions = {}): ConsoleInChromium {
  const state: Partial<Record<"browser" | "site" | "support" | "notificationRoom" | "page", unknown>> = {};
  const wallets: Wallet[] = [];
  const hs = () => options.homeserver ?? testHomeserver();
  const get = <T>(name: keyof typeof state): T => {
    if (state[name] === undefined) throw new Error(`consoleInChromium: ${name} is not set up (yet)`);
    return state[name] as T;
  };

  const fixture: ConsoleInChromium = {
    get browser() {
      return get<Browser>("browser");
    },
    get site() {
      return get<ConsoleSite>("site");
    },
    get support() {
      return get<RegisteredUser>("support");
    },
    get notificationRoom() {
      return get<{ roomId: string; alias: string }>("notificationRoom");
    },
    get page() {
      return get<ConsolePage>("page");
    },
    get homeserverUrl() {
      return hs().url;
    },
    async signIn({ storeRecoveryKey: store = true, ...pageOptions } = {}) {
      const page = await openConsole(fixture.browser, fixture.site, pageOptions);
      await signIn(page.page, fixture.support);
      if (store) await storeRecoveryKey(page.page);
      state.page ??= page;
      return page;
    },
    async wallet(shape = "e2ee") {
      const wallet = await newWallet(fixture.support.userId, shape, hs());
      wallets.push(wallet);
      return wallet;
    },
  };

  beforeAll(async () => {
    const server = hs();
    state.support = await newSupportAccount("support", server);
    const config: Partial<AdminConfig> = { supportUserId: fixture.support.userId, ...options.config };
    if (options.notificationRoom) {
      const room = await createNotificationRoomAs(fixture.support, server.url);
      state.notificationRoom = room;
      config.notificationRoom = room.alias;
    }
    Object.assign(config, await options.prepare?.(fixture));
    state.site = await startConsoleSite(config, server.url);
    state.browser = await launchChromium();
    const signInMode = options.signIn ?? "recovery-key-stored";
    if (signInMode !== "no") await fixture.signIn({ storeRecoveryKey: signInMode === "recovery-key-stored" });
  });
  afterAll(async () => {
    wallets.forEach((w) => w.stop());
    await (state.browser as Browser | undefined)?.close();
    await (state.site as ConsoleSite | undefined)?.close();
  });
  return fixture;
}
