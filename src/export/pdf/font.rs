//! The embedded typeface (Noto Sans, regular and bold, shipped in `assets/fonts/` with its
//! licence): measuring text, encoding it as glyph ids, and embedding only the glyphs used as a
//! `CIDFontType2` with a `ToUnicode` map, so the PDF's text is real, searchable text in any script
//! the font covers (Latin, Greek, Cyrillic and more).

use std::collections::{BTreeMap, HashMap};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// A font the shipped files could not provide: only possible if the assets were damaged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the embedded font {name} is unusable: {detail}")]
pub struct FontError {
    pub name: &'static str,
    pub detail: String,
}

/// Which face to set text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Characters below this are looked up in a flat table, the rest in a map: the common scripts
/// stay one index away, which keeps a ten-year log fast to measure.
const FLAT: usize = 0x0530;

/// One face: its metrics, the glyphs used so far, and their new ids in the subset.
pub struct Face {
    name: &'static str,
    data: &'static [u8],
    parsed: ttf_parser::Face<'static>,
    /// Multiplies font units into thousandths of an em, PDF's glyph space.
    scale: f32,
    flat: Vec<Option<(u16, f32)>>,
    other: HashMap<char, (u16, f32)>,
    /// The glyph shown for characters the font lacks.
    fallback: (u16, f32),
    remapper: GlyphRemapper,
    /// New glyph id → the character it stands for (the first one seen) and its width.
    used: BTreeMap<u16, (char, f32)>,
}

impl Face {
    fn load(name: &'static str, data: &'static [u8]) -> Result<Self, FontError> {
        let face = ttf_parser::Face::parse(data, 0).map_err(|e| FontError { name, detail: e.to_string() })?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let lookup = |c: char| {
            face.glyph_index(c).map(|g| (g.0, f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * scale))
        };
        let fallback = lookup('?').ok_or_else(|| FontError { name, detail: "it has no '?'".to_owned() })?;
        let flat = (0..FLAT).map(|i| char::from_u32(i as u32).and_then(lookup)).collect();
        Ok(Self {
            name,
            data,
            parsed: face,
            scale,
            flat,
            other: HashMap::new(),
            fallback,
            remapper: GlyphRemapper::new(),
            used: BTreeMap::new(),
        })
    }

    /// The glyph and advance (thousandths of an em) for a character; tabs read as spaces.
    fn glyph(&mut self, c: char) -> (u16, f32) {
        let c = if c == '\t' { ' ' } else { c };
        if (c as usize) < FLAT {
            return self.flat[c as usize].unwrap_or(self.fallback);
        }
        let (face, scale, fallback) = (&self.parsed, self.scale, self.fallback);
        *self.other.entry(c).or_insert_with(|| {
            face.glyph_index(c)
                .map_or(fallback, |g| (g.0, f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * scale))
        })
    }

    /// The width of `text` at `size` points.
    pub fn width(&mut self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size / 1000.0
    }

    /// `text` as two-byte glyph ids of the subset, recording each glyph for embedding.
    pub fn encode(&mut self, text: &str, out: &mut Vec<u8>) {
        out.clear();
        for c in text.chars() {
            let (gid, advance) = self.glyph(c);
            let new = self.remapper.remap(gid);
            self.used.entry(new).or_insert((if gid == self.fallback.0 { '?' } else { c }, advance));
            out.extend_from_slice(&new.to_be_bytes());
        }
    }

    /// Writes the font objects (`Type0` font `id`, its `CIDFont`, descriptor, subset file and
    /// `ToUnicode` map) using ids from `next`.
    pub fn embed(
        &self,
        chunk: &mut Chunk,
        id: Ref,
        next: &mut impl FnMut() -> Ref,
        tag: &str,
    ) -> Result<(), FontError> {
        let (cid_id, descriptor_id, file_id, cmap_id) = (next(), next(), next(), next());
        let postscript = format!("{tag}+{}", self.name);
        let base = Name(postscript.as_bytes());

        chunk
            .type0_font(id)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);

        let mut cid = chunk.cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(SYSTEM_INFO)
            .font_descriptor(descriptor_id)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let mut widths = cid.widths();
        for (gid, (_, advance)) in &self.used {
            widths.consecutive(*gid, [*advance]);
        }
        widths.finish();
        cid.finish();

        let bbox = self.parsed.global_bounding_box();
        let s = |v: i16| f32::from(v) * self.scale;
        chunk
            .font_descriptor(descriptor_id)
            .name(base)
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(s(bbox.x_min), s(bbox.y_min), s(bbox.x_max), s(bbox.y_max)))
            .italic_angle(0.0)
            .ascent(s(self.parsed.ascender()))
            .descent(s(self.parsed.descender()))
            .cap_height(s(self.parsed.capital_height().unwrap_or(self.parsed.ascender())))
            .stem_v(if self.name.ends_with("Bold") { 140.0 } else { 80.0 })
            .font_file2(file_id);

        let subset = subsetter::subset(self.data, 0, &self.remapper)
            .map_err(|e| FontError { name: self.name, detail: format!("subsetting failed: {e}") })?;
        chunk
            .stream(file_id, &super::deflate(&subset))
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
        for (gid, (c, _)) in &self.used {
            cmap.pair(*gid, *c);
        }
        let compressed = super::deflate(&cmap.finish());
        let mut stream = chunk.cmap(cmap_id, &compressed);
        stream.name(Name(b"Custom")).system_info(SYSTEM_INFO);
        stream.filter(Filter::FlateDecode);
        Ok(())
    }
}

const SYSTEM_INFO: SystemInfo<'static> =
    SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

/// The two faces a report uses.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn load() -> Result<Self, FontError> {
        Ok(Self {
            regular: Face::load("NotoSans-Regular", REGULAR)?,
            bold: Face::load("NotoSans-Bold", BOLD)?,
        })
    }

    pub fn face(&mut self, weight: Weight) -> &mut Face {
        match weight {
            Weight::Regular => &mut self.regular,
            Weight::Bold => &mut self.bold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_cover_the_scripts_people_type() {
        let mut fonts = Fonts::load().unwrap();
        for c in "Müller — café ½ L, Ωμέγα, Привет ·–…".chars() {
            let (gid, _) = fonts.regular.glyph(c);
            assert_ne!(gid, fonts.regular.fallback.0, "no glyph for {c:?}");
            assert_ne!(fonts.bold.glyph(c).0, fonts.bold.fallback.0, "no bold glyph for {c:?}");
        }
        // Bold is wider than regular, and widths scale with size.
        let (r, b) = (fonts.regular.width("Nights", 10.0), fonts.bold.width("Nights", 10.0));
        assert!(b > r && r > 20.0 && r < 40.0, "{r} {b}");
        assert!((fonts.regular.width("Nights", 20.0) - 2.0 * r).abs() < 1e-3);
    }

    #[test]
    fn encoding_numbers_glyphs_in_order_of_use() {
        let mut fonts = Fonts::load().unwrap();
        let mut out = Vec::new();
        fonts.regular.encode("abca", &mut out);
        assert_eq!(out, [0, 1, 0, 2, 0, 3, 0, 1]);
        // A character the font lacks shows as '?', and is extracted as '?'.
        fonts.regular.encode("\u{10FFFD}", &mut out);
        assert_eq!(fonts.regular.used.get(&4).map(|u| u.0), Some('?'));
    }
}
