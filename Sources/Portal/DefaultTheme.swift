// Generated from site-templates/ by `RECORD_THEME=1 swift test --filter ThemeTests`; do not edit.
// A test fails when this file and site-templates/ disagree.

enum DefaultTheme {
    static let files: [String: String] = [
        "authority.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Authority history — {{{organization}}}</title>
        </head>
        <body class="authority-page">
        {{> banner}}
        <main>
        <h1>Authority history</h1>
        <p>Every release of the configuration (<code>stet.yaml</code>, <code>roles/</code>, <code>site-templates/</code>), newest first: who gained or lost which role, key or site, who approved it and when. A configuration takes effect after the commit that releases it; to know who could approve on a date, read the release in force on that date. {{{releaseCount}}} releases.</p>
        {{#releases}}
        <section class="authority-release" id="{{{anchor}}}">
        <h2>Configuration revision {{{revision}}}</h2>
        <dl class="doc-meta">
        <div><dt>Released at commit</dt><dd><code>{{{commit}}}</code></dd></div>
        <div><dt>Claimed time (UTC)</dt><dd><span class="ts">{{{claimedAt}}}</span></dd></div>
        <div><dt>First recorded in the ledger</dt><dd><span class="ts">{{{recordedAt}}}</span>{{^recordedAt}}—{{/recordedAt}}</dd></div>
        </dl>
        {{#isRoot}}<p>The root of trust: the first commit holding <code>stet.yaml</code>. No one approves it; pin it with <code>stet verify --trust-root</code>.</p>{{/isRoot}}
        {{#hasApprovals}}
        <div class="table-scroll"><table class="approvals">
        <caption>Approved by</caption>
        <thead><tr><th scope="col">Signed by</th><th scope="col">Admin role</th><th scope="col">Date and time (UTC)</th><th scope="col">Meaning</th><th scope="col">Key fingerprint</th><th scope="col">Commit</th></tr></thead>
        <tbody>
        {{#approvals}}<tr><td>{{{name}}}</td><td>{{{role}}}</td><td><span class="ts">{{{signedAt}}}</span></td><td>{{{meaning}}}</td><td><code>{{{key}}}</code></td><td><code>{{{commit}}}</code></td></tr>
        {{/approvals}}
        </tbody>
        </table></div>
        {{/hasApprovals}}
        <h3>Changes</h3>
        {{#hasChanges}}<ul class="authority-changes">{{#changes}}<li>{{{.}}}</li>{{/changes}}</ul>{{/hasChanges}}
        {{^hasChanges}}<p>No change to people, roles, keys or types (settings or templates only).</p>{{/hasChanges}}
        <details>
        <summary>Who held each role from this release on</summary>
        <ul>{{#holders}}<li><strong>{{{role}}}</strong>: {{{people}}}</li>{{/holders}}</ul>
        </details>
        </section>
        {{/releases}}
        </main>
        {{> footer}}
        </body>
        </html>

        """####,
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
          {{^draft}}
          <nav class="site-nav" aria-label="Portal">
            <a href="{{{root}}}index.html">Register</a>
            <a href="{{{root}}}reviews.html">Periodic review</a>
            <a href="{{{root}}}training/index.html">Training</a>
            <a href="{{{root}}}deviations.html">Deviations</a>
            <a href="{{{root}}}authority.html">Authority</a>
            <a href="{{{root}}}sites/index.html">Sites</a>
            <a href="{{{root}}}search.html">Search</a>
          </nav>
          {{/draft}}
        </header>
        {{^draft}}
        <p class="record-note">Released record of <code>{{{branch}}}</code> at commit <code>{{{sourceCommit}}}</code>, as of {{{asOf}}}. Only approved revisions are shown as effective.</p>
        {{/draft}}

        """####,
        "deviations.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Deviations — {{{organization}}}</title>
        </head>
        <body class="deviations-page">
        {{> banner}}
        <main>
        <h1>Deviations: findings about the history</h1>
        <p>Every finding of the record, open and closed. A finding never disappears because later history remedied its effect; a holder of an admin role closes it with a signed commit carrying <code>Closes: &lt;id&gt; &lt;reference&gt;</code>, naming the deviation or CAPA record. Open: {{{openErrors}}} errors, {{{openWarnings}}} warnings. Closed: {{{closedCount}}}.</p>
        {{#hasDeviations}}
        <div class="table-scroll"><table class="deviations">
        <thead><tr><th scope="col">State</th><th scope="col">Finding id</th><th scope="col">Document</th><th scope="col">Commit</th><th scope="col">What happened</th><th scope="col">Closure</th></tr></thead>
        <tbody>
        {{#deviations}}<tr class="deviation-{{{stateClass}}}"><td><span class="status status-{{{stateClass}}}">{{{state}}}</span></td><td><code>{{{idHTML}}}</code></td><td>{{#documentHref}}<a href="{{{documentHref}}}">{{{document}}}</a>{{/documentHref}}{{^documentHref}}{{{document}}}{{/documentHref}}</td><td>{{#commitHref}}<a href="{{{commitHref}}}"><code>{{{commit}}}</code></a>{{/commitHref}}{{^commitHref}}<code>{{{commit}}}</code>{{/commitHref}}</td><td>{{{message}}}{{#file}}<br><span class="reason">{{{file}}}</span>{{/file}}</td><td>{{#closed}}Closed by {{{by}}} at {{{at}}} with {{{reference}}} (commit <code>{{{commit}}}</code>){{/closed}}{{^closed}}—{{/closed}}</td></tr>
        {{/deviations}}
        </tbody>
        </table></div>
        {{/hasDeviations}}
        {{^hasDeviations}}<p>The history has no findings.</p>{{/hasDeviations}}
        </main>
        {{> footer}}
        </body>
        </html>

        """####,
        "document.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>{{#draft}}DRAFT — {{/draft}}{{{document.id}}} {{{document.title}}}{{#document.revision}} (revision {{{document.revision}}}){{/document.revision}} — {{{organization}}}</title>
        </head>
        <body class="document{{#draft}} is-draft{{/draft}}{{#document.superseded}} is-superseded{{/document.superseded}}{{#document.obsolete}} is-obsolete{{/document.obsolete}}">
        {{> banner}}
        <main>
        {{#document}}
        {{#stateBanner}}<div class="state-banner state-{{{kind}}}" role="note"><strong>{{{headline}}}</strong> {{{text}}}</div>{{/stateBanner}}
        <section class="control-block" aria-label="Document control information">
        <h1><span class="doc-id">{{{id}}}</span> {{{title}}}</h1>
        <dl class="control-fields">
        <div><dt>Document</dt><dd>{{{id}}}</dd></div>
        <div><dt>Type</dt><dd>{{{typeName}}} ({{{type}}})</dd></div>
        <div><dt>Revision</dt><dd>{{{revision}}}{{#legacyRevision}} (legacy {{{legacyRevision}}}){{/legacyRevision}}{{^revision}}none effective{{/revision}}</dd></div>
        <div><dt>Status</dt><dd><span class="status status-{{{statusClass}}}">{{{statusLabel}}}</span></dd></div>
        <div><dt>Effective</dt><dd><span class="ts">{{{effectiveDate}}}</span>{{^effectiveDate}}not effective{{/effectiveDate}}</dd></div>
        <div><dt>Owner</dt><dd>{{{ownerName}}} ({{{owner}}})</dd></div>
        {{#change}}<div class="wide"><dt>Reason for change</dt><dd>{{{change}}}</dd></div>{{/change}}
        {{#hasTrainingRoles}}<div class="wide"><dt>Training</dt><dd>{{#trainingRequired}}Required for{{/trainingRequired}}{{^trainingRequired}}Editorial revision; earlier training carries over for{{/trainingRequired}} {{#trainingRoles}}{{{name}}}{{^last}}, {{/last}}{{/trainingRoles}}</dd></div>{{/hasTrainingRoles}}
        {{#trainingImpact}}<div class="wide"><dt>Training impact</dt><dd>{{{trainingImpact}}}</dd></div>{{/trainingImpact}}
        {{#hasReferences}}<div class="wide"><dt>References</dt><dd>{{#references}}<a href="{{{href}}}">{{{id}}}</a>{{^last}}, {{/last}}{{/references}}</dd></div>{{/hasReferences}}
        {{#sites}}<div class="wide"><dt>Sites</dt><dd>{{{sites}}} only</dd></div>{{/sites}}
        {{#implements}}<div class="wide"><dt>Global standard</dt><dd>Implements <a href="{{{href}}}">{{{id}}}</a> rev {{{revision}}}{{#alignment}} — {{{alignment}}}{{/alignment}}</dd></div>{{/implements}}
        {{#hasImplementedBy}}<div class="wide"><dt>Local implementations</dt><dd>{{#implementedBy}}<a href="{{{href}}}">{{{id}}}</a> rev {{{revision}}} ({{{sites}}}): {{#aligned}}✓ {{/aligned}}{{^aligned}}! {{/aligned}}{{{alignment}}}<br>{{/implementedBy}}</dd></div>{{/hasImplementedBy}}
        {{#legacy}}<div class="wide"><dt>Previous system</dt><dd>{{{legacy}}}</dd></div>{{/legacy}}
        {{#hasExtensions}}<div class="wide"><dt>Other fields</dt><dd><table class="extension-fields"><tbody>{{#extensions}}<tr><th scope="row">{{{name}}}</th><td>{{{value}}}</td></tr>{{/extensions}}</tbody></table></dd></div>{{/hasExtensions}}
        {{#draft}}<div class="wide"><dt>Approvals</dt><dd>None recorded: this is a draft rendering of the working tree.</dd></div>{{/draft}}
        </dl>
        {{#hasApprovals}}
        <div class="table-scroll"><table class="approvals">
        <caption>Electronic signatures (21 CFR 11.50): printed name, date and time (UTC), meaning, key</caption>
        <thead><tr><th scope="col">Signed by</th><th scope="col">Role</th><th scope="col">Date and time (UTC)</th><th scope="col">Meaning</th><th scope="col">Key fingerprint</th><th scope="col">Verification</th></tr></thead>
        <tbody>
        {{#approvals}}<tr><td>{{{name}}}</td><td>{{{role}}}</td><td><span class="ts">{{{signedAt}}}</span> <span class="claim">(claimed by the signer)</span>{{#recordedAt}}<br><span class="recorded">first recorded <span class="ts">{{{recordedAt}}}</span></span>{{/recordedAt}}</td><td>{{{meaning}}}</td><td><code>{{{key}}}</code></td><td>{{{verification}}}{{#userVerification}} <span class="user-verification">({{{userVerification}}})</span>{{/userVerification}} <span class="commit">(commit <code>{{{commit}}}</code>)</span>{{#qualification}}<br><strong class="unqualified">⚠ {{{qualification}}}</strong>{{/qualification}}</td></tr>
        {{/approvals}}
        </tbody>
        </table></div>
        {{/hasApprovals}}
        {{#hasLinks}}
        <p class="doc-links">{{#historyHref}}<a href="{{{historyHref}}}">History and audit trail</a>{{/historyHref}}{{#redlineHref}} · <a href="{{{redlineHref}}}">Changes from revision {{{previousRevision}}} (redline)</a>{{/redlineHref}}{{#hasRevisions}} · Revisions: {{#revisions}}<a href="{{{href}}}">{{{revision}}}</a>{{^last}}, {{/last}}{{/revisions}}{{/hasRevisions}}</p>
        {{/hasLinks}}
        </section>
        {{#pendingNotice}}<p class="pending-notice" role="note">{{{pendingNotice}}}</p>{{/pendingNotice}}
        {{#hasBody}}
        <article class="document-body">
        {{{bodyHTML}}}
        </article>
        {{/hasBody}}
        {{#hasAttachments}}
        <section class="attachments" aria-label="Attachments">
        <h2>Attachments</h2>
        <table class="attachments-table">
        <caption>Files this revision links or embeds, controlled and published with it (SHA: git's blob id of the bytes)</caption>
        <thead><tr><th scope="col">File</th><th scope="col">Size</th><th scope="col">SHA (git blob)</th></tr></thead>
        <tbody>
        {{#attachments}}<tr><td>{{#href}}<a href="{{{href}}}" download="{{{downloadName}}}">{{{name}}}</a>{{/href}}{{^href}}{{{name}}} <strong>(missing)</strong>{{/href}}</td><td>{{{size}}}</td><td><code>{{{sha}}}</code></td></tr>
        {{/attachments}}
        </tbody>
        </table>
        </section>
        {{/hasAttachments}}
        {{/document}}
        </main>
        {{> footer}}
        {{#document}}<p class="print-notice"><span>Uncontrolled when printed — check the portal for the effective revision. {{{id}}}{{#revision}} revision {{{revision}}}{{/revision}}.</span></p>{{/document}}
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
        "history.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>History of {{{document.id}}} — {{{organization}}}</title>
        </head>
        <body class="history-page">
        {{> banner}}
        <main>
        {{#document}}
        <h1><span class="doc-id">{{{id}}}</span> {{{title}}}: history and audit trail</h1>
        <p class="doc-links"><a href="index.html">Effective revision</a></p>
        <h2>Releases</h2>
        {{#hasReleases}}
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">Revision</th><th scope="col">Released at commit</th><th scope="col">Effective</th><th scope="col">First recorded in the ledger</th><th scope="col">Reason for change</th></tr></thead>
        <tbody>
        {{#releases}}<tr><td><a href="{{{href}}}">{{{revision}}}</a></td><td><code>{{{commit}}}</code></td><td><span class="ts">{{{effectiveDate}}}</span></td><td><span class="ts">{{{recordedAt}}}</span></td><td>{{{change}}}{{#voided}}<br><strong class="voided">{{{voided}}}</strong>{{/voided}}</td></tr>
        {{/releases}}
        </tbody>
        </table></div>
        {{/hasReleases}}
        {{^hasReleases}}<p>No revision has been released.</p>{{/hasReleases}}
        <h2>Every commit that touched this document on the release branch</h2>
        <div class="table-scroll"><table class="audit">
        <thead><tr><th scope="col">Commit</th><th scope="col">What</th><th scope="col">Author</th><th scope="col">Signer</th><th scope="col">Signature</th><th scope="col">Claimed time (UTC)</th><th scope="col">Message and trailers</th></tr></thead>
        <tbody>
        {{#entries}}<tr id="{{{anchor}}}"><td><code>{{{commit}}}</code></td><td>{{{kinds}}}</td><td>{{{author}}}</td><td>{{{signer}}}</td><td><span class="verdict verdict-{{{status}}}">{{{status}}}</span> {{{format}}}<br><span class="reason">{{{reason}}}</span></td><td><span class="ts">{{{claimedAt}}}</span></td><td>{{{subject}}}{{#trailers}}<br><code>{{{.}}}</code>{{/trailers}}</td></tr>
        {{/entries}}
        </tbody>
        </table></div>
        <h2>Findings</h2>
        {{#hasFindings}}<ul class="findings">{{#findings}}<li><span class="finding-code">[{{{code}}}]</span> {{{message}}}{{#commit}} (commit <code>{{{commit}}}</code>){{/commit}}</li>{{/findings}}</ul>{{/hasFindings}}
        {{^hasFindings}}<p>No findings concern this document.</p>{{/hasFindings}}
        {{/document}}
        </main>
        {{> footer}}
        </body>
        </html>

        """####,
        "redline.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Redline {{{document.id}}} revision {{{document.from}}} → {{{document.to}}} — {{{organization}}}</title>
        </head>
        <body class="redline-page">
        {{> banner}}
        <main>
        {{#document}}
        <h1><span class="doc-id">{{{id}}}</span> {{{title}}}: changes from revision {{{from}}} to {{{to}}}</h1>
        <p class="change-reason"><strong>Reason for change:</strong> {{{change}}}{{^change}}none given{{/change}}</p>
        <p class="legend">Legend: <del>deleted text</del> <ins>inserted text</ins> — the [− −] and [+ +] marks print in black and white too. A bar in the margin marks each block that was deleted (dotted), inserted (solid) or edited (dashed).</p>
        <p class="doc-links"><a href="{{{fromHref}}}">Revision {{{from}}}</a> · <a href="{{{toHref}}}">Revision {{{to}}}</a> · <a href="index.html">Effective revision</a></p>
        <h2>Front matter</h2>
        {{#hasFieldChanges}}
        <div class="rl-scroll"><table class="rl-fields">
        <thead><tr><th scope="col">Field</th><th scope="col">Revision {{{from}}}</th><th scope="col">Revision {{{to}}}</th></tr></thead>
        <tbody>
        {{#fieldChanges}}<tr><th scope="row"><code>{{{field}}}</code></th><td>{{#hasBefore}}<del title="deleted">{{{before}}}</del>{{/hasBefore}}{{^hasBefore}}<span class="rl-absent">not set</span>{{/hasBefore}}</td><td>{{#hasAfter}}<ins title="inserted">{{{after}}}</ins>{{/hasAfter}}{{^hasAfter}}<span class="rl-absent">not set</span>{{/hasAfter}}</td></tr>
        {{/fieldChanges}}
        </tbody>
        </table></div>
        {{/hasFieldChanges}}
        {{^hasFieldChanges}}<p>No field changed.</p>{{/hasFieldChanges}}
        <h2>Attachments</h2>
        {{#hasAttachmentChanges}}
        <div class="rl-scroll"><table class="rl-fields rl-attachments">
        <thead><tr><th scope="col">Attachment</th><th scope="col">Revision {{{from}}} (blob)</th><th scope="col">Revision {{{to}}} (blob)</th><th scope="col">Size</th></tr></thead>
        <tbody>
        {{#attachmentChanges}}<tr><th scope="row"><code>{{{path}}}</code></th><td><del title="deleted"><code>{{{before}}}</code></del></td><td><ins title="inserted"><code>{{{after}}}</code></ins></td><td>{{{size}}}</td></tr>
        {{/attachmentChanges}}
        </tbody>
        </table></div>
        {{/hasAttachmentChanges}}
        {{^hasAttachmentChanges}}<p>No attachment changed.</p>{{/hasAttachmentChanges}}
        <h2>Text</h2>
        <p class="rl-summary">{{{summary}}} Long unchanged stretches are folded: select one to show it.</p>
        <div class="redline">{{{diffHTML}}}</div>
        {{/document}}
        </main>
        {{> footer}}
        </body>
        </html>

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
        <p class="summary">{{{documentCount}}} controlled documents{{#draft}}, none released{{/draft}}{{^draft}}: {{{effectiveCount}}} effective, {{{pendingCount}}} never released, {{{obsoleteCount}}} obsolete{{/draft}}.</p>
        <p class="filter-row" hidden><label for="register-filter">Filter</label> <input id="register-filter" type="search" placeholder="id, title, owner, status…" autocomplete="off"></p>
        <div class="table-scroll"><table class="register-table" id="register">
        <caption>Controlled documents of {{{organization}}}{{^draft}} (select a column heading to sort){{/draft}}</caption>
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
        <td><span class="ts">{{{effectiveDate}}}</span>{{^effectiveDate}}—{{/effectiveDate}}</td>
        <td>{{{ownerName}}}</td>
        <td>{{{nextReview}}}{{^nextReview}}—{{/nextReview}}</td>
        <td><span class="status status-{{{statusClass}}}">{{{statusLabel}}}</span></td>
        </tr>
        {{/documents}}
        </tbody>
        </table></div>
        {{^draft}}
        <p class="exports">Exports: <a href="api/documents.json">documents.json</a> · <a href="api/releases.json">releases.json</a> · <a href="register.csv">register.csv</a> · <a href="ledger.json">ledger.json</a></p>
        {{/draft}}
        </main>
        {{> footer}}
        {{^draft}}<script src="assets/stet.js"></script>{{/draft}}
        </body>
        </html>

        """####,
        "reviews.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Periodic review — {{{organization}}}</title>
        </head>
        <body class="reviews-page">
        {{> banner}}
        <main>
        <h1>Periodic review due as of {{{asOf}}}</h1>
        <p>Documents whose periodic review is overdue or due within 30 days, from each type's <code>review-months</code> (or the document's own), counted from the last release or the last recorded review (<code>Reviewed:</code>).</p>
        {{#hasReviews}}
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">ID</th><th scope="col">Title</th><th scope="col">Owner</th><th scope="col">Last release or review</th><th scope="col">Review due</th><th scope="col">State</th></tr></thead>
        <tbody>
        {{#reviews}}<tr><td><a href="{{{href}}}">{{{id}}}</a></td><td>{{{title}}}</td><td>{{{ownerName}}}</td><td>{{{since}}}</td><td>{{{due}}}</td><td><span class="status status-{{{stateClass}}}">{{{state}}}</span></td></tr>
        {{/reviews}}
        </tbody>
        </table></div>
        {{/hasReviews}}
        {{^hasReviews}}<p>No periodic review is due within 30 days.</p>{{/hasReviews}}
        </main>
        {{> footer}}
        </body>
        </html>

        """####,
        "search.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>Search — {{{organization}}}</title>
        </head>
        <body class="search-page">
        {{> banner}}
        <main>
        <h1>Search the effective documents</h1>
        <p class="search-row"><label for="search-input">Search</label> <input id="search-input" type="search" placeholder="words in the id, title or text" autocomplete="off"></p>
        <p id="search-status" role="status">Searching needs JavaScript; without it, use the <a href="index.html">register</a>.</p>
        <ol id="search-results"></ol>
        </main>
        {{> footer}}
        <script src="assets/search-index.js"></script>
        <script src="assets/stet.js"></script>
        </body>
        </html>

        """####,
        "sites.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>{{{pageTitle}}} — {{{organization}}}</title>
        </head>
        <body class="sites-page">
        {{> banner}}
        <main>
        <h1>{{{pageTitle}}}</h1>
        <p class="doc-links"><a href="index.html">Sites</a> · <a href="harmonisation.html">Harmonisation matrix</a> · <a href="indicators.html">Indicators</a> · <a href="../api/kpis.json">kpis.json</a> · <a href="../kpis.csv">kpis.csv</a> · As of {{{asOf}}}.</p>
        {{#isIndex}}
        {{#hasSites}}
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">Site</th><th scope="col">Active people</th><th scope="col">Documents in force</th></tr></thead>
        <tbody>
        {{#sites}}<tr><td><a href="{{{href}}}">{{{name}}}</a></td><td class="num">{{{people}}}</td><td class="num">{{{documents}}}</td></tr>
        {{/sites}}
        </tbody>
        </table></div>
        {{/hasSites}}
        {{^hasSites}}<p>No sites are declared in stet.yaml and no person names a site.</p>{{/hasSites}}
        {{/isIndex}}
        {{#isSite}}
        <h2>Indicators</h2>
        <div class="table-scroll"><table class="indicators">
        <thead><tr><th scope="col">Indicator</th><th scope="col">Value</th><th scope="col">Basis</th></tr></thead>
        <tbody>
        {{#indicators}}<tr><th scope="row">{{{label}}}</th><td class="num">{{{value}}}</td><td>{{{note}}}</td></tr>
        {{/indicators}}
        </tbody>
        </table></div>
        <figure>{{{monthChartHTML}}}
        <figcaption>Releases per month (the same figures as the table below).</figcaption></figure>
        <div class="table-scroll"><table class="months">
        <thead><tr>{{#months}}<th scope="col">{{{month}}}</th>{{/months}}</tr></thead>
        <tbody><tr>{{#months}}<td class="num">{{{releases}}}</td>{{/months}}</tr></tbody>
        </table></div>
        <h2>In force here</h2>
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">Document</th><th scope="col">Revision</th><th scope="col">Scope</th></tr></thead>
        <tbody>
        {{#documents}}<tr><td><a href="{{{href}}}">{{{id}}}</a> {{{title}}}</td><td class="num">{{{revision}}}</td><td>{{{scope}}}</td></tr>
        {{/documents}}
        </tbody>
        </table></div>
        <h2>People and training</h2>
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">Person</th><th scope="col">Roles</th><th scope="col">Open</th><th scope="col">Overdue</th></tr></thead>
        <tbody>
        {{#people}}<tr><td><a href="{{{href}}}">{{{name}}}</a></td><td>{{{roles}}}</td><td class="num">{{{open}}}</td><td class="num">{{{overdue}}}</td></tr>
        {{/people}}
        </tbody>
        </table></div>
        {{/isSite}}
        {{#isMatrix}}
        <p>Each global document (rows) and the local documents implementing it at each site (columns), with their alignment: ✓ aligned to the global revision that last required training, ! behind it (a local review is due). — means the global document applies there directly.</p>
        {{#hasGlobals}}
        <div class="table-scroll"><table class="matrix harmonisation">
        <thead><tr><th scope="col">Global document</th>{{#siteNames}}<th scope="col">{{{name}}}</th>{{/siteNames}}</tr></thead>
        <tbody>
        {{#globals}}<tr><th scope="row"><a href="{{{href}}}">{{{id}}}</a> rev {{{revision}}}<br><span class="reason">{{{title}}}</span></th>{{#cells}}<td>{{#locals}}<a href="{{{href}}}">{{{id}}}</a> rev {{{revision}}}<br>{{#aligned}}<span class="mark mark-completed">✓ aligned to rev {{{alignedTo}}}</span>{{/aligned}}{{^aligned}}<span class="mark mark-overdue">! aligned to rev {{{alignedTo}}}; review against rev {{{behind}}}</span>{{/aligned}}<br>{{/locals}}{{#none}}<span class="mark mark-none">— global applies</span>{{/none}}</td>{{/cells}}</tr>
        {{/globals}}
        </tbody>
        </table></div>
        {{/hasGlobals}}
        {{^hasGlobals}}<p>No released document names a global document in <code>implements</code>.</p>{{/hasGlobals}}
        {{/isMatrix}}
        {{#isIndicators}}
        <p>Training compliance is the share of current obligations (open, overdue or completed; the latest per person and document) that are completed. Periodic reviews count the documents in force at the site whose review is overdue, or due within 30 days. Change cycle time runs from the first commit of the change's branch to the first-parent commit that released it. Each chart is followed by the same figures as a table.</p>
        <h2>Training compliance</h2>
        <figure>{{{complianceChartHTML}}}</figure>
        <h2>Overdue training</h2>
        <figure>{{{overdueChartHTML}}}</figure>
        <h2>Periodic reviews</h2>
        <figure>{{{reviewsChartHTML}}}</figure>
        <h2>Change cycle time</h2>
        <figure>{{{cycleChartHTML}}}</figure>
        <h2>The figures</h2>
        <div class="table-scroll"><table class="indicators">
        <thead><tr><th scope="col">Site</th><th scope="col">Training compliance</th><th scope="col">Completed / obligations</th><th scope="col">Overdue</th><th scope="col">Reviews due</th><th scope="col">Reviews overdue</th><th scope="col">Median cycle (days)</th><th scope="col">Releases</th></tr></thead>
        <tbody>
        {{#sites}}<tr><th scope="row"><a href="{{{href}}}">{{{name}}}</a></th><td class="num">{{{compliance}}}</td><td class="num">{{{completed}}} / {{{obligations}}}</td><td class="num">{{{overdue}}}</td><td class="num">{{{reviewsDue}}}</td><td class="num">{{{reviewsOverdue}}}</td><td class="num">{{{cycle}}}</td><td class="num">{{{releases}}}</td></tr>
        {{/sites}}
        </tbody>
        </table></div>
        <h2>Releases per month</h2>
        {{#sites}}
        <h3>{{{name}}}</h3>
        <figure>{{{monthChartHTML}}}</figure>
        <div class="table-scroll"><table class="months">
        <thead><tr>{{#months}}<th scope="col">{{{month}}}</th>{{/months}}</tr></thead>
        <tbody><tr>{{#months}}<td class="num">{{{releases}}}</td>{{/months}}</tr></tbody>
        </table></div>
        {{/sites}}
        {{/isIndicators}}
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
        /* Layout: a wide table scrolls in its own box, never the page; dates, times and hashes never wrap inside. */
        .table-scroll { overflow-x: auto; margin: 1rem 0; }
        .table-scroll > table { margin: 0; }
        .ts, td code, dd code, .record-note code { white-space: nowrap; }
        .deviations td:nth-child(2) code { white-space: normal; }
        .deviations-page main, .history-page main, .deviations-page .record-note, .history-page .record-note { max-width: 80rem; }
        .deviations td:nth-child(5) { min-width: 16rem; }
        .document-body blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid var(--accent); background: var(--band); }
        .document-body blockquote > :first-child { margin-top: 0; }
        .document-body blockquote > :last-child { margin-bottom: 0; }
        @media print {
          .site-header a { text-decoration: none; }
          a { color: inherit; text-decoration: none; }
          main { max-width: none; padding: 0 0 1rem; }
          /* The notice, id and revision repeat on every printed page as a table footer: Chromium gives a repeated
             footer group its own space at the foot of each page, so no text runs under it (a fixed element would
             cover the last lines of every page). */
          body.document { display: table; width: 100%; }
          body.document > * { display: table-row-group; }
          body.document > .record-note { display: none; }
          body.document > .print-notice { display: table-footer-group; break-inside: avoid; font-size: 8pt; }
          .print-notice > span { display: table-cell; border-top: 1px solid #000; padding-top: 1.5mm; }
          .is-draft main::before { content: "DRAFT — NOT RELEASED"; display: block; font-weight: 700; border: 2px solid #000; padding: 0.3rem; text-align: center; }
          /* Page numbers stand in the page margin, outside the text. */
          @page { margin: 16mm 15mm 20mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
          tr, pre, blockquote, .state-banner { break-inside: avoid; }
          h1, h2, h3, h4, h5, h6, caption, .control-block > h1 { break-after: avoid; }
          p, li { orphans: 3; widows: 3; }
          /* Tables fit the paper: no scrolling box, smaller type, long tokens break only where nothing else fits. */
          .table-scroll { overflow: visible; }
          table { font-size: 8.5pt; }
          th, td { padding: 0.2rem 0.35rem; }
          .approvals code { white-space: normal; overflow-wrap: anywhere; }
          .deviations-page main, .history-page main { max-width: none; }
          .document-body blockquote { background: none; border-left-color: #000; }
        }
        /* The released record. */
        .site-nav { display: inline-flex; gap: 1rem; margin-left: 2rem; }
        .record-note { max-width: 62rem; margin: 0.5rem auto 0; padding: 0 1.5rem; color: var(--muted); font-size: 0.9rem; }
        .state-banner { border: 2px solid var(--ink); padding: 0.5rem 0.75rem; margin: 1rem 0; font-size: 1.05rem; }
        .state-banner strong { letter-spacing: 0.04em; margin-right: 0.4rem; }
        .state-superseded, .state-obsolete { border-color: #8a1c1c; color: #8a1c1c; background: #fdf0f0; }
        .state-approved, .state-pending { border-color: var(--draft); color: var(--draft); background: var(--draft-bg); }
        .state-effective { border-color: #1d6b35; color: #1d6b35; background: #eef8f1; }
        .status-effective { color: #1d6b35; }
        .status-effective::before { content: "● "; }
        .status-pending { color: var(--draft); }
        .status-pending::before { content: "◇ "; }
        .status-approved { color: var(--draft); }
        .status-approved::before { content: "◆ "; }
        .status-obsolete { color: #8a1c1c; }
        .status-obsolete::before { content: "✕ "; }
        .status-overdue { color: #8a1c1c; }
        .status-overdue::before { content: "! "; }
        .status-due { color: var(--draft); }
        .status-due::before { content: "… "; }
        .approvals { font-size: 0.9rem; }
        /* Commit ids and trailers break at spaces only, never inside a token. */
        .audit code { white-space: nowrap; }
        .doc-links { margin: 0.75rem 0 0; }
        .pending-notice { border-left: 4px solid var(--draft); padding: 0.4rem 0.75rem; background: var(--draft-bg); }
        /* Redlines: the rendered text, each block marked by its state as well as its colour. */
        .redline { border: 1px solid var(--rule); padding: 0.25rem 0.9rem; }
        .redline .rl-deleted, .redline .rl-inserted, .redline .rl-changed { border-left: 4px solid var(--rule); padding-left: 0.5rem; margin-left: -0.75rem; }
        .redline .rl-deleted { border-left-color: #8a1c1c; border-left-style: dotted; }
        .redline .rl-inserted { border-left-color: #1d6b35; }
        .redline .rl-changed { border-left-color: #9a6700; border-left-style: dashed; }
        .redline tr.rl-deleted, .redline tr.rl-inserted, .redline tr.rl-changed { border-left-width: 4px; }
        .redline td.rl-changed-cell { outline: 2px dashed #9a6700; outline-offset: -2px; }
        .redline .rl-item { margin: 0.3rem 0; }
        .redline .rl-marker { display: inline-block; min-width: 1.6rem; color: var(--muted); }
        .redline .rl-depth-1 { margin-left: 1rem; } .redline .rl-depth-2 { margin-left: 2.5rem; } .redline .rl-depth-3 { margin-left: 4rem; }
        .redline .rl-depth-4, .redline .rl-depth-5, .redline .rl-depth-6 { margin-left: 5.5rem; }
        .redline .rl-quote { border-left: 3px solid var(--rule); padding-left: 0.75rem; color: var(--muted); }
        .redline .rl-scroll { overflow-x: auto; }
        .redline pre { white-space: pre-wrap; }
        .redline .rl-fold { margin: 0.5rem 0; border: 1px dashed var(--rule); padding: 0.3rem 0.6rem; background: var(--band); }
        .redline .rl-fold > summary { color: var(--muted); cursor: pointer; }
        .rl-summary { color: var(--muted); }
        table.rl-fields th[scope="row"] { white-space: nowrap; }
        .rl-absent { color: var(--muted); font-style: italic; }
        del { color: #8a1c1c; background: #fdecec; text-decoration: line-through; }
        ins { color: #1d6b35; background: #e9f7ee; text-decoration: underline; }
        del::before { content: "[−"; } del::after { content: "−]"; }
        ins::before { content: "[+"; } ins::after { content: "+]"; }
        .verdict-good { color: #1d6b35; font-weight: 600; }
        .verdict-bad, .verdict-unsigned, .verdict-unknown-signer, .verdict-key-not-valid, .verdict-revoked { color: #8a1c1c; font-weight: 600; }
        .reason { color: var(--muted); font-size: 0.85rem; }
        .finding-code { font-family: ui-monospace, monospace; }
        .filter-row input, .search-row input { font: inherit; padding: 0.25rem 0.4rem; min-width: 18rem; }
        th[aria-sort] { cursor: pointer; }
        @media print {
          /* Paper hides nothing: every fold prints in full (a document's own <details> too), and a redline fold's "show"
             summary does not. */
          details::details-content { content-visibility: visible; display: block; }
          .redline .rl-fold > summary { display: none; }
          .site-nav, .filter-row, .search-row, .record-note { display: none; }
          .is-superseded main, .is-obsolete main { background: repeating-linear-gradient(-45deg, transparent 0 60px, rgba(0,0,0,0.04) 60px 120px); }
          .is-superseded .document-body::before { content: "SUPERSEDED — NOT THE EFFECTIVE REVISION"; display: block; font-weight: 700; border: 2px solid #000; padding: 0.3rem; text-align: center; margin-bottom: 1rem; }
          .is-obsolete .document-body::before { content: "OBSOLETE — WITHDRAWN"; display: block; font-weight: 700; border: 2px solid #000; padding: 0.3rem; text-align: center; margin-bottom: 1rem; }
        }
        /* Training. */
        .matrix { font-size: 0.85rem; width: auto; }
        .matrix th, .matrix td { text-align: center; padding: 0.2rem 0.4rem; }
        .matrix th[scope="row"] { text-align: left; white-space: nowrap; }
        .mark-completed { color: #1d6b35; }
        .mark-late { color: #8a4b00; }
        .mark-open { color: var(--ink); }
        .mark-overdue { color: #8a1c1c; font-weight: 700; }
        .mark-none { color: var(--muted); }
        .people { columns: 3; }
        .status-error { color: #8a1c1c; }
        .status-error::before { content: "▲ "; }
        .status-warning { color: var(--draft); }
        .status-warning::before { content: "△ "; }
        .status-closed { color: #1d6b35; }
        .status-closed::before { content: "✓ "; }
        .claim, .recorded { font-size: 0.85em; color: #555; }
        .authority-release { border-top: 1px solid #ccc; margin-top: 1.5rem; }
        /* A migrated document's x- fields: a small table of name and value. */
        .extension-fields { border-collapse: collapse; font-size: 0.9em; }
        .extension-fields th { font-weight: normal; text-align: left; padding: 0 1em 0 0; color: #555; vertical-align: top; }
        .extension-fields td { padding: 0; }

        """####,
        "stet.js": ####"""
        /* stet portal: optional enhancements. Every page works without this script. */
        (function () {
          "use strict";

          // Register: sort by a column heading, filter by text.
          var table = document.getElementById("register");
          if (table) {
            var body = table.tBodies[0];
            var headings = table.tHead.rows[0].cells;
            var direction = {};
            Array.prototype.forEach.call(headings, function (heading, column) {
              heading.tabIndex = 0;
              heading.setAttribute("aria-sort", "none");
              var sort = function () {
                direction[column] = !direction[column];
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = a.cells[column].textContent.trim();
                  var y = b.cells[column].textContent.trim();
                  var nx = Number(x), ny = Number(y);
                  var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
                  return direction[column] ? order : -order;
                });
                rows.forEach(function (row) { body.appendChild(row); });
                Array.prototype.forEach.call(headings, function (h) { h.setAttribute("aria-sort", "none"); });
                heading.setAttribute("aria-sort", direction[column] ? "ascending" : "descending");
              };
              heading.addEventListener("click", sort);
              heading.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
            });
            var filterRow = document.querySelector(".filter-row");
            var filter = document.getElementById("register-filter");
            if (filterRow && filter) {
              filterRow.hidden = false;
              filter.addEventListener("input", function () {
                var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
                Array.prototype.forEach.call(body.rows, function (row) {
                  var text = row.textContent.toLowerCase();
                  row.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
                });
              });
            }
          }

          // Search: the prebuilt index (assets/search-index.js) filtered in the page.
          var input = document.getElementById("search-input");
          var results = document.getElementById("search-results");
          var status = document.getElementById("search-status");
          if (input && results && status && window.STET_SEARCH_INDEX) {
            var index = window.STET_SEARCH_INDEX;
            var ready = index.length + (index.length === 1 ? " effective document" : " effective documents") + " indexed. Type to search.";
            status.textContent = ready;
            input.addEventListener("input", function () {
              var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
              while (results.firstChild) { results.removeChild(results.firstChild); }
              if (words.length === 0) { status.textContent = ready; return; }
              var hits = index.filter(function (entry) {
                var text = (entry.id + " " + entry.title + " " + entry.text).toLowerCase();
                return words.every(function (word) { return text.indexOf(word) >= 0; });
              });
              hits.forEach(function (entry) {
                var item = document.createElement("li");
                var link = document.createElement("a");
                link.href = entry.href;
                link.textContent = entry.id + " — " + entry.title;
                item.appendChild(link);
                item.appendChild(document.createTextNode(" (revision " + entry.revision + ")"));
                results.appendChild(item);
              });
              status.textContent = hits.length + (hits.length === 1 ? " document matches." : " documents match.");
            });
          }
        }());

        """####,
        "training.mustache": ####"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        {{> head}}
        <title>{{{pageTitle}}} — {{{organization}}}</title>
        </head>
        <body class="training-page">
        {{> banner}}
        <main>
        <h1>{{{pageTitle}}}</h1>
        <p class="legend">Status marks: <span class="mark mark-completed">✓ completed</span> · <span class="mark mark-late">✓! completed late</span> · <span class="mark mark-open">○ open</span> · <span class="mark mark-overdue">! overdue</span> · <span class="mark mark-none">— not required</span>. As of {{{asOf}}}.</p>
        {{#isIndex}}
        <p class="doc-links"><a href="overdue.html">Overdue training ({{{overdueCount}}})</a> · <a href="../api/obligations.json">obligations.json</a> · <a href="../obligations.csv">obligations.csv</a></p>
        <h2>By role</h2>
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">Role</th><th scope="col">People</th><th scope="col">Documents</th><th scope="col">Open</th><th scope="col">Overdue</th><th scope="col">Completed</th></tr></thead>
        <tbody>
        {{#roles}}<tr><td><a href="{{{href}}}">{{{name}}}</a></td><td class="num">{{{people}}}</td><td class="num">{{{documents}}}</td><td class="num">{{{open}}}</td><td class="num">{{{overdue}}}</td><td class="num">{{{completed}}}</td></tr>
        {{/roles}}
        </tbody>
        </table></div>
        <h2>By person</h2>
        <ul class="people">{{#people}}<li><a href="{{{href}}}">{{{name}}}</a>{{#site}} ({{{site}}}){{/site}}{{#overdue}} — <span class="mark mark-overdue">! {{{overdue}}} overdue</span>{{/overdue}}</li>{{/people}}</ul>
        {{/isIndex}}
        {{#isRole}}
        <p class="doc-links"><a href="index.html">All roles</a>{{#sites}} · <a href="#site-{{{id}}}">{{{name}}}</a>{{/sites}}</p>
        {{#hasPages}}<p class="doc-links">Pages: {{#pageLinks}}{{#current}}<strong>{{{label}}}</strong>{{/current}}{{^current}}<a href="{{{href}}}">{{{label}}}</a>{{/current}} {{/pageLinks}}</p>{{/hasPages}}
        {{#sites}}
        <h2 id="site-{{{id}}}">{{{name}}}</h2>
        {{#pages}}
        <div class="table-scroll"><table class="matrix">
        <caption>{{{caption}}}</caption>
        <thead><tr><th scope="col">Person</th>{{#columns}}<th scope="col"><a href="{{{href}}}" title="{{{title}}}">{{{id}}}</a><br>rev {{{revision}}}</th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}<tr><th scope="row"><a href="{{{href}}}">{{{name}}}</a></th>{{#cells}}<td class="mark mark-{{{mark}}}" title="{{{title}}}">{{{symbol}}}</td>{{/cells}}</tr>
        {{/rows}}
        </tbody>
        </table></div>
        {{/pages}}
        {{/sites}}
        {{/isRole}}
        {{#isPerson}}
        <p>{{{personName}}}{{#site}}, {{{site}}}{{/site}}; roles: {{{roles}}}.</p>
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">Document</th><th scope="col">Revision</th><th scope="col">Assigned</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Completed</th><th scope="col">Evidence</th></tr></thead>
        <tbody>
        {{#obligations}}<tr><td><a href="{{{href}}}">{{{document}}}</a> {{{title}}}</td><td><a href="{{{revisionHref}}}">{{{revision}}}</a></td><td><span class="ts">{{{assigned}}}</span></td><td><span class="ts">{{{due}}}</span></td><td><span class="mark mark-{{{mark}}}">{{{symbol}}} {{{status}}}</span>{{#reason}}<br><span class="reason">{{{reason}}}</span>{{/reason}}</td><td>{{{completed}}}</td><td>{{#evidence}}{{#acknowledged}}Signed acknowledgement: read and understood{{/acknowledged}}{{^acknowledged}}{{{method}}}{{#trainer}}, trainer {{{trainer}}}{{/trainer}}; recorded by {{{recorder}}}{{/acknowledged}}<br><span class="reason">recorded {{{recordedAt}}} · {{{source}}}</span>{{/evidence}}</td></tr>
        {{/obligations}}
        </tbody>
        </table></div>
        {{/isPerson}}
        {{#isOverdue}}
        <p class="doc-links"><a href="index.html">Training overview</a>{{#sites}} · <a href="#site-{{{id}}}">{{{name}}}</a>{{/sites}}</p>
        {{#hasPages}}<p class="doc-links">Pages: {{#pageLinks}}{{#current}}<strong>{{{label}}}</strong>{{/current}}{{^current}}<a href="{{{href}}}">{{{label}}}</a>{{/current}} {{/pageLinks}}</p>{{/hasPages}}
        {{#sites}}
        <h2 id="site-{{{id}}}">{{{name}}}</h2>
        <div class="table-scroll"><table>
        <thead><tr><th scope="col">Person</th><th scope="col">Document</th><th scope="col">Revision</th><th scope="col">Due</th><th scope="col">Days overdue</th></tr></thead>
        <tbody>
        {{#rows}}<tr><td><a href="{{{personHref}}}">{{{name}}}</a></td><td><a href="{{{href}}}">{{{document}}}</a></td><td>{{{revision}}}</td><td><span class="ts">{{{due}}}</span></td><td class="num">{{{days}}}</td></tr>
        {{/rows}}
        </tbody>
        </table></div>
        {{/sites}}
        {{^sites}}<p>No training is overdue.</p>{{/sites}}
        {{/isOverdue}}
        </main>
        {{> footer}}
        </body>
        </html>

        """####,
    ]
}
