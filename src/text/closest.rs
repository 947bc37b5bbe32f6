//! "Did you mean": the nearest of a set of names to a misspelt one.

/// The nearest name within a small edit distance, for "did you mean". The distance is never
/// less than the difference in length, so a text far longer or shorter than a name is not
/// compared with it: the work stays small whatever the length of the text.
pub fn closest<'a>(text: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let text = text.to_lowercase();
    let length = text.chars().count();
    names
        .filter(|name| length.abs_diff(name.chars().count()) <= allowed(name))
        .map(|name| (strsim::damerau_levenshtein(&text, name), name))
        .filter(|(distance, name)| *distance <= allowed(name))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// How many names are near enough to `text` for "did you mean": a fix needs exactly one.
/// Bounded as `closest` is: a name is only compared with a text of about its length.
pub fn closest_count<'a>(text: &str, names: impl Iterator<Item = &'a str>) -> usize {
    let text = text.to_lowercase();
    let length = text.chars().count();
    names
        .filter(|name| length.abs_diff(name.chars().count()) <= allowed(name))
        .filter(|name| strsim::damerau_levenshtein(&text, name) <= allowed(name))
        .count()
}

/// How many edits a text may be from `name` to be suggested.
fn allowed(name: &str) -> usize {
    (name.len() / 3).max(1)
}
