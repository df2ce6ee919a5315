import CCairo
public import Foundation

/// Draws a captcha with cairo, made to defeat the solver of issue 11, which grouped pixels by
/// grey value: the old image drew every glyph in one flat grey and the noise in another, so
/// each grey class was a clean set of characters. Here nothing is flat. Each character has
/// its own font (five families, bold or not, upright or italic), size, rotation, shear and
/// width, and is filled with a gradient between two colours of different hue and lightness,
/// outlined in a third; the characters touch or overlap. Over them go a curve whose colour
/// follows the glyph it crosses, two cuts in the background's own gradient that break glyphs
/// apart, arcs and dots in the glyphs' colours, and everything is anti-aliased on a gradient
/// background. No colour or grey value (nor a band of them) holds a glyph on its own, and
/// thresholding by lightness joins glyphs through the curve and splits them at the cuts.
public enum CaptchaImage {
    /// No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B).
    public static let alphabet: [Character] = Array("34679ACDEFHJKMNPRTUVWXY")

    public static let width = 150
    public static let height = 50

    /// fontconfig names: DejaVu (fonts-dejavu-core) and Noto CJK (fonts-noto-cjk, whose
    /// Latin letters are drawn differently again).
    public static let families = ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "Noto Sans CJK SC", "Noto Serif CJK SC"]

    public static func randomAnswer(length: Int = 5) -> String {
        String((0..<length).map { _ in Self.alphabet.randomElement()! })
    }

    /// An RGB PNG of `width` × `height` showing `text` (about 9–12 KB).
    ///
    /// Drawn under `CairoText`'s lock: cairo's text calls are not safe from several threads
    /// at once here (16 threads drawing captchas crashed the process in libfreetype every run).
    public static func png<R: RandomNumberGenerator>(for text: String, using generator: inout R) -> Data {
        CairoText.withLock { Self.draw(text, using: &generator) }
    }

    private static func draw<R: RandomNumberGenerator>(_ text: String, using generator: inout R) -> Data {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(Self.width), Int32(Self.height))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        let drawing = Drawing(cr: cr)
        drawing.draw(text, using: &generator)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        return Self.encode(surface)
    }

    private static func encode(_ surface: OpaquePointer) -> Data {
        final class Sink { var data = Data() }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        precondition(status == CAIRO_STATUS_SUCCESS, "cairo could not write the captcha PNG: \(status)")
        return sink.data
    }
}

/// One captcha being drawn on a cairo context.
private struct Drawing {
    struct Colour {
        var red, green, blue: Double

        init(hue: Double, saturation s: Double, value v: Double) {
            let h = (hue - hue.rounded(.down)) * 6, f = h - h.rounded(.down)
            let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
            (self.red, self.green, self.blue) = switch Int(h) % 6 {
            case 0: (v, t, p)
            case 1: (q, v, p)
            case 2: (p, v, t)
            case 3: (p, q, v)
            case 4: (t, p, v)
            default: (v, p, q)
            }
        }
    }

    struct Glyph {
        var text: String
        var family: String
        var slant: cairo_font_slant_t
        var weight: cairo_font_weight_t
        var size: Double
        var angle: Double
        var shear: Double
        var widthScale: Double
        var lift: Double
        /// A dark and a light colour of different hues, in either order.
        var colours: [Colour]
        var extents = cairo_text_extents_t()
        var advance = 0.0
    }

    let cr: OpaquePointer
    let width = Double(CaptchaImage.width), height = Double(CaptchaImage.height)

    func draw<R: RandomNumberGenerator>(_ text: String, using g: inout R) {
        let background = self.gradient(
            from: (0, .random(in: 0...self.height, using: &g)), to: (self.width, .random(in: 0...self.height, using: &g)),
            [Colour(hue: .random(in: 0..<1, using: &g), saturation: .random(in: 0.08...0.25, using: &g), value: .random(in: 0.9...1, using: &g)),
             Colour(hue: .random(in: 0..<1, using: &g), saturation: .random(in: 0.08...0.25, using: &g), value: .random(in: 0.86...0.97, using: &g))]
        )
        defer { cairo_pattern_destroy(background) }
        cairo_set_source(self.cr, background)
        cairo_paint(self.cr)

        let glyphs = self.layOut(text, using: &g)
        let left = (self.width - glyphs.map(\.advance).reduce(0, +)) / 2
        var x = left
        var centres: [Double] = []
        for glyph in glyphs {
            centres.append(x + glyph.advance / 2)
            self.fill(glyph, at: (x + glyph.advance / 2, self.height / 2 + glyph.lift), using: &g)
            x += glyph.advance
        }

        // A curve along the text whose colour, at each glyph, is that glyph's own.
        let along = cairo_pattern_create_linear(0, 0, self.width, 0)!
        for (glyph, centre) in zip(glyphs, centres) {
            let colour = glyph.colours.randomElement(using: &g)!
            cairo_pattern_add_color_stop_rgb(along, centre / self.width, colour.red, colour.green, colour.blue)
        }
        self.curve(width: .random(in: 2...2.6, using: &g), source: along, using: &g)
        cairo_pattern_destroy(along)
        // Cuts in the background's own colours, splitting glyphs into pieces.
        for _ in 0..<2 {
            self.curve(width: .random(in: 1.2...1.6, using: &g), source: background, using: &g)
        }
        let palette = glyphs.flatMap(\.colours)
        for _ in 0..<2 {
            let colour = palette.randomElement(using: &g)!
            let start = Double.random(in: 0..<(2 * .pi), using: &g)
            cairo_new_sub_path(self.cr)
            cairo_arc(
                self.cr, .random(in: 0...self.width, using: &g), .random(in: 0...self.height, using: &g), .random(in: 8...30, using: &g),
                start, start + .random(in: 1...3, using: &g)
            )
            cairo_set_line_width(self.cr, .random(in: 1...2, using: &g))
            cairo_set_source_rgb(self.cr, colour.red, colour.green, colour.blue)
            cairo_stroke(self.cr)
        }
        for _ in 0..<80 {
            let colour = palette.randomElement(using: &g)!
            cairo_arc(
                self.cr, .random(in: 0...self.width, using: &g), .random(in: 0...self.height, using: &g), .random(in: 0.5...1.4, using: &g),
                0, 2 * .pi
            )
            cairo_set_source_rgb(self.cr, colour.red, colour.green, colour.blue)
            cairo_fill(self.cr)
        }
    }

    /// Each character's font, size, pose and colours, and how far it moves the pen: a little
    /// less than its width, so that neighbours touch.
    private func layOut<R: RandomNumberGenerator>(_ text: String, using g: inout R) -> [Glyph] {
        let firstHue = Double.random(in: 0..<1, using: &g)
        return text.enumerated().map { index, character in
            let hue = firstHue + Double(index) * 0.19 + .random(in: -0.05...0.05, using: &g)
            var colours = [
                Colour(hue: hue, saturation: .random(in: 0.5...0.95, using: &g), value: .random(in: 0.18...0.36, using: &g)),
                Colour(hue: hue + .random(in: 0.12...0.35, using: &g), saturation: .random(in: 0.5...0.95, using: &g), value: .random(in: 0.5...0.72, using: &g)),
            ]
            if Bool.random(using: &g) { colours.reverse() }
            var glyph = Glyph(
                text: String(character),
                family: CaptchaImage.families.randomElement(using: &g)!,
                slant: Bool.random(using: &g) ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                weight: Bool.random(using: &g) ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL,
                size: .random(in: 31...37, using: &g),
                angle: .random(in: -0.3...0.3, using: &g),
                shear: .random(in: -0.2...0.2, using: &g),
                widthScale: .random(in: 0.8...1.15, using: &g),
                lift: .random(in: -5...5, using: &g),
                colours: colours
            )
            self.select(glyph)
            cairo_text_extents(self.cr, glyph.text, &glyph.extents)
            glyph.advance = glyph.extents.width * glyph.widthScale * .random(in: 0.88...1, using: &g)
            return glyph
        }
    }

    private func select(_ glyph: Glyph) {
        cairo_select_font_face(self.cr, glyph.family, glyph.slant, glyph.weight)
        cairo_set_font_size(self.cr, glyph.size)
    }

    /// The glyph's outline, centred on `centre` and posed, filled with its gradient in a
    /// random direction and outlined in a darker shade of its second colour.
    private func fill<R: RandomNumberGenerator>(_ glyph: Glyph, at centre: (x: Double, y: Double), using g: inout R) {
        cairo_save(self.cr)
        cairo_translate(self.cr, centre.x, centre.y)
        cairo_rotate(self.cr, glyph.angle)
        var pose = cairo_matrix_t()
        cairo_matrix_init(&pose, glyph.widthScale, 0, glyph.shear, 1, 0, 0)
        cairo_transform(self.cr, &pose)
        self.select(glyph)
        cairo_move_to(self.cr, -glyph.extents.width / 2 - glyph.extents.x_bearing, -glyph.extents.height / 2 - glyph.extents.y_bearing)
        cairo_text_path(self.cr, glyph.text)
        cairo_restore(self.cr)
        let direction = Double.random(in: 0..<(2 * .pi), using: &g), reach = 16.0
        let fill = self.gradient(
            from: (centre.x - reach * cos(direction), centre.y - reach * sin(direction)),
            to: (centre.x + reach * cos(direction), centre.y + reach * sin(direction)),
            glyph.colours
        )
        cairo_set_source(self.cr, fill)
        cairo_fill_preserve(self.cr)
        cairo_pattern_destroy(fill)
        let edge = glyph.colours[1]
        cairo_set_source_rgb(self.cr, edge.red * 0.8, edge.green * 0.8, edge.blue * 0.8)
        cairo_set_line_width(self.cr, 1)
        cairo_stroke(self.cr)
    }

    /// A curve from the left edge to the right, wandering above and below the text.
    private func curve<R: RandomNumberGenerator>(width: Double, source: OpaquePointer, using g: inout R) {
        cairo_move_to(self.cr, .random(in: -5...10, using: &g), .random(in: 8...(self.height - 8), using: &g))
        cairo_curve_to(
            self.cr,
            .random(in: 30...60, using: &g), .random(in: -10...(self.height + 10), using: &g),
            .random(in: 90...120, using: &g), .random(in: -10...(self.height + 10), using: &g),
            self.width + .random(in: -10...5, using: &g), .random(in: 8...(self.height - 8), using: &g)
        )
        cairo_set_line_width(self.cr, width)
        cairo_set_source(self.cr, source)
        cairo_stroke(self.cr)
    }

    private func gradient(from start: (Double, Double), to end: (Double, Double), _ colours: [Colour]) -> OpaquePointer {
        let pattern = cairo_pattern_create_linear(start.0, start.1, end.0, end.1)!
        for (index, colour) in colours.enumerated() {
            cairo_pattern_add_color_stop_rgb(pattern, Double(index) / Double(max(colours.count - 1, 1)), colour.red, colour.green, colour.blue)
        }
        return pattern
    }
}
