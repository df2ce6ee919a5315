import Synchronization

/// The one lock every use of cairo, pango, poppler and FreeType in the process holds: PDFs,
/// captcha images and the decoding of uploaded scans alike. fontconfig, pango and cairo's font
/// cache share FreeType faces process-wide, and here they are not safe from several threads at
/// once: 16 threads drawing captchas crashed the test process inside libfreetype on every run,
/// captchas drawn while a PDF was laid out crashed it one run in three, and an agreement PDF
/// drawn while poppler opened an uploaded scan once failed with a libfreetype error. A captcha
/// takes about a millisecond, an agreement PDF or a scan's check tens of milliseconds, so
/// taking turns costs little.
public enum CairoText {
    private static let lock = Mutex(())

    /// Runs `body` holding the lock.
    public static func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try self.lock.withLock { _ throws(E) -> T in try body() }
    }
}
