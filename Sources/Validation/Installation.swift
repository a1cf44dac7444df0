import CCmarkGFM
import CGit2
import CLibCrypto
import CPosix
import Foundation
import Records
import Signatures

/// Installation qualification: what is installed and running, read from the binary and the libraries' own C APIs.
public struct Installation: Codable, Sendable {
    /// One fact about the installation, and whether it is as stet was built to expect.
    public struct Check: Codable, Sendable, Hashable {
        public var item: String
        public var expected: String
        public var actual: String
        public var passed: Bool
    }

    public var version: String
    /// The linker's GNU build id of the running binary (hex), or "none".
    public var buildID: String
    public var binary: String
    public var binarySHA256: String
    public var platform: String
    public var checks: [Check]

    /// Reads the running installation. `version` is stet's own version; `executable` the binary to hash
    /// (default: the running program).
    public static func read(version: String, executable: URL? = nil) -> Installation {
        var checks: [Check] = []
        let binaryURL = executable ?? runningExecutable()
        let binaryData = (try? Data(contentsOf: binaryURL)) ?? Data()
        let binaryHash = binaryData.isEmpty ? "unreadable" : Formatting.hex(Digest.hash(binaryData, using: .sha256))
        checks.append(
            Check(
                item: "stet binary", expected: "readable, its SHA-256 recorded", actual: binaryData.isEmpty ? "cannot be read" : binaryHash,
                passed: !binaryData.isEmpty))

        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        let libgit2 = "\(major).\(minor).\(revision)"
        checks.append(Check(item: "libgit2", expected: LIBGIT2_VERSION, actual: libgit2, passed: libgit2 == LIBGIT2_VERSION))

        let cmark = String(cString: cmark_version_string())
        checks.append(
            Check(item: "cmark-gfm", expected: CMARK_GFM_VERSION_STRING, actual: cmark, passed: cmark == CMARK_GFM_VERSION_STRING))

        let openSSL = String(cString: OpenSSL_version(Int32(OPENSSL_VERSION_STRING)))
        let builtOpenSSL = "\(OPENSSL_VERSION_MAJOR).x"
        checks.append(
            Check(
                item: "OpenSSL", expected: builtOpenSSL, actual: String(cString: OpenSSL_version(Int32(OPENSSL_VERSION))),
                passed: openSSL.hasPrefix("\(OPENSSL_VERSION_MAJOR).")))

        return Installation(
            version: version, buildID: buildID() ?? "none", binary: binaryURL.lastPathComponent, binarySHA256: binaryHash,
            platform: platform(), checks: checks)
    }

    static func runningExecutable() -> URL {
        #if os(Linux)
            let link = URL(fileURLWithPath: "/proc/self/exe")
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) {
                return URL(fileURLWithPath: target)
            }
        #endif
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }

    static func buildID() -> String? {
        var bytes = [UInt8](repeating: 0, count: 64)
        let length = Int(stet_build_id(&bytes, Int32(bytes.count)))
        return length > 0 ? Formatting.hex(Array(bytes.prefix(length))) : nil
    }

    /// The operating system (from /etc/os-release) and the kernel and machine (from uname).
    static func platform() -> String {
        var name = "unknown operating system"
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
            let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") })
        {
            name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var system = utsname()
        uname(&system)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(name); \(field(system.sysname)) \(field(system.release)) \(field(system.machine))"
    }

}
