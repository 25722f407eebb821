// A wallet's generated avatar: two characters of its anonymous code on a colour from its hue, dark enough
// for white text to pass WCAG AA contrast at every hue.

/** "Wallet 7f3k·c2" → "7F". */
export function avatarLetters(label: string): string {
  const code = label.replace(/^Wallet\s+/i, "").replace(/[^0-9a-z]/gi, "");
  return (code.slice(0, 2) || "?").toUpperCase();
}

/** Background colour for white text: hsl at 30% lightness stays ≥ 4.5:1 against white for every hue. */
export function avatarColour(hue: number): string {
  const h = ((Math.round(hue) % 360) + 360) % 360;
  return `hsl(${h} 55% 30%)`;
}
