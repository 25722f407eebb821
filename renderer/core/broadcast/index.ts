// The broadcast feature's public surface: the provider's public notification room (resolve, check, repair,
// create), posting broadcasts into it, and their history. Plain data in and out; the UI never sees the SDK.
export { BroadcastError, type BroadcastErrorReason } from "./errors.ts";
export {
  createNotificationRoom,
  parseRoomAddress,
  resolveNotificationRoom,
  NOTIFICATION_ROOM_POWER_LEVELS,
  type NewNotificationRoom,
  type ResolvedNotificationRoom,
} from "./room.ts";
export { evaluateChecks, type CheckFacts, type CheckId, type CheckResult, type RoomFacts } from "./checks.ts";
export {
  assessRoom,
  checkHealth,
  readRoomFacts,
  type HealthCheck,
  type NotificationRoomHealth,
} from "./health.ts";
export {
  planRepair,
  type RepairChange,
  type RepairOptions,
  type RepairPlan,
  type RepairProblem,
  type RepairProblemReason,
  type RepairStep,
} from "./repair-plan.ts";
export { repair, type RepairReport } from "./repair.ts";
export {
  BroadcastSendError,
  postBroadcast,
  type BroadcastDraft,
  type PostedBroadcast,
  type PostOptions,
} from "./post.ts";
export { broadcastHistory, type BroadcastItem, type BroadcastPage, type HistoryOptions } from "./history.ts";
export { BroadcastDesk, type BroadcastDeskView } from "./desk.ts";
