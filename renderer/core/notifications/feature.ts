// The desk's outward signals: the unread badge (dock, taskbar, tray) and desktop notifications for new wallet
// messages. The badge follows the inbox's once-per-frame counts, so 10,000 rows arriving cost one update per
// frame, not a recount per row; notifications wait until the desk is ready (the first full picture), ask
// Attention whether the agent is already looking, and let the UI word them.
import type { DesktopNotification } from "../platform/types.ts";
import type { Feature } from "../desk/feature.ts";
import { notificationFor, type NotificationRequest } from "./notify.ts";

export interface NotificationsApi {
  /** Notifications handed to the platform so far (for the settings screen and tests). */
  readonly shown: number;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    notifications: NotificationsApi;
  }
  interface UiHooks {
    /** Words for a notification in the agent's language; null to show none (the agent turned them off). */
    describeNotification?(request: NotificationRequest): DesktopNotification | null;
  }
}

export const notificationsFeature: Feature<NotificationsApi> = {
  start(ctx) {
    let shown = 0;
    let badge = -1;
    ctx.track(
      ctx.inbox.view.subscribe(({ counts }) => {
        if (counts.unread === badge) return;
        badge = counts.unread;
        ctx.platform.setBadgeCount(badge);
      }),
    );
    ctx.track(() => ctx.platform.setBadgeCount(0));
    ctx.track(
      ctx.inbox.onChange((row, previous) => {
        if (ctx.phase.get() !== "ready") return;
        const request = notificationFor(
          row,
          previous,
          ctx.attention.isWatching(row.roomId, row.walletUserId),
          ctx.clock.now(),
        );
        if (!request) return;
        const notification = ctx.ui.describeNotification?.(request) ?? null;
        if (!notification) return;
        shown++;
        ctx.platform.notify(notification);
      }),
    );
    // The shell closes a conversation's notification once the agent opens it.
    ctx.track(ctx.attention.view.subscribe((a) => ctx.platform.setOpenConversation?.(a.openConversation)));
    return {
      get shown() {
        return shown;
      },
    };
  },
};
