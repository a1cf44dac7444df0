import Foundation
import Testing

/// The portal is the same bytes whatever the number of threads it is rendered on (PRODUCT.md §9: same
/// inputs, byte-identical output): documents, role and person pages are rendered in parallel and
/// written as they are made.
@Suite("The portal is the same bytes on any number of threads")
struct ParallelBuildTests {
    /// Every file under `folder`, keyed by its path inside it.
    static func files(under folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = folder.resolvingSymlinksInPath().path + "/"
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return result
        }
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            result[String(url.resolvingSymlinksInPath().path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return result
    }

    @Test(.verifies("REQ-POR-003")) func oneThreadAndSeveralGiveTheSamePortalByteForByte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-parallel-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = folder.appendingPathComponent("demo")
        let demo = try StetProcess.run(["demo", "-C", packageRoot.path, repository.path])
        #expect(demo.status == 0, "\(demo.stderr)")

        var portals: [[String: Data]] = []
        for threads in ["1", "2", "5"] {
            let out = folder.appendingPathComponent("portal-\(threads)")
            let build = try StetProcess.run(
                ["build", "-C", repository.path, "--out", out.path, "--as-of", "2026-06-01", "--quiet"],
                environment: ["STET_THREADS": threads, "SOURCE_DATE_EPOCH": "1780000000"])
            #expect(build.status == 0, "\(build.stderr)")
            portals.append(try Self.files(under: out))
        }
        let single = portals[0]
        #expect(single.keys.filter { $0.hasPrefix("documents/") && $0.hasSuffix(".html") }.count > 30)
        #expect(single.keys.contains { $0.hasPrefix("training/person-") })
        #expect(single.keys.contains { $0.hasPrefix("training/role-") })
        for portal in portals.dropFirst() {
            #expect(portal.keys.sorted() == single.keys.sorted())
            let different = single.keys.sorted().filter { portal[$0] != single[$0] }
            #expect(different.isEmpty, "files that differ between thread counts: \(different.prefix(5))")
        }
    }
}
