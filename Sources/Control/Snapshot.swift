import Foundation
import Records
import Signatures

/// The configuration that judges documents: settings, roles, people and keys.
public struct RecordSet: Sendable {
    public var configuration: Configuration
    public var roles: [RoleID: Role]
    public var people: [PersonID: Person]
    public var signers: [AllowedSigner]
    public var revoked: [RevokedKey]
    /// OpenPGP certificates from `roles/keys/*.asc`.
    public var openPGP: [OpenPGPCertificate] = []

    /// The trust material for verifying signatures under this configuration.
    public func keyring(extraRevoked: [RevokedKey] = []) -> KeyRing {
        KeyRing(signers: signers, revoked: revoked + extraRevoked, people: Array(people.values), openPGP: openPGP)
    }

    /// People in a stable order.
    public var sortedPeople: [Person] { people.values.sorted { $0.id < $1.id } }
}

/// Everything read from one tree: the records, the documents whose front
/// matter is valid, and the findings made while reading.
public struct Snapshot: Sendable {
    public var records: RecordSet
    /// Valid documents, sorted by path.
    public var documents: [Document]
    /// Paths of every `.md` file under the documents folder, valid or not.
    public var documentPaths: Set<RepositoryPath>
    public var findings: [Finding]
}

/// Reads a snapshot from any `FileSource`. Configuration that cannot be read
/// is a `ConfigurationErrors` (exit 2); everything else becomes findings.
public enum SnapshotReader {
    public static let maximumFolderDepth = 32

    public static func read(from source: FileSource) throws(ConfigurationErrors) -> Snapshot {
        let records = try readRecords(from: source)
        return try readDocuments(from: source, records: records)
    }

    /// Reads `stet.yaml` and `roles/` only.
    public static func readRecords(from source: FileSource) throws(ConfigurationErrors) -> RecordSet {
        var errors: [ConfigurationError] = []

        func text(_ path: String, required: Bool, maximumBytes: Int, extraCarriageReturns: Bool = false) -> String? {
            let repositoryPath = RepositoryPath(path)!
            switch source.kind(of: repositoryPath) {
            case nil:
                if required {
                    let hint =
                        path == Configuration.path
                        ? "this folder is not a controlled-documents repository (use -C DIR to point at one)"
                        : "every controlled-documents repository needs one (run stet init to start one)"
                    errors.append(ConfigurationError(file: path, line: nil, message: "\(path) is missing: \(hint)"))
                }
                return nil
            case .file(let size)?:
                guard size <= maximumBytes else {
                    errors.append(
                        ConfigurationError(
                            file: path, line: nil, message: "\(path) is \(size) bytes, more than the limit of \(maximumBytes)"))
                    return nil
                }
                do {
                    return try SourceText.decode(try source.read(repositoryPath), extraCarriageReturns: extraCarriageReturns)
                } catch let problem as YAMLProblem {
                    errors.append(ConfigurationError(file: path, line: problem.line, message: "\(path) \(problem.message)"))
                } catch {
                    errors.append(
                        ConfigurationError(file: path, line: nil, message: "\(path) could not be read: \(error.localizedDescription)"))
                }
                return nil
            case .some:
                errors.append(
                    ConfigurationError(
                        file: path, line: nil,
                        message: "\(path) must be a regular file, not a symlink or other special file; stet never follows links"))
                return nil
            }
        }

        func configurationErrors(_ problems: [FieldProblem], file: String) {
            errors += problems.map { ConfigurationError(file: file, line: $0.line, message: $0.message) }
        }

        var configuration: Configuration?
        if let yaml = text(Configuration.path, required: true, maximumBytes: Configuration.maximumBytes) {
            let (decoded, problems) = Configuration.decode(yaml)
            configuration = decoded
            configurationErrors(problems, file: Configuration.path)
        }
        if configuration == nil && source.kind(of: RepositoryPath(Configuration.path)!) == nil {
            throw ConfigurationErrors(errors)
        }
        var roles: [RoleID: Role] = [:]
        if let yaml = text(Directory.rolesPath, required: true, maximumBytes: Directory.maximumBytes) {
            let (decoded, problems) = Directory.decodeRoles(yaml)
            roles = decoded
            configurationErrors(problems, file: Directory.rolesPath)
        }
        var people: [PersonID: Person] = [:]
        if let yaml = text(Directory.peoplePath, required: true, maximumBytes: Directory.maximumBytes) {
            let (decoded, problems) = Directory.decodePeople(yaml)
            people = decoded
            configurationErrors(problems, file: Directory.peoplePath)
        }
        var signers: [AllowedSigner] = []
        if let keys = text(AllowedSigners.path, required: false, maximumBytes: Directory.maximumBytes) {
            let (parsed, problems) = AllowedSigners.parse(keys)
            signers = parsed
            configurationErrors(problems, file: AllowedSigners.path)
        }
        var revoked: [RevokedKey] = []
        if let keys = text(RevokedKeys.path, required: false, maximumBytes: Directory.maximumBytes) {
            let (parsed, problems) = RevokedKeys.parse(keys)
            revoked = parsed
            configurationErrors(problems, file: RevokedKeys.path)
        }
        var certificates: [OpenPGPCertificate] = []
        let keysFolder = RepositoryPath("roles/keys")!
        switch source.kind(of: keysFolder) {
        case nil: break
        case .directory?:
            for entry in (try? source.list(keysFolder)) ?? [] where entry.name.hasSuffix(".asc") {
                let path = "roles/keys/\(entry.name)"
                guard let text = text(path, required: true, maximumBytes: 1024 * 1024, extraCarriageReturns: true) else { continue }
                do {
                    certificates += try OpenPGPCertificate.read(armored: text, file: path)
                } catch {
                    errors.append(
                        ConfigurationError(
                            file: path, line: nil, message: "\(path) cannot be read as an OpenPGP public key: \(error.message)"))
                }
            }
        default:
            errors.append(
                ConfigurationError(file: "roles/keys", line: nil, message: "roles/keys must be a real folder, not a symbolic link or file"))
        }
        // The portal templates are part of the configuration (§7.5): one that would crash or defeat the
        // renderer (a partial loop, a delimiter change, deep nesting) makes the configuration unusable.
        let templatesFolder = RepositoryPath("site-templates")!
        switch source.kind(of: templatesFolder) {
        case nil: break
        case .directory?:
            var overrides: [String: String] = [:]
            let present = Set(((try? source.list(templatesFolder)) ?? []).map(\.name))
            for name in TemplateSafety.templateNames where present.contains("\(name).mustache") {
                let path = "site-templates/\(name).mustache"
                if let text = text(path, required: true, maximumBytes: TemplateSafety.maximumBytes) { overrides[name] = text }
            }
            for problem in TemplateSafety.problems(overrides: overrides) {
                let path = "site-templates/\(problem.name).mustache"
                errors.append(ConfigurationError(file: path, line: problem.line, message: "\(path) \(problem.message)"))
            }
        default: break  // refused when the theme is loaded: a link is never followed
        }
        guard errors.isEmpty, let configuration else { throw ConfigurationErrors(errors) }
        return RecordSet(
            configuration: configuration, roles: roles, people: people, signers: signers, revoked: revoked, openPGP: certificates)
    }

    /// Reads every document under the configured folder.
    public static func readDocuments(from source: FileSource, records: RecordSet) throws(ConfigurationErrors) -> Snapshot {
        var findings = ConfigurationChecks.findings(in: records)
        let configuration = records.configuration

        let root = configuration.documentsDir
        switch source.kind(of: root) {
        case .directory?: break
        case nil:
            throw ConfigurationErrors([
                ConfigurationError(
                    file: Configuration.path, line: nil,
                    message: "the documents folder '\(root)' (documents-dir) does not exist; create it or correct documents-dir")
            ])
        default:
            throw ConfigurationErrors([
                ConfigurationError(
                    file: Configuration.path, line: nil,
                    message: "the documents folder '\(root)' must be a real folder, not a symlink or file")
            ])
        }

        var documents: [Document] = []
        var paths: Set<RepositoryPath> = []
        var pending: [(RepositoryPath, Int)] = [(root, 0)]
        while let (folder, depth) = pending.popLast() {
            let entries: [(name: String, kind: EntryKind)]
            do {
                entries = try source.list(folder)
            } catch {
                findings.append(
                    Finding(
                        .unsafePath, file: folder.rawValue, message: "the folder \(folder) could not be read: \(error.localizedDescription)"
                    ))
                continue
            }
            for entry in entries {
                guard let path = folder.appending(entry.name) else {
                    findings.append(
                        Finding(
                            .unsafePath, file: folder.rawValue + "/" + entry.name,
                            message: "the name '\(entry.name)' cannot be used in a controlled repository; rename it"))
                    continue
                }
                let isMarkdown = entry.name.lowercased().hasSuffix(".md")
                switch entry.kind {
                case .directory:
                    if depth + 1 > maximumFolderDepth {
                        findings.append(
                            Finding(
                                .unsafePath, file: path.rawValue,
                                message: "folders are nested more than \(maximumFolderDepth) levels deep here; flatten them"))
                    } else {
                        pending.append((path, depth + 1))
                    }
                case .symlink:
                    findings.append(
                        Finding(
                            .unsafePath, file: path.rawValue,
                            message:
                                "\(path) is a symbolic link; stet never follows links in a controlled repository, replace it with the file itself"
                        ))
                case .submodule:
                    findings.append(
                        Finding(
                            .unsafePath, file: path.rawValue,
                            message: "\(path) is a git submodule; controlled documents must live in this repository"))
                case .other:
                    if isMarkdown {
                        findings.append(
                            Finding(.unsafePath, file: path.rawValue, message: "\(path) is not a regular file; replace it with one"))
                    }
                case .file(let size):
                    guard isMarkdown else { continue }
                    paths.insert(path)
                    let (document, found) = readDocument(at: path, size: size, from: source, people: records.sortedPeople)
                    findings += found
                    if let document { documents.append(document) }
                }
            }
        }
        documents.sort { $0.path < $1.path }
        return Snapshot(records: records, documents: documents, documentPaths: paths, findings: findings)
    }

    static func readDocument(at path: RepositoryPath, size: Int, from source: FileSource, people: [Person] = []) -> (Document?, [Finding]) {
        let file = path.rawValue
        guard size <= Document.maximumBytes else {
            return (
                nil,
                [
                    Finding(
                        .invalidFrontMatter, file: file, line: 1,
                        message: "the file is \(size) bytes; documents are limited to \(Document.maximumBytes) bytes, split it")
                ]
            )
        }
        let text: String
        do {
            text = try SourceText.decode(try source.read(path))
        } catch let problem as YAMLProblem {
            return (nil, [Finding(.invalidFrontMatter, file: file, line: problem.line, message: "the file \(problem.message)")])
        } catch {
            return (nil, [Finding(.invalidFrontMatter, file: file, message: "the file could not be read: \(error.localizedDescription)")])
        }
        let (document, problems) = DocumentReader.read(text: text, path: path, people: people)
        let findings = problems.map { problem in
            Finding(
                problem.kind == .unknownField ? .unknownField : .invalidFrontMatter, document: document?.id, file: file,
                line: problem.line, message: problem.message)
        }
        return (document, findings)
    }
}
