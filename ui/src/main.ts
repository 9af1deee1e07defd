import { mount } from "svelte";
import App from "./App.svelte";
import { tauriBackend } from "./lib/api";
import { useLocalClock } from "./lib/format/clock";
import "./app.css";

// The local zone's offsets, so that dates and times need no time-zone lookup in
// the page (lib/format/clock.ts). Until they arrive the page's own local time serves.
tauriBackend.localClock().then(useLocalClock, () => useLocalClock(null));

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

// Why the previous page locked (a sentence, no client data): handed over by the
// backend to the window that replaced it, or carried over a reload.
const NOTICE = "spil.lockNotice";
const handedOver = (window as { spilNotice?: unknown }).spilNotice;
const notice = (typeof handedOver === "string" ? handedOver : null) ?? sessionStorage.getItem(NOTICE) ?? "";
sessionStorage.removeItem(NOTICE);

export default mount(App, {
  target,
  props: {
    backend: tauriBackend,
    notice,
    // A lock gives the app a new window with a web process of its own, and this
    // page's process ends with the old window: the script heap that held names,
    // notes and the typed passphrase goes with it. Where there is no new window,
    // the page reloads, which frees that heap in the same process.
    recreatePage: (why: string) => {
      tauriBackend.renewPage(why).then(
        (renewed) => {
          if (!renewed) reload(why);
        },
        () => reload(why),
      );
    },
  },
});

function reload(why: string) {
  sessionStorage.setItem(NOTICE, why);
  location.reload();
}
