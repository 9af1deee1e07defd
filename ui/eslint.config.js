// ESLint for the UI: the recommended rules of JavaScript, TypeScript and Svelte 5.
// `npm run lint` allows no warnings. Formatting is Prettier's job, not ESLint's.
import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import ts from "typescript-eslint";
import svelteConfig from "./svelte.config.js";

export default ts.config(
  { ignores: ["dist/", "node_modules/", "src/lib/bindings.ts"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // A leading underscore marks a parameter a callback's signature needs but
      // this body does not use (fakes often take the real call's arguments).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"], svelteConfig },
    },
  },
  {
    // Test helpers mount any screen. Svelte's `Component<Props>` is contravariant in
    // its props, so no narrower type than `Component<any>` accepts every screen.
    files: ["src/**/*.test.ts", "src/lib/testing/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The access report (inzage) is markup the core built with every value escaped,
    // and `inzageBody` rebuilds it from a short list of tags before it is shown.
    files: ["src/lib/trust/InzageView.svelte"],
    rules: { "svelte/no-at-html-tags": "off" },
  },
  {
    files: ["*.config.js", "*.config.ts"],
    languageOptions: { globals: { ...globals.node } },
  },
);
