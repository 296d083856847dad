/** HTML escaping for every value the pages show: all of it comes from API callers. */
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function esc(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** A URL for an href/src: only http(s), escaped; anything else becomes empty. */
export function safeUrl(value: string | null | undefined): string {
  if (!value || !/^https?:\/\//i.test(value)) return "";
  return esc(value);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; }
  main { max-width: 560px; margin: 40px auto; background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); padding: 32px; }
  main.wide { max-width: 1100px; }
  header.brand { display: flex; align-items: center; gap: 12px; margin-bottom: 24px; }
  header.brand img { max-height: 48px; max-width: 160px; }
  .amount { font-size: 2.2rem; font-weight: 700; margin: 8px 0 4px; }
  .muted { color: #667085; font-size: .9rem; }
  table { width: 100%; border-collapse: collapse; margin: 16px 0; font-size: .92rem; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eaecf0; vertical-align: top; }
  td.num { text-align: right; white-space: nowrap; }
  td.url { word-break: break-all; }
  td form { margin: 0; }
  td button { padding: 4px 10px; font-size: .85rem; }
  .actions { display: flex; gap: 12px; margin-top: 24px; }
  button { font: inherit; padding: 12px 20px; border-radius: 8px; border: 1px solid #d0d5dd; background: #fff; cursor: pointer; }
  button.pay { background: #1f6feb; color: #fff; border-color: #1f6feb; flex: 1; font-weight: 600; }
  .status { display: inline-block; padding: 2px 8px; border-radius: 999px; font-size: .8rem; background: #eef2ff; }
  .banner { padding: 16px; border-radius: 8px; background: #f0fdf4; border: 1px solid #bbf7d0; }
  .banner.bad { background: #fef2f2; border-color: #fecaca; }
  code { font-size: .85em; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}
