// The shell↔renderer contract (see admin-config.ts and bridge.ts): what electron/ and renderer/ agree on.
export { DEFAULT_CONFIG, type AdminConfig, type Language } from "./admin-config.ts";
export {
  BRIDGE_NAME,
  type ConsoleBridge,
  type DesktopNotification,
  type SecretStore,
  type SignInCallback,
  type SsoRequest,
} from "./bridge.ts";
