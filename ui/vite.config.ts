/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  // `tauri dev` expects the dev server here (tauri.conf.json devUrl).
  server: { port: 5173, strictPort: true },
  clearScreen: false,
  build: {
    // Source maps would ship the source inside the app; keep them out.
    sourcemap: false,
  },
  // Mount components as in the browser, not the server-side renderer.
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
});
