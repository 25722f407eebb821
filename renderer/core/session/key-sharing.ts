// Which devices the console shares room keys with, chosen on purpose (issue 15 §1). matrix-js-sdk's choice is
// either every device of every member (AllDevicesIsolationMode) or only devices their owner cross-signed
// (OnlySignedDevicesIsolationMode). Wallets never cross-sign their devices (AltMe has no cross-signing, and a
// wallet signs in as a new device every time), so "only signed devices" would encrypt every reply for nobody.
// The console therefore shares with all devices, and does not fail a send over a verified user's unverified
// device (`false`): the only verified user is support itself, whose other agents' devices join as they sign in.
// What this means — every device a wallet account signs in gets replies sent after it appeared — is in the
// README's Security model.
import { AllDevicesIsolationMode, type CryptoApi } from "matrix-js-sdk/lib/crypto-api/index.js";

export function chooseKeySharing(crypto: Pick<CryptoApi, "setDeviceIsolationMode"> | undefined): void {
  crypto?.setDeviceIsolationMode(new AllDevicesIsolationMode(false));
}
