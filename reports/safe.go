package reports

import "strings"

// SafeText neutralises a text value for a spreadsheet: a leading '=', '+',
// '-', '@', tab or carriage return would let a customer name such as
// "=HYPERLINK(...)" run as a formula when the export is opened in Excel or
// LibreOffice (CSV/formula injection). A leading apostrophe makes it text.
// Numbers are written as numbers and never pass through here.
func SafeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
