//! A share on paper: a page a person can read, keep in a safe and type in again. The share's
//! bytes are printed in hex, 24 bytes a line in groups of four; every line ends with a
//! checksum of its own (so a typing slip is found on its line, not after the whole page), and
//! the page with one over the whole share. A machine line at the top names the kit and the
//! share; the rest is said in Vietnamese for the holder.
//!
//! ```text
//! HOTLINE-SHARE v1 kit=3f9a2c1d share=2 of=3 need=2
//! ...
//! 01  0203a1b2 c3d4e5f6 0718293a 4b5c6d7e 8f90a1b2 c3d4e5f6  / 3c9d
//! total 9f3a21bc
//! ```

use sha2::{Digest, Sha256};

use crate::{RecoveryError, Share, NEEDED, SHARES};

const MAGIC: &str = "HOTLINE-SHARE v1";
const BYTES_PER_LINE: usize = 24;
/// A share of more lines than this is no share of ours.
const MAX_LINES: usize = 200;

/// The page printed for `share`.
pub fn print(share: &Share) -> String {
    let mut page = vec![
        format!(
            "{MAGIC} kit={} share={} of={SHARES} need={NEEDED}",
            share.kit, share.number
        ),
        String::new(),
        "BỘ KHÓA KHÔI PHỤC — HỆ THỐNG QUẢN LÝ CA BẢO VỆ TRẺ EM".into(),
        format!(
            "Mảnh số {} trong {SHARES} mảnh; cần {NEEDED} mảnh bất kỳ để khôi phục.",
            share.number
        ),
        format!("Người giữ: {}", share.holder),
        format!("Ngày lập: {}", share.made),
        format!("Mã bộ khóa: {}", share.kit),
        String::new(),
        "Giữ trang này ở nơi an toàn, tách khỏi máy chủ và các bản sao lưu. Một mảnh riêng lẻ"
            .into(),
        "không mở được gì; không chụp ảnh, không gửi qua mạng. Khi cần khôi phục, hai người giữ"
            .into(),
        "mảnh cùng nhập các dòng dưới đây (lệnh hotline keys recover).".into(),
        String::new(),
    ];
    for (i, chunk) in share.bytes.chunks(BYTES_PER_LINE).enumerate() {
        let groups: Vec<String> = chunk.chunks(4).map(hex::encode).collect();
        let line = i + 1;
        page.push(format!(
            "{line:02}  {}  / {}",
            groups.join(" "),
            line_check(share, line, chunk)
        ));
    }
    page.push(format!("total {}", total_check(&share.bytes)));
    page.push(String::new());
    page.join("\n")
}

/// A share read back from its page's text (spaces, letter case and blank lines aside).
pub fn read(text: &str) -> Result<Share, RecoveryError> {
    let bad = |why: String| RecoveryError::Paper(why);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let head = lines
        .next()
        .map(str::to_ascii_lowercase)
        .filter(|l| l.starts_with(&MAGIC.to_ascii_lowercase()))
        .ok_or_else(|| bad(format!("the first line must start with `{MAGIC}`")))?;
    let field = |name: &str| {
        head.split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{name}=")))
            .map(str::to_owned)
            .ok_or_else(|| bad(format!("the first line has no `{name}=`")))
    };
    let kit = field("kit")?.to_ascii_lowercase();
    let number: u8 = field("share")?
        .parse()
        .map_err(|_| bad("`share=` is not a number".into()))?;
    let mut share = Share {
        kit,
        number,
        holder: String::new(),
        made: String::new(),
        bytes: Vec::new(),
    };
    let mut total = None;
    let mut expected_line = 1;
    for line in lines {
        if let Some(holder) = line.strip_prefix("Người giữ:") {
            share.holder = holder.trim().to_owned();
        } else if let Some(made) = line.strip_prefix("Ngày lập:") {
            share.made = made.trim().to_owned();
        } else if let Some(sum) = line
            .get(..5)
            .filter(|w| w.eq_ignore_ascii_case("total"))
            .map(|_| &line[5..])
        {
            total = Some(sum.trim().to_ascii_lowercase());
        } else if line.starts_with(|c: char| c.is_ascii_digit()) {
            if expected_line > MAX_LINES {
                return Err(bad(format!("more than {MAX_LINES} lines")));
            }
            let (number, rest) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| bad(format!("line {line}: no bytes")))?;
            if number.parse::<usize>().ok() != Some(expected_line) {
                return Err(bad(format!(
                    "line {number}: expected line {expected_line:02}"
                )));
            }
            let (data, sum) = rest
                .rsplit_once('/')
                .ok_or_else(|| bad(format!("line {number}: no checksum after `/`")))?;
            let digits: String = data.split_whitespace().collect();
            let chunk = hex::decode(digits.to_ascii_lowercase())
                .map_err(|_| bad(format!("line {number}: not hex digits")))?;
            if line_check(&share, expected_line, &chunk) != sum.trim().to_ascii_lowercase() {
                return Err(bad(format!(
                    "line {number}: its checksum does not match: check the line as printed"
                )));
            }
            share.bytes.extend(chunk);
            expected_line += 1;
        }
    }
    match total {
        None => Err(bad("no `total` line".into())),
        Some(_) if share.bytes.is_empty() => Err(bad("no lines of the share".into())),
        Some(sum) if sum != total_check(&share.bytes) => Err(bad(
            "the total checksum does not match: a line is missing".into(),
        )),
        Some(_) if share.bytes.first() != Some(&share.number) => {
            Err(bad("the share's number does not match its bytes".into()))
        }
        Some(_) => Ok(share),
    }
}

/// Four hex digits over the kit, the share, the line's number and its bytes.
fn line_check(share: &Share, line: usize, bytes: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(share.kit.as_bytes());
    hash.update([share.number]);
    hash.update(line.to_be_bytes());
    hash.update(bytes);
    hex::encode(&hash.finalize()[..2])
}

fn total_check(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..4])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{join, split, KeySet};

    fn shares() -> Vec<Share> {
        let keys = KeySet {
            master: "a".repeat(64),
            signing: "b".repeat(64),
            contact: Some("c".repeat(64)),
            database: None,
        };
        let holders = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"].map(String::from);
        split(&keys, &holders, "2026-12-07").unwrap()
    }

    #[test]
    fn a_printed_share_reads_back_and_joins() {
        let shares = shares();
        let pages: Vec<String> = shares.iter().map(print).collect();
        assert!(pages[2].contains("Người giữ: Lê Văn Cường"), "{}", pages[2]);
        // Typed in again: upper case, other spacing.
        let typed = pages[0].to_uppercase().replace("  ", " ");
        let typed = typed.replace("NGƯỜI GIỮ:", "Người giữ:");
        let back = [read(&typed).unwrap(), read(&pages[2]).unwrap()];
        assert_eq!(back[0].bytes, shares[0].bytes);
        assert_eq!(back[1].holder, "Lê Văn Cường");
        assert_eq!(join(&back).unwrap().contact, Some("c".repeat(64)));
    }

    #[test]
    fn a_slip_is_found_on_its_line_and_a_missing_line_by_the_total() {
        let page = print(&shares()[1]);
        let line = page.lines().find(|l| l.starts_with("02 ")).unwrap();
        let digit = line.chars().nth(5).unwrap();
        let slip = if digit == '0' { '1' } else { '0' };
        let mut typed: String = line.chars().take(5).collect();
        typed.push(slip);
        typed.extend(line.chars().skip(6));
        let Err(RecoveryError::Paper(why)) = read(&page.replace(line, &typed)) else {
            panic!("a slip was accepted");
        };
        assert!(why.starts_with("line 02"), "{why}");
        let last = page.lines().rfind(|l| l.contains(" / ")).unwrap();
        let Err(RecoveryError::Paper(why)) = read(&page.replace(last, "")) else {
            panic!("a missing line was accepted");
        };
        assert!(why.contains("total"), "{why}");
        assert!(read("not a share").is_err());
    }
}
