const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The page an enrolment link opens in a browser. The extension cannot be opened from a web page (no
 * externally_connectable), so the page says where to paste the link. No script; the study's name is escaped.
 */
export function enrolmentPage(study: { name: string; link: string } | null): string {
  const body = study
    ? `<h1>Join the study “${escapeHtml(study.name)}”</h1>
<p>This study collects your feedback on AI search answers with the Stageback browser extension.</p>
<ol>
<li>Install Stageback if you have not yet.</li>
<li>Open Stageback's options (the extension's menu, then <strong>Options</strong>) and choose <strong>Join a study</strong>.</li>
<li>Paste this link there:</li>
</ol>
<p><code>${escapeHtml(study.link)}</code></p>
<p>Stageback then shows you the study's consent text and exactly what it would send. Nothing is sent before you agree.</p>`
    : `<h1>Unknown enrolment link</h1>
<p>This collector knows no study with this link. Check that you copied the whole link the researchers gave you.</p>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stageback study enrolment</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}code{word-break:break-all;background:#eee;padding:.2rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
