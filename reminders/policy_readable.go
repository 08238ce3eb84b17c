package reminders

import "strings"

// ReadableJSON undoes the \u003c, \u003e and \u0026 escapes that Go's
// JSON writer put into policies stored before Policy.JSON stopped
// writing them: "<p>" means the same in JSON and is what a user wrote.
// An escaped backslash before the u ("\\u003c", the six characters
// written out) is left alone.
func ReadableJSON(js string) string {
	if !strings.Contains(js, `\u00`) {
		return js
	}
	var b strings.Builder
	for i := 0; i < len(js); i++ {
		if js[i] != '\\' {
			b.WriteByte(js[i])
			continue
		}
		if i+1 < len(js) && js[i+1] == '\\' { // an escaped backslash: keep both
			b.WriteString(`\\`)
			i++
			continue
		}
		if rest := js[i:]; len(rest) >= 6 {
			switch strings.ToLower(rest[:6]) {
			case `\u003c`:
				b.WriteByte('<')
				i += 5
				continue
			case `\u003e`:
				b.WriteByte('>')
				i += 5
				continue
			case `\u0026`:
				b.WriteByte('&')
				i += 5
				continue
			}
		}
		b.WriteByte('\\')
	}
	return b.String()
}
