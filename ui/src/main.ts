import { mount } from "svelte";
import App from "./App.svelte";
import { tauriBackend } from "./lib/api";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

// Why the previous page locked, carried over its reload (a sentence, no client data).
const NOTICE = "spil.lockNotice";
const notice = sessionStorage.getItem(NOTICE) ?? "";
sessionStorage.removeItem(NOTICE);

export default mount(App, {
  target,
  props: {
    backend: tauriBackend,
    notice,
    // A lock reloads the page: the script heap that held names, notes and the typed
    // passphrase goes with the old page instead of waiting for the garbage collector.
    recreatePage: (why: string) => {
      sessionStorage.setItem(NOTICE, why);
      location.reload();
    },
  },
});
