package ledger

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Text from a file is checked at the door: a file in another encoding
// than UTF-8 stored its raw bytes (every reminder to that customer then
// failed for ever), and NUL or control characters reached names and
// addresses. A file is either UTF-8 or converted from the encoding the
// user names (ImportOptions.Encoding); its encoding is guessed only to
// say what it is, never to convert it silently.

// decodeInput returns the reader to parse: r itself for UTF-8, or r
// converted from the encoding named. A UTF-16 file read as UTF-8 is
// refused here, by its byte-order mark or its NUL bytes.
func decodeInput(r io.Reader, name, enc string) (io.Reader, *Problem) {
	br := bufio.NewReaderSize(r, 1<<16)
	if enc != "" {
		e, err := lookupEncoding(enc)
		if err != nil {
			return nil, &Problem{File: name, Line: 1, Reason: err.Error()}
		}
		return transform.NewReader(br, e.NewDecoder()), nil
	}
	head, _ := br.Peek(4096)
	if found, flag := sniffUTF16(head); found != "" {
		return nil, &Problem{File: name, Line: 1, Reason: fmt.Sprintf(
			"the file is in %s, not UTF-8: save it as UTF-8 (in Excel: CSV UTF-8), or import it with --encoding %s", found, flag)}
	}
	return br, nil
}

// sniffUTF16 names UTF-16 by its byte-order mark, or by the NUL bytes that
// ASCII text has in every other byte in UTF-16, with the --encoding that
// reads it; "" when it is neither.
func sniffUTF16(head []byte) (found, flag string) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "UTF-16 LE (byte-order mark FF FE)", "UTF-16LE"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "UTF-16 BE (byte-order mark FE FF)", "UTF-16BE"
	}
	n := len(head) &^ 1
	if n < 4 {
		return "", ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	// Text in UTF-16 has a NUL in most pairs (ASCII) on one side only;
	// text in UTF-8 has none.
	pairs := n / 2
	switch {
	case odd*2 > pairs && even*8 < pairs:
		return "UTF-16 LE (no byte-order mark: a NUL after every ASCII character)", "UTF-16LE"
	case even*2 > pairs && odd*8 < pairs:
		return "UTF-16 BE (no byte-order mark: a NUL before every ASCII character)", "UTF-16BE"
	}
	return "", ""
}

// lookupEncoding finds an encoding by its WHATWG or IANA name
// ("windows-1252", "latin1", "UTF-16LE").
func lookupEncoding(name string) (encoding.Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "utf-8", "utf8":
		return encoding.Nop, nil
	case "utf-16", "utf16":
		// The byte-order mark decides; little-endian without one, as
		// Windows writes it.
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), nil
	}
	if e, err := htmlindex.Get(name); err == nil {
		return e, nil
	}
	if e, err := ianaindex.IANA.Encoding(name); err == nil && e != nil {
		return e, nil
	}
	return nil, fmt.Errorf("unknown encoding %q for --encoding: use a name such as UTF-16LE, UTF-16BE, windows-1252 or ISO-8859-1", name)
}

// notUTF8 says where a field is not UTF-8 and what the file probably is.
func notUTF8(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	b := s[i]
	guess := "Windows-1252 or Latin-1 (ISO-8859-1)"
	if b >= 0x80 && b <= 0x9F {
		// Printable in Windows-1252 (€, ‘, ”…), control characters in
		// Latin-1: the file is Windows-1252.
		guess = "Windows-1252"
	}
	ch := ""
	if r := charmap.Windows1252.DecodeByte(b); unicode.IsPrint(r) {
		ch = fmt.Sprintf(" (%q in Windows-1252)", r)
	}
	return fmt.Sprintf("not UTF-8: byte 0x%02X at character %d%s; the file looks like %s: save it as UTF-8, or import it with --encoding windows-1252 (or the name of the encoding it is in)",
		b, utf8.RuneCountInString(s[:i])+1, ch, guess)
}

// multiLine are the columns whose text may span lines (a quoted address
// or note); no other column takes a line break or a tab.
var multiLine = map[string]bool{"address": true, "notes": true, "description": true}

// controlChar finds a control character the column may not hold: NUL and
// the other C0 and C1 controls and DEL anywhere; tabs and line breaks
// outside multiLine columns. It returns the character's 1-based position.
func controlChar(col, s string) (rune, int, bool) {
	pos := 0
	for _, r := range s {
		pos++
		if !unicode.IsControl(r) && r != '\u2028' && r != '\u2029' {
			continue
		}
		if (r == '\n' || r == '\r' || r == '\t') && multiLine[col] {
			continue
		}
		return r, pos, true
	}
	return 0, 0, false
}

// validText refuses text that is not UTF-8 or holds a control character
// the field may not (controlChar): what a form or the command line types
// is held to what a file brings in.
func validText(field, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s is not valid UTF-8 text", field)
	}
	if r, pos, bad := controlChar(field, s); bad {
		return Errorf(EINVALID, "%s contains %s at character %d: text may not hold control characters", field, controlName(r), pos)
	}
	return nil
}

// controlName names a control character for a message.
func controlName(r rune) string {
	switch r {
	case 0:
		return "U+0000 (NUL)"
	case '\t':
		return "a tab"
	case '\n', '\r':
		return "a line break"
	}
	return fmt.Sprintf("U+%04X (a control character)", r)
}

// checkText checks the fields of the current row: every field must be
// UTF-8 (else the file is in another encoding, and reading stops), and
// those of known columns free of control characters (a problem of the
// row). The header is checked the same way.
func (f *csvFile) checkText() (fatal *Problem, probs []Problem) {
	for i, v := range f.rec {
		if !utf8.ValidString(v) {
			line, _ := f.r.FieldPos(i)
			col := ""
			if i < len(f.header) {
				col = f.header[i]
			}
			return &Problem{File: f.name, Line: line, Column: col, Col: i + 1, Reason: notUTF8(v)}, nil
		}
	}
	if len(f.header) > 0 && len(f.rec) > len(f.header) {
		// An unquoted comma in a value (1,234.56) splits it in two and
		// shifts nothing after it: the first half would be read as the
		// whole. Empty fields past the header (a trailing comma) are fine.
		for i := len(f.header); i < len(f.rec); i++ {
			if strings.TrimSpace(f.rec[i]) != "" {
				line, _ := f.r.FieldPos(i)
				probs = append(probs, Problem{File: f.name, Line: line, Reason: fmt.Sprintf(
					"column %d: the row has %d fields but the header %d: a value with an unquoted comma (such as 1,234.56) splits in two; quote it, or write it without the comma",
					i+1, len(f.rec), len(f.header))})
				break
			}
		}
	}
	for i, v := range f.rec {
		if i >= len(f.header) || !f.known[f.header[i]] {
			continue
		}
		if f.cols[f.header[i]] != i {
			continue // a repeated column: only the first is read
		}
		if r, pos, bad := controlChar(f.header[i], v); bad {
			p := f.at(f.header[i])
			p.Reason = fmt.Sprintf("contains %s at character %d: text may not hold control characters", controlName(r), pos)
			probs = append(probs, p)
		}
	}
	return nil, probs
}

// delimiterHint names the separator a header that lacks required columns
// seems to use instead of commas, or "" when it seems to use commas.
func delimiterHint(hdr []string) string {
	if len(hdr) != 1 {
		return ""
	}
	best, most := "", 0
	for _, d := range []struct{ sep, name string }{{";", `semicolons (";")`}, {"\t", "tabs"}, {"|", `bars ("|")`}} {
		if n := strings.Count(hdr[0], d.sep); n > most {
			best, most = d.name, n
		}
	}
	return best
}

// DecodeText returns a whole file's text as UTF-8, without a byte-order
// mark: converted from enc when one is named, else checked to be UTF-8.
// A file in UTF-16 or in a single-byte encoding read as UTF-8 is refused
// with the line where it shows and what it looks like (notUTF8), so that
// nothing reaches the ledger as mojibake; flag names the option that
// reads it (such as "--encoding").
func DecodeText(data []byte, enc, flag string) ([]byte, error) {
	return decodeText(data, enc,
		func(name string) string {
			return fmt.Sprintf("save it as UTF-8, or name its encoding (%s %s)", flag, name)
		},
		"import it with --encoding", "name its encoding: "+flag)
}

// decodeText is DecodeText with the advice its caller gives: utf16 for a
// UTF-16 file (given the encoding to name), and hint in place of from in
// what notUTF8 says of a single-byte file.
func decodeText(data []byte, enc string, utf16 func(name string) string, from, hint string) ([]byte, error) {
	if enc != "" {
		e, err := lookupEncoding(enc)
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(e.NewDecoder().Reader(bytes.NewReader(data)))
		if err != nil {
			return nil, fmt.Errorf("read as %s: %w", enc, err)
		}
		return bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")), nil
	}
	if found, name := sniffUTF16(data[:min(len(data), 4096)]); found != "" {
		return nil, fmt.Errorf("the file is in %s, not UTF-8: %s", found, utf16(name))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		bad := firstInvalid(data)
		line := 1 + bytes.Count(data[:bad], []byte("\n"))
		start := bytes.LastIndexByte(data[:bad], '\n') + 1
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data) - start
		}
		why := strings.Replace(notUTF8(string(data[start:start+end])), from, hint, 1)
		return nil, fmt.Errorf("line %d: %s", line, why)
	}
	return data, nil
}
