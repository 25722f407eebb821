// The guard's outgoing check: does a draft (a reply or a broadcast) ASK the wallet user for their recovery
// phrase, a private key, their PIN or a password? Support never needs any of them; scammers impersonating
// support always ask. English and French.
//
// How it decides, one sentence at a time, over normalised text (see request-patterns.ts):
// 1. Find what is asked for (an OBJECT: "seed phrase", "vos 12 mots", "clé privée", "code PIN"…). A sentence
//    that only says "send it to me" borrows the object of the sentence before ("Do you have your 12 words?
//    Send them to me.").
// 2. Find how it is asked near it: a verb that hands it over ("send", "envoyez", "donnez", "tell"), a verb
//    that has it typed somewhere ("enter", "tapez", "confirm"), or a verb-less ask ("what is your…",
//    "I need…", "quels sont vos…", "j'ai besoin de…").
// 3. Cancel what is advice, not an ask:
//    - the verb, or a verb governing it ("ask"), is negated right there ("never share", "do not send",
//      "n'envoyez jamais", "ne la donnez à personne", "we will never ask you to send…");
//    - the sentence is a warning or a hypothesis about someone else ("if anyone asks for your seed phrase,
//      it is a scam", "méfiez-vous de quiconque…") — unless it still sends the thing to us ("to avoid scams,
//      send me your phrase" is held);
//    - it asks about the past ("have you shared your phrase with anyone?");
//    - the user is the receiver ("we will send you a new PIN");
//    - typing happens where it should: in the app, on paper, to restore ("type your 12 words in AltMe's
//      import screen") — unless a link or "here" is the destination. PIN and passwords are typed into apps
//      all day, so for them only "type it here / on this link" counts.
// A sentence that survives is held. Polite negations ("don't hesitate to send…") are not negations.
import {
  ADVICE_FRAME,
  AVOID,
  CLAUSE_BREAK,
  CLITIC,
  CONDITION,
  COORDINATION,
  DIRECT_ASK,
  ENTRY,
  INVERTED_MODALS,
  NEGATION,
  NEUTRAL_NEGATIONS,
  NOBODY_AFTER,
  OBJECTS,
  PAST_FRAME,
  PRONOUN_AFTER,
  SAFE_PLACE,
  TO_THEM,
  TO_US,
  TRANSFER,
  type RequestedSecret,
} from "./request-patterns.ts";

export type { RequestedSecret };

export interface SecretRequest {
  secret: RequestedSecret;
  /** The sentence that asks, [start, end) in the draft. */
  range: [number, number];
  /** Its language, from the words that matched. */
  language: "en" | "fr";
}

const NUMBERS: Array<[RegExp, string]> = [
  [/\bvingt (?:et )?un\b/g, "21"],
  [/\bvingt quatre\b/g, "24"],
  [/\bdix huit\b/g, "18"],
  [/\bdouze\b/g, "12"],
  [/\bquinze\b/g, "15"],
  [/\btwelve\b/g, "12"],
  [/\bfifteen\b/g, "15"],
  [/\beighteen\b/g, "18"],
  [/\btwenty one\b/g, "21"],
  [/\btwenty four\b/g, "24"],
];

const URL =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|io|net|org|app|xyz|co|fr|info|site|online|link|me|support|help|top|live|network|finance)\b(?:\/\S*)?/gi;

/** Lower case, no accents, elisions opened, contractions expanded, numbers in digits, words spaced. */
export function normalizeDraft(text: string): string {
  let s = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/œ/g, "oe")
    .replace(URL, " urltoken ");
  s = s
    .replace(/\bcan't\b/g, "can not")
    .replace(/\bwon't\b/g, "will not")
    .replace(/n't\b/g, " not")
    .replace(/\blet's\b/g, "let us")
    .replace(/'ll\b/g, " will")
    .replace(/'re\b/g, " are")
    .replace(/'ve\b/g, " have")
    .replace(/\bi'm\b/g, "i am")
    .replace(/'d\b/g, " would")
    .replace(/\b(what|that|it|there|here|who|where)'s\b/g, "$1 is")
    .replace(/\bdont\b/g, "do not")
    .replace(/\bwhats\b/g, "what is")
    .replace(/\bquelqu'un/g, "quelquun")
    .replace(/\baujourd'hui/g, "aujourdhui")
    .replace(/\b(qu|[lmtsndjc])'/g, (_, e: string) => (e === "qu" ? "que " : `${e}e `));
  s = s.replace(/[^a-z0-9]+/g, " ").trim();
  for (const [pattern, digits] of NUMBERS) s = s.replace(pattern, digits);
  return ` ${s} `;
}

/** Sentences of the draft with their ranges; full stops inside links don't end a sentence. */
function sentences(text: string): Array<[number, number]> {
  const links: Array<[number, number]> = [];
  for (const m of text.matchAll(URL)) links.push([m.index, m.index + m[0].length]);
  const inLink = (i: number) => links.some(([s, e]) => i >= s && i < e);
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i === text.length || (/[.!?;\n…]/.test(c!) && !inLink(i))) {
      if (text.slice(start, i).trim()) out.push([start, i + (i < text.length ? 1 : 0)]);
      start = i + 1;
    }
  }
  return out;
}

interface Hit {
  at: number; // word index
  words: number; // how many words it spans
  text: string;
}

/** Matches of a global pattern over the sentence's words, with their word positions. */
function hits(sentence: string, pattern: RegExp): Hit[] {
  const out: Hit[] = [];
  for (const m of sentence.matchAll(pattern)) {
    const at = sentence.slice(0, m.index).trim().split(" ").filter(Boolean).length;
    out.push({ at, words: m[0].trim().split(" ").length, text: m[0] });
  }
  return out;
}

const FRENCH_HINT =
  /\b(?:vous|votre|vos|moi|nous|le|la|les|de|des|mots|phrase de|cle|envoy\w*|donn\w*|quel\w*|besoin|ici)\b/;

const OBJECT_PRONOUNS = /* @__PURE__ */ new Set([
  "le",
  "la",
  "les",
  "me",
  "nous",
  "vous",
  "te",
  "lui",
  "leur",
  "it",
  "them",
]);

/** The verdict for one sentence; `carried` is the object of the sentence before, for "send it to me". */
function askIn(
  sentence: string,
  carried: RequestedSecret | null,
): { secret: RequestedSecret | null; asks: boolean } {
  const s = sentence.replace(NEUTRAL_NEGATIONS, " ");
  const words = s.trim().split(" ");
  const objects = OBJECTS.flatMap(({ secret, pattern }) => hits(s, pattern).map((h) => ({ ...h, secret })));
  const secret = objects[0]?.secret ?? carried;
  if (!secret) return { secret: null, asks: false };
  // Without an object of its own, the sentence asks only through a pronoun right at the verb.
  const pronounAt = (c: Hit): number | null => {
    const next = words[c.at + c.words] ?? "";
    const after = words[c.at + c.words + 1] ?? "";
    if (PRONOUN_AFTER.has(next)) return c.at + c.words;
    if (CLITIC.has(next) && (/^(?:moi|nous|lui)$/.test(after) || after === "")) return c.at + c.words;
    if (CLITIC.has(words[c.at - 1] ?? "")) return c.at - 1;
    return null;
  };
  /** "negated", "conditional" ("if you do not send…"), or false. */
  const negation = (at: number): "negated" | "conditional" | false => {
    for (let i = Math.max(0, at - 3); i < at; i++) {
      if (!NEGATION.has(words[i]!)) continue;
      return CONDITION.test(words.slice(Math.max(0, i - 3), i).join(" ")) ? "conditional" : "negated";
    }
    // "évitez de LA partager", "inutile de L'envoyer": object pronouns sit between the two verbs.
    const lead = words.slice(Math.max(0, at - 4), at).filter((w) => !OBJECT_PRONOUNS.has(w));
    return AVOID.test(lead.join(" ")) ? "negated" : false;
  };
  const negatedAt = (at: number) => negation(at) === "negated";
  const toUs = (at: number, span: number) => {
    const before = words.slice(Math.max(0, at - 2), at).join(" ");
    const after = words.slice(at, at + span + 6).join(" ");
    const clitic = / (?:me|nous)$/.test(` ${before}`) && !/ons$/.test(words[at] ?? "");
    return clitic || TO_US.test(after) || /\burltoken\b/.test(s);
  };
  // "send YOU", or French "vous/te" right before the verb unless it is the subject of "pouvez-vous".
  const toThem = (at: number, span: number) =>
    TO_THEM.has(words[at + span] ?? "") ||
    (/^(?:vous|te)$/.test(words[at - 1] ?? "") && !INVERTED_MODALS.has(words[at - 2] ?? ""));

  // A verb asking or needing that is itself negated makes the whole sentence advice ("we will never ask…").
  for (const h of hits(
    s,
    /\b(?:ask|asks|asking|request|requests|demander\w*|demande|need|require|besoin)\b/g,
  ))
    if (negatedAt(h.at)) return { secret, asks: false };

  const advice = ADVICE_FRAME.test(s);
  const past = PAST_FRAME.test(s);
  const safePlace = SAFE_PLACE.test(s);
  const cues = [
    ...hits(s, TRANSFER).map((h) => ({ ...h, entry: false })),
    ...hits(s, ENTRY).map((h) => ({ ...h, entry: true })),
  ];
  // A pronoun belongs to its own verb only ("inutile de L'envoyer, dites-moi…" asks nothing).
  const targets: Array<{ at: number; words: number; secret: RequestedSecret; verb?: Hit }> =
    objects.length > 0
      ? objects
      : cues.flatMap((c) => {
          const at = pronounAt(c);
          return at === null ? [] : [{ at, words: 1, secret, verb: c }];
        });
  for (const t of targets) {
    for (const d of hits(s, DIRECT_ASK)) {
      if (d.at > t.at || t.at - (d.at + d.words) > 8 || negatedAt(d.at)) continue;
      if (advice || past) continue;
      return { secret: t.secret, asks: true };
    }
    for (const c of cues) {
      if (t.verb && t.verb !== c) continue;
      const before = t.at - (c.at + c.words);
      const after = c.at - (t.at + t.words);
      const near = (before >= 0 && before <= 10) || (after >= 0 && after <= 4);
      if (!near) continue;
      if (before > 0 && words.slice(c.at + c.words, t.at).some((w) => CLAUSE_BREAK.has(w))) continue;
      if (after > 0 && (after > 2 || words.slice(t.at + t.words, c.at).some((w) => COORDINATION.has(w))))
        continue;
      const negated = negation(c.at);
      const tail = words.slice(c.at + c.words, c.at + c.words + 8).join(" ");
      // "ne … pas" of a condition is the condition's, not a "to nobody".
      const toNobody = NOBODY_AFTER.test(tail) && !/\b(?:anyone|anybody|quiconque)\b/.test(tail);
      if (toNobody && negated !== "conditional") continue;
      const us = toUs(c.at, c.words);
      if (negated === "negated" || (negated === "conditional" && !us)) continue;
      if ((advice || past) && !us) continue;
      if (!c.entry && !us && toThem(c.at, c.words)) continue;
      if (c.entry) {
        const typedDaily = t.secret === "pin" || t.secret === "password";
        if (typedDaily && !us) continue;
        if (safePlace && !us) continue;
      }
      return { secret: t.secret, asks: true };
    }
  }
  return { secret, asks: false };
}

/** The first sentence of `draft` that asks for a secret, or null. Never throws. */
export function detectSecretRequest(draft: unknown): SecretRequest | null {
  if (typeof draft !== "string" || !draft.trim()) return null;
  const text = draft.slice(0, 64 * 1024);
  let carried: RequestedSecret | null = null;
  for (const range of sentences(text)) {
    const normalized = normalizeDraft(text.slice(range[0], range[1]));
    const { secret, asks } = askIn(normalized, carried);
    if (asks && secret) {
      return { secret, range, language: FRENCH_HINT.test(normalized) ? "fr" : "en" };
    }
    carried = secret ?? carried;
  }
  return null;
}
