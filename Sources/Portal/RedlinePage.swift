import Control
import Foundation
import Records

extension RecordSite {
    /// The context of `redline.mustache`: revision `previous` → `release`. `diffHTML` is the body's
    /// rendered redline; `fieldChanges` the front-matter fields that differ (field, before, after).
    func redlineContext(
        from previous: Release, to release: Release, oldSource: String, newSource: String, oldBody: String, newBody: String
    ) throws -> [String: Any] {
        let id = release.frontMatter.id
        let oldFront = Redline.frontMatter(of: oldSource)
        let newFront = Redline.frontMatter(of: newSource)
        var context: [String: Any] = [
            "id": id.rawValue, "title": release.frontMatter.title, "from": previous.revision.number, "to": release.revision.number,
            "change": release.frontMatter.change ?? "",
            "fromHref": "rev-\(previous.revision.number).html", "toHref": "rev-\(release.revision.number).html",
        ]
        let fields = Redline.fieldChanges(oldFront, newFront)
        context["hasFieldChanges"] = !fields.isEmpty
        context["fieldChanges"] = fields.map { change -> [String: Any] in
            [
                "field": change.field, "before": change.before ?? "", "after": change.after ?? "",
                "hasBefore": change.before != nil, "hasAfter": change.after != nil,
            ]
        }
        // Attachments are signed with the text (§4.1): each whose bytes changed, by blob id, with its new size.
        let before = Dictionary(previous.attachments.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(release.attachments.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        let attachments = Set(before.keys).union(after.keys).sorted().compactMap { path -> [String: Any]? in
            let old = before[path] ?? nil
            let new = after[path] ?? nil
            guard old != new else { return nil }
            return [
                "path": path.rawValue, "before": old.map { String($0.hex.prefix(12)) } ?? "none",
                "after": new.map { String($0.hex.prefix(12)) } ?? "none",
                "size": new.flatMap { try? repository.objectSize($0) }.map { "\($0) bytes" } ?? "",
            ]
        }
        context["hasAttachmentChanges"] = !attachments.isEmpty
        context["attachmentChanges"] = attachments
        if let redline = Redline.compare(oldBody: oldBody, newBody: newBody, oldFrontMatter: oldFront, newFrontMatter: newFront) {
            let counts = redline.counts
            context["diffHTML"] = redline.html
            context["summary"] =
                counts.changed + counts.inserted + counts.deleted == 0
                ? "The text is unchanged."
                : "\(counts.changed) block\(counts.changed == 1 ? "" : "s") edited, \(counts.inserted) inserted, \(counts.deleted) deleted; \(counts.same) unchanged."
        } else {
            // Beyond the Markdown limits nothing renders: the source, compared line by line.
            context["diffHTML"] = "<pre class=\"rl-source\">" + WordDiff.html(WordDiff.diff(oldBody, newBody)) + "</pre>"
            context["summary"] = "The text is too large to render; its Markdown source is compared instead."
        }
        return context
    }
}
