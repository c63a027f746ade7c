//! Uploaded images: checked by content (never by name), decoded within limits, resized, and
//! re-encoded — which drops EXIF and GPS metadata — then written through a `MediaStore`.
//! The local directory store is the default; an object store can implement the same trait.
use image::{DynamicImage, ImageFormat, ImageReader};
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

/// The largest upload accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The most pixels an upload may have (a 40-megapixel phone photo is fine; bigger is refused
/// before decoding, so nobody can make the server allocate gigabytes).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Why an upload was refused; each is a message key (`err_photo_…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    TooLarge,
    /// Not a JPEG, PNG or WebP image, whatever its name says.
    NotAnImage,
    TooManyPixels,
    /// Looks like an image but cannot be decoded (truncated, corrupt).
    Broken,
    /// More files than allowed.
    TooMany,
    /// A text field longer than any form field may be.
    TextTooLong,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::Missing => "photo_missing",
            Refused::TooLarge => "photo_too_large",
            Refused::NotAnImage => "photo_not_image",
            Refused::TooManyPixels => "photo_too_many_pixels",
            Refused::Broken => "photo_broken",
            Refused::TooMany => "photo_too_many",
            Refused::TextTooLong => "text_too_long",
        }
    }
}

/// Decodes an uploaded JPEG, PNG or WebP within the limits.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Refused> {
    if bytes.is_empty() {
        return Err(Refused::Missing);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Refused::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Refused::NotAnImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(Refused::NotAnImage);
    }
    let format = reader.format();
    let (w, h) = reader.into_dimensions().map_err(|_| Refused::Broken)?;
    if format == Some(ImageFormat::Jpeg) && !jpeg_complete(bytes) {
        return Err(Refused::Broken);
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Refused::TooManyPixels);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Refused::NotAnImage)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    reader.limits(limits);
    // Phones store a portrait photo sideways with an orientation tag; re-encoding drops the
    // tag, so turn the pixels upright first.
    let mut decoder = reader.into_decoder().map_err(|_| Refused::Broken)?;
    let orientation =
        image::ImageDecoder::orientation(&mut decoder).map_err(|_| Refused::Broken)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| Refused::Broken)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Whether a JPEG reaches its end-of-image marker. The JPEG decoder quietly fills a cut-off
/// picture with grey; an upload that stopped halfway must be refused. The segments are walked
/// from the start (an EXIF thumbnail's own markers sit inside its segment and are skipped, and
/// data some phones append after the end — a motion photo's video — is never looked at).
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    while i + 2 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return true,
            0xFF => i += 1, // fill byte
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                let Some(len) = bytes.get(i + 2..i + 4) else {
                    return false;
                };
                let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
                i += 2 + len;
                if marker == 0xDA {
                    // Entropy-coded data runs to the next marker that is not a stuffed byte
                    // or a restart marker.
                    while i + 1 < bytes.len()
                        && (bytes[i] != 0xFF || matches!(bytes[i + 1], 0x00 | 0xD0..=0xD7 | 0xFF))
                    {
                        i += 1;
                    }
                }
            }
        }
    }
    false
}

/// A square crop from the centre, `size` pixels wide, as JPEG (for profile photos).
pub fn square_jpeg(img: &DynamicImage, size: u32) -> Vec<u8> {
    let square = img.resize_to_fill(size, size, image::imageops::FilterType::Lanczos3);
    jpeg(&square)
}

/// One image decoded at a time per server: decoding a 40-megapixel image takes a core and
/// ~160 MB, so parallel uploads wait their turn instead of exhausting the machine.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Decodes an upload and makes square JPEG copies of the given widths, off the async runtime.
/// One image at a time (see [`DECODING`]).
pub async fn resize_squares(bytes: Vec<u8>, sizes: &[u32]) -> Result<Vec<(u32, Vec<u8>)>, Refused> {
    let turn = DECODING.acquire().await.map_err(|_| Refused::Broken)?;
    let sizes = sizes.to_vec();
    // The turn is held by the work itself: it ends when decoding ends, even if the client
    // went away meanwhile.
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let img = decode(&bytes)?;
        Ok(sizes
            .into_iter()
            .map(|size| (size, square_jpeg(&img, size)))
            .collect())
    })
    .await
    .map_err(|_| Refused::Broken)?
}

/// A copy of an image at most `width` pixels wide (never enlarged), as JPEG, with its size.
pub struct Copy {
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

/// Decodes an upload and makes JPEG copies at the given widths (for `srcset`), keeping its
/// proportions; widths above the original's are left out (the largest copy is the original
/// width then). Off the async runtime, one image at a time (see [`resize_squares`]).
pub async fn resize_widths(bytes: Vec<u8>, widths: &[u32]) -> Result<Vec<Copy>, Refused> {
    let turn = DECODING.acquire().await.map_err(|_| Refused::Broken)?;
    let widths = widths.to_vec();
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let img = decode(&bytes)?;
        let mut wanted: Vec<u32> = widths
            .iter()
            .copied()
            .filter(|w| *w < img.width())
            .collect();
        if wanted.len() < widths.len() {
            wanted.push(img.width());
        }
        Ok(wanted
            .into_iter()
            .map(|w| {
                let copy = if w == img.width() {
                    img.clone()
                } else {
                    img.resize(w, u32::MAX, image::imageops::FilterType::Lanczos3)
                };
                Copy {
                    width: copy.width(),
                    height: copy.height(),
                    jpeg: jpeg(&copy),
                }
            })
            .collect())
    })
    .await
    .map_err(|_| Refused::Broken)?
}

fn jpeg(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    // Encoding an in-memory RGB image into a Vec cannot fail.
    let _ = rgb.write_with_encoder(encoder);
    out
}

/// A multipart form as it arrived: its text fields and its files.
#[derive(Debug, Default)]
pub struct Upload {
    pub text: std::collections::HashMap<String, String>,
    /// The non-empty files of the file field, in order.
    pub files: Vec<Vec<u8>>,
}

impl Upload {
    pub fn get(&self, name: &str) -> String {
        self.text.get(name).cloned().unwrap_or_default()
    }
}

/// Reads a multipart form: the named text fields (32 KB each at most: 5,000 Devanagari
/// characters are 15 KB of UTF-8) and up to `max_files`
/// files of `file_field` (each at most [`MAX_BYTES`]), stopping as soon as anything is too big
/// (the rest is never buffered). A part that fails to arrive whole fails the whole form.
pub async fn read_upload(
    data: leptos::server_fn::codec::MultipartData,
    text_fields: impl Fn(&str) -> bool,
    file_field: &str,
    max_files: usize,
) -> Result<Upload, Refused> {
    let mut form = data.into_inner().ok_or(Refused::Broken)?;
    let mut upload = Upload::default();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(Refused::Broken),
        };
        let name = field.name().unwrap_or_default().to_string();
        let is_file = name == file_field;
        if !is_file && !text_fields(&name) {
            continue;
        }
        let (limit, too_big) = if is_file {
            (MAX_BYTES, Refused::TooLarge)
        } else {
            (32 * 1024, Refused::TextTooLong)
        };
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > limit {
                        return Err(too_big);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => return Err(Refused::Broken),
            }
        }
        if is_file {
            // A browser sends an empty file part when no file was chosen.
            if !bytes.is_empty() {
                if upload.files.len() == max_files {
                    return Err(Refused::TooMany);
                }
                upload.files.push(bytes);
            }
        } else {
            upload
                .text
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(upload)
}

/// Where media files go. `put` returns the URL the file is served at.
pub trait MediaStore: Send + Sync {
    fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<String>;
    /// Removes a file written by `put` (when the save it belonged to failed).
    fn delete(&self, key: &str) -> std::io::Result<()>;
    /// The key of a URL `put` returned (`None` for any other URL).
    fn key_of(&self, url: &str) -> Option<String>;
}

/// Removes the files behind stored URLs (a deleted photo's copies) once nothing refers to them;
/// a failure only leaves an orphan file, so it is logged, not raised.
pub fn discard(store: &dyn MediaStore, urls: &[String]) {
    for url in urls {
        if let Some(key) = store.key_of(url) {
            if let Err(e) = store.delete(&key) {
                tracing::warn!(key, error = %e, "removing a deleted photo failed");
            }
        }
    }
}

/// Files in a local directory, served at `/media/…` with a year-long cache (keys are never
/// reused: a new photo gets a new name).
pub struct LocalMedia {
    pub dir: PathBuf,
}

impl MediaStore for LocalMedia {
    fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<String> {
        let path = self.dir.join(key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // Write then rename: a reader never sees half a file.
        let tmp = path.with_extension("part");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)?;
        Ok(format!("/media/{key}"))
    }

    fn delete(&self, key: &str) -> std::io::Result<()> {
        std::fs::remove_file(self.dir.join(key))
    }

    fn key_of(&self, url: &str) -> Option<String> {
        let key = url.strip_prefix("/media/")?;
        // Only names this store writes: never a way out of its directory.
        (!key.is_empty()
            && key
                .split('/')
                .all(|part| !part.is_empty() && part != ".." && part != "."))
        .then(|| key.to_string())
    }
}

/// Files written for one save: removed again unless the save is kept (`keep`), so a refused or
/// failed save leaves no orphan files behind.
pub struct Written<'a> {
    store: &'a dyn MediaStore,
    keys: Vec<String>,
}

impl<'a> Written<'a> {
    pub fn new(store: &'a dyn MediaStore) -> Self {
        Written {
            store,
            keys: Vec::new(),
        }
    }

    pub fn put(&mut self, key: String, bytes: &[u8]) -> std::io::Result<String> {
        let url = self.store.put(&key, bytes)?;
        self.keys.push(key);
        Ok(url)
    }

    /// The save went through: the files stay.
    pub fn keep(mut self) {
        self.keys.clear();
    }
}

impl Drop for Written<'_> {
    fn drop(&mut self) {
        for key in &self.keys {
            if let Err(e) = self.store.delete(key) {
                tracing::warn!(key, error = %e, "removing an unused upload failed");
            }
        }
    }
}

/// The media store, handed to server functions through Leptos context.
#[derive(Clone)]
pub struct Media(pub Arc<dyn MediaStore>);

impl Media {
    pub fn local(dir: impl Into<PathBuf>) -> Media {
        Media(Arc::new(LocalMedia { dir: dir.into() }))
    }
}

/// A photo kept as JPEG copies: the largest copy's URL and size, and the `srcset` of all.
#[derive(Debug, Clone)]
pub struct Stored {
    pub url: String,
    pub srcset: String,
    pub width: i64,
    pub height: i64,
}

/// Why a photo could not be kept: the upload itself (said to the user), or the disk (not).
#[derive(Debug)]
pub enum StoreError {
    Refused(Refused),
    Io(std::io::Error),
}

/// Resizes an upload to `widths` and writes each copy as `<prefix>-<random>-<width>.jpg`
/// through `written` (so the files go again if the save they belong to fails).
pub async fn store_widths(
    written: &mut Written<'_>,
    prefix: &str,
    bytes: Vec<u8>,
    widths: &[u32],
) -> Result<Stored, StoreError> {
    let copies = resize_widths(bytes, widths)
        .await
        .map_err(StoreError::Refused)?;
    let name = crate::helpers::random_hex(8);
    let mut srcset = Vec::new();
    let mut largest = None;
    for c in &copies {
        let url = written
            .put(format!("{prefix}-{name}-{}.jpg", c.width), &c.jpeg)
            .map_err(StoreError::Io)?;
        srcset.push(format!("{url} {}w", c.width));
        largest = Some((url, c.width, c.height));
    }
    let (url, width, height) = largest.ok_or(StoreError::Refused(Refused::Broken))?;
    Ok(Stored {
        url,
        srcset: srcset.join(", "),
        width: i64::from(width),
        height: i64::from(height),
    })
}

/// A photo that could not be kept, as the form's error on `field` (a refused picture) or an
/// internal error (the disk).
pub fn photo_error(field: &str, e: StoreError) -> crate::error::AppError {
    match e {
        StoreError::Refused(r) => {
            crate::error::AppError::Validation(vec![crate::error::FieldError {
                field: field.into(),
                code: r.code().into(),
            }])
        }
        StoreError::Io(e) => {
            tracing::error!(error = %e, "writing a photo failed");
            crate::error::AppError::Internal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(w, h);
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn images_are_judged_by_content_not_name() {
        assert!(decode(&png(10, 10)).is_ok());
        assert_eq!(
            decode(b"just text, renamed photo.jpg").err(),
            Some(Refused::NotAnImage)
        );
        let mut truncated = png(64, 64);
        truncated.truncate(truncated.len() / 2);
        assert_eq!(decode(&truncated).err(), Some(Refused::Broken));
        let mut jpeg = Vec::new();
        DynamicImage::new_rgb8(64, 64)
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        assert!(decode(&jpeg).is_ok());
        jpeg.truncate(jpeg.len() - 10);
        assert_eq!(decode(&jpeg).err(), Some(Refused::Broken));
        assert_eq!(decode(&[]).err(), Some(Refused::Missing));
        assert_eq!(
            decode(&vec![0u8; MAX_BYTES + 1]).err(),
            Some(Refused::TooLarge)
        );
    }

    fn jpeg_bytes(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_rgb8(w, h)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    #[test]
    fn data_after_the_end_of_a_jpeg_is_not_mistaken_for_a_cut() {
        // A motion photo: the picture, then a video whose bytes may hold JPEG-like markers.
        let mut motion = jpeg_bytes(32, 32);
        motion.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0x11, 0x22]);
        assert!(decode(&motion).is_ok());
        let mut cut = jpeg_bytes(32, 32);
        cut.truncate(cut.len() - 2);
        assert_eq!(decode(&cut).err(), Some(Refused::Broken));
    }

    #[test]
    fn a_sideways_phone_photo_is_turned_upright() {
        // EXIF orientation 6 ("rotate 90° clockwise to view"), as phones write for portraits.
        let mut jpeg = jpeg_bytes(64, 48);
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
        ]);
        exif.extend_from_slice(&[0, 0, 0, 0]);
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        app1.extend_from_slice(&exif);
        jpeg.splice(2..2, app1);
        let img = decode(&jpeg).unwrap();
        assert_eq!((img.width(), img.height()), (48, 64));
    }

    #[test]
    fn files_of_a_failed_save_are_removed_and_kept_ones_stay() {
        let dir =
            std::env::temp_dir().join(format!("odop_media_test_{}", crate::helpers::random_hex(8)));
        let store = LocalMedia { dir: dir.clone() };
        {
            let mut failed = Written::new(&store);
            failed.put("a/lost.jpg".into(), b"x").unwrap();
        }
        assert!(!dir.join("a/lost.jpg").exists());
        let mut kept = Written::new(&store);
        kept.put("a/kept.jpg".into(), b"x").unwrap();
        kept.keep();
        assert!(dir.join("a/kept.jpg").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_60_megapixel_image_is_refused_before_decoding() {
        // A small JPEG whose frame header claims 10000 × 6000 pixels: refused from its
        // dimensions alone, before anything is allocated for them.
        let mut jpeg = Vec::new();
        DynamicImage::new_rgb8(8, 8)
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        let sof = jpeg
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame header");
        jpeg[sof + 5..sof + 7].copy_from_slice(&6_000u16.to_be_bytes());
        jpeg[sof + 7..sof + 9].copy_from_slice(&10_000u16.to_be_bytes());
        assert_eq!(decode(&jpeg).err(), Some(Refused::TooManyPixels));
    }

    #[tokio::test]
    async fn copies_keep_proportions_and_are_never_enlarged() {
        let copies = resize_widths(png(800, 600), &[320, 640, 1280])
            .await
            .unwrap();
        let sizes: Vec<(u32, u32)> = copies.iter().map(|c| (c.width, c.height)).collect();
        assert_eq!(sizes, [(320, 240), (640, 480), (800, 600)]);
        for c in &copies {
            assert_eq!(image::guess_format(&c.jpeg).unwrap(), ImageFormat::Jpeg);
        }
    }

    #[test]
    fn square_photos_are_jpeg_of_the_asked_size() {
        let img = decode(&png(300, 200)).unwrap();
        let out = square_jpeg(&img, 128);
        let back = image::load_from_memory(&out).unwrap();
        assert_eq!((back.width(), back.height()), (128, 128));
        assert_eq!(image::guess_format(&out).unwrap(), ImageFormat::Jpeg);
    }
}
