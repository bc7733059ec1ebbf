/**
 * The report page's own stylesheet, in the page (report.njk puts it in one <style> element), so that
 * a report reads the same saved to disk, printed, downloaded from the API or shown in the console's
 * frame. It is a constant: the Content-Security-Policy of the console and of the API's HTML answer
 * allows exactly this text by its hash (functions/config/security-headers.ts), and no other inline
 * style. The colours are the pages' (web/styles/app.scss); the font is the system's, as there.
 */
export const REPORT_STYLE = `
:root { color: #0b0c0c; background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.4; }
body { margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 2rem; line-height: 1.15; margin: 0 0 24px; padding-bottom: 12px; border-bottom: 6px solid #a3161a; }
h2 { font-size: 1.5rem; line-height: 1.2; margin: 40px 0 16px; padding-top: 16px; border-top: 1px solid #b1b4b6; }
p { margin: 0 0 16px; max-width: 44em; }
a { color: #1d70b8; }
a:visited { color: #4c2c92; }
a:focus { outline: 3px solid transparent; background: #ffdd00; color: #0b0c0c; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
nav p { font-size: 0.95rem; }
figure { margin: 0 0 32px; }
svg { display: block; max-width: 100%; height: auto; margin-bottom: 16px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 32px; font-size: 0.95rem; }
caption { text-align: left; font-weight: 700; font-size: 1.05rem; padding-bottom: 8px; }
th, td { text-align: left; vertical-align: top; padding: 8px 16px 8px 0; border-bottom: 1px solid #b1b4b6; }
thead th { border-bottom: 2px solid #0b0c0c; }
tbody th { font-weight: 700; }
.app-report-table__numeric { text-align: right; font-variant-numeric: tabular-nums; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, table { break-inside: avoid; }
  a { color: #0b0c0c; }
}
`;
