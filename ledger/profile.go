package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // the logo may be a JPEG
	_ "image/png"  // or a PNG
	"math/big"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// SettingKind says how a setting's value is given and stored.
type SettingKind int

const (
	SettingText  SettingKind = iota // one line of text, in the settings table
	SettingLines                    // text that may span lines (an address, a footer)
	SettingImage                    // image bytes in setting_files; set from a file
)

// SettingKey is one setting a user may change. Every key Paidup reads
// from the settings table is listed in settingKeys, so a typo is refused
// with the list of keys instead of being stored and silently ignored.
type SettingKey struct {
	Name    string
	Kind    SettingKind
	Help    string // one line for `paidup settings list` and the README
	Example string
	// check validates a value and returns it as it is stored; nil
	// accepts any text of the kind within maxText.
	check func(string) (string, error)
}

// maxText bounds free text: a profile is printed on every document.
const maxText = 2000

// settingKeys is the registry of keys, in the order they are listed. A
// new group of keys (smtp.*, say) is added here and nowhere else.
var settingKeys = []SettingKey{
	{Name: "business.name", Help: "your business's name, printed at the top of every document", Example: "Nordlicht Design Studio", check: lineOf(200)},
	{Name: "business.address", Kind: SettingLines, Help: "postal address, one line per line", Example: `Hafenstraße 12\n20457 Hamburg\nGermany`},
	{Name: "business.postcode", Help: "postcode of the business address (e-invoices; business.address then holds the street lines)", Example: "20457", check: lineOf(20)},
	{Name: "business.city", Help: "town or city of the business address (e-invoices)", Example: "Hamburg", check: lineOf(100)},
	{Name: "business.country", Help: "country of the business, ISO 3166 two-letter code (e-invoices)", Example: "DE", check: checkCountry},
	{Name: "business.tax_id", Help: "VAT or tax number", Example: "DE123456789", check: lineOf(64)},
	{Name: "business.registration", Help: "company registration number, such as HRB 12345 or a SIREN (e-invoices: seller legal registration id)", Example: "HRB 12345", check: lineOf(64)},
	{Name: "business.email", Help: "email address printed on documents", Example: "accounts@nordlicht.example", check: checkEmail},
	{Name: "business.phone", Help: "phone number printed on documents", Example: "+49 40 1234567", check: checkPhone},
	{Name: "business.logo", Kind: SettingImage, Help: "logo, a PNG or JPEG file (set it with the file's path)", Example: "logo.png"},
	{Name: "business.currency", Help: "home currency (ISO 4217): the default for new customers", Example: "EUR", check: checkCurrency},
	{Name: "customer.terms_days", Help: "payment terms in days for new customers (default 30)", Example: "14", check: checkTermsDays},
	{Name: "customer.credit_limit", Help: "credit limit new customers start with, in their currency (default none)", Example: "5000", check: checkAmount},
	{Name: "credit.hold_after_days", Help: "put a customer on hold when its oldest overdue invoice is more than this many days late (default never)", Example: "60", check: checkTermsDays},
	{Name: "credit.hold_over_amount", Help: "put a customer on hold when its overdue balance is over this amount, in its currency (default never)", Example: "10000", check: checkAmount},
	{Name: "reminders.segment_policy", Help: "the reminder policy each risk segment follows when a customer has none of its own: segment=policy pairs (segments: new, prompt, slow, chronic late, at risk)", Example: "chronic late=firm, at risk=final", check: checkSegmentPolicy},
	{Name: "promise.grace_days", Help: "days after a promised date before reminders of the invoices it covers resume (default 3)", Example: "3", check: checkTermsDays},
	{Name: "bank.fee_tolerance", Help: "largest shortfall of a bank statement payment taken as bank charges and written off on accepting, in the payment's currency (default none)", Example: "5", check: checkAmount},
	{Name: "bank.auto_post", Help: "true (default): post certain matches of statement lines at once; false: every match waits for review", Example: "false", check: checkBool},
	{Name: "charges.interest", Help: "late-payment interest: none (default), N%/year, N%/month, eu (ECB rate + 8), eu-de (ECB rate + 9) or uk (Bank of England rate + 8); a customer may have its own", Example: "eu", check: checkInterestRule},
	{Name: "charges.compensation", Help: "fixed compensation per late invoice: none (default), eu (EUR 40), uk (GBP 40/70/100 by size) or an amount in the invoice's currency", Example: "eu", check: checkCompensationRule},
	{Name: "charges.day_count", Help: "interest day count: act/365 (default) or act/360", Example: "act/360", check: checkDayCount},
	{Name: "recur.email", Help: "true: email each recurring invoice as it is issued (through the outbox, with the next send)", Example: "true", check: checkBool},
	{Name: "payment.bank", Help: "name of your bank", Example: "Hamburger Sparkasse", check: lineOf(100)},
	{Name: "payment.iban", Help: "IBAN to pay into (checked; enables the EPC QR code on EUR invoices)", Example: "DE89 3704 0044 0532 0130 00", check: checkIBAN},
	{Name: "payment.bic", Help: "BIC (SWIFT code) of your bank", Example: "HASPDEHHXXX", check: checkBIC},
	{Name: "payment.account", Help: "account details where IBANs are not used", Example: "Routing 021000021, account 123456789", check: lineOf(200)},
	{Name: "payment.link", Help: "a web address where customers can pay", Example: "https://pay.example/nordlicht", check: checkLink},
	{Name: "invoice.footer", Kind: SettingLines, Help: "small print at the foot of every page", Example: "Nordlicht Design Studio GmbH · HRB 12345 Hamburg"},
	{Name: "invoice.paper", Help: "paper size: a4 or letter (default: letter for US/Canadian/Mexican locales, else a4)", Example: "a4", check: checkPaper},
	{Name: "invoice.locale", Help: "language and region for numbers, dates and the order of names, e.g. de-DE, en-US (default en)", Example: "de-DE", check: checkLocale},
	{Name: "invoice.language", Help: "language of the words on invoices, credit notes and statements: en, de, fr, es, nl, it or pl (default: invoice.locale's language when it is one of these, else en)", Example: "de", check: checkDocumentLanguage},
	{Name: "invoice.einvoice", Help: "none (default) or factur-x: every invoice PDF (printed, emailed, attached to reminders) is a Factur-X PDF with its EN 16931 XML inside", Example: "factur-x", check: checkEInvoice},
	{Name: "invoice.notes", Kind: SettingLines, Help: "notes printed on every invoice", Example: "Thank you for your business."},
	{Name: "aging.edges", Help: "aging bucket edges in days (default 30,60,90)", Example: "30,60,90", check: checkEdges},
	{Name: "backup.dir", Help: "folder of the automatic backups (default: a folder beside the ledger); a synced folder works", Example: "/home/anna/Nextcloud/Paidup backups", check: checkFolder},
	// Reminder email (paidup remind). The password is in the OS keyring: paidup settings smtp-password.
	{Name: "smtp.host", Help: "outgoing mail server", Example: "smtp.example.com", check: checkHost},
	{Name: "smtp.port", Help: "its port (default 587 for starttls, 465 for tls, 25 for none)", Example: "587", check: checkPort},
	{Name: "smtp.security", Help: "starttls (default), tls (implicit TLS) or none", Example: "starttls", check: checkSecurity},
	{Name: "smtp.username", Help: "user name to log in with; empty: send without logging in", Example: "accounts@nordlicht.example", check: lineOf(200)},
	{Name: "smtp.from", Help: "sender address of reminders (default: business.email)", Example: "accounts@nordlicht.example", check: checkEmail},
	{Name: "smtp.from_name", Help: "sender name of reminders (default: business.name)", Example: "Nordlicht Accounts", check: lineOf(100)},
	{Name: "smtp.reply_to", Help: "address replies go to (default: the sender)", Example: "billing@nordlicht.example", check: checkEmail},
	{Name: "smtp.bcc_self", Help: "true: send yourself a blind copy of every reminder (default false)", Example: "true", check: checkBool},
	{Name: "smtp.allow_insecure_auth", Help: "true: allow logging in over an unencrypted connection (default false)", Example: "false", check: checkBool},
	{Name: "smtp.timeout", Help: "seconds one message may take, connecting and every retry together (default 30)", Example: "30", check: checkTimeout},
}

// SettingKeys lists the keys a user may set, in display order.
func SettingKeys() []SettingKey { return append([]SettingKey(nil), settingKeys...) }

// LookupSettingKey finds a key by name, or says which keys exist.
func LookupSettingKey(name string) (SettingKey, error) {
	for _, k := range settingKeys {
		if k.Name == name {
			return k, nil
		}
	}
	names := make([]string, len(settingKeys))
	for i, k := range settingKeys {
		names[i] = k.Name
	}
	return SettingKey{}, Errorf(EINVALID, "unknown setting %q; the settings are %s", name, strings.Join(names, ", "))
}

// Normalize checks a value for the key and returns it as it would be stored.
func (k SettingKey) Normalize(value string) (string, error) {
	if k.Kind == SettingImage {
		return "", Errorf(EINVALID, "%s takes an image file, not text", k.Name)
	}
	value = strings.TrimSpace(value)
	if k.Kind == SettingLines {
		value = strings.ReplaceAll(value, "\r\n", "\n")
	}
	if err := checkText(value, k.Kind == SettingLines); err != nil {
		return "", Errorf(EINVALID, "%s: %v", k.Name, err)
	}
	if k.check == nil || value == "" {
		return value, nil
	}
	v, err := k.check(value)
	if err != nil {
		return "", Errorf(EINVALID, "%s: %v", k.Name, err)
	}
	return v, nil
}

func checkText(s string, lines bool) error {
	if !utf8.ValidString(s) {
		return errors.New("not valid UTF-8 text")
	}
	if utf8.RuneCountInString(s) > maxText {
		return fmt.Errorf("longer than %d characters", maxText)
	}
	for _, r := range s {
		if r == '\n' && !lines {
			return errors.New("must be one line")
		}
		if r != '\n' && unicode.IsControl(r) {
			return fmt.Errorf("contains the control character %U", r)
		}
	}
	return nil
}

func lineOf(n int) func(string) (string, error) {
	return func(s string) (string, error) {
		if utf8.RuneCountInString(s) > n {
			return "", fmt.Errorf("longer than %d characters", n)
		}
		return s, nil
	}
}

func checkTermsDays(s string) (string, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxTermsDays {
		return "", fmt.Errorf("%q is not a number of days from 0 to %d", s, maxTermsDays)
	}
	return strconv.Itoa(n), nil
}

func checkEmail(s string) (string, error) {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" {
		return "", fmt.Errorf("%q is not an email address (want name@example.com)", s)
	}
	// A quoted local part ("a b"@example.com) comes back unquoted, which
	// is no address: the stored value must read back as itself.
	if b, err := mail.ParseAddress(a.Address); err != nil || b.Address != a.Address || b.Name != "" {
		return "", fmt.Errorf("%q is not an email address Paidup can use (want name@example.com, no quotes)", s)
	}
	return a.Address, nil
}

func checkPhone(s string) (string, error) {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()./", r):
		default:
			return "", fmt.Errorf("%q is not a phone number (digits, spaces and + - ( ) . / only)", s)
		}
	}
	if digits < 3 || len(s) > 40 {
		return "", fmt.Errorf("%q is not a phone number", s)
	}
	return s, nil
}

func checkCurrency(s string) (string, error) {
	s = strings.ToUpper(s)
	if !ValidCurrency(s) {
		return "", fmt.Errorf("unknown currency %q (want an ISO 4217 code such as EUR)", s)
	}
	return s, nil
}

func checkCountry(s string) (string, error) {
	s = strings.ToUpper(s)
	if !ValidCountry(s) {
		return "", fmt.Errorf("%q is not an ISO 3166 two-letter country code such as DE or FR", s)
	}
	return s, nil
}

func checkEInvoice(s string) (string, error) {
	s = strings.ToLower(s)
	if s != "none" && s != "factur-x" {
		return "", fmt.Errorf("%q is not none or factur-x", s)
	}
	return s, nil
}

func checkPaper(s string) (string, error) {
	switch p := strings.ToLower(s); p {
	case "a4", "letter":
		return p, nil
	}
	return "", fmt.Errorf("paper %q: use a4 or letter", s)
}

func checkLocale(s string) (string, error) {
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil || tag == language.Und {
		return "", fmt.Errorf("locale %q: want a language tag such as en, en-GB or de-DE", s)
	}
	// The currency formatter must know the locale, or amounts would print
	// in another locale's style than the one asked for.
	if NewMoney(100, "EUR").Format(tag.String()) == "" {
		return "", fmt.Errorf("locale %q has no number formats", s)
	}
	return tag.String(), nil
}

func checkEdges(s string) (string, error) {
	edges, err := ParseEdges(s)
	if err != nil {
		return "", err
	}
	parts := make([]string, len(edges))
	for i, e := range edges {
		parts[i] = fmt.Sprint(e)
	}
	return strings.Join(parts, ","), nil
}

// checkAmount takes an amount of money without its currency: digits and
// at most 4 decimals, zero or more.
func checkAmount(s string) (string, error) {
	d, err := ParseDecimal4(s)
	if err != nil || d < 0 {
		return "", fmt.Errorf("%q is not an amount such as 5000 or 2500.50", s)
	}
	return d.String(), nil
}

// checkFolder takes an absolute folder path; the folder need not exist
// yet (the first backup makes it), but nothing else may be there.
func checkFolder(s string) (string, error) {
	p := filepath.Clean(s)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%q is not a full folder path (want e.g. /home/anna/Paidup backups)", s)
	}
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return "", fmt.Errorf("%s is a file, not a folder", p)
	}
	return p, nil
}

func checkLink(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("%q is not a web address (want https://…)", s)
	}
	return u.String(), nil
}

// ibanLengths is the length of an IBAN per country (SWIFT's IBAN registry);
// a country not listed is held only to the general 15 to 34 characters.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
	"ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
	"HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
	"LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
	"MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
	"RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// NormalizeIBAN checks an IBAN's length and ISO 7064 mod-97 check digits
// and returns it without spaces, upper case ("DE89370400440532013000").
func NormalizeIBAN(s string) (string, error) {
	iban := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(iban) < 15 || len(iban) > 34 {
		return "", fmt.Errorf("IBAN %q must have 15 to 34 characters", s)
	}
	for i, r := range iban {
		letter, digit := r >= 'A' && r <= 'Z', r >= '0' && r <= '9'
		if (i < 2 && !letter) || (i >= 2 && i < 4 && !digit) || (!letter && !digit) {
			return "", fmt.Errorf("IBAN %q must be a country code, two check digits and letters or digits", s)
		}
	}
	if n, ok := ibanLengths[iban[:2]]; ok && len(iban) != n {
		return "", fmt.Errorf("IBAN %q: a %s IBAN has %d characters, not %d", s, iban[:2], n, len(iban))
	}
	// Move the first four characters to the end, letters become 10..35,
	// and the number mod 97 must be 1.
	var digits strings.Builder
	for _, r := range iban[4:] + iban[:4] {
		if r >= 'A' {
			fmt.Fprint(&digits, int(r-'A')+10)
		} else {
			digits.WriteRune(r)
		}
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	if new(big.Int).Mod(n, big.NewInt(97)).Int64() != 1 {
		return "", fmt.Errorf("IBAN %q: the check digits do not match (a typo?)", s)
	}
	return iban, nil
}

func checkIBAN(s string) (string, error) { return NormalizeIBAN(s) }

func checkBIC(s string) (string, error) {
	bic := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	ok := len(bic) == 8 || len(bic) == 11
	for i, r := range bic {
		letter, alnum := r >= 'A' && r <= 'Z', (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if (i < 6 && !letter) || !alnum {
			ok = false
		}
	}
	if !ok {
		return "", fmt.Errorf("BIC %q must be 8 or 11 letters and digits: bank (4 letters), country (2), location (2), branch (3, optional)", s)
	}
	return bic, nil
}

// ChangeSetting validates and stores a text setting; an empty value
// removes it, so the default applies again.
func (s *Store) ChangeSetting(ctx context.Context, key, value string) error {
	k, err := LookupSettingKey(key)
	if err != nil {
		return err
	}
	if k.Kind == SettingImage {
		if strings.TrimSpace(value) == "" {
			return s.ClearSettingFile(ctx, key)
		}
		return Errorf(EINVALID, "%s takes an image file: set it from the file's contents", key)
	}
	v, err := k.Normalize(value)
	if err != nil {
		return err
	}
	if v == "" {
		return s.write(ctx, func(t *tx) error {
			_, err := t.exec(`DELETE FROM settings WHERE key = ?`, key)
			return err
		})
	}
	return s.SetSetting(ctx, key, v)
}

// SettingValue is a key with its stored value ("" when unset). An image
// key's Value describes the image ("PNG 400×120, 12 KB").
type SettingValue struct {
	Key   SettingKey
	Value string
	Set   bool
}

// Settings lists every known key with its value, in registry order.
func (s *Store) Settings(ctx context.Context) ([]SettingValue, error) {
	text, err := s.settingMap(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]SettingValue, 0, len(settingKeys))
	for _, k := range settingKeys {
		sv := SettingValue{Key: k}
		if k.Kind == SettingImage {
			img, err := s.SettingFile(ctx, k.Name)
			if err != nil && ErrorCode(err) != ENOTFOUND {
				return nil, err
			}
			if err == nil {
				sv.Value, sv.Set = img.Describe(), true
			}
		} else {
			sv.Value, sv.Set = text[k.Name]
		}
		out = append(out, sv)
	}
	return out, nil
}

func (s *Store) settingMap(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		m[k] = v
	}
	return m, rows.Err()
}

// Image is an image setting: the bytes as given and what decoding found.
type Image struct {
	Format        string // "png" or "jpeg"
	Width, Height int
	Data          []byte
}

// Describe says what the image is, for a settings list.
func (im Image) Describe() string {
	return fmt.Sprintf("%s %d×%d, %d KB", strings.ToUpper(im.Format), im.Width, im.Height, (len(im.Data)+1023)/1024)
}

// Limits on a logo: it is printed a few centimetres wide, and a decoded
// image costs width×height×4 bytes of memory.
const (
	maxImageBytes  = 5 << 20
	maxImagePixels = 25_000_000
)

// DecodeImage checks that data is a whole PNG or JPEG image of a sensible
// size, decoding every pixel: a truncated or corrupt file is refused here
// rather than printing a broken document later.
func DecodeImage(data []byte) (Image, error) {
	if len(data) == 0 {
		return Image{}, Errorf(EINVALID, "the image file is empty")
	}
	if len(data) > maxImageBytes {
		return Image{}, Errorf(EINVALID, "the image is %d MB; use one under %d MB", len(data)>>20, maxImageBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Image{}, Errorf(EINVALID, "not a PNG or JPEG image: %v", err)
	}
	if format != "png" && format != "jpeg" {
		return Image{}, Errorf(EINVALID, "the image is %s; use a PNG or JPEG", strings.ToUpper(format))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return Image{}, Errorf(EINVALID, "the image is %d×%d pixels; use one under %d megapixels", cfg.Width, cfg.Height, maxImagePixels/1_000_000)
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return Image{}, Errorf(EINVALID, "the %s image is damaged: %v", strings.ToUpper(format), err)
	}
	return Image{Format: format, Width: cfg.Width, Height: cfg.Height, Data: data}, nil
}

// SetSettingFile stores an image setting (business.logo) after checking
// that it decodes.
func (s *Store) SetSettingFile(ctx context.Context, key string, data []byte) (Image, error) {
	k, err := LookupSettingKey(key)
	if err != nil {
		return Image{}, err
	}
	if k.Kind != SettingImage {
		return Image{}, Errorf(EINVALID, "%s is text, not an image", key)
	}
	img, err := DecodeImage(data)
	if err != nil {
		return Image{}, Errorf(EINVALID, "%s: %v", key, err)
	}
	err = s.write(ctx, func(t *tx) error {
		_, err := t.exec(`INSERT INTO setting_files (key, format, width, height, data) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET format = excluded.format, width = excluded.width,
			height = excluded.height, data = excluded.data`, key, img.Format, img.Width, img.Height, img.Data)
		return err
	})
	if err != nil {
		return Image{}, fmt.Errorf("set %s: %w", key, err)
	}
	return img, nil
}

// SettingFile returns an image setting, or an ENOTFOUND error when unset.
func (s *Store) SettingFile(ctx context.Context, key string) (Image, error) {
	var im Image
	err := s.r.QueryRowContext(ctx, `SELECT format, width, height, data FROM setting_files WHERE key = ?`, key).
		Scan(&im.Format, &im.Width, &im.Height, &im.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return im, Errorf(ENOTFOUND, "%s is not set", key)
	}
	if err != nil {
		return im, fmt.Errorf("read %s: %w", key, err)
	}
	return im, nil
}

// ClearSettingFile removes an image setting.
func (s *Store) ClearSettingFile(ctx context.Context, key string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.exec(`DELETE FROM setting_files WHERE key = ?`, key)
		return err
	})
}

// BusinessProfile is the business as printed on invoices and statements.
// Empty fields are unset; reports choose the defaults (paper, locale).
type BusinessProfile struct {
	Name, Address, TaxID, Email, Phone string
	Currency                           string
	Logo                               *Image // nil when unset
	Bank, IBAN, BIC, Account, Link     string
	Footer, Notes                      string
	Paper                              string // "a4", "letter" or ""
	Locale                             string // BCP 47 tag or ""
	Language                           string // one of DocumentLanguages, or "": Locale's language
	// For e-invoices: the rest of the address (Address is then the
	// street lines) and whether invoice PDFs are Factur-X ("factur-x").
	Postcode, City, Country string
	Registration            string
	EInvoice                string
}

// BusinessProfile reads the profile in two queries.
func (s *Store) BusinessProfile(ctx context.Context) (BusinessProfile, error) {
	m, err := s.settingMap(ctx)
	if err != nil {
		return BusinessProfile{}, err
	}
	p := BusinessProfile{
		Name: m["business.name"], Address: m["business.address"], TaxID: m["business.tax_id"],
		Email: m["business.email"], Phone: m["business.phone"], Currency: m["business.currency"],
		Bank: m["payment.bank"], IBAN: m["payment.iban"], BIC: m["payment.bic"], Account: m["payment.account"],
		Link: m["payment.link"], Footer: m["invoice.footer"], Notes: m["invoice.notes"],
		Paper: m["invoice.paper"], Locale: m["invoice.locale"], Language: m["invoice.language"],
		Postcode: m["business.postcode"], City: m["business.city"], Country: m["business.country"], Registration: m["business.registration"], EInvoice: m["invoice.einvoice"],
	}
	logo, err := s.SettingFile(ctx, "business.logo")
	switch {
	case err == nil:
		p.Logo = &logo
	case ErrorCode(err) != ENOTFOUND:
		return p, err
	}
	return p, nil
}

func checkInterestRule(s string) (string, error) {
	r, err := ParseInterestRule(s)
	if err != nil {
		return "", err
	}
	if r.Kind == InterestFixed {
		return r.Text, nil
	}
	return r.Kind, nil
}

func checkCompensationRule(s string) (string, error) {
	r, err := ParseCompensationRule(s)
	if err != nil {
		return "", err
	}
	if r.Kind == CompensationAmount {
		return r.Amount, nil
	}
	return r.Kind, nil
}

func checkDayCount(s string) (string, error) {
	if _, err := ParseDayCount(s); err != nil {
		return "", err
	}
	return strings.ToLower(s), nil
}
