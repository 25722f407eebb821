// The app's identity shared by the shell and the installers: one appId for the macOS bundle, the Windows
// AppUserModelID (notifications on Windows only work when the running app and its shortcut agree) and Linux.
export const APP_ID = "org.walletsupportconsole.desktop";
export const PRODUCT_NAME = "Wallet Support Console";
