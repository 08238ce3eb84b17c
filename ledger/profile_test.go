package ledger

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

func TestChangeSetting(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tests := []struct {
		name, key, value, stored string
		code                     string // "" for success
	}{
		{"OK", "business.name", "  Müller Łódź Sp. z o.o. ", "Müller Łódź Sp. z o.o.", ""},
		{"OKLines", "business.address", "ul. Piotrkowska 1\r\n90-001 Łódź", "ul. Piotrkowska 1\n90-001 Łódź", ""},
		{"ErrNewlineInLine", "business.name", "a\nb", "", EINVALID},
		{"ErrControl", "invoice.footer", "a\x07b", "", EINVALID},
		{"ErrUnknownKey", "business.nmae", "x", "", EINVALID},
		{"OKPaper", "invoice.paper", "Letter", "letter", ""},
		{"ErrPaper", "invoice.paper", "a5", "", EINVALID},
		{"OKIBAN", "payment.iban", "de89 3704 0044 0532 0130 00", "DE89370400440532013000", ""},
		{"ErrIBANChecksum", "payment.iban", "DE89 3704 0044 0532 0130 01", "", EINVALID},
		{"ErrIBANLength", "payment.iban", "DE89 3704 0044 0532 0130", "", EINVALID},
		{"OKIBANGB", "payment.iban", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", ""},
		{"OKBIC", "payment.bic", "haspdehh", "HASPDEHH", ""},
		{"ErrBIC", "payment.bic", "HASP1EHH", "", EINVALID},
		{"OKLocale", "invoice.locale", "de_DE", "de-DE", ""},
		{"ErrLocale", "invoice.locale", "not a locale", "", EINVALID},
		{"OKEmail", "business.email", "accounts@example.com", "accounts@example.com", ""},
		{"ErrEmail", "business.email", "accounts at example", "", EINVALID},
		{"ErrPhone", "business.phone", "call me", "", EINVALID},
		{"OKLink", "payment.link", "https://pay.example/x?a=1", "https://pay.example/x?a=1", ""},
		{"ErrLink", "payment.link", "javascript:alert(1)", "", EINVALID},
		{"OKCurrency", "business.currency", "eur", "EUR", ""},
		{"ErrCurrency", "business.currency", "EUX", "", EINVALID},
		{"OKEdges", "aging.edges", "15, 45", "15,45", ""},
		{"ErrLogoAsText", "business.logo", "logo.png", "", EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ChangeSetting(ctx, tt.key, tt.value)
			if tt.code != "" {
				if ErrorCode(err) != tt.code {
					t.Fatalf("ChangeSetting(%q, %q) = %v, want a %s error", tt.key, tt.value, err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Setting(ctx, tt.key, ""); got != tt.stored {
				t.Errorf("stored %q, want %q", got, tt.stored)
			}
		})
	}
	err := s.ChangeSetting(ctx, "business.nmae", "x")
	if err == nil || !strings.Contains(err.Error(), "business.name") {
		t.Errorf("an unknown key should list the known ones: %v", err)
	}
	// An empty value removes the setting.
	if err := s.ChangeSetting(ctx, "invoice.paper", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Setting(ctx, "invoice.paper", "unset"); got != "unset" {
		t.Errorf("cleared paper reads %q", got)
	}
}

func TestNormalizeIBANKnownGood(t *testing.T) {
	// Examples from the IBAN registry: all must pass.
	for _, iban := range []string{"AT611904300234573201", "BE68539007547034", "CH9300762011623852957",
		"FR1420041010050500013M02606", "NL91ABNA0417164300", "PL61109010140000071219812874", "NO9386011117947"} {
		if _, err := NormalizeIBAN(iban); err != nil {
			t.Errorf("%s: %v", iban, err)
		}
	}
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{R: uint8(x), G: 120, B: uint8(y), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLogo(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.SettingFile(ctx, "business.logo"); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("unset logo: %v", err)
	}
	good := testPNG(t, 40, 20)
	img, err := s.SetSettingFile(ctx, "business.logo", good)
	if err != nil {
		t.Fatal(err)
	}
	if img.Format != "png" || img.Width != 40 || img.Height != 20 {
		t.Errorf("decoded %+v", img)
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"Empty", nil},
		{"NotAnImage", []byte("hello, world")},
		{"TruncatedPNG", good[:len(good)/2]},
		{"TruncatedJPEG", jb.Bytes()[:len(jb.Bytes())-40]},
	} {
		if _, err := s.SetSettingFile(ctx, "business.logo", bad.data); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", bad.name, err)
		}
	}
	if _, err := s.SetSettingFile(ctx, "business.name", good); ErrorCode(err) != EINVALID {
		t.Errorf("image into a text key: %v", err)
	}
	// The bad attempts left the good logo in place.
	p, err := s.BusinessProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Logo == nil || !bytes.Equal(p.Logo.Data, good) {
		t.Fatal("logo lost")
	}
	list, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range list {
		if sv.Key.Name == "business.logo" && (!sv.Set || sv.Value != "PNG 40×20, 1 KB") {
			t.Errorf("listed logo %+v", sv)
		}
	}
	if err := s.ChangeSetting(ctx, "business.logo", ""); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.BusinessProfile(ctx); p.Logo != nil {
		t.Error("logo not cleared")
	}
}

func TestBusinessProfile(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	for k, v := range map[string]string{"business.name": "Nordlicht", "payment.iban": "DE89370400440532013000",
		"invoice.locale": "de-DE", "invoice.paper": "a4", "invoice.notes": "Danke!"} {
		if err := s.ChangeSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.BusinessProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Nordlicht" || p.IBAN != "DE89370400440532013000" || p.Locale != "de-DE" || p.Paper != "a4" || p.Notes != "Danke!" || p.Logo != nil {
		t.Errorf("profile %+v", p)
	}
	// Every key Settings lists is one LookupSettingKey knows, once.
	seen := map[string]bool{}
	list, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range list {
		if seen[sv.Key.Name] {
			t.Errorf("%s listed twice", sv.Key.Name)
		}
		seen[sv.Key.Name] = true
		if _, err := LookupSettingKey(sv.Key.Name); err != nil || sv.Key.Help == "" {
			t.Errorf("%s: %v (help %q)", sv.Key.Name, err, sv.Key.Help)
		}
	}
}
