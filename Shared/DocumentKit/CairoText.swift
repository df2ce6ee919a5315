import Synchronization

/// The one lock every drawing of text with cairo, pango and FreeType in the process holds:
/// PDFs and captcha images alike. fontconfig, pango and cairo's font cache share FreeType faces
/// process-wide, and here they are not safe from several threads at once: 16 threads drawing
/// captchas crashed the test process inside libfreetype on every run, and captchas drawn while
/// a PDF was laid out crashed it one run in three. A captcha takes about a millisecond and an
/// agreement PDF tens of milliseconds, so taking turns costs little.
public enum CairoText {
    private static let lock = Mutex(())

    /// Runs `body` holding the lock.
    public static func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try self.lock.withLock { _ throws(E) -> T in try body() }
    }
}
