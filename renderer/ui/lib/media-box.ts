// The box an image takes in the timeline, fixed before the image loads so nothing jumps: scaled from the
// sender's width × height to fit, or a fixed placeholder when the sender gave none (AltMe never does).

export interface Box {
  width: number;
  height: number;
}

export const PLACEHOLDER_BOX: Box = { width: 240, height: 180 };

export function imageBox(w: number | null, h: number | null, max: Box = { width: 320, height: 280 }): Box {
  if (!w || !h || w <= 0 || h <= 0) return PLACEHOLDER_BOX;
  const scale = Math.min(1, max.width / w, max.height / h);
  return { width: Math.max(24, Math.round(w * scale)), height: Math.max(24, Math.round(h * scale)) };
}
