// Who the agents are. Every agent is one device of the support account; its name is asked on that device's first
// sign-in, kept on the device (sealed) and published to the team as an encrypted profile in the staff room, so
// claims, notes and activity lines show a name. A name never goes anywhere a wallet could read it: not in the
// device's display name (other users can read those), not in any wallet room.
import type { MatrixClient } from "matrix-js-sdk";
import { CryptoEvent } from "matrix-js-sdk/lib/crypto-api/index.js";
import { Observable, type Readable } from "../observable.ts";
import { cleanLine, TeamError } from "./errors.ts";
import type { StaffIndex } from "./index.ts";
import type { StaffRecord } from "./records.ts";
import type { StaffStorage } from "./storage.ts";

export const MAX_NAME = 40;
const ME = "agent:me";

export interface Me {
  deviceId: string;
  /** null: this device has no name yet (the UI asks). */
  name: string | null;
  /** False until this device's saved name has been read (don't ask before). */
  loaded: boolean;
}

/** A valid agent name, or a TeamError saying why not. */
export function checkName(input: string): string {
  const name = cleanLine(input);
  if (!name) throw new TeamError("name-empty");
  if ([...name].length > MAX_NAME) throw new TeamError("name-too-long", { max: MAX_NAME });
  return name;
}

export class Agents {
  private readonly client: MatrixClient;
  private readonly deviceId: string;
  private readonly storage: StaffStorage;
  private readonly meState: Observable<Me>;
  private readonly namesState = new Observable<ReadonlyMap<string, string>>(new Map());
  private readonly devicesState = new Observable<ReadonlySet<string> | null>(null);
  private readonly cleanups: Array<() => void> = [];
  private readonly publish: (name: string) => Promise<unknown>;

  constructor(
    client: MatrixClient,
    deviceId: string,
    index: StaffIndex,
    storage: StaffStorage,
    publish: (name: string) => Promise<unknown>,
  ) {
    this.publish = publish;
    this.client = client;
    this.deviceId = deviceId;
    this.storage = storage;
    this.meState = new Observable<Me>({ deviceId, name: null, loaded: false });
    this.cleanups.push(index.agents.subscribe((records) => this.fromProfiles(records)));
    void storage.loadAll<{ name?: unknown }>(ME).then((saved) => {
      const name = saved.get(ME)?.name;
      const current = this.meState.get();
      this.meState.set({
        ...current,
        name: current.name ?? (typeof name === "string" ? name : null),
        loaded: true,
      });
    });
    const onDevices = (users: string[]) => {
      if (users.includes(client.getUserId()!)) void this.refreshDevices();
    };
    client.on(CryptoEvent.DevicesUpdated, onDevices);
    this.cleanups.push(() => client.off(CryptoEvent.DevicesUpdated, onDevices));
    void this.refreshDevices();
  }

  /** This device's agent. */
  get me(): Readable<Me> {
    return this.meState;
  }

  /** Every agent's name, by device. */
  get names(): Readable<ReadonlyMap<string, string>> {
    return this.namesState;
  }

  /** The support account's devices that are signed in (null until known): a claim by another is stale. */
  get devices(): Readable<ReadonlySet<string> | null> {
    return this.devicesState;
  }

  nameOf(deviceId: string): string | null {
    if (deviceId === this.deviceId) return this.meState.get().name;
    return this.namesState.get().get(deviceId) ?? null;
  }

  /** Sets this device's name: kept here at once, then published to the team (rejects with a TeamError). */
  async setName(input: string): Promise<void> {
    const name = checkName(input);
    this.meState.set({ ...this.meState.get(), name, loaded: true });
    await this.storage.save(ME, { name });
    await this.publish(name);
  }

  private fromProfiles(records: readonly StaffRecord[]): void {
    const names = new Map<string, string>();
    for (const record of records) {
      const name = typeof record.content.name === "string" ? cleanLine(record.content.name) : "";
      if (name) names.set(record.agent, name.slice(0, MAX_NAME * 2));
    }
    this.namesState.set(names);
    // Another console on this same device (a reinstall that kept the keys) may have named it already.
    const mine = names.get(this.deviceId);
    const me = this.meState.get();
    if (mine && !me.name) this.meState.set({ ...me, name: mine });
  }

  private async refreshDevices(): Promise<void> {
    const crypto = this.client.getCrypto();
    const userId = this.client.getUserId()!;
    if (!crypto) return;
    try {
      const devices = await crypto.getUserDeviceInfo([userId], true);
      const known = this.devicesState.get();
      const now = new Set(devices.get(userId)?.keys() ?? []);
      this.devicesState.set(now);
      // A device that signed in while this one runs can't read the name published before it existed (its key
      // was shared with the devices of that moment, and may reach the backup after the newcomer restored it):
      // say it again, encrypted for every device there is now.
      const name = this.meState.get().name;
      const newcomer = known !== null && [...now].some((id) => id !== this.deviceId && !known.has(id));
      if (newcomer && name) await this.publish(name);
    } catch {
      // Offline: keep what we knew.
    }
  }

  stop(): void {
    for (const cleanup of this.cleanups) cleanup();
  }
}
