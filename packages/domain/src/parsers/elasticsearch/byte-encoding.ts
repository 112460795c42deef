/**
 * UTF-8 bytes of a string, as Go's `[]byte(s)` holds them for a string decoded from JSON:
 * a lone surrogate becomes U+FFFD. (`TextEncoder` is not part of the domain's ES2023 lib.)
 */
export function encodeUtf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const scalar = codePoint >= 0xd800 && codePoint <= 0xdfff ? 0xfffd : codePoint;
    if (scalar < 0x80) bytes.push(scalar);
    else if (scalar < 0x800) bytes.push(0xc0 | (scalar >> 6), 0x80 | (scalar & 0x3f));
    else if (scalar < 0x10000) bytes.push(0xe0 | (scalar >> 12), 0x80 | ((scalar >> 6) & 0x3f), 0x80 | (scalar & 0x3f));
    else bytes.push(0xf0 | (scalar >> 18), 0x80 | ((scalar >> 12) & 0x3f), 0x80 | ((scalar >> 6) & 0x3f), 0x80 | (scalar & 0x3f));
  }
  return Uint8Array.from(bytes);
}

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64 with the URL-safe alphabet and `=` padding, as Go's `base64.URLEncoding` writes it. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    const present = Math.min(3, bytes.length - index);
    for (let sextet = 0; sextet < 4; sextet += 1) {
      text += sextet <= present ? URL_ALPHABET[(chunk >> (18 - 6 * sextet)) & 0x3f] : '=';
    }
  }
  return text;
}
