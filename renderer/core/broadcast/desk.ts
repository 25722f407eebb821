// The broadcast view-model the UI renders: the configured notification room resolved and checked, its
// history, and the actions (repair, create, post) with their progress and human errors. It owns no Matrix
// logic of its own; it sequences the broadcast module's functions and keeps the result observable.
import type { MatrixClient } from "matrix-js-sdk";
import { browserThumbnailer, type ImageLimits } from "../media/index.ts";
import { Observable, type Readable } from "../observable.ts";
import { checkHealth, type NotificationRoomHealth } from "./health.ts";
import { broadcastHistory, type BroadcastItem } from "./history.ts";
import { postBroadcast, type BroadcastDraft, type PostedBroadcast } from "./post.ts";
import { repair, type RepairReport } from "./repair.ts";
import { createNotificationRoom, resolveNotificationRoom, type NewNotificationRoom } from "./room.ts";

export interface BroadcastDeskView {
  /** The configured address (`#news:example.org` or a room ID), or null when the admin set none. */
  address: string | null;
  roomId: string | null;
  health: NotificationRoomHealth | null;
  history: BroadcastItem[];
  loading: boolean;
  /** A human sentence when resolving, checking or loading failed. */
  error: string | null;
  /** The failure itself (a BroadcastError carries a `reason` the UI translates). */
  failure: Error | null;
  /** Upload progress of an image broadcast (0–1), null when not posting. */
  posting: number | null;
}

export class BroadcastDesk {
  private readonly client: MatrixClient;
  private readonly limits: Partial<ImageLimits>;
  private readonly state: Observable<BroadcastDeskView>;

  constructor(client: MatrixClient, address: string | null, limits: Partial<ImageLimits>) {
    this.client = client;
    this.limits = limits;
    this.state = new Observable<BroadcastDeskView>({
      address,
      roomId: null,
      health: null,
      history: [],
      loading: false,
      error: null,
      failure: null,
      posting: null,
    });
  }

  get view(): Readable<BroadcastDeskView> {
    return this.state;
  }

  private set(changes: Partial<BroadcastDeskView>): void {
    this.state.update((v) => ({ ...v, ...changes }));
  }

  /** Resolves (joining if needed), checks and loads history. Errors land in `view.error`. */
  async load(): Promise<void> {
    const address = this.state.get().address;
    if (!address) return;
    this.set({ loading: true, error: null, failure: null });
    try {
      const { roomId } = await resolveNotificationRoom(this.client, address);
      this.set({ roomId });
      await this.refresh();
    } catch (err) {
      this.set({ error: (err as Error).message, failure: err as Error });
    } finally {
      this.set({ loading: false });
    }
  }

  async refresh(): Promise<void> {
    const roomId = this.state.get().roomId;
    if (!roomId) return;
    const [health, history] = await Promise.all([
      checkHealth(this.client, roomId),
      broadcastHistory(this.client, roomId, 30),
    ]);
    this.set({ health, history: history.items });
  }

  async repair(): Promise<RepairReport> {
    const roomId = this.state.get().roomId;
    if (!roomId) throw new Error("There is no notification room to repair.");
    const report = await repair(this.client, roomId);
    this.set({ health: report.health });
    return report;
  }

  /** Creates a correctly configured room and makes it this console's notification room. */
  async create(room: NewNotificationRoom): Promise<void> {
    const created = await createNotificationRoom(this.client, room);
    this.set({ address: created.alias, roomId: created.roomId, error: null, failure: null });
    await this.refresh();
  }

  async post(draft: BroadcastDraft): Promise<PostedBroadcast> {
    const roomId = this.state.get().roomId;
    if (!roomId) throw new Error("There is no notification room to post to.");
    this.set({ posting: 0 });
    try {
      const posted = await postBroadcast(this.client, roomId, draft, {
        limits: this.limits,
        thumbnailer: typeof OffscreenCanvas === "undefined" ? null : browserThumbnailer,
        onProgress: (sent, total) => this.set({ posting: total > 0 ? sent / total : 0 }),
      });
      await this.refresh();
      return posted;
    } finally {
      this.set({ posting: null });
    }
  }
}
