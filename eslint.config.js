// Lint rules: typescript-eslint and eslint-plugin-svelte recommended sets, plus the layering the design asks
// for: renderer/ui never talks Matrix, renderer/core never touches Svelte, Electron or Node, the shell never
// imports renderer code, and contract/ (what shell and renderer agree on) imports neither side.
import js from "@eslint/js";
import globals from "globals";
import svelte from "eslint-plugin-svelte";
import ts from "typescript-eslint";

export default ts.config(
  { ignores: ["node_modules/", "dist/", "release/", "test-results/", "docs/", ".scratch/"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"] } },
  },
  {
    files: ["renderer/ui/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["matrix-js-sdk", "matrix-js-sdk/*", "@matrix-org/*"],
              message: "renderer/ui renders the core's view-state; Matrix calls belong in renderer/core.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["renderer/core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["svelte", "svelte/*", "electron", "node:*"],
              message: "renderer/core is framework-free and runs in any renderer.",
            },
          ],
        },
      ],
    },
  },
  {
    // The shell and the scripts that build, serve and configure it. scripts/wallets.ts is the wallet
    // simulator's command line: like test/harness, which it drives, it is a test tool, not part of the shell.
    files: ["electron/**", "scripts/**"],
    ignores: ["scripts/wallets.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/renderer", "**/renderer/**"],
              message:
                "electron/ and scripts/ are the shell: they share types with the renderer through contract/, never its code.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["contract/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/renderer", "**/renderer/**", "**/electron", "**/electron/**", "electron", "node:*"],
              message: "contract/ is what both sides import: types and constants only, depending on neither.",
            },
          ],
        },
      ],
    },
  },
);
