// Generated from site-templates/ by `RECORD_THEME=1 swift test --filter ThemeTests`; do not edit.
// A test fails when this file and site-templates/ disagree.

enum DefaultTheme {
    static let files: [String: String] = [
        "banner.mustache": ####"""
        {{#draft}}
        <div class="draft-banner" role="note">
          <strong>DRAFT — not released.</strong>
          This portal shows the working tree{{#sourceCommit}} at commit <code>{{{sourceCommit}}}</code>{{/sourceCommit}}, not the released record.
          No page here is an effective revision.
        </div>
        {{/draft}}
        <header class="site-header">
          <a class="site-title" href="{{{root}}}index.html">{{{organization}}} — Controlled Documents</a>
        </header>

        """####,
        "document.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>{{#draft}}DRAFT — {{/draft}}{{{document.id}}} {{{document.title}}} (revision {{{document.revision}}}) — {{{organization}}}</title>
        </head>
        <body class="document{{#draft}} is-draft{{/draft}}">
        {{> banner}}
        <main>
        {{#document}}
        <section class="control-block" aria-label="Document control information">
        <h1><span class="doc-id">{{{id}}}</span> {{{title}}}</h1>
        <dl class="control-fields">
        <div><dt>Document</dt><dd>{{{id}}}</dd></div>
        <div><dt>Type</dt><dd>{{{typeName}}} ({{{type}}})</dd></div>
        <div><dt>Revision</dt><dd>{{{revision}}}</dd></div>
        <div><dt>Status</dt><dd><span class="status status-{{{statusClass}}}">{{{statusLabel}}}</span></dd></div>
        <div><dt>Effective</dt><dd>{{{effectiveDate}}}{{^effectiveDate}}not effective{{/effectiveDate}}</dd></div>
        <div><dt>Owner</dt><dd>{{{ownerName}}} ({{{owner}}})</dd></div>
        {{#change}}<div class="wide"><dt>Reason for change</dt><dd>{{{change}}}</dd></div>{{/change}}
        {{#hasTrainingRoles}}<div class="wide"><dt>Training</dt><dd>{{#trainingRequired}}Required for{{/trainingRequired}}{{^trainingRequired}}Editorial revision; earlier training carries over for{{/trainingRequired}} {{#trainingRoles}}{{{name}}}{{^last}}, {{/last}}{{/trainingRoles}}</dd></div>{{/hasTrainingRoles}}
        {{#hasReferences}}<div class="wide"><dt>References</dt><dd>{{#references}}<a href="{{{href}}}">{{{id}}}</a>{{^last}}, {{/last}}{{/references}}</dd></div>{{/hasReferences}}
        <div class="wide"><dt>Approvals</dt><dd>{{#draft}}None recorded: this is a draft rendering of the working tree.{{/draft}}</dd></div>
        </dl>
        </section>
        <article class="document-body">
        {{{bodyHTML}}}
        </article>
        <p class="print-notice">Uncontrolled when printed — check the portal for the effective revision. {{{id}}} revision {{{revision}}}.</p>
        {{/document}}
        </main>
        {{> footer}}
        </body>
        </html>

        """####,
        "footer.mustache": ####"""
        <footer class="site-footer">
        <p>{{{organization}}} · rendered by stet {{{stetVersion}}}{{#asOf}} · as of {{{asOf}}}{{/asOf}}{{#draft}} · DRAFT — not released{{/draft}}</p>
        </footer>

        """####,
        "head.mustache": ####"""
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'">
        <meta name="generator" content="stet {{{stetVersion}}}">
        <link rel="stylesheet" href="{{{root}}}assets/stet.css">

        """####,
        "register.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>{{#draft}}DRAFT — {{/draft}}Document register — {{{organization}}}</title>
        </head>
        <body class="register{{#draft}} is-draft{{/draft}}">
        {{> banner}}
        <main>
        <h1>Document register</h1>
        <p class="summary">{{{documentCount}}} controlled documents{{#draft}}, none released{{/draft}}.</p>
        <table class="register-table">
        <caption>Controlled documents of {{{organization}}}</caption>
        <thead>
        <tr><th scope="col">ID</th><th scope="col">Title</th><th scope="col">Type</th><th scope="col">Revision</th><th scope="col">Effective</th><th scope="col">Owner</th><th scope="col">Next review</th><th scope="col">Status</th></tr>
        </thead>
        <tbody>
        {{#documents}}
        <tr>
        <td><a href="{{{href}}}">{{{id}}}</a></td>
        <td>{{{title}}}</td>
        <td><abbr title="{{{typeName}}}">{{{type}}}</abbr></td>
        <td class="num">{{{revision}}}</td>
        <td>{{{effectiveDate}}}{{^effectiveDate}}—{{/effectiveDate}}</td>
        <td>{{{ownerName}}}</td>
        <td>{{{nextReview}}}{{^nextReview}}—{{/nextReview}}</td>
        <td><span class="status status-{{{statusClass}}}">{{{statusLabel}}}</span></td>
        </tr>
        {{/documents}}
        </tbody>
        </table>
        </main>
        {{> footer}}
        </body>
        </html>

        """####,
        "stet.css": ####"""
        /* stet default portal theme. No external assets: works from file:// and offline. */
        :root {
          --ink: #1b1f24;
          --muted: #57606a;
          --rule: #d0d7de;
          --paper: #ffffff;
          --band: #f6f8fa;
          --accent: #0b4f8a;
          --draft: #8a4b00;
          --draft-bg: #fff4e0;
        }
        * { box-sizing: border-box; }
        html { font-size: 16px; }
        body {
          margin: 0;
          color: var(--ink);
          background: var(--paper);
          font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif;
          line-height: 1.5;
        }
        a { color: var(--accent); }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.92em; }
        pre { background: var(--band); padding: 0.75rem; overflow-x: auto; border: 1px solid var(--rule); }
        main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        .site-header { border-bottom: 1px solid var(--rule); padding: 0.75rem 1.5rem; background: var(--band); }
        .site-title { font-weight: 600; text-decoration: none; color: var(--ink); }
        .site-footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; padding: 0.5rem 1.5rem; }
        .draft-banner {
          background: var(--draft-bg);
          color: var(--draft);
          border-bottom: 3px double var(--draft);
          padding: 0.6rem 1.5rem;
        }
        .draft-banner strong { letter-spacing: 0.04em; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: 1rem 0; }
        .doc-id { color: var(--muted); font-weight: 500; margin-right: 0.4rem; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
        caption { text-align: left; color: var(--muted); padding-bottom: 0.3rem; }
        th, td { border: 1px solid var(--rule); padding: 0.35rem 0.55rem; vertical-align: top; text-align: left; }
        thead th { background: var(--band); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .register-table td:first-child { white-space: nowrap; }
        .status { white-space: nowrap; font-weight: 600; }
        .status-draft::before { content: "◇ "; }
        .status-draft { color: var(--draft); }
        .control-block { border: 1px solid var(--rule); background: var(--band); padding: 0.25rem 1rem 0.75rem; margin-bottom: 1.5rem; }
        .control-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 0.25rem 1.5rem; margin: 0; }
        .control-fields div { display: flex; gap: 0.5rem; }
        .control-fields .wide { grid-column: 1 / -1; }
        .control-fields dt { color: var(--muted); flex: 0 0 8rem; }
        .control-fields dd { margin: 0; min-width: 0; }
        .document-body h1 { font-size: 1.4rem; }
        .document-body h2 { font-size: 1.2rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; margin-top: 1.75rem; }
        .document-body h3 { font-size: 1.05rem; }
        .document-body li.task-list-item, .document-body ul.contains-task-list { list-style: none; }
        .print-notice { display: none; }
        @media print {
          .site-header a { text-decoration: none; }
          a { color: inherit; text-decoration: none; }
          main { max-width: none; padding: 0; }
          .print-notice { display: block; border-top: 1px solid #000; margin-top: 2rem; padding-top: 0.3rem; font-size: 0.85rem; }
          .is-draft main::before { content: "DRAFT — NOT RELEASED"; display: block; font-weight: 700; border: 2px solid #000; padding: 0.3rem; text-align: center; }
          @page { margin: 18mm 15mm; @bottom-center { content: "Uncontrolled when printed — page " counter(page); } }
          table, tr, pre { page-break-inside: avoid; }
        }

        """####,
    ]
}
