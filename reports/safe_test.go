package reports

import "testing"

func TestSafeText(t *testing.T) {
	tests := map[string]string{
		"Acme":              "Acme",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1 555":            "'+1 555",
		"-2+3":              "'-2+3",
		"@SUM(A1)":          "'@SUM(A1)",
		"\t=1":              "'\t=1",
		"Müller = Müller":   "Müller = Müller",
		"":                  "",
		"0001002":           "0001002",
	}
	for in, want := range tests {
		if got := SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
}
