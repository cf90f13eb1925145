/** RFC 5987's `ext-value`: percent-encoded UTF-8, `'()*` included (encodeURIComponent leaves them). */
const extValue = (text: string): string => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `inline` or `attachment` with a file name no header can be broken by: ASCII-safe `filename`, the exact name in `filename*`. */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  return `${type}; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${extValue(fileName)}`;
}
