//! The communes of 30 June 2025 and where each lies among the 2025 communes, read from the
//! data file `config/old-units-2025.csv` (its sources are cited at its head). A register
//! kept before the reform names its old commune, and often its district: an old commune that
//! went whole into one 2025 commune is placed there; one that was divided between several
//! cannot be placed by a machine, and the row waits for a person (see [`crate::held`]).

use std::collections::HashMap;
use std::path::Path;

use hotline_domain::text;
use serde::Deserialize;

use crate::ImportError;

/// At most this many rows in the file (the country had 10,035 communes before the reform).
const MAX_ROWS: usize = 50_000;

/// One commune of 30 June 2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldUnit {
    /// The statistics office's code before the reform.
    pub code: String,
    pub name: String,
    pub district: String,
    /// Its 2025 province.
    pub province: i32,
    /// The 2025 communes it went into: one when whole, several when divided.
    pub among: Vec<i32>,
}

impl OldUnit {
    pub fn divided(&self) -> bool {
        self.among.len() > 1
    }
}

#[derive(Debug, Deserialize)]
struct FileRow {
    province_code: i32,
    old_code: String,
    old_name: String,
    old_district: String,
    new_code: i32,
    whole: u8,
}

/// The old communes, found by name.
#[derive(Debug, Default)]
pub struct OldUnits {
    units: Vec<OldUnit>,
    /// Folded name, with and without its kind → indexes into `units`.
    by_name: HashMap<String, Vec<usize>>,
}

impl OldUnits {
    pub fn read(path: &Path) -> Result<OldUnits, ImportError> {
        let text = std::fs::read_to_string(path).map_err(|e| ImportError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        OldUnits::parse(&text).map_err(|reason| ImportError::File {
            path: path.display().to_string(),
            reason,
        })
    }

    /// The file's text: `#` lines are its notes; then a header and one row per old commune
    /// and 2025 commune it went into.
    pub fn parse(text: &str) -> Result<OldUnits, String> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut units: Vec<OldUnit> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for (n, row) in reader.deserialize::<FileRow>().enumerate() {
            if n >= MAX_ROWS {
                return Err(format!("more than {MAX_ROWS} rows"));
            }
            let row = row.map_err(|e| e.to_string())?;
            if row.whole > 1 {
                return Err(format!("{}: `whole` is 0 or 1", row.old_code));
            }
            match at.get(&row.old_code) {
                Some(&i) => units[i].among.push(row.new_code),
                None => {
                    at.insert(row.old_code.clone(), units.len());
                    units.push(OldUnit {
                        code: row.old_code,
                        name: row.old_name,
                        district: row.old_district,
                        province: row.province_code,
                        among: vec![row.new_code],
                    });
                }
            }
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, unit) in units.iter().enumerate() {
            for name in [text::fold(&unit.name), text::fold(bare(&unit.name))] {
                let found = by_name.entry(name).or_default();
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        }
        Ok(OldUnits { units, by_name })
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The old communes `written` may be in `province` (any, for a national line), narrowed
    /// by the register's `district` when it names one.
    pub fn find(&self, province: Option<i32>, written: &str, district: &str) -> Vec<&OldUnit> {
        let found: Vec<&OldUnit> = self
            .by_name
            .get(&text::fold(written))
            .into_iter()
            .flatten()
            .map(|&i| &self.units[i])
            .filter(|u| province.is_none_or(|p| u.province == p))
            .collect();
        let district = bare_district(district);
        if district.is_empty() {
            return found;
        }
        found
            .into_iter()
            .filter(|u| bare_district(&u.district) == district)
            .collect()
    }
}

/// A commune's name without its kind (`Phường Thuận An` → `Thuận An`).
pub fn bare(name: &str) -> &str {
    ["Phường ", "Xã ", "Thị trấn ", "Đặc khu "]
        .iter()
        .find_map(|kind| name.strip_prefix(kind))
        .unwrap_or(name)
}

/// A district's name folded and without its kind (`Huyện Phú Vang` → `phu vang`).
fn bare_district(name: &str) -> String {
    let name = text::fold(name);
    ["quan ", "huyen ", "thi xa ", "thanh pho "]
        .iter()
        .find_map(|kind| name.strip_prefix(kind))
        .map_or_else(|| name.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# notes\n\
        province_code,old_code,old_name,old_district,new_code,whole\n\
        46,19756,Phường Gia Hội,Quận Phú Xuân,19768,1\n\
        1,00019,Phường Điện Biên,Quận Ba Đình,4,0\n\
        1,00019,Phường Điện Biên,Quận Ba Đình,70,0\n\
        38,14767,Phường Điện Biên,Thành phố Thanh Hóa,14797,1\n";

    #[test]
    fn an_old_commune_is_found_by_its_name_with_or_without_its_kind() {
        let units = OldUnits::parse(FILE).unwrap();
        assert_eq!(units.len(), 3);
        let found = units.find(Some(46), "gia hoi", "");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].among, vec![19768]);
        assert!(!found[0].divided());
        assert_eq!(units.find(Some(46), "Phường Gia Hội", "Phú Xuân").len(), 1);
        assert!(units.find(Some(1), "Gia Hội", "").is_empty());
        assert!(units.find(Some(46), "Gia Hội", "Huyện Phú Vang").is_empty());
    }

    #[test]
    fn a_name_in_two_places_needs_its_district_and_a_divided_one_has_its_parts() {
        let units = OldUnits::parse(FILE).unwrap();
        assert_eq!(units.find(None, "Điện Biên", "").len(), 2);
        assert_eq!(units.find(Some(38), "Điện Biên", "").len(), 1);
        let found = units.find(None, "Phường Điện Biên", "quận ba đình");
        assert_eq!(found.len(), 1);
        assert!(found[0].divided());
        assert_eq!(found[0].among, vec![4, 70]);
    }

    #[test]
    fn a_broken_file_says_why() {
        assert!(OldUnits::parse("province_code,old_code\n1,2\n").is_err());
        let whole = FILE.replace(",19768,1", ",19768,7");
        assert!(OldUnits::parse(&whole).unwrap_err().contains("whole"));
    }

    #[test]
    fn the_shipped_file_reads_and_places_every_old_commune_of_hue() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/old-units-2025.csv");
        let units = OldUnits::read(&path).unwrap();
        assert!(units.len() > 9_000, "{}", units.len());
        // Huế's 133 communes of 30 June 2025 went whole into its 40 of 2025.
        let hue: Vec<&OldUnit> = units.units.iter().filter(|u| u.province == 46).collect();
        assert_eq!(hue.len(), 133);
        assert!(hue.iter().all(|u| !u.divided()));
        let found = units.find(Some(46), "Xã Lộc Vĩnh", "Phú Lộc");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].among, vec![20152]);
    }
}
