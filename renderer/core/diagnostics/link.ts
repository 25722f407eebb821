// Plain web links: the host they really lead to, stated clearly, and the tricks that make a link look like it
// goes somewhere else (credentials before an "@", a raw IP address, an internationalised name written in
// punycode) or leave it unprotected (plain http, an unusual port). The app's link rules apply to clicking.
import { Collector } from "./collect.ts";
import { displayText, parseUrl, safeHref } from "./text.ts";
import type { Diagnostic } from "./types.ts";

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function parseLink(text: string): Diagnostic {
  const c = new Collector();
  const url = parseUrl(text);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    c.rows.push({ label: "url", value: { text: displayText(text) }, mono: true });
    return c.finish("text", text);
  }
  c.rows.push({ label: "host", value: { text: displayText(url.hostname, 120) }, mono: true });
  c.rows.push({ label: "url", value: { text: displayText(url.href) }, href: safeHref(url.href), mono: true });
  if (url.username || url.password) c.problem("link.userinfo", { host: displayText(url.hostname, 120) });
  if (url.protocol === "http:") c.warning("link.not-https");
  if (IPV4.test(url.hostname) || url.hostname.startsWith("[")) c.warning("link.ip-host");
  if (url.hostname.split(".").some((label) => label.startsWith("xn--"))) c.warning("link.punycode");
  if (url.port) c.note("link.port", { port: url.port });
  c.advise("link.does.open", { host: displayText(url.hostname, 120) });
  return c.finish("link", text);
}
