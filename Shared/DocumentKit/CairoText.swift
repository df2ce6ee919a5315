import CPango
import Synchronization

/// The one lock every use of cairo, pango, poppler and FreeType in the process holds: PDFs,
/// captcha images and the decoding of uploaded scans alike, and the tests' own drawing.
/// fontconfig, pango and cairo's font cache share FreeType faces process-wide, and here they
/// are not safe from several threads at once: 16 threads drawing captchas crashed the test
/// process inside libfreetype on every run, captchas drawn while a PDF was laid out crashed it
/// one run in three, and an agreement PDF drawn while poppler opened an uploaded scan once
/// failed with a libfreetype error. cairo 1.16 keeps at most 10 FreeType faces open; opening
/// another, it closes one without that face's own mutex, and it calls FT_New_Face outside its
/// font map's mutex. So text drawn without the lock (a test's flat glyphs once were) opens and
/// closes faces while a locked captcha does, and the captcha can come out blank (its context
/// in "error occurred in libfreetype") or the process crash. A captcha takes about a
/// millisecond, an agreement PDF or a scan's check tens of milliseconds, so taking turns costs
/// little.
///
/// The lock also holds the one pango font map PDFs are laid out with. pango 1.50 runs
/// fontconfig's matching for each new font description on two threads of its own, each
/// holding a reference to the font map; with a font map made per PDF, the last of them to
/// finish could release it after the PDF was done, and with it its fonts, cairo's scaled fonts
/// and their FreeType faces, outside the lock. A font map that is never released is never
/// freed there, and pango starts those threads only for font descriptions it has not seen.
public enum CairoText {
    private static let lock = Mutex(PDFFontMap?.none)

    /// Runs `body` holding the lock.
    public static func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try self.lock.withLock { _ throws(E) -> T in try body() }
    }

    /// Runs `body` holding the lock, with the process's pango font map for PDFs (made on first
    /// use, never released).
    static func withPDFFontMap<T, E: Error>(_ body: (PDFFontMap) throws(E) -> T) throws(E) -> T {
        try self.lock.withLock { (fontMap: inout sending PDFFontMap?) throws(E) -> T in
            let shared = fontMap ?? PDFFontMap()
            fontMap = shared
            return try body(shared)
        }
    }
}

/// A pango font map at 72 dpi, so that a 10-point font is 10 PDF units tall.
///
/// `@unchecked Sendable`: it is only handed out by `CairoText.withPDFFontMap`, inside the lock.
struct PDFFontMap: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<PangoFontMap>

    fileprivate init() {
        self.pointer = pango_cairo_font_map_new()
        pango_cairo_font_map_set_resolution(OpaquePointer(self.pointer), 72)
    }
}
