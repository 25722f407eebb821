// The vocabulary of the outgoing check (request.ts), English and French, written over the NORMALISED draft:
// lower case, accents removed ("clé privée" → "cle privee"), elisions opened ("m'envoyer" → "me envoyer",
// "n'envoyez" → "ne envoyez"), contractions expanded ("don't" → "do not", "what's" → "what is"), hyphens and
// punctuation turned into spaces, numbers written as digits ("douze mots" → "12 mots"), links as "urltoken".
// Every pattern matches whole words of that text. Grouped by the role the word plays in a sentence.

export type RequestedSecret = "recovery-phrase" | "private-key" | "pin" | "password";

/** What is asked for. */
export const OBJECTS: Array<{ secret: RequestedSecret; pattern: RegExp }> = [
  {
    secret: "recovery-phrase",
    pattern:
      /\b(?:(?:recovery|seed|backup|mnemonic|secret|restore|restoration|security|wallet|passphrase) (?:phrases?|words?|sentences?)|seeds?|mnemonics?|(?:12|15|18|21|24) (?:(?:secret|recovery|seed|backup|security|magic|wallet) )?words?|phrases? (?:de (?:recuperation|restauration|sauvegarde|securite|recup)|secretes?|mnemoniques?|graines?)|mots? (?:de (?:recuperation|restauration|securite|sauvegarde)|secrets?)|(?:12|15|18|21|24) mots|graines?)\b/g,
  },
  {
    secret: "private-key",
    pattern:
      /\b(?:priv(?:ate)? ?keys?|privkeys?|keystores?(?: file)?|xprv|wif key|cles? privees?|clefs? privees?|cles? secretes?|clefs? secretes?|fichier keystore)\b/g,
  },
  {
    secret: "pin",
    pattern:
      /\b(?:pin(?: code| number)?s?|passcodes?|codes? (?:pin|secrets?|confidentiels?|de acces|de deverrouillage|de securite))\b/g,
  },
  { secret: "password", pattern: /\b(?:passwords?|mots? de passe)\b/g },
];

/** Verbs that hand something over to someone. */
export const TRANSFER =
  /\b(?:reply|respond|answer with|repondez|repondre|send|sending|give|giving|share|sharing|provide|providing|tell|telling|forward|forwarding|submit|submitting|disclose|disclosing|reveal|revealing|post|posting|upload|uploading|transmit|communicate|dm|(?:email|text|message|whatsapp|telegram) (?:me|us)|read out|spell out|show|envoyer|envoyez|envoie|envoies|renvoyez|renvoyer|donner|donnez|donne|donnes|redonnez|communiquer|communiquez|communique|transmettre|transmettez|transmets|partager|partagez|partage|indiquer|indiquez|indique|fournir|fournissez|fournis|dire|dites|dis|reveler|revelez|montrer|montrez|montre|lisez|lire|parvenir|read me|read us)\b/g;

/** Verbs that have the person type or paste it somewhere. */
export const ENTRY =
  /\b(?:enter|entering|type|typing|paste|pasting|write|writing|input|inputting|fill in|confirm|confirming|verify|verifying|validate|validating|sync|synchronize|import|importing|entrer|entrez|saisir|saisissez|saisis|taper|tapez|tape|coller|collez|colle|ecrire|ecrivez|ecris|renseigner|renseignez|confirmer|confirmez|confirme|verifier|verifiez|valider|validez|remplir|remplissez|copier|copiez|synchroniser|synchronisez)\b/g;

/** Ways to ask that carry no verb of their own: questions about the secret, needs, requests. */
export const DIRECT_ASK =
  /\b(?:what (?:is|are|was|were) (?:your|ur|the)|(?:team|technician|engineer|agent|support|department|specialist|staff|system) (?:needs|requires|will need|will require)|what is ur|(?:i|we) (?:(?:will|would|do|really|still|also|just|urgently|absolutely) )*(?:need|require|want)|(?:i|we) (?:(?:must|have to|will|would like to|need to|am going to|are going to|have to) )+ask (?:you )?(?:for|to)|(?:need|require) you to|(?:i|we) (?:(?:just|still|also) )?ask (?:you )?(?:for|to)|quel(?:le)?s? (?:est|sont|etait) (?:votre|vos|ton|ta|tes|le|la|les)|ce est quoi (?:votre|vos|ton|ta|tes)|(?:je|nous|on) (?:ai|avons|a|aurais|aurions|aurai|aurons|aura) (?:absolument |vraiment |juste |urgemment )?besoin|il (?:me|nous) (?:faut|faudrait|faudra)|(?:je|nous) (?:vous |te )?(?:demande|demandons|demanderais|demanderions)|(?:je|nous) (?:veux|voulons|voudrais|voudrions))\b/g;

/** Where the thing goes when it goes to the person writing: me, us, here, a link. */
export const TO_US =
  /\b(?:me|us|here|below|this chat|the chat|in chat|urltoken|our team|our support|the support|support team|the form|this form|the link|this link|the website|this website|the site|this site|our site|our website|moi|nous|ici|ci dessous|dans le chat|dans la conversation|en reponse|notre equipe|notre support|au support|le formulaire|ce formulaire|le lien|ce lien|le site|ce site|notre site)\b/;

/** Places where typing a phrase is what a wallet user should do (restoring their own wallet). */
export const SAFE_PLACE =
  /\b(?:app|apps|application|appli|altme|wallet app|import|importer|restore|restaurer|restauration|recover|recuperer|settings|parametres|reglages|screen|ecran|new phone|new device|nouveau telephone|nouvel appareil|paper|papier|feuille|offline|hors ligne|write (?:it |them )?down|notez|noter|on your device|sur votre appareil|sur votre telephone)\b/;

/** Negations that cancel the verb right after them (or, in French, right around it). */
export const NEGATION = /* @__PURE__ */ new Set([
  "not",
  "never",
  "no",
  "nobody",
  "noone",
  "nor",
  "ne",
  "jamais",
  "pas",
  "personne",
  "aucun",
  "aucune",
  "rien",
]);

/** "If you do not…", "si vous ne…": a condition (often a threat), not advice — it asks when it sends to us. */
export const CONDITION = /\b(?:if you|unless you|si vous|si tu)(?: do| did)?$/;

/** Words that join two clauses: an object before one clause's verb is not the next clause's object. */
export const COORDINATION = /* @__PURE__ */ new Set(["and", "then", "or", "but", "et", "puis", "ou", "mais"]);

/** Verbs that negate the verb right after them ("avoid sharing", "évitez de partager"). */
export const AVOID =
  /\b(?:avoid|refrain from|stop|no need to|evitez de|eviter de|evite de|inutile de|pas besoin de|sans)$/;

/** Words after a verb that make it a "to nobody": "share it with no one", "ne la donnez à personne". */
export const NOBODY_AFTER = /\b(?:no one|nobody|noone|jamais|pas|personne|anyone|anybody|quiconque)\b/;

/** Frames that turn a sentence into a warning or a hypothesis about someone else. */
export const ADVICE_FRAME =
  /\b(?:never|no one|nobody|noone|not|avoid|beware|careful|warning|scams?|scammers?|scammed|fraud|fraudsters?|fraudulent|phishing|imperson\w*|fake|if (?:anyone|someone|somebody|anybody|a person|people|they|we|an agent|support|a stranger|you are asked|you re asked|asked|(?:a|an|any) (?:message|email|call|site|website|person|link|app|caller))|anyone (?:who|that|asking)|whoever|those who|people who|someone (?:who|asking)|jamais|personne ne|ne|evitez|mefiez|mefier|attention|arnaque\w*|escro\w*|fraude\w*|hameconnage|faux|fausse|usurp\w*|si (?:quelquun|on|une personne|des personnes|nous|un agent|le support|quiconque|vous recevez|vous etes|un (?:message|mail|appel|site|lien|inconnu))|quiconque|toute personne|celui qui|ceux qui)\b/;

/** Polite negations that do not negate what follows ("don't hesitate to…", "n'hésitez pas à…"). */
export const NEUTRAL_NEGATIONS =
  /\b(?:do not|never) (?:hesitate|forget|worry|wait|delay)\b|\bne (?:hesitez|oubliez|tardez|attendez) pas\b|\bne vous inquietez pas\b|\bne vous en faites pas\b|\bpas de (?:souci|soucis|probleme|panique)\b|\bno (?:worries|problem|rush|panic)\b|\bnot (?:sure|certain)\b/g;

/** Questions about what already happened: investigating, not asking. */
export const PAST_FRAME =
  /\b(?:did|have|has|had) (?:you|anyone|someone|somebody|anybody)\b|\bwere you\b|\b(?:avez|aviez|auriez|as) (?:vous|tu)\b|\bvous (?:avez|aviez|auriez)\b|\btu as\b|\bquelquun (?:a|aurait)\b/;

/** Words between a verb and its object that make the object part of another clause ("tell me IF your PIN…"). */
export const CLAUSE_BREAK = /* @__PURE__ */ new Set([
  "if",
  "whether",
  "when",
  "once",
  "after",
  "before",
  "because",
  "since",
  "that",
  "si",
  "quand",
  "lorsque",
  "apres",
  "avant",
  "parce",
  "puisque",
  "que",
]);

/** The user as the one who receives ("we will send YOU a new phrase"): not an ask. */
export const TO_THEM = /* @__PURE__ */ new Set(["you", "vous", "te", "toi"]);

/** Verbs after which "vous" is the subject ("pourriez-vous donner…"), not the receiver. */
export const INVERTED_MODALS = /* @__PURE__ */ new Set([
  "pouvez",
  "pourriez",
  "voulez",
  "voudriez",
  "auriez",
  "allez",
  "pourrais",
  "peux",
  "veux",
  "voudrais",
  "peut",
]);

/** Pronouns standing for a secret named in the sentence before ("send THEM to me", "envoyez-LES moi"). */
export const PRONOUN_AFTER = /* @__PURE__ */ new Set(["it", "them", "those", "these", "ca", "cela"]);
export const CLITIC = /* @__PURE__ */ new Set(["le", "la", "les"]);
