/** Saves a blob under `name` through a temporary object URL (the browser's download). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // the download reads the URL after this task ends: let it go a little later
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
