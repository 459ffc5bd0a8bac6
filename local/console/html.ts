/**
 * The console makes HTML (and SVG) with the functions' typed `html` tag (functions/views/html.ts):
 * one SafeHtml for every page the project serves. Attribute values are double-quoted in templates.
 */
export { type HtmlValue, html, join, renderDocument, SafeHtml } from '../../functions/views/html';

/** A number for SVG coordinates: at most one decimal, no exponent. */
export function svgNumber(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}
