//! The paper of the preview: a strip one printer dot to a pixel that grows downward as
//! lines are printed, written out as an 8-bit greyscale PNG.

use crate::escpos::RenderError;

const PAPER: u8 = 0xff;
const INK: u8 = 0x00;

/// White paper `width` dots across, as tall as what has been printed on it so far.
#[derive(Debug, Clone)]
pub struct Canvas {
    width: usize,
    pixels: Vec<u8>,
}

impl Canvas {
    pub fn new(width: usize) -> Self {
        Self {
            width,
            pixels: Vec::new(),
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.pixels.len().checked_div(self.width).unwrap_or(0)
    }

    /// Feeds `dots` of blank paper and returns the top row of the new part.
    pub fn feed(&mut self, dots: usize) -> usize {
        let top = self.height();
        let added = dots.saturating_mul(self.width);
        self.pixels
            .resize(self.pixels.len().saturating_add(added), PAPER);
        top
    }

    /// Blackens the dot at (`x`, `y`); a dot off the paper is clipped, as the printer
    /// clips what passes its print head.
    pub fn ink(&mut self, x: usize, y: usize) {
        if x >= self.width {
            return;
        }
        if let Some(pixel) = y
            .checked_mul(self.width)
            .and_then(|row| row.checked_add(x))
            .and_then(|index| self.pixels.get_mut(index))
        {
            *pixel = INK;
        }
    }

    /// The PNG file of the paper.
    pub fn into_png(self) -> Result<Vec<u8>, RenderError> {
        let too_large = || RenderError::PreviewNotEncoded {
            reason: "the receipt is too large for a PNG image".to_owned(),
        };
        let width = u32::try_from(self.width).map_err(|_| too_large())?;
        let height = u32::try_from(self.height()).map_err(|_| too_large())?;
        let mut file = Vec::new();
        let mut encoder = png::Encoder::new(&mut file, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let not_encoded = |error: png::EncodingError| RenderError::PreviewNotEncoded {
            reason: error.to_string(),
        };
        let mut writer = encoder.write_header().map_err(not_encoded)?;
        writer.write_image_data(&self.pixels).map_err(not_encoded)?;
        writer.finish().map_err(not_encoded)?;
        Ok(file)
    }
}
