// The admin configuration as the shell hands it to the renderer: its type and built-in defaults. Shared by the
// desktop shell (which layers and validates config.json files, electron/config.ts), the renderer core (which
// reads it through its Platform) and the scripts that serve the web build. Types and constants only: this
// folder is the one place both sides of the shell↔renderer boundary import, so it imports neither.

export type Language = "en" | "fr";

/** The organisation's configuration, set by an admin (baked into the installer or served with the web build). */
export interface AdminConfig {
  /** Brand shown in the title bar and sign-in screen. */
  brand: { name: string; logoUrl?: string };
  /** Homeserver URL used when the user ID's server has no `.well-known` (or to skip discovery). */
  homeserverUrl?: string;
  /** The support account agents sign in as, pre-filled on the sign-in screen. */
  supportUserId?: string;
  /**
   * Whether sign-in links and single sign-on may sign in as another account than `supportUserId` (after the
   * agent confirms). Off by default: such a link is refused, naming both accounts.
   */
  allowOtherAccounts?: boolean;
  /** The public notification room: `#alias:server` or a room ID. */
  notificationRoom?: string;
  /** Server names whose wallets are auto-accepted; empty means any server. */
  allowedWalletServers: string[];
  /** Whether an agent may, after confirming, reply unencrypted to a wallet that cannot decrypt. */
  allowUnencryptedReplies: boolean;
  /** Largest image the console downloads or sends, in bytes. */
  maxImageBytes: number;
  defaultLanguage: Language;
}

export const DEFAULT_CONFIG: AdminConfig = {
  brand: { name: "Wallet Support Console" },
  allowedWalletServers: [],
  allowUnencryptedReplies: false,
  maxImageBytes: 20 * 1024 * 1024,
  defaultLanguage: "en",
};
