// A page showing the guard's components with real detections (a generated French phrase, a drafted ask), in
// the language the address asks for (?lang=fr), for the browser test's screenshots and accessibility check.
import { mount } from "svelte";
import "../../../renderer/ui/app.css";
import { setLocale } from "../../../renderer/ui/i18n/index.svelte.ts";
import Gallery from "./Gallery.svelte";

const lang = new URLSearchParams(location.search).get("lang") === "fr" ? "fr" : "en";
setLocale(lang);
mount(Gallery, { target: document.getElementById("app")! });
