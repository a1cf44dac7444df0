import ArgumentParser
import Foundation

// Usage errors exit 2 (PRODUCT.md §10), not argument-parser's default 64.
do {
    var command = try Stet.parseAsRoot()
    try command.run()
} catch {
    let code = Stet.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((Stet.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    Stet.exit(withError: error)
}
