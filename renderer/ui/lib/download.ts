// Saving a file the console made (a transcript): a download of a Blob through an anchor, in the web build and
// in the desktop app alike (Electron asks where to save it with its own dialog). The object URL is revoked once
// the browser has taken the file.

export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.rel = "noopener";
  anchor.style.display = "none";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
