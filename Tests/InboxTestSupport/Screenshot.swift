import Foundation

/// Headless Chromium with a profile of its own: the page after its scripts ran, and screenshots.
public struct HeadlessChromium: Sendable {
    public let path: String
    let arguments: [String]

    /// `path` (the browser), with its profile in `folder`.
    public init(_ path: String, profileIn folder: TemporaryFolder) {
        self.path = path
        arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.file("chromium-profile"))",
        ]
    }

    /// The DOM of `url` after its scripts ran (`--dump-dom`).
    public func dom(_ url: String) throws -> CommandResult {
        try CommandRunner.run(path, arguments + ["--dump-dom", url])
    }

    /// A screenshot of `url` in a `width`×`height` window, written to `png`: the browser's result
    /// and the screenshot's distinct colours (``Screenshot/distinctColours(_:)``).
    public func screenshot(_ url: String, to png: String, width: Int, height: Int) throws -> (
        result: CommandResult, colours: Int
    ) {
        let result = try CommandRunner.run(
            path, arguments + ["--screenshot=\(png)", "--window-size=\(width),\(height)", url])
        return (result, try Screenshot.distinctColours(png))
    }
}

/// Checks of headless-Chromium screenshots.
public enum Screenshot {
    /// Distinct colours of a PNG screenshot (sampled), decoded by Python's zlib: a blank page has one.
    public static func distinctColours(_ png: String) throws -> Int {
        let script = """
            import sys, zlib, struct
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat, w, h, ct = 8, b'', 0, 0, 0
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos+8]); body = data[pos+8:pos+8+n]; pos += 12 + n
                if kind == b'IHDR': w, h, depth, ct = struct.unpack('>IIBB', body[:10])
                elif kind == b'IDAT': idat += body
            bpp = {2: 3, 6: 4}[ct]; stride = w * bpp; raw = zlib.decompress(idat)
            prev = bytearray(stride); colours = set(); i = 0
            for y in range(h):
                f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                    if f == 1: line[x] = (line[x] + a) & 255
                    elif f == 2: line[x] = (line[x] + b) & 255
                    elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                if y % 4 == 0:
                    for x in range(0, stride, bpp * 4): colours.add(bytes(line[x:x+3]))
                prev = line
            print(w, h, len(colours))
            """
        let py = try CommandRunner.run("/usr/bin/python3", ["-c", script, png])
        let numbers = py.stdout.split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return numbers.count == 3 && numbers[0] > 0 ? numbers[2] : 0
    }
}
