/**
 * Certificates (표창장), facts the functions, infra and bench share. Imports nothing.
 *
 * Where an issued certificate is kept: one object per nomination, under `certificates/` (the
 * functions' permissions are scoped to that prefix).
 */
export const CERTIFICATE_PREFIX = 'certificates/';

export function certificateKey(cycle: string, nominationId: string): string {
  return `${CERTIFICATE_PREFIX}${cycle}/${nominationId}.pdf`;
}

/**
 * The fonts the certificate is set in: NanumMyeongjo (SIL Open Font License) from the npm
 * package @expo-google-fonts/nanum-myeongjo. Shipped as files next to the issue-certificate bundle
 * (`fonts/<file>`, copied by infra's bundling hook), not inlined into the JavaScript: a 3 MB font
 * as base64 would be 4 MB more code to parse at every cold start. The renderer embeds a subset of
 * each, only the glyphs a certificate uses.
 */
export const CERTIFICATE_FONT_PACKAGE = '@expo-google-fonts/nanum-myeongjo';

export const CERTIFICATE_FONTS = {
  regular: '400Regular/NanumMyeongjo_400Regular.ttf',
  heavy: '800ExtraBold/NanumMyeongjo_800ExtraBold.ttf',
} as const;

export type CertificateFontName = keyof typeof CERTIFICATE_FONTS;

/** The directory, next to the bundled handler, that holds the font files. */
export const CERTIFICATE_FONT_DIR = 'fonts';

/** A font's file name in that directory. */
export function certificateFontFile(font: CertificateFontName): string {
  return CERTIFICATE_FONTS[font].split('/').at(-1) as string;
}
