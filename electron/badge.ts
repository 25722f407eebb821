// The unread count outside the window: the dock/launcher badge (app.setBadgeCount on macOS and Linux) and,
// on Windows where the taskbar has no numeric badge, an overlay icon whose description carries the count.

/** What a badge shows: nothing for 0, the number up to 99, then "99+". */
export function badgeLabel(count: number): string {
  if (count <= 0) return "";
  return count > 99 ? "99+" : String(count);
}

export function unreadDescription(count: number): string {
  if (count <= 0) return "No unread conversations";
  return count === 1 ? "1 unread conversation" : `${count} unread conversations`;
}

export interface BadgeSurface<Image> {
  platform: NodeJS.Platform;
  /** app.setBadgeCount. */
  setBadgeCount(count: number): boolean;
  /** BrowserWindow.setOverlayIcon, Windows only. */
  setOverlayIcon(image: Image | null, description: string): void;
  /** The overlay image, created once (nativeImage.createFromBitmap(overlayDot())). */
  overlayImage: () => Image;
}

/** Applies a count; returns what it did, so tests (and logs) can tell the platforms apart. */
export function applyUnreadCount<Image>(count: number, surface: BadgeSurface<Image>): "badge" | "overlay" {
  if (surface.platform === "win32") {
    surface.setOverlayIcon(count > 0 ? surface.overlayImage() : null, unreadDescription(count));
    return "overlay";
  }
  surface.setBadgeCount(Math.max(0, count));
  return "badge";
}

/**
 * A 16×16 red dot as raw BGRA pixels for nativeImage.createFromBitmap: generated here rather than shipped
 * as a file, and antialiased at the edge so it looks right on light and dark taskbars.
 */
export function overlayDot(size = 16): { buffer: Buffer; width: number; height: number } {
  const buffer = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size / 2 - 0.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const coverage = Math.min(1, Math.max(0, radius - distance + 0.5));
      const offset = (y * size + x) * 4;
      // BGRA, premultiplied: #d93025 (a clear "unread" red).
      buffer[offset] = Math.round(0x25 * coverage);
      buffer[offset + 1] = Math.round(0x30 * coverage);
      buffer[offset + 2] = Math.round(0xd9 * coverage);
      buffer[offset + 3] = Math.round(0xff * coverage);
    }
  }
  return { buffer, width: size, height: size };
}
