import qrcode from 'qrcode-generator';
import { SafeHtml } from './pages.html.js';

/**
 * A QR code as inline SVG markup, built on the server: one `<path>` of unit squares, colours as
 * presentation attributes (the pages' CSP allows no inline style), a quiet zone of 4 modules.
 * `label` becomes the image's accessible name.
 */
export function qrSvg(text: string, label: string): SafeHtml {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const size = count + 8;
  let d = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
  }
  const name = label.replace(/[&<>"']/g, '');
  return new SafeHtml(
    `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="200" height="200" role="img" aria-label="${name}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`,
  );
}
