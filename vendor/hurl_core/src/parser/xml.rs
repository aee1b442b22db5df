/*
 * Hurl (https://hurl.dev)
 * Copyright (C) 2026 Orange
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *          http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 *
 */
use crate::reader::Reader;

use super::ParseResult;
use super::error::{ParseError, ParseErrorKind};

/// Parses a text buffer until a valid XML has been found.
/// We need to stop the parsing at the byte position where an XML text is detected.
/// For example, when we have this kind of Hurl file:
///
/// ```hurl
/// POST https://foo.com
/// <?xml version="1.0"?>
/// <catalog>
///   <book id="bk101">
///     <author>Gambardella, Matthew</author>
///     <title>XML Developer's Guide</title>
///   </book>
/// </catalog>
/// HTTP 201
/// ```
///
/// As there is no "formal" end of body, we scan the text as an XML document (prolog, then one
/// element) and stop right after the root element's closing `>`.
///
/// (Patched for alga: the upstream crate feeds libxml2's SAX parser char by char; this scanner
/// reads the same XML 1.0 syntax in safe Rust, so that no C library is linked. It checks what
/// decides where a body ends and the common well-formedness rules: matching tags, quoted and
/// unique attributes, references to declared entities and to valid chars, chars XML allows, the
/// XML declaration only first. It does not check the declaration's own fields or which
/// non-ASCII chars may start a name.)
pub fn parse(reader: &mut Reader) -> ParseResult<String> {
    // We test if our first character is a start of an XML text.
    // If not, we return immediately a recoverable error.
    // Otherwise, we start parsing the supposed XML buffer. Any subsequent error will be a
    // non-recoverable error.
    let c = reader.peek();
    match c {
        Some('<') => {}
        _ => {
            return Err(ParseError::new(
                reader.cursor().pos,
                true,
                ParseErrorKind::Xml,
            ));
        }
    }

    // Read in place: a file with many XML bodies is not copied once per body.
    let (scanned, len) = {
        let chars = reader.rest();
        (Scanner { chars, at: 0 }.document(), chars.len())
    };
    match scanned {
        Ok(end) => Ok(reader.read_n(crate::reader::CharPos(end))),
        Err(at) => {
            // The error is reported at the char that cannot be read, or at the last char when
            // the text ends too early.
            let at = at.min(len.saturating_sub(1));
            reader.read_n(crate::reader::CharPos(at));
            Err(ParseError::new(
                reader.cursor().pos,
                false,
                ParseErrorKind::Xml,
            ))
        }
    }
}

/// The index of the char where the document stops being well-formed.
type Failed = usize;

/// An XML 1.0 document's syntax, enough to find where its root element ends and to refuse what
/// is not well-formed.
struct Scanner<'a> {
    chars: &'a [char],
    at: usize,
}

impl<'a> Scanner<'a> {
    /// The prolog and the root element; the index just after the root element.
    fn document(&mut self) -> Result<usize, Failed> {
        let mut doctype = false;
        loop {
            self.spaces();
            if self.starts_with("<!--") {
                self.comment()?;
            } else if self.starts_with("<?") {
                self.processing_instruction()?;
            } else if !doctype && self.starts_with("<!DOCTYPE") {
                self.doctype()?;
                doctype = true;
            } else if self.peek() == Some('<') {
                self.element(doctype)?;
                return Ok(self.at);
            } else {
                return Err(self.at);
            }
        }
    }

    /// An element, from its `<`; it ends after its closing `>`.
    fn element(&mut self, doctype: bool) -> Result<(), Failed> {
        // The names of the open elements.
        let mut open: Vec<&'a [char]> = Vec::new();
        loop {
            self.expect('<')?;
            let name = self.name()?;
            let mut empty = false;
            let mut attributes: Vec<&'a [char]> = Vec::new();
            loop {
                let spaced = self.spaces();
                match self.peek() {
                    Some('>') => {
                        self.at += 1;
                        break;
                    }
                    Some('/') => {
                        self.at += 1;
                        self.expect('>')?;
                        empty = true;
                        break;
                    }
                    Some(_) if spaced => {
                        let start = self.at;
                        let attribute = self.attribute(doctype)?;
                        if attributes.contains(&attribute) {
                            return Err(start);
                        }
                        attributes.push(attribute);
                    }
                    _ => return Err(self.at),
                }
            }
            if !empty {
                open.push(name);
            }
            // Content, until a child element starts or the innermost element ends.
            loop {
                if open.is_empty() {
                    return Ok(());
                }
                match self.peek() {
                    None => return Err(self.at),
                    Some('&') => self.reference(doctype)?,
                    Some('<') => {
                        if self.starts_with("<!--") {
                            self.comment()?;
                        } else if self.starts_with("<![CDATA[") {
                            self.at += 9;
                            self.until("]]>")?;
                        } else if self.starts_with("<?") {
                            self.processing_instruction()?;
                        } else if self.starts_with("</") {
                            self.at += 2;
                            let end = self.name()?;
                            let name = open.pop().unwrap_or_default();
                            if end != name {
                                return Err(self.at - 1);
                            }
                            self.spaces();
                            self.expect('>')?;
                        } else {
                            break;
                        }
                    }
                    Some(_) if self.starts_with("]]>") => return Err(self.at),
                    Some(c) if !is_char(c) => return Err(self.at),
                    Some(_) => self.at += 1,
                }
            }
        }
    }

    /// ` name="value"` after an element's name; its name.
    fn attribute(&mut self, doctype: bool) -> Result<&'a [char], Failed> {
        let name = self.name()?;
        self.spaces();
        self.expect('=')?;
        self.spaces();
        let quote = match self.peek() {
            Some(q @ ('"' | '\'')) => q,
            _ => return Err(self.at),
        };
        self.at += 1;
        loop {
            match self.peek() {
                None | Some('<') => return Err(self.at),
                Some('&') => self.reference(doctype)?,
                Some(c) if c == quote => {
                    self.at += 1;
                    return Ok(name);
                }
                Some(c) if !is_char(c) => return Err(self.at),
                Some(_) => self.at += 1,
            }
        }
    }

    /// `&name;`, `&#10;` or `&#xA;`. Without a DOCTYPE only the five predefined entities exist.
    fn reference(&mut self, doctype: bool) -> Result<(), Failed> {
        self.expect('&')?;
        if self.peek() == Some('#') {
            self.at += 1;
            let hex = self.peek() == Some('x');
            if hex {
                self.at += 1;
            }
            let digits = self.at;
            while self.peek().is_some_and(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            }) {
                self.at += 1;
            }
            let text: String = self.chars[digits..self.at].iter().collect();
            let value = u32::from_str_radix(&text, if hex { 16 } else { 10 }).ok();
            if !value.and_then(char::from_u32).is_some_and(is_char) {
                return Err(digits);
            }
        } else {
            let start = self.at;
            let name: String = self.name()?.iter().collect();
            if !doctype && !["lt", "gt", "amp", "apos", "quot"].contains(&name.as_str()) {
                return Err(start);
            }
        }
        self.expect(';')
    }

    /// `<!-- ... -->`, with no `--` inside.
    fn comment(&mut self) -> Result<(), Failed> {
        self.at += 4;
        loop {
            if self.starts_with("--") {
                self.at += 2;
                return self.expect('>');
            }
            self.next()?;
        }
    }

    /// `<?target ...?>`; the target `xml` (any case) is reserved for the declaration, which only
    /// the document's first chars may hold.
    fn processing_instruction(&mut self) -> Result<(), Failed> {
        let declaration = self.at == 0;
        self.at += 2;
        let start = self.at;
        let target: String = self.name()?.iter().collect();
        if target.eq_ignore_ascii_case("xml") && !declaration {
            return Err(start);
        }
        self.until("?>")
    }

    /// `<!DOCTYPE ...>`, with an internal subset in brackets, quoted strings and comments.
    fn doctype(&mut self) -> Result<(), Failed> {
        self.at += 9;
        let mut depth = 0usize;
        loop {
            if self.starts_with("<!--") {
                self.comment()?;
                continue;
            }
            match self.next()? {
                quote @ ('"' | '\'') => while self.next()? != quote {},
                '[' => depth += 1,
                ']' => depth = depth.checked_sub(1).ok_or(self.at - 1)?,
                '>' if depth == 0 => return Ok(()),
                _ => {}
            }
        }
    }

    /// An XML name.
    fn name(&mut self) -> Result<&'a [char], Failed> {
        let start = self.at;
        match self.peek() {
            Some(c) if c.is_alphabetic() || c == '_' || c == ':' || !c.is_ascii() => {}
            _ => return Err(self.at),
        }
        while self.peek().is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.') || !c.is_ascii()
        }) {
            self.at += 1;
        }
        let chars: &'a [char] = self.chars;
        Ok(&chars[start..self.at])
    }

    /// Skips to just after `end`.
    fn until(&mut self, end: &str) -> Result<(), Failed> {
        while !self.starts_with(end) {
            self.next()?;
        }
        self.at += end.chars().count();
        Ok(())
    }

    /// Skips white space; whether there was some.
    fn spaces(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
        self.at > start
    }

    fn expect(&mut self, c: char) -> Result<(), Failed> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.at)
        }
    }

    fn next(&mut self) -> Result<char, Failed> {
        let c = self.peek().ok_or(self.at)?;
        self.at += 1;
        Ok(c)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        let mut at = self.at;
        for c in s.chars() {
            if self.chars.get(at) != Some(&c) {
                return false;
            }
            at += 1;
        }
        true
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// A char XML 1.0 allows in a document (`Char`).
fn is_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{CharPos, Pos};

    #[test]
    fn parse_xml_brute_force_errors() {
        let mut reader = Reader::new("");
        let error = parse(&mut reader).err().unwrap();
        assert_eq!(error.pos, Pos { line: 1, column: 1 });
        assert_eq!(error.kind, ParseErrorKind::Xml);
        assert!(error.recoverable);

        let mut reader = Reader::new("x");
        let error = parse(&mut reader).err().unwrap();
        assert_eq!(error.pos, Pos { line: 1, column: 1 });
        assert_eq!(error.kind, ParseErrorKind::Xml);
        assert!(error.recoverable);

        let mut reader = Reader::new("<<");
        let error = parse(&mut reader).err().unwrap();
        assert_eq!(error.pos, Pos { line: 1, column: 2 });
        assert_eq!(error.kind, ParseErrorKind::Xml);
        assert!(!error.recoverable);

        let mut reader = Reader::new("<users><user /></users");
        let error = parse(&mut reader).err().unwrap();
        assert_eq!(
            error.pos,
            Pos {
                line: 1,
                column: 22
            }
        );
        assert_eq!(error.kind, ParseErrorKind::Xml);

        let mut reader = Reader::new("<users aa><user /></users");
        let error = parse(&mut reader).err().unwrap();
        assert_eq!(
            error.pos,
            Pos {
                line: 1,
                column: 10
            }
        );
        assert_eq!(error.kind, ParseErrorKind::Xml);
    }

    #[test]
    fn parse_xml_brute_force_ok() {
        let mut reader = Reader::new("<users><user /></users>");
        assert_eq!(
            parse(&mut reader).unwrap(),
            String::from("<users><user /></users>")
        );
        assert_eq!(reader.cursor().index, CharPos(23));

        let mut reader = Reader::new("<users><user /></users>xx");
        assert_eq!(
            parse(&mut reader).unwrap(),
            String::from("<users><user /></users>")
        );
        assert_eq!(reader.cursor().index, CharPos(23));
        assert_eq!(reader.peek_n(2), String::from("xx"));

        let mut reader = Reader::new("<?xml version=\"1.0\"?><users/>xxx");
        assert_eq!(
            parse(&mut reader).unwrap(),
            String::from("<?xml version=\"1.0\"?><users/>")
        );
        assert_eq!(reader.cursor().index, CharPos(29));
    }

    #[test]
    fn parse_xml_soap_utf8() {
        let xml = r#"<?xml version='1.0' encoding='UTF-8'?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
    <soapenv:Body>
        <ns31:UploadInboundResponseElement xmlns:ns31="http://www.example.com/schema/xyzWS">
            <ns31:UploadInboundResult>&lt;?xml version="1.0" encoding="UTF-8" ?>&lt;ATKCST>&lt;Head>&lt;FunCode>9000&lt;/FunCode>&lt;Remark>接收数据成功&lt;/Remark>&lt;/Head>&lt;/ATKCST></ns31:UploadInboundResult>
        </ns31:UploadInboundResponseElement>
    </soapenv:Body>
</soapenv:Envelope>"#;

        // A valid complete XML
        let input = xml;
        let output = xml;
        let mut reader = Reader::new(input);
        assert_eq!(parse(&mut reader).unwrap(), String::from(output),);
        assert_eq!(reader.cursor().index, CharPos(520));

        // A XML with data padding
        let input = format!("{xml} xx xx xx xx");
        let output = xml;
        let mut reader = Reader::new(&input);
        assert_eq!(parse(&mut reader).unwrap(), String::from(output),);
        assert_eq!(reader.cursor().index, CharPos(520));

        // Two consecutive XML
        let input = format!("{xml}{xml}");
        let output = xml;
        let mut reader = Reader::new(&input);
        assert_eq!(parse(&mut reader).unwrap(), String::from(output),);
        assert_eq!(reader.cursor().index, CharPos(520));

        let mut reader = Reader::new(&input);
        assert_eq!(parse(&mut reader).unwrap(), String::from(output),);
        assert_eq!(reader.cursor().index, CharPos(520));
    }

    #[test]
    fn parse_xml_books_with_entry_response_start() {
        let xml = r#"<?xml version="1.0"?>
<catalog>
   <book id="bk101">
      <author>Gambardella, Matthew</author>
      <title>XML Developer's Guide</title>
      <genre>Computer</genre>
      <price>44.95</price>
      <publish_date>2000-10-01</publish_date>
      <description>An in-depth look at creating applications
      with XML.</description>
   </book>
   <book id="bk102">
      <author>Ralls, Kim</author>
      <title>Midnight Rain</title>
      <genre>Fantasy</genre>
      <price>5.95</price>
      <publish_date>2000-12-16</publish_date>
      <description>A former architect battles corporate zombies,
      an evil sorceress, and her own childhood to become queen
      of the world.</description>
   </book>
   <book id="bk103">
      <author>Corets, Eva</author>
      <title>Maeve Ascendant</title>
      <genre>Fantasy</genre>
      <price>5.95</price>
      <publish_date>2000-11-17</publish_date>
      <description>After the collapse of a nanotechnology
      society in England, the young survivors lay the
      foundation for a new society.</description>
   </book>
   <book id="bk104">
      <author>Corets, Eva</author>
      <title>Oberon's Legacy</title>
      <genre>Fantasy</genre>
      <price>5.95</price>
      <publish_date>2001-03-10</publish_date>
      <description>In post-apocalypse England, the mysterious
      agent known only as Oberon helps to create a new life
      for the inhabitants of London. Sequel to Maeve
      Ascendant.</description>
   </book>
   <book id="bk105">
      <author>Corets, Eva</author>
      <title>The Sundered Grail</title>
      <genre>Fantasy</genre>
      <price>5.95</price>
      <publish_date>2001-09-10</publish_date>
      <description>The two daughters of Maeve, half-sisters,
      battle one another for control of England. Sequel to
      Oberon's Legacy.</description>
   </book>
   <book id="bk106">
      <author>Randall, Cynthia</author>
      <title>Lover Birds</title>
      <genre>Romance</genre>
      <price>4.95</price>
      <publish_date>2000-09-02</publish_date>
      <description>When Carla meets Paul at an ornithology
      conference, tempers fly as feathers get ruffled.</description>
   </book>
   <book id="bk107">
      <author>Thurman, Paula</author>
      <title>Splish Splash</title>
      <genre>Romance</genre>
      <price>4.95</price>
      <publish_date>2000-11-02</publish_date>
      <description>A deep sea diver finds true love twenty
      thousand leagues beneath the sea.</description>
   </book>
   <book id="bk108">
      <author>Knorr, Stefan</author>
      <title>Creepy Crawlies</title>
      <genre>Horror</genre>
      <price>4.95</price>
      <publish_date>2000-12-06</publish_date>
      <description>An anthology of horror stories about roaches,
      centipedes, scorpions  and other insects.</description>
   </book>
   <book id="bk109">
      <author>Kress, Peter</author>
      <title>Paradox Lost</title>
      <genre>Science Fiction</genre>
      <price>6.95</price>
      <publish_date>2000-11-02</publish_date>
      <description>After an inadvertent trip through a Heisenberg
      Uncertainty Device, James Salway discovers the problems
      of being quantum.</description>
   </book>
   <book id="bk110">
      <author>O'Brien, Tim</author>
      <title>Microsoft .NET: The Programming Bible</title>
      <genre>Computer</genre>
      <price>36.95</price>
      <publish_date>2000-12-09</publish_date>
      <description>Microsoft's .NET initiative is explored in
      detail in this deep programmer's reference.</description>
   </book>
   <book id="bk111">
      <author>O'Brien, Tim</author>
      <title>MSXML3: A Comprehensive Guide</title>
      <genre>Computer</genre>
      <price>36.95</price>
      <publish_date>2000-12-01</publish_date>
      <description>The Microsoft MSXML3 parser is covered in
      detail, with attention to XML DOM interfaces, XSLT processing,
      SAX and more.</description>
   </book>
   <book id="bk112">
      <author>Galos, Mike</author>
      <title>Visual Studio 7: A Comprehensive Guide</title>
      <genre>Computer</genre>
      <price>49.95</price>
      <publish_date>2001-04-16</publish_date>
      <description>Microsoft Visual Studio 7 is explored in depth,
      looking at how Visual Basic, Visual C++, C#, and ASP+ are
      integrated into a comprehensive development
      environment.</description>
   </book>
</catalog>"#;

        let chunk = format!("{xml}\nHTTP 200");
        let mut reader = Reader::new(&chunk);
        assert_eq!(parse(&mut reader).unwrap(), String::from(xml),);
        assert_eq!(reader.cursor().index, CharPos(4411));
    }
}
