import Foundation
import Mustache
import Records

/// A template or theme file that cannot be used.
public struct ThemeError: Error, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

/// The portal's templates and assets: the built-in theme, overridden file by
/// file by a repository's own `site-templates/` (PRODUCT.md §2, §9).
public struct Theme {
    public static let folder = "site-templates"
    /// Template names the portal renders; each may be overridden.
    public static let templates = TemplateSafety.templateNames
    /// Static files copied to `assets/`.
    public static let assets = ["stet.css", "stet.js"]

    public let library: MustacheLibrary
    public let assetFiles: [String: Data]
    /// Files taken from the repository rather than the built-in theme.
    public let overridden: [String]

    /// The built-in files, keyed by file name.
    public static var builtIn: [String: String] { DefaultTheme.files }

    /// Loads the theme, preferring the files of `source`'s `site-templates/`.
    public static func load(overridesFrom source: FileSource?) throws -> Theme {
        var files = DefaultTheme.files
        var overridden: [String] = []
        if let source, let folder = RepositoryPath(folder), let kind = source.kind(of: folder), kind != .directory {
            throw ThemeError(file: Theme.folder, message: "must be a real folder, not a symbolic link or file; stet never follows links")
        }
        if let source, let folder = RepositoryPath(folder), source.kind(of: folder) == .directory {
            for entry in try source.list(folder) {
                let display = "\(Theme.folder)/\(entry.name)"
                guard files[entry.name] != nil else { continue }
                guard case .file(let size) = entry.kind, let path = folder.appending(entry.name) else {
                    throw ThemeError(file: display, message: "must be a regular file, not a link or folder")
                }
                guard size <= 1024 * 1024 else { throw ThemeError(file: display, message: "is larger than 1 MiB") }
                do {
                    files[entry.name] = try SourceText.decode(try source.read(path))
                } catch let problem as YAMLProblem {
                    throw ThemeError(file: display, message: "line \(problem.line): \(problem.message)")
                }
                overridden.append(display)
            }
        }
        // A partial loop, a delimiter change or deep nesting would crash or defeat the renderer: refused
        // before swift-mustache parses anything.
        var overrides: [String: String] = [:]
        for name in templates where overridden.contains("\(Theme.folder)/\(name).mustache") { overrides[name] = files["\(name).mustache"] }
        if let problem = TemplateSafety.problems(overrides: overrides).first {
            throw ThemeError(
                file: "\(Theme.folder)/\(problem.name).mustache" + (problem.line.map { ":\($0)" } ?? ""), message: problem.message)
        }
        var library = MustacheLibrary()
        for name in templates {
            let file = "\(name).mustache"
            do {
                library.register(try MustacheTemplate(string: files[file]!), named: name)
            } catch {
                let origin = overridden.contains("\(Theme.folder)/\(file)") ? "\(Theme.folder)/\(file)" : "built-in \(file)"
                throw ThemeError(file: origin, message: "is not a valid Mustache template: \(error)")
            }
        }
        var assetFiles: [String: Data] = [:]
        for name in assets { assetFiles[name] = Data(files[name]!.utf8) }
        return Theme(library: library, assetFiles: assetFiles, overridden: overridden.sorted())
    }

    /// Renders a named template. Every string of `context` is HTML-escaped
    /// here, one Unicode scalar at a time, except values under keys ending in
    /// `HTML` (already safe markup): templates print values with `{{{name}}}`.
    /// Mustache's own `{{name}}` escaping works on whole characters, so a
    /// combining mark or prepended concatenation mark joined to `<` or `"`
    /// would slip through it.
    public func render(_ name: String, _ context: [String: Any]) -> String {
        guard let output = library.render(HTMLText.escapeValues(context), withTemplate: name) else {
            preconditionFailure("template \(name) is registered at load")
        }
        return output
    }
}
