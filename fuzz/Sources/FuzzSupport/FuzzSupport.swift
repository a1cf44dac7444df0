import CFuzzer
import Foundation

/// The target's test of one input, set once by `runFuzzer` before libFuzzer starts.
nonisolated(unsafe) private var test: ([UInt8]) -> Void = { _ in }

/// Hands the process to libFuzzer (its usual command line: corpus folders, `-max_total_time=`,
/// or files to replay), calling `body` with each input.
///
/// SwiftPM links an executable target with its own `main`, so libFuzzer's `main` is not used:
/// each target's `main.swift` calls this, and libFuzzer's driver does the rest.
public func runFuzzer(_ body: @escaping ([UInt8]) -> Void) -> Never {
    test = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        test(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
    exit(status)
}

/// Stops the run with a message when an invariant does not hold: libFuzzer reports
/// it as a crash and keeps the input.
public func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    guard !condition else { return }
    FileHandle.standardError.write(Data("invariant broken at \(file):\(line): \(message())\n".utf8))
    abort()
}

/// Text wrapped at 64 columns, as armour is written.
public func wrapped(_ text: String, width: Int = 64) -> String {
    var lines: [Substring] = []
    var rest = Substring(text)
    while !rest.isEmpty {
        lines.append(rest.prefix(width))
        rest = rest.dropFirst(width)
    }
    return lines.joined(separator: "\n")
}

/// OpenPGP ASCII armour (RFC 4880 §6) around `bytes`, with its CRC-24, so a fuzzer that
/// mutates binary packets reaches the packet parsers rather than the base64 decoder.
public func openPGPArmor(_ bytes: [UInt8], kind: String) -> String {
    var crc: UInt32 = 0xB7_04CE
    for byte in bytes {
        crc ^= UInt32(byte) << 16
        for _ in 0..<8 {
            crc <<= 1
            if crc & 0x100_0000 != 0 { crc ^= 0x186_4CFB }
        }
    }
    crc &= 0xFF_FFFF
    let checksum = Data([UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]).base64EncodedString()
    return "-----BEGIN PGP \(kind)-----\n\n\(wrapped(Data(bytes).base64EncodedString()))\n=\(checksum)\n-----END PGP \(kind)-----\n"
}

/// SSH wire format (RFC 4251 §5): a uint32 length and the bytes.
public func sshField(_ bytes: [UInt8]) -> [UInt8] {
    let n = UInt32(bytes.count)
    return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
}

/// Splits the input in two at the first NUL byte (or in the middle when there is none).
public func split(_ input: [UInt8]) -> ([UInt8], [UInt8]) {
    if let nul = input.firstIndex(of: 0) { return (Array(input[..<nul]), Array(input[(nul + 1)...])) }
    return (Array(input[..<(input.count / 2)]), Array(input[(input.count / 2)...]))
}
