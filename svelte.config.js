// Svelte 5 strips TypeScript in <script lang="ts"> itself; no preprocessor needed.
export default {
  compilerOptions: { runes: true },
};
