// Remembering the window's size and position between runs (window-state.json in the user-data directory),
// and never restoring it onto a display that is no longer connected.
import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the OS centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1200, height: 800, maximized: false };
export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;
/** How much of the title bar must be on a display for a saved position to be kept. */
const VISIBLE_MARGIN = 64;

/** Reads a saved state; anything malformed yields the default rather than an error. */
export function parseWindowState(text: string | null): WindowState {
  if (text === null) return { ...DEFAULT_WINDOW_STATE };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof value !== "object" || value === null) return { ...DEFAULT_WINDOW_STATE };
  const record = value as Record<string, unknown>;
  const width = finite(record.width);
  const height = finite(record.height);
  if (width === undefined || height === undefined) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = { width, height, maximized: record.maximized === true };
  const x = finite(record.x);
  const y = finite(record.y);
  if (x !== undefined && y !== undefined) Object.assign(state, { x, y });
  return state;
}

/**
 * Fits a saved state to the displays connected now: size clamped to the largest work area, position
 * dropped (so the OS centres the window) unless its top edge is visibly on one of them.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const maxWidth = Math.max(MIN_WIDTH, ...workAreas.map((area) => area.width));
  const maxHeight = Math.max(MIN_HEIGHT, ...workAreas.map((area) => area.height));
  const width = clamp(Math.round(state.width), MIN_WIDTH, maxWidth);
  const height = clamp(Math.round(state.height), MIN_HEIGHT, maxHeight);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  const titleBar = { x: state.x, y: state.y, width, height: VISIBLE_MARGIN / 2 };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= VISIBLE_MARGIN);
  return visible ? { ...fitted, x: Math.round(state.x), y: Math.round(state.y) } : fitted;
}

export function loadWindowState(file: string, workAreas: readonly Rectangle[]): WindowState {
  let text: string | null = null;
  try {
    // Synchronous on purpose: read once, before the window is created.
    text = readFileSync(file, "utf8");
  } catch {
    // No saved state yet (first run) or unreadable: the default will do.
  }
  return fitToDisplays(parseWindowState(text), workAreas);
}

/** The parts of BrowserWindow this module observes. */
export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  on(event: "close", listener: () => void): unknown;
}

/** Saves the window's normal (un-maximised) bounds when it closes. */
export function trackWindowState(
  window: TrackedWindow,
  file: string,
  onError: (error: unknown) => void,
): void {
  window.on("close", () => {
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    saveWindowState(file, state).catch(onError);
  });
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  // Write then rename, so a crash mid-write never leaves a truncated file behind.
  const temporary = `${file}.tmp`;
  await writeFile(temporary, JSON.stringify(state), "utf8");
  await rename(temporary, file);
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Overlapping area width of two rectangles' horizontal spans, when they also overlap vertically. */
function overlap(a: Rectangle, b: Rectangle): number {
  const horizontal = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const vertical = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return horizontal > 0 && vertical > 0 ? horizontal : 0;
}
