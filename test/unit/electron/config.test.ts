import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import schema from "../../../build/config.schema.json" with { type: "json" };
import {
  ConfigError,
  INSTALLER_ONLY_KEYS,
  loadConfigFiles,
  mergeConfig,
  parseConfigText,
  resolveConfig,
  toAdminConfig,
  validateConfigFile,
  type ShellConfig,
} from "../../../electron/config.ts";
import { installerConfigProblems } from "../../../scripts/installer-config.ts";
import { DEFAULT_CONFIG } from "../../../contract/index.ts";

function problemsOf(text: string, label = "config.json"): readonly string[] {
  try {
    parseConfigText(text, label);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("an admin's config.json", () => {
  it("accepts a complete organisation config", () => {
    const config = parseConfigText(
      JSON.stringify({
        $schema: "./config.schema.json",
        brand: { name: "Acme Wallet Support", logoUrl: "https://acme.example/logo.png" },
        homeserverUrl: "https://matrix.acme.example",
        supportUserId: "@support:acme.example",
        notificationRoom: "#wallet-news:acme.example",
        allowedWalletServers: [
          "wallets.acme.example",
          "altme.example:8448",
          "[2001:db8::1]:8448",
          "localhost",
        ],
        allowUnencryptedReplies: true,
        maxImageBytes: 10485760,
        defaultLanguage: "fr",
        linuxSecretStorageWithoutKeyring: "basic_text",
        closeToTray: true,
      }),
      "config.json",
    );
    expect(config.allowedWalletServers).toHaveLength(4);
    expect(config.defaultLanguage).toBe("fr");
  });

  it("accepts an empty object: every field falls back to the installer's defaults", () => {
    expect(parseConfigText("{}", "config.json")).toEqual({});
  });

  it.each([
    [
      '{"allowedWalletServers":["a.org","b.org","bad server"]}',
      'config.json: "allowedWalletServers[2]" must be a server name like example.org',
    ],
    [
      '{"allowedWalletServers":["https://a.org"]}',
      'config.json: "allowedWalletServers[0]" must be a server name like example.org',
    ],
    [
      '{"allowedWalletServers":"a.org"}',
      'config.json: "allowedWalletServers" must be a list of server names like ["wallets.example.org"] (empty: any server)',
    ],
    ['{"allowedWalletServers":["a.org","a.org"]}', 'config.json: "allowedWalletServers" lists "a.org" twice'],
    [
      '{"homeserverUrl":"http://matrix.example.org"}',
      'config.json: "homeserverUrl" must be an https:// URL like https://matrix.example.org (plain http:// only for localhost)',
    ],
    [
      '{"homeserverUrl":"matrix.example.org"}',
      'config.json: "homeserverUrl" must be an https:// URL like https://matrix.example.org (plain http:// only for localhost)',
    ],
    [
      '{"homeServerUrl":"https://m.example.org"}',
      'config.json: "homeServerUrl" is not a known setting (check its spelling; known: brand, homeserverUrl, supportUserId, allowOtherAccounts, notificationRoom, allowedWalletServers, allowUnencryptedReplies, maxImageBytes, defaultLanguage, linuxSecretStorageWithoutKeyring, closeToTray)',
    ],
    [
      '{"supportUserId":"support@example.org"}',
      'config.json: "supportUserId" must be a Matrix user ID like @support:example.org',
    ],
    [
      '{"notificationRoom":"wallet-news"}',
      'config.json: "notificationRoom" must be a room alias like #news:example.org or a room ID like !abc:example.org',
    ],
    ['{"brand":{}}', 'config.json: "brand.name" is missing'],
    [
      '{"brand":{"name":"Acme","colour":"red"}}',
      'config.json: "brand.colour" is not a known setting (check its spelling; known: name, logoUrl)',
    ],
    [
      '{"brand":{"name":"Acme","logoUrl":"javascript:alert(1)"}}',
      'config.json: "brand.logoUrl" must be an https:// URL or a data:image/png;base64,… URL',
    ],
    [
      '{"maxImageBytes":1.5}',
      'config.json: "maxImageBytes" must be a whole number of bytes between 1024 and 1073741824 (1 GiB)',
    ],
    [
      '{"maxImageBytes":"20MB"}',
      'config.json: "maxImageBytes" must be a whole number of bytes between 1024 and 1073741824 (1 GiB)',
    ],
    ['{"defaultLanguage":"de"}', 'config.json: "defaultLanguage" must be "en" or "fr"'],
    ['{"allowUnencryptedReplies":"yes"}', 'config.json: "allowUnencryptedReplies" must be true or false'],
    [
      '{"linuxSecretStorageWithoutKeyring":"plaintext"}',
      'config.json: "linuxSecretStorageWithoutKeyring" must be "refuse" (the default: do not start without a keyring) or "basic_text" (weaker: secrets only obfuscated on disk)',
    ],
    [
      "[1, 2]",
      'config.json: must be a JSON object of settings, like { "homeserverUrl": "https://matrix.example.org" }',
    ],
  ])("rejects %s with a message naming the field", (text, message) => {
    expect(problemsOf(text)).toEqual([message]);
  });

  it("reports every problem in a file at once", () => {
    expect(problemsOf('{"defaultLanguage":"de","maxImageBytes":0}')).toEqual([
      'config.json: "maxImageBytes" must be a whole number of bytes between 1024 and 1073741824 (1 GiB)',
      'config.json: "defaultLanguage" must be "en" or "fr"',
    ]);
  });

  it("explains broken JSON with the file's name", () => {
    const [problem] = problemsOf('{"closeToTray": true,}', "/etc/acme/config.json");
    expect(problem).toMatch(/^\/etc\/acme\/config\.json: is not valid JSON \(/);
  });

  it("validates already-parsed values too (for the web server)", () => {
    expect(() => validateConfigFile({ closeToTray: 1 }, "web config.json")).toThrow(
      'web config.json: "closeToTray" must be true or false',
    );
  });
});

describe("layering defaults, the installer's config.json and the user-data config.json", () => {
  it("fills every AdminConfig field from the defaults", () => {
    expect(mergeConfig()).toEqual({
      ...DEFAULT_CONFIG,
      linuxSecretStorageWithoutKeyring: "refuse",
      closeToTray: false,
    });
  });

  it("lets a later file replace a field of an earlier one, whole", () => {
    const merged = resolveConfig([
      {
        label: "installer",
        text: '{"brand":{"name":"Acme","logoUrl":"https://acme.example/l.png"},"allowedWalletServers":["a.org"]}',
      },
      { label: "user", text: '{"brand":{"name":"Acme EU"},"closeToTray":true}' },
    ]);
    expect(merged.brand).toEqual({ name: "Acme EU" });
    expect(merged.allowedWalletServers).toEqual(["a.org"]);
    expect(merged.closeToTray).toBe(true);
  });

  it("skips absent files and collects the problems of all present ones", () => {
    expect(() =>
      resolveConfig([
        { label: "installer/config.json", text: '{"defaultLanguage":"xx"}' },
        { label: "missing", text: null },
        { label: "user/config.json", text: '{"maxImageBytes":-1}' },
      ]),
    ).toThrow(
      'installer/config.json: "defaultLanguage" must be "en" or "fr"\nuser/config.json: "maxImageBytes" must be a whole number of bytes between 1024 and 1073741824 (1 GiB)',
    );
  });

  it("gives the renderer only AdminConfig, not the shell's own fields", () => {
    const admin = toAdminConfig(mergeConfig({ closeToTray: true }));
    expect(admin).toEqual(DEFAULT_CONFIG);
  });

  it("refuses each security setting in the user-writable config.json, naming it, and keeps the admin's", () => {
    const installer = {
      label: "installer/config.json",
      text: JSON.stringify({
        homeserverUrl: "https://matrix.acme.example",
        supportUserId: "@support:acme.example",
        allowedWalletServers: ["wallets.acme.example"],
        allowUnencryptedReplies: false,
        maxImageBytes: 1048576,
        linuxSecretStorageWithoutKeyring: "refuse",
      }),
    };
    const attempts: Record<(typeof INSTALLER_ONLY_KEYS)[number], unknown> = {
      homeserverUrl: "https://evil.example",
      supportUserId: "@support:evil.example",
      allowedWalletServers: [],
      allowUnencryptedReplies: true,
      maxImageBytes: 1073741824,
      linuxSecretStorageWithoutKeyring: "basic_text",
    };
    expect(Object.keys(attempts).sort()).toEqual([...INSTALLER_ONLY_KEYS].sort());
    for (const [key, value] of Object.entries(attempts)) {
      const user = { label: "user/config.json", text: JSON.stringify({ [key]: value }), userWritable: true };
      expect(() => resolveConfig([installer, user]), key).toThrow(
        `user/config.json: "${key}" can only be set by the admin in the installer's config.json`,
      );
      // The same file as the installer's own is fine: only where it comes from differs.
      expect(resolveConfig([installer, { ...user, userWritable: false }])[key as keyof ShellConfig]).toEqual(
        value,
      );
    }
    const fine = {
      label: "user/config.json",
      text: '{"closeToTray":true,"defaultLanguage":"fr"}',
      userWritable: true,
    };
    expect(resolveConfig([installer, fine])).toMatchObject({
      closeToTray: true,
      defaultLanguage: "fr",
      homeserverUrl: "https://matrix.acme.example",
      linuxSecretStorageWithoutKeyring: "refuse",
    });
  });

  it("npm run dist refuses an installer config without a homeserver", () => {
    expect(installerConfigProblems(mergeConfig())).toEqual([
      expect.stringMatching(
        /^build\/config.json: "homeserverUrl" is not set\. An installer must name your homeserver/,
      ),
    ]);
    expect(installerConfigProblems(mergeConfig({ homeserverUrl: "https://matrix.acme.example" }))).toEqual(
      [],
    );
  });

  describe("from disk", () => {
    let dir = "";
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("reads the files in order and names the path of the bad one", async () => {
      dir = await mkdtemp(join(tmpdir(), "wsc-config-"));
      const installer = join(dir, "installer.json");
      const user = join(dir, "user.json");
      await writeFile(installer, '{"homeserverUrl":"https://matrix.acme.example"}');
      expect((await loadConfigFiles([installer], [user])).homeserverUrl).toBe("https://matrix.acme.example");
      await writeFile(user, '{"brand":{"name":""}}');
      await expect(loadConfigFiles([installer], [user])).rejects.toThrow(
        `${user}: "brand.name" must be a name of 1 to 64 characters on one line`,
      );
      await writeFile(user, '{"linuxSecretStorageWithoutKeyring":"basic_text"}');
      await expect(loadConfigFiles([installer], [user])).rejects.toThrow(
        `${user}: "linuxSecretStorageWithoutKeyring" can only be set by the admin`,
      );
    });
  });
});

describe("the files shipped in build/", () => {
  it("build/config.json (the installer's defaults) is valid and matches DEFAULT_CONFIG", async () => {
    const text = await readFile(join(import.meta.dirname, "../../../build/config.json"), "utf8");
    const merged = mergeConfig(parseConfigText(text, "build/config.json"));
    expect(toAdminConfig(merged)).toEqual(DEFAULT_CONFIG);
  });

  it("the schema knows every AdminConfig field, under the same names", () => {
    const adminFields = [
      "brand",
      "homeserverUrl",
      "supportUserId",
      "notificationRoom",
      ...Object.keys(DEFAULT_CONFIG),
    ];
    for (const field of adminFields) expect(Object.keys(schema.properties)).toContain(field);
  });
});
