package ledger

import (
	"fmt"
	"strconv"
	"strings"
)

// The settings of the accountant's exports: the account mapping
// (account_map.go), DATEV's consultant and client numbers, and Xero's tax
// rate names. They are registered here, beside the exports they serve.

// GroupAccounting is the Settings form's group of the export settings.
const GroupAccounting = "Accounting"

func init() {
	settingKeys = append(settingKeys, accountSettingKeys()...)
	settingKeys = append(settingKeys,
		SettingKey{Name: "datev.consultant", Help: "DATEV: the tax consultant's number (Beraternummer, 1001 to 9999999) in the Buchungsstapel header", Example: "29098", check: intIn(1001, 9999999)},
		SettingKey{Name: "datev.client", Help: "DATEV: the client's number (Mandantennummer, 1 to 99999) in the Buchungsstapel header", Example: "55003", check: intIn(1, 99999)},
		SettingKey{Name: "datev.account_length", Help: "DATEV: digits of a general ledger account (Sachkontenlänge, 4 to 8; default 4); customer accounts have one more", Example: "4", check: intIn(4, 8)},
		SettingKey{Name: "datev.fiscal_year_start", Help: "DATEV: the month the fiscal year starts (1 to 12; default 1)", Example: "1", check: intIn(1, 12)},
		SettingKey{Name: "xero.tax_types", Help: "Xero: the tax rate name of each tax rate, as Xero shows it: RATE=NAME separated by ';' (default: 'Tax Exempt' for 0, 'Tax on Sales' otherwise)", Example: "20=20% (VAT on Income); 0=No VAT", check: checkTaxTypes},
	)
	for k, f := range accountSettingForms() {
		settingForms[k] = f
	}
	settingForms["datev.consultant"] = settingForm{"DATEV consultant number", GroupAccounting, "Beraternummer of your tax consultant", nil, false}
	settingForms["datev.client"] = settingForm{"DATEV client number", GroupAccounting, "Your Mandantennummer at the consultant", nil, false}
	settingForms["datev.account_length"] = settingForm{"DATEV account length", GroupAccounting, "Digits of a ledger account (4 if empty)", nil, false}
	settingForms["datev.fiscal_year_start"] = settingForm{"Fiscal year starts in month", GroupAccounting, "Month number, 1 to 12 (January if empty)", nil, false}
	settingForms["xero.tax_types"] = settingForm{"Xero tax rates", GroupAccounting, "RATE=Xero's name for it, separated by ';'", nil, false}
}

func intIn(lo, hi int) func(string) (string, error) {
	return func(s string) (string, error) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < lo || n > hi {
			return "", fmt.Errorf("%q is not a whole number from %d to %d", s, lo, hi)
		}
		return strconv.Itoa(n), nil
	}
}

// ParseTaxTypes reads xero.tax_types: "20=20% (VAT on Income); 0=No VAT"
// into tax rate → name.
func ParseTaxTypes(s string) (map[Decimal4]string, error) {
	out := map[Decimal4]string{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		rate, name, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("%q: want RATE=NAME, such as 20=20%% (VAT on Income)", part)
		}
		r, err := ParseDecimal4(strings.TrimSuffix(strings.TrimSpace(rate), "%"))
		if err != nil {
			return nil, fmt.Errorf("%q: %v", part, err)
		}
		out[r] = name
	}
	return out, nil
}

func checkTaxTypes(s string) (string, error) {
	if _, err := ParseTaxTypes(s); err != nil {
		return "", err
	}
	return s, nil
}
