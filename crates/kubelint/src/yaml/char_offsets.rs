/// Converts the parser's character indices into byte offsets.
///
/// `saphyr-parser` counts characters, not bytes. For ASCII text (almost every
/// manifest) the two agree; otherwise we keep one checkpoint per non-ASCII
/// character and binary-search it.
pub(crate) struct CharOffsets {
    /// For each non-ASCII character: its character index and the byte offset
    /// just after it.
    checkpoints: Vec<(u32, u32)>,
}

impl CharOffsets {
    pub(crate) fn new(text: &str) -> CharOffsets {
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            for (char_index, (byte, ch)) in text.char_indices().enumerate() {
                if !ch.is_ascii() {
                    checkpoints.push((char_index as u32, (byte + ch.len_utf8()) as u32));
                }
            }
        }
        CharOffsets { checkpoints }
    }

    pub(crate) fn byte_offset(&self, char_index: usize) -> u32 {
        let char_index = char_index as u32;
        if self.checkpoints.is_empty() {
            return char_index;
        }
        match self
            .checkpoints
            .partition_point(|&(index, _)| index < char_index)
        {
            0 => char_index,
            n => {
                let (index, byte_after) = self.checkpoints[n - 1];
                byte_after + (char_index - index - 1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_characters_to_bytes() {
        let text = "aé✓b😀c";
        let offsets = CharOffsets::new(text);
        let expected: Vec<u32> = text
            .char_indices()
            .map(|(b, _)| b as u32)
            .chain([text.len() as u32])
            .collect();
        let actual: Vec<u32> = (0..=text.chars().count())
            .map(|i| offsets.byte_offset(i))
            .collect();
        assert_eq!(actual, expected);
    }
}
